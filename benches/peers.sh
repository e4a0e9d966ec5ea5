#!/usr/bin/env bash
# Times hypecheck beside the Python tools a user would otherwise pick, in one run, on the same
# input (issue 6), and prints items/s, MB/s, peak RSS and the ratio hypecheck / peer.
#
# Usage (from anywhere; paths are relative to the repository root):
#   benches/peers.sh [--big] [--train] [--bin PATH] [--repeats N] [--min-mb N]
#                    [--headlines N] [--nela-sample N] [--tv-sample N] [--keep]
#
#   --big            also score ~1 GB of JSONL once and report hypecheck's peak RSS
#                    (writes ~1 GB to the temp dir; a few minutes)
#   --train          also time `hypecheck train --target sensationalism` (wall and peak RSS;
#                    the model goes to the temp dir, models/ is not touched)
#   --bin PATH       use this hypecheck binary instead of building `cargo build --release`
#   --repeats N      timed passes per tool, median reported (default 3)
#   --min-mb N       articles JSONL for hypecheck: horne2017 repeated to >= N MB (default 50)
#   --headlines N    headlines JSONL for hypecheck: the 32k clickbait headlines repeated to
#                    N records (default 320000)
#   --nela-sample N  articles given to nela-features (default 40; it runs ~5 articles/s)
#   --tv-sample N    articles given to textstat + VADER (default 326, the whole corpus)
#   --keep           keep the temp dir (inputs, outputs, raw results)
#
# Environment:
#   VENV         Python virtual environment of the peers, created and filled from
#                ../shared/peers/requirements.txt when missing
#                (default ${TMPDIR:-/tmp}/hypecheck-peers-venv; never inside the repository)
#   CARGO_TARGET_DIR   where the release build goes (cargo's default otherwise)
#   TMPDIR       where the inputs are written (never the repository)
#
# Inputs are made at run time from ../shared/data (never committed): the horne2017 articles
# as JSONL, and the chakraborty2016 headlines. hypecheck scores the whole repeated input with
# `hypecheck score --format jsonl` (release build, all cores, output to /dev/null); each Python
# peer runs in one process on a sample (the time per item is what counts), and the output says
# so. Peak RSS is `/usr/bin/time -f %M` of the whole process (for Python: interpreter, imports
# and the fitted model included). "MB" is always UTF-8 bytes of title + body text.
set -euo pipefail

root="$(cd "$(dirname "$0")/.." && pwd)"
data="$root/../shared/data"
peers="$root/../shared/peers"
venv="${VENV:-${TMPDIR:-/tmp}/hypecheck-peers-venv}"

big=0 train=0 bin="" repeats=3 min_mb=50 headlines=320000 nela_sample=40 tv_sample=326 keep=0
while [ $# -gt 0 ]; do
  case "$1" in
    --big) big=1 ;;
    --train) train=1 ;;
    --bin) bin="$2"; shift ;;
    --repeats) repeats="$2"; shift ;;
    --min-mb) min_mb="$2"; shift ;;
    --headlines) headlines="$2"; shift ;;
    --nela-sample) nela_sample="$2"; shift ;;
    --tv-sample) tv_sample="$2"; shift ;;
    --keep) keep=1 ;;
    -h|--help) sed -n '2,/^set -euo/p' "$0" | sed '$d; s/^# \{0,1\}//'; exit 0 ;;
    *) echo "peers.sh: unknown option $1 (see --help)" >&2; exit 2 ;;
  esac
  shift
done

