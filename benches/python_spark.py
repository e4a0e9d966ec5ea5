#!/usr/bin/env python3
"""The CLI, `score_arrow` in one process and Spark `local[2]` on the same articles, in one run.

    python3 benches/python_spark.py [--mb 1000] [--bin PATH] [--tmp DIR] [--keep] [--no-spark]

Run it by hand (never in CI) in a virtual environment where the package is installed
(`pip install ./python pyspark`) with pyarrow and pyspark. It writes about `--mb` MB of
synthetic articles (benches/synth_articles.py: the repository's own headlines and paragraphs
recombined; never ../shared) as Parquet and as JSON Lines, then times, each in its own
process, with `/usr/bin/time` (wall seconds and the peak RSS of the largest process):

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


def timed(cmd, stdout=subprocess.DEVNULL):
    """(wall s, job s or None, peak RSS MB) of a command under GNU time."""
    with tempfile.NamedTemporaryFile("r") as t:
        start = time.perf_counter()
        p = subprocess.run(["/usr/bin/time", "-f", "%e %M", "-o", t.name, *cmd], stdout=subprocess.PIPE, check=True)
        wall = time.perf_counter() - start
        rss_kb = int(t.read().split()[-1])
    job = None
    for line in p.stdout.decode().splitlines():
        if line.startswith("JOB "):
            job = float(line.split()[1])
    return wall, job, rss_kb / 1024


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
        runs = [("CLI `score --format jsonl`", [a.bin, "score", "--format", "jsonl", jsonl])]
        runs.append(("`score_arrow`, 3 reasons", [sys.executable, "-c", ARROW, parquet, "3"]))
        runs.append(("`score_arrow`, top=0", [sys.executable, "-c", ARROW, parquet, "0"]))
        if not a.no_spark:
            runs.append(("Spark `local[2]`, 3 reasons", [sys.executable, "-c", SPARK, parquet, "3"]))
            runs.append(("Spark `local[2]`, top=0", [sys.executable, "-c", SPARK, parquet, "0"]))
        print("| run | wall s | job s | MB/s (job) | vs CLI | peak RSS MB |")
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
