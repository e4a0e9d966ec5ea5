#!/usr/bin/env python3
"""The CLI, `score_arrow` in one process and Spark `local[2]` on the same articles, in one run.

    python3 benches/python_spark.py [--mb 1000] [--bin PATH] [--tmp DIR] [--keep] [--no-spark]

Run it by hand (never in CI) in a virtual environment where the package is installed
(`pip install ./python pyspark`) with pyarrow and pyspark. It writes about `--mb` MB of
synthetic articles (benches/synth_articles.py: the repository's own headlines and paragraphs
recombined; never ../shared) as Parquet and as JSON Lines, then times, each in its own
process, wall seconds and the peak resident memory of the whole process tree (the JVM and
Spark's Python workers included), sampled every 0.2 s from /proc:

- `hypecheck score --format jsonl FILE.jsonl > /dev/null` (the release CLI, all cores);
- `Scorer.score_arrow_batches` over `pyarrow.parquet.ParquetFile.iter_batches(4096)`, with
  the default three reasons per score and with `top=0` (scores and labels only, what the CLI's
  JSON Lines hold), every output batch dropped;
- `hypecheck.spark.score(spark.read.parquet(FILE))` on `local[2]`, written to Spark's `noop`
  sink (the job's own time, from the first read to the end, and the whole process with the
  JVM's start), with reasons and with `top=0`;

and prints MB/s (UTF-8 bytes of title + body) and each one's ratio to the CLI.
"""

from __future__ import annotations

import argparse
import os
import shutil
import subprocess
import sys
import tempfile
import threading
import time

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
sys.path.insert(0, os.path.join(ROOT, "benches"))

import synth_articles  # noqa: E402

ARROW = r"""
import sys, time, pyarrow.parquet as pq, hypecheck
scorer = hypecheck.Scorer()
start = time.perf_counter()
rows = 0
batches = pq.ParquetFile(sys.argv[1]).iter_batches(batch_size=4096)
for out in scorer.score_arrow_batches(batches, top=int(sys.argv[2])):
    rows += out.num_rows
print("JOB", time.perf_counter() - start, rows)
"""

SPARK = r"""
import os, sys, time
os.environ["PYSPARK_PYTHON"] = sys.executable
from pyspark.sql import SparkSession
import hypecheck.spark
spark = (SparkSession.builder.master("local[2]").appName("hypecheck-bench")
         .config("spark.ui.enabled", "false").getOrCreate())
spark.sparkContext.setLogLevel("ERROR")
start = time.perf_counter()
df = hypecheck.spark.score(spark.read.parquet(sys.argv[1]), top=int(sys.argv[2]))
df.write.format("noop").mode("overwrite").save()
print("JOB", time.perf_counter() - start, -1)
spark.stop()
"""


def tree_rss_mb(root: int) -> float:
    """The resident memory of a process and all its descendants (the JVM and Spark's Python
    workers too), in MB, from /proc."""
    parent = {}
    rss = {}
    for pid in os.listdir("/proc"):
        if not pid.isdigit():
            continue
        try:
            with open(f"/proc/{pid}/stat") as f:
                fields = f.read().rsplit(")", 1)[1].split()
            parent[int(pid)] = int(fields[1])
            rss[int(pid)] = int(fields[21]) * os.sysconf("SC_PAGE_SIZE")
        except (OSError, IndexError, ValueError):
            continue
    total, todo = 0, [root]
    while todo:
        pid = todo.pop()
        total += rss.get(pid, 0)
        todo.extend(child for child, p in parent.items() if p == pid)
    return total / 1e6


def timed(cmd):
    """(wall s, job s or None, peak RSS MB of the process tree, sampled every 0.2 s)."""
    start = time.perf_counter()
    p = subprocess.Popen(cmd, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL)
    peak = 0.0
    done = threading.Event()

    def sample():
        nonlocal peak
        while not done.wait(0.2):
            peak = max(peak, tree_rss_mb(p.pid))

    sampler = threading.Thread(target=sample)
    sampler.start()
    out, _ = p.communicate()
    done.set()
    sampler.join()
    wall = time.perf_counter() - start
    if p.returncode != 0:
        raise SystemExit(f"{cmd[0]} failed ({p.returncode})")
    job = None
    for line in out.decode().splitlines():
        if line.startswith("JOB "):
            job = float(line.split()[1])
    return wall, job, peak


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--mb", type=float, default=1000)
    ap.add_argument("--bin", default=os.path.join(ROOT, "target", "release", "hypecheck"))
    ap.add_argument("--tmp", default=None, help="where the inputs go (never the repository)")
    ap.add_argument("--keep", action="store_true")
    ap.add_argument("--no-spark", action="store_true")
    a = ap.parse_args()
    if not os.path.exists(a.bin):
        sys.exit(f"no CLI at {a.bin}: cargo build --release")
    tmp = tempfile.mkdtemp(prefix="hypecheck-pybench.", dir=a.tmp)
    try:
        parquet, jsonl = os.path.join(tmp, "articles.parquet"), os.path.join(tmp, "articles.jsonl")
        t = time.perf_counter()
        records, nbytes = synth_articles.write(parquet, a.mb, jsonl)
        mb = nbytes / 1e6
        print(f"input: {records:,} articles, {mb:,.1f} MB of text ({time.perf_counter() - t:.0f} s to write); "
              f"{os.cpu_count()} cores, load {os.getloadavg()[0]:.1f}", flush=True)
        runs = [("CLI `score --format jsonl`", ["sh", "-c", 'exec "$0" score --format jsonl "$1" > /dev/null', a.bin, jsonl])]
        runs.append(("`score_arrow`, 3 reasons", [sys.executable, "-c", ARROW, parquet, "3"]))
        runs.append(("`score_arrow`, top=0", [sys.executable, "-c", ARROW, parquet, "0"]))
        if not a.no_spark:
            runs.append(("Spark `local[2]`, 3 reasons", [sys.executable, "-c", SPARK, parquet, "3"]))
            runs.append(("Spark `local[2]`, top=0", [sys.executable, "-c", SPARK, parquet, "0"]))
        print("| run | wall s | job s | MB/s | vs CLI | peak RSS MB (all processes) |")
        print("|---|---|---|---|---|---|")
        cli = None
        for name, cmd in runs:
            wall, job, rss = timed(cmd)
            seconds = job if job is not None else wall
            rate = mb / seconds
            cli = cli or rate
            job_s = f"{job:.1f}" if job is not None else "-"
            print(f"| {name} | {wall:.1f} | {job_s} | {rate:.1f} | {rate / cli:.2f} | {rss:.0f} |", flush=True)
        print(f"load after: {os.getloadavg()[0]:.1f}")
    finally:
        if a.keep:
            print(f"kept {tmp}")
        else:
            shutil.rmtree(tmp)


if __name__ == "__main__":
    main()