case "$venv" in "$root"|"$root"/*) echo "peers.sh: VENV must be outside the repository" >&2; exit 2 ;; esac
[ -x /usr/bin/time ] || { echo "peers.sh: needs GNU time (apt-get install time)" >&2; exit 2; }
for f in horne2017-political-news.jsonl chakraborty2016-clickbait-headlines.jsonl; do
  [ -f "$data/$f" ] || { echo "peers.sh: missing $data/$f" >&2; exit 2; }
done

tmp="$(mktemp -d "${TMPDIR:-/tmp}/hypecheck-peers.XXXXXX")"
if [ "$keep" = 1 ]; then
  echo "temp dir (kept): $tmp"
else
  trap 'rm -rf "$tmp"' EXIT
fi

# The binary under test.
if [ -z "$bin" ]; then
  echo "== cargo build --release" >&2
  (cd "$root" && cargo build --release --quiet)
  bin="${CARGO_TARGET_DIR:-$root/target}/release/hypecheck"
fi
[ -x "$bin" ] || { echo "peers.sh: no binary at $bin" >&2; exit 2; }

# The peers' environment.
if [ ! -x "$venv/bin/python" ]; then
  echo "== creating $venv (pip install -r ../shared/peers/requirements.txt; a few minutes)" >&2
  python3 -m venv "$venv"
  "$venv/bin/pip" install --quiet -r "$peers/requirements.txt"
fi
py="$venv/bin/python"
export NLTK_DATA="$peers/nltk_data"
helper="$root/benches/peers.py"
results="$tmp/results.jsonl"
: >"$results"

echo "hypecheck peers benchmark"
echo "date:     $(date -u '+%Y-%m-%d %H:%M UTC')"
echo "machine:  $(nproc) cores, $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | sed 's/^ *//'),"\
"$(awk '/MemTotal/ {printf " %.0f GB RAM", $2/1048576}' /proc/meminfo), $(uname -sr)"
echo "load:     $(cut -d' ' -f1-3 /proc/loadavg) at start (other work on the machine adds noise)"
echo "binary:   $bin ($("$bin" --version 2>/dev/null || echo 'hypecheck'))"
echo "python:   $("$py" --version 2>&1), venv $venv"
echo

echo "== preparing inputs in $tmp" >&2
"$py" "$helper" prepare "$data" "$tmp" "$((min_mb * 1000000))" "$headlines" >/dev/null

# Reads a field of inputs.json: input KIND FIELD.
input() { "$py" -c 'import json,sys; print(json.load(open(sys.argv[1]))[sys.argv[2]][sys.argv[3]])' "$tmp/inputs.json" "$1" "$2"; }

# Bytes as decimal megabytes, one decimal.
mb() { awk -v b="$1" 'BEGIN { printf "%.1f", b / 1e6 }'; }

# Runs hypecheck score on a file `repeats` times; appends one result line.
# hc_score TOOL KIND FILE ITEMS BYTES REPEATS
hc_score() {
  local tool="$1" kind="$2" file="$3" items="$4" bytes="$5" n="$6" i
  local walls=() cpus=() rss=0 w u s m
  for ((i = 0; i < n; i++)); do
    /usr/bin/time -f '%e %U %S %M' -o "$tmp/time.txt" \
      "$bin" score --format jsonl "$file" >/dev/null 2>"$tmp/stderr.txt" || {
      echo "peers.sh: hypecheck score failed on $file:" >&2; cat "$tmp/stderr.txt" >&2; exit 1; }
    read -r w u s m <"$tmp/time.txt"
    walls+=("$w"); cpus+=("$(awk -v a="$u" -v b="$s" 'BEGIN { print a + b }')")
    [ "$m" -gt "$rss" ] && rss="$m"
  done
  "$py" - "$tool" "$kind" "$items" "$bytes" "$rss" "$n" "${walls[*]}" "${cpus[*]}" "$(nproc)" >>"$results" <<'EOF'
import json, statistics, sys
tool, kind, items, nbytes, rss, n, walls, cpus, cores = sys.argv[1:]
walls = [float(x) for x in walls.split()]
cpus = [float(x) for x in cpus.split()]
print(json.dumps({"tool": tool, "kind": kind, "items": int(items), "bytes": int(nbytes),
                  "seconds": statistics.median(walls), "cpu_seconds": statistics.median(cpus),
                  "rss_kb": int(rss),
                  "note": f"whole input, median of {n} runs (whole process: start, read, score, "
                          f"write to /dev/null), all {cores} cores; wall runs {walls}"}))
EOF
}

