#!/usr/bin/env python3
"""Golden-file test runner for canon (the main test suite).

A .golden file holds its inputs and the expected output of canon commands:

    # description
    === file: universe.canon
    ...
    === run: canon check universe.canon
    === exit: 1
    === stdout:
    ...
    === stderr:
    ...

Files are written to a fresh temp dir, which is the cwd of every run. In a
run line `canon` is the binary under test, $EXAMPLES the repo's examples/
folder and $SHARED the shared data folder. Absent stdout/stderr sections mean
empty output. `--update` rewrites the expected sections from actual output.

Exit status: 0 when every file passes; prints 'N passed, N failed'.
"""
import argparse
import difflib
import os
import shlex
import subprocess
import sys
import tempfile

REPO = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
TIMEOUT_SECONDS = 60


class GoldenError(Exception):
    pass


def parse(path):
    """Returns (header_lines, items) where items are dicts in file order."""
    with open(path, encoding="utf-8") as f:
        lines = f.read().split("\n")
    if lines and lines[-1] == "":
        lines.pop()
    header, items, cur = [], [], None
    for lineno, line in enumerate(lines, 1):
        if line.startswith("=== "):
            body = line[4:]
            key, _, value = body.partition(":")
            key = key.strip()
            value = value.strip()
            if key not in ("file", "run", "exit", "stdout", "stderr"):
                raise GoldenError(f"{path}:{lineno}: unknown section '=== {key}'")
            cur = {"kind": key, "value": value, "lines": [], "line": lineno}
            items.append(cur)
        elif cur is None:
            header.append(line)
        else:
            cur["lines"].append(line)
    return header, items


def runs_of(items):
    """Groups items into (files, runs): runs are dicts with args/exit/stdout/stderr."""
    files, runs = [], []
    for it in items:
        if it["kind"] == "file":
            files.append((it["value"], "\n".join(it["lines"]) + ("\n" if it["lines"] else "")))
        elif it["kind"] == "run":
            runs.append({"args": it["value"], "exit": 0, "stdout": "", "stderr": "",
                         "line": it["line"]})
        else:
            if not runs:
                raise GoldenError(f"line {it['line']}: '{it['kind']}' before any run")
            if it["kind"] == "exit":
                runs[-1]["exit"] = int(it["value"])
            else:
                text = "\n".join(it["lines"])
                runs[-1][it["kind"]] = text + "\n" if it["lines"] else ""
    return files, runs


def execute(canon, args, cwd, shared):
    argv = shlex.split(args.replace("$EXAMPLES", os.path.join(REPO, "examples"))
                       .replace("$SHARED", shared))
    if not argv or argv[0] != "canon":
        raise GoldenError(f"run line must start with 'canon': {args}")
    argv[0] = canon
    env = dict(os.environ, NO_COLOR="1", COLUMNS="100")
    try:
        p = subprocess.run(argv, cwd=cwd, capture_output=True, timeout=TIMEOUT_SECONDS,
                           env=env, stdin=subprocess.DEVNULL)
    except subprocess.TimeoutExpired:
        return -999, "", f"<timed out after {TIMEOUT_SECONDS}s>\n"
    return (p.returncode, p.stdout.decode("utf-8", "replace"),
            p.stderr.decode("utf-8", "replace"))


def render(header, files, runs):
    out = list(header)
    for name, content in files:
        out.append(f"=== file: {name}")
        out.extend(content[:-1].split("\n") if content else [])
    for r in runs:
        out.append(f"=== run: {r['args']}")
        out.append(f"=== exit: {r['exit']}")
        for key in ("stdout", "stderr"):
            if r[key]:
                out.append(f"=== {key}:")
                text = r[key][:-1] if r[key].endswith("\n") else r[key]
                out.extend(text.split("\n"))
    return "\n".join(out) + "\n"


def run_file(path, canon, shared, update):
    header, items = parse(path)
    files, runs = runs_of(items)
    if not runs:
        raise GoldenError(f"{path}: no '=== run:' section")
    failures = []
    with tempfile.TemporaryDirectory(prefix="canon-golden-") as tmp:
        for name, content in files:
            target = os.path.join(tmp, name)
            os.makedirs(os.path.dirname(target), exist_ok=True)
            with open(target, "w", encoding="utf-8") as f:
                f.write(content)
        for r in runs:
            code, out, err = execute(canon, r["args"], tmp, shared)
            err = err.replace(tmp + os.sep, "")
            out = out.replace(tmp + os.sep, "")
            if update:
                r["exit"], r["stdout"], r["stderr"] = code, out, err
                continue
            for key, want, got in (("exit", str(r["exit"]), str(code)),
                                   ("stdout", r["stdout"], out), ("stderr", r["stderr"], err)):
                if want != got:
                    diff = "".join(difflib.unified_diff(
                        want.splitlines(True), got.splitlines(True),
                        f"expected {key}", f"actual {key}"))
                    failures.append(f"{path}:{r['line']}: `{r['args']}`: {key} differs\n{diff}")
    if update:
        with open(path, "w", encoding="utf-8") as f:
            f.write(render(header, files, runs))
    return failures


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--canon", required=True, help="path to the canon binary")
    ap.add_argument("--shared", default=os.path.join(os.path.dirname(REPO), "shared"))
    ap.add_argument("--update", action="store_true", help="rewrite expected output")
    ap.add_argument("files", nargs="*", help=".golden files (default: all under tests/golden)")
    a = ap.parse_args()
    files = a.files
    if not files:
        root = os.path.join(REPO, "tests", "golden")
        files = sorted(os.path.join(d, f) for d, _, fs in os.walk(root)
                       for f in fs if f.endswith(".golden"))
    passed = failed = 0
    for path in files:
        try:
            failures = run_file(path, os.path.abspath(a.canon), a.shared, a.update)
        except GoldenError as e:
            failures = [str(e)]
        if failures:
            failed += 1
            for f in failures:
                print("FAIL " + f, file=sys.stderr)
        else:
            passed += 1
    print(f"golden: {passed} passed, {failed} failed")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
