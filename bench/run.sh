#!/usr/bin/env bash
# The side-by-side benchmark (`make bench`): generates a universe, starts a
# private PostgreSQL 15 on 127.0.0.1 (installing it with apt-get when
# missing, except in --smoke), installs DuckDB's C library from npm into
# bench/.duckdb/ (git-ignored; --smoke only reuses an install or npm's cache),
# runs bench/harness.cpp against canon, SQLite, PostgreSQL and DuckDB, and
# stops the server again. A peer that cannot be set up is skipped with a note.
#
#   bench/run.sh              scaled-down run: 100k entities, 2M facts (a few minutes)
#   bench/run.sh --full       the full run: 1M entities, 20M facts (needs ~56 GiB; on a
#                             smaller machine the largest size that fits, with a note)
#   bench/run.sh --smoke      tiny universe; checks only that all systems agree
#   --build DIR               the CMake build directory (default: build)
#   --gen FACTS:ENTITIES:WORKS  default mode at another size, without the growth curve
#   --report FILE             where the default/--full report goes (default: bench/RESULTS*.md)
set -euo pipefail
ROOT=$(cd "$(dirname "$0")/.." && pwd)
BUILD="$ROOT/build"
MODE=default
GEN=""
REPORT=""
while [ $# -gt 0 ]; do
  case "$1" in
    --smoke) MODE=smoke ;;
    --full) MODE=full ;;
    --build) BUILD="$2"; shift ;;
    --gen) GEN="$2"; shift ;;
    --report) REPORT="$2"; shift ;;
    *) echo "usage: bench/run.sh [--smoke|--full] [--build DIR] [--gen F:E:W] [--report FILE]" >&2; exit 2 ;;
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

# DuckDB: its C library (libduckdb.so, no header; the harness dlopen()s it)
# ships in DuckDB's official npm package of native bindings. Installed with
# npm into bench/.duckdb/; --smoke never touches the network: it reuses that
# install or npm's local cache (--offline), and skips DuckDB otherwise.
DUCKDB_PKG="@duckdb/node-bindings-linux-x64@1.5.6-r.1"
DUCKDB_DIR=${CANON_BENCH_DUCKDB_DIR:-$ROOT/bench/.duckdb}
DUCKDB_LIB="$DUCKDB_DIR/node_modules/@duckdb/node-bindings-linux-x64/libduckdb.so"
DUCKDB_NOTE=""
if [ ! -f "$DUCKDB_LIB" ]; then
  if [ "$(uname -s)-$(uname -m)" != Linux-x86_64 ]; then
    DUCKDB_NOTE="the npm package $DUCKDB_PKG is for Linux x86_64 only"
  elif ! command -v npm >/dev/null 2>&1; then
    DUCKDB_NOTE="npm is not installed, so $DUCKDB_PKG cannot be installed"
  else
    mkdir -p "$DUCKDB_DIR"
    printf '*
' >"$DUCKDB_DIR/.gitignore"  # keep the install out of git
    NPM_ARGS=(install --prefix "$DUCKDB_DIR" --no-save --no-audit --no-fund --loglevel=error)
    [ "$MODE" = smoke ] && NPM_ARGS+=(--offline)
    echo "[run.sh] installing $DUCKDB_PKG with npm into $DUCKDB_DIR" >&2
    if ! timeout 600 npm "${NPM_ARGS[@]}" "$DUCKDB_PKG" >"$WORK/npm.log" 2>&1 || [ ! -f "$DUCKDB_LIB" ]; then
      if [ "$MODE" = smoke ]; then
        DUCKDB_NOTE="not installed and not in npm's cache; the smoke test does not download it (run bench/run.sh once without --smoke)"
      else
        DUCKDB_NOTE="npm install $DUCKDB_PKG failed: $(grep -m1 -i 'err' "$WORK/npm.log" || tail -n1 "$WORK/npm.log")"
      fi
    fi
  fi
fi
if [ -z "$DUCKDB_NOTE" ]; then
  echo "[run.sh] DuckDB library $DUCKDB_LIB" >&2