# Runs a Python peer under /usr/bin/time; appends its result line with the peak RSS.
peer() {
  /usr/bin/time -f '%M' -o "$tmp/rss.txt" "$py" "$helper" "$@" >"$tmp/peer.json" 2>"$tmp/stderr.txt" || {
    echo "peers.sh: peer $1 failed:" >&2; cat "$tmp/stderr.txt" >&2; exit 1; }
  "$py" -c 'import json,sys; r=json.load(open(sys.argv[1])); r["rss_kb"]=int(open(sys.argv[2]).read().split()[-1]); print(json.dumps(r))' \
    "$tmp/peer.json" "$tmp/rss.txt" >>"$results"
}

echo "== hypecheck score --format jsonl: articles" >&2
hc_score "hypecheck score --format jsonl" article "$(input articles path)" \
  "$(input articles items)" "$(input articles bytes)" "$repeats"
echo "== hypecheck score --format jsonl: headlines" >&2
hc_score "hypecheck score --format jsonl" headline "$(input headlines path)" \
  "$(input headlines items)" "$(input headlines bytes)" "$repeats"
echo "== nela-features (sample of $nela_sample articles)" >&2
peer nela "$data" "$nela_sample" "$repeats"
echo "== textstat + VADER (articles, sample of $tv_sample)" >&2
peer textstat-vader "$data" "$tv_sample" "$repeats" article
echo "== textstat + VADER (headlines, sample of 4000)" >&2
peer textstat-vader "$data" 4000 "$repeats" headline
echo "== scikit-learn TF-IDF + LR predict_proba (all 32k headlines)" >&2
peer tfidf-lr "$data" 32000 "$repeats"

if [ "$big" = 1 ]; then
  echo "== building ~1 GB of JSONL" >&2
  bigfile="$tmp/big.jsonl"
  small="$(input articles path)"
  small_bytes=$(stat -c %s "$small")
  copies=$(( (1000000000 + small_bytes - 1) / small_bytes ))
  for ((i = 0; i < copies; i++)); do cat "$small"; done >"$bigfile"
  echo "== hypecheck score --format jsonl: ~1 GB" >&2
  hc_score "hypecheck score --format jsonl (1 GB file)" article "$bigfile" \
    "$(( $(input articles items) * copies ))" "$(( $(input articles bytes) * copies ))" 1
  rm -f "$bigfile"
fi

echo
"$py" "$helper" table "$results"
echo
echo "inputs: articles $(input articles items) records ($(input articles distinct) distinct horne2017 articles" \
  "x $(input articles repeats)), $(mb "$(input articles file_bytes)") MB of JSONL;" \
  "headlines $(input headlines items) records ($(input headlines distinct) distinct)," \
  "$(mb "$(input headlines file_bytes)") MB of JSONL"

if [ "$train" = 1 ]; then
  echo
  echo "== hypecheck train --target sensationalism" >&2
  (cd "$root" && /usr/bin/time -f '%e %U %S %M' -o "$tmp/train-time.txt" \
    "$bin" train --target sensationalism \
    --data "$data/chakraborty2016-clickbait-headlines.jsonl" \
    --data training_data/sensationalism.jsonl \
    --out "$tmp/sensationalism.json" 2>"$tmp/train.txt") || {
    echo "peers.sh: training failed:" >&2; cat "$tmp/train.txt" >&2; exit 1; }
  read -r w u s m <"$tmp/train-time.txt"
  echo "hypecheck train --target sensationalism: ${w} s wall, $(awk -v a="$u" -v b="$s" 'BEGIN { print a + b }') s CPU," \
    "peak RSS $((m / 1024)) MB"
  echo "  $(tail -n 1 "$tmp/train.txt")"
fi

echo
echo "load:     $(cut -d' ' -f1-3 /proc/loadavg) at end"
