#!/usr/bin/env bash
# The side-by-side benchmark (`make bench`): generates a universe, starts a
# private PostgreSQL 15 on 127.0.0.1 (installing it with apt-get when
# missing, except in --smoke), runs bench/harness.cpp against canon, SQLite
# and PostgreSQL, and stops the server again.
#
#   bench/run.sh              scaled-down run: 100k entities, 2M facts (a few minutes)
#   bench/run.sh --full       the full run: 1M entities, 20M facts (needs ~20 GiB, long)
#   bench/run.sh --smoke      tiny universe; checks only that all systems agree
#   --build DIR               the CMake build directory (default: build)
set -euo pipefail
ROOT=$(cd "$(dirname "$0")/.." && pwd)
BUILD="$ROOT/build"
MODE=default
while [ $# -gt 0 ]; do
  case "$1" in
    --smoke) MODE=smoke ;;
    --full) MODE=full ;;
    --build) BUILD="$2"; shift ;;
    *) echo "usage: bench/run.sh [--smoke|--full] [--build DIR]" >&2; exit 2 ;;
  esac
  shift
done
HARNESS="$BUILD/canon_harness"
if [ ! -x "$HARNESS" ]; then
  echo "bench/run.sh: $HARNESS not found; configure with -DCANON_BUILD_BENCH=ON and build canon_harness" >&2
  exit 3
fi

WORK=$(mktemp -d /tmp/canon-bench.XXXXXX)
PGDATA="$WORK/pgdata"
PGPORT=${CANON_BENCH_PGPORT:-5433}
PG_STARTED=0
PG_NOTE=""
cleanup() {
  if [ "$PG_STARTED" = 1 ]; then
    run_pg "$PGBIN/pg_ctl" -D "$PGDATA" -m fast -w stop >/dev/null 2>&1 || true
  fi
  rm -rf "$WORK"
}
trap cleanup EXIT

# Runs a PostgreSQL tool as the postgres user when we are root (the server
# refuses to run as root), as ourselves otherwise.
run_pg() {
  if [ "$(id -u)" = 0 ]; then
    su postgres -s /bin/sh -c "$(printf '%q ' "$@")"
  else
    "$@"
  fi
}

PGBIN=/usr/lib/postgresql/15/bin
if [ ! -x "$PGBIN/pg_ctl" ] && [ "$MODE" != smoke ]; then
  echo "[run.sh] installing postgresql-15 with apt-get" >&2
  SUDO=""; [ "$(id -u)" != 0 ] && SUDO=sudo
  $SUDO env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq postgresql-15 postgresql-contrib >/dev/null \
    || PG_NOTE="apt-get install postgresql-15 failed"
fi
if [ -x "$PGBIN/pg_ctl" ]; then
  mkdir -p "$PGDATA"
  [ "$(id -u)" = 0 ] && chown -R postgres "$WORK"
  chmod 755 "$WORK"
  if run_pg "$PGBIN/initdb" -D "$PGDATA" -A trust -U postgres >"$WORK/initdb.log" 2>&1 &&
     run_pg "$PGBIN/pg_ctl" -D "$PGDATA" -l "$PGDATA/server.log" -w \
       -o "-c listen_addresses=127.0.0.1 -p $PGPORT -k $PGDATA -c shared_buffers=2GB -c fsync=off \
           -c synchronous_commit=off -c full_page_writes=off -c max_wal_size=16GB -c work_mem=256MB \
           -c maintenance_work_mem=2GB" start >/dev/null; then
    PG_STARTED=1
  else
    PG_NOTE="the server did not start (see initdb/server log)"
    cat "$WORK/initdb.log" >&2 || true
  fi
else
  [ -z "$PG_NOTE" ] && PG_NOTE="PostgreSQL 15 is not installed (the smoke test does not install it)"
fi
if [ "$PG_STARTED" = 1 ]; then
  echo "[run.sh] PostgreSQL $("$PGBIN/postgres" --version | awk '{print $3}') on 127.0.0.1:$PGPORT" >&2
else
  echo "[run.sh] PostgreSQL SKIPPED: $PG_NOTE" >&2
fi

mkdir -p "$WORK/h"
[ "$(id -u)" = 0 ] && chown -R root "$WORK/h"
COMMON=(--work "$WORK/h" --pg "host=127.0.0.1 port=$PGPORT user=postgres dbname=postgres")
[ -n "$PG_NOTE" ] && COMMON+=(--pg-note "$PG_NOTE")
case "$MODE" in
  smoke)
    "$HARNESS" --gen 6000:300:120 --canon "$WORK/h/smoke.canon" --queries 400 \
      --report "$WORK/h/RESULTS.md" "${COMMON[@]}"
    status=$?
    cat "$WORK/h/RESULTS.md"
    exit $status ;;
  default)
    "$HARNESS" --gen 2000000:100000:5000 --canon "$WORK/h/bench.canon" --queries 20000 \
      --curve 100000:5000:1000,300000:15000:2000,1000000:50000:3500,2000000:100000:5000 \
      --report "$ROOT/bench/RESULTS.md" "${COMMON[@]}" ;;
  full)
    "$HARNESS" --gen 20000000:1000000:13000 --canon "$WORK/h/bench.canon" --queries 20000 \
      --curve 100000:5000:1000,1000000:50000:3500,5000000:250000:8000 \
      --report "$ROOT/bench/RESULTS-full.md" "${COMMON[@]}" ;;
esac
