#!/usr/bin/env bash
# Issue 16's floor on real-world feeds: runs `hypecheck score --format jsonl FILE` on every
# file of the test suite of Python's feedparser (2,248 feeds in every dialect and encoding,
# well- and ill-formed; BSD licence), downloaded into a temporary directory and never
# committed, and counts what each file yields.
#
#   scripts/feeds-floor.sh [BINARY] [--errors]
#
# BINARY defaults to target/release/hypecheck (build it first: `cargo build --release`).
# `--errors` also prints the messages of files that yield no entries, grouped by kind
# (numbers and paths normalised). Exits non-zero when any file panics, hangs (20 s) or is
# silent (neither output nor a message naming it). Needs pip and Python 3.
set -euo pipefail
VERSION=6.0.11
BIN=${1:-target/release/hypecheck}
MODE=${2:-}
[ -x "$BIN" ] || { echo "feeds-floor: $BIN not found: run \`cargo build --release\` first" >&2; exit 2; }
BIN=$(cd "$(dirname "$BIN")" && pwd)/$(basename "$BIN")
TMP=$(mktemp -d)
trap 'rm -rf "$TMP"' EXIT
(cd "$TMP" && python3 -m pip download "feedparser==$VERSION" --no-binary :all: --no-deps -q \
  && tar xzf "feedparser-$VERSION.tar.gz")
TESTS="$TMP/feedparser-$VERSION/tests"
python3 - "$BIN" "$TESTS" "$MODE" <<'PY'
import collections, concurrent.futures, os, re, subprocess, sys

binary, root, mode = sys.argv[1], sys.argv[2], sys.argv[3]
files = sorted(
    os.path.join(d, f) for d, _, fs in os.walk(root) for f in fs if not f.endswith(".py")
)

def run(path):
    try:
        p = subprocess.run(
            [binary, "score", "--format", "jsonl", path], capture_output=True, timeout=20
        )
    except subprocess.TimeoutExpired:
        return path, "hangs", 0, ""
    out = p.stdout.decode("utf-8", "replace")
    err = p.stderr.decode("utf-8", "replace")
    if p.returncode == 101 or "panicked" in err:
        return path, "panics", 0, err[-300:]
    entries = sum(1 for line in out.splitlines() if line.strip())
    named = os.path.basename(path) in err
    if entries:
        kind = "yield entries"
    elif p.returncode != 0 and named:
        kind = "errors naming the file"
    elif named:
        kind = "warnings naming the file"
    else:
        kind = "silent"
    return path, kind, entries, err

with concurrent.futures.ThreadPoolExecutor(max_workers=os.cpu_count() or 2) as pool:
    results = list(pool.map(run, files))

counts = collections.Counter(kind for _, kind, _, _ in results)
entries = sum(n for _, _, n, _ in results)
print(f"files: {len(files)}")
print(f"entries: {entries} (from {counts['yield entries']} files)")
for kind in ["errors naming the file", "warnings naming the file", "panics", "hangs", "silent"]:
    print(f"{kind}: {counts[kind]}")
bad = [r for r in results if r[1] in ("panics", "hangs", "silent")]
for path, kind, _, err in bad[:40]:
    print(kind, os.path.relpath(path, root), err.strip()[-200:], sep="\t")
if mode == "--errors":
    groups, example = collections.Counter(), {}
    for path, kind, _, err in results:
        if kind not in ("errors naming the file", "warnings naming the file"):
            continue
        for line in err.splitlines():
            if "error" in line or "warning" in line:
                key = re.sub(r"\S*/tests/\S*", "PATH", line)
                key = re.sub(r"\d+", "N", key)[:160]
                groups[key] += 1
                example.setdefault(key, os.path.relpath(path, root))
    for key, n in groups.most_common(60):
        print(n, key, "   e.g.", example[key], sep="\t")
sys.exit(1 if bad else 0)
PY