else
  echo "[run.sh] DuckDB SKIPPED: $DUCKDB_NOTE" >&2
fi

mkdir -p "$WORK/h"
[ "$(id -u)" = 0 ] && chown -R root "$WORK/h"
COMMON=(--work "$WORK/h" --pg "host=127.0.0.1 port=$PGPORT user=postgres dbname=postgres")
[ -n "$PG_NOTE" ] && COMMON+=(--pg-note "$PG_NOTE")
if [ -z "$DUCKDB_NOTE" ]; then COMMON+=(--duckdb-lib "$DUCKDB_LIB"); else COMMON+=(--duckdb-note "$DUCKDB_NOTE"); fi
case "$MODE" in
  smoke)
    "$HARNESS" --gen 6000:300:120 --canon "$WORK/h/smoke.canon" --queries 400 \
      --report "$WORK/h/RESULTS.md" "${COMMON[@]}"
    status=$?
    cat "$WORK/h/RESULTS.md"
    exit $status ;;
  default)
    if [ -n "$GEN" ]; then
      CURVE=()
    else
      GEN=2000000:100000:5000
      CURVE=(--curve 100000:5000:1000,300000:15000:2000,1000000:50000:3500,2000000:100000:5000)
    fi
    "$HARNESS" --gen "$GEN" --canon "$WORK/h/bench.canon" --queries 20000 "${CURVE[@]}" \
      --report "${REPORT:-$ROOT/bench/RESULTS.md}" "${COMMON[@]}" ;;
  full)
    # Building from text peaks at ~2.7 KB per fact in the front end (syntax
    # tree + model; docs/performance.md, "Memory"), plus the peers' caches.
    # Rather than let the kernel kill the run hours in, check first: when the
    # 20M-fact universe cannot fit, say so and run the largest size that does.
    FULL_GEN=20000000:1000000:13000
    FULL_CURVE=100000:5000:1000,1000000:50000:3500,5000000:250000:8000
    BYTES_PER_FACT=${CANON_BENCH_BYTES_PER_FACT:-2800}
    AVAIL_KB=$(awk '/^MemAvailable:/ {print $2}' /proc/meminfo)
    RESERVE_KB=$((4 * 1024 * 1024))  # PostgreSQL's shared_buffers, SQLite/DuckDB caches
    FIT_FACTS=$(( (AVAIL_KB - RESERVE_KB) * 1024 / BYTES_PER_FACT ))
    FULL_NOTE=""
    if [ "$FIT_FACTS" -lt 20000000 ]; then
      FIT_M=$((FIT_FACTS / 1000000))
      [ "$FIT_M" -lt 1 ] && FIT_M=1
      FULL_NOTE="The 20M-fact universe needs about $((20000000 * BYTES_PER_FACT / 1024 / 1024 / 1024 + 4)) GiB to build from text (measured front-end peak ~$BYTES_PER_FACT bytes per fact, plus ~4 GiB for the peers); this machine had $((AVAIL_KB / 1024 / 1024)) GiB available, so this run used ${FIT_M}M facts, the largest whole million that fits."
      echo "[run.sh] $FULL_NOTE" >&2
      FULL_GEN=$((FIT_M * 1000000)):$((FIT_M * 50000)):$((FIT_M < 5 ? 5000 : 8000))
      # The curve runs while the main universe is loaded: half its size.
      HALF_M=$((FIT_M / 2)); [ "$HALF_M" -lt 2 ] && HALF_M=2
      FULL_CURVE=100000:5000:1000,1000000:50000:3500,$((HALF_M * 1000000)):$((HALF_M * 50000)):5000
    fi
    FULL_REPORT="${REPORT:-$ROOT/bench/RESULTS-full.md}"
    "$HARNESS" --gen "$FULL_GEN" --canon "$WORK/h/bench.canon" --queries 20000 \
      --curve "$FULL_CURVE" --report "$FULL_REPORT" "${COMMON[@]}"
    if [ -n "$FULL_NOTE" ]; then
      printf '\n## Size of this run\n\n%s\n' "$FULL_NOTE" >>"$FULL_REPORT"
    fi ;;
esac
