"""Synthetic articles for the Python and Spark bench and tests, made only from the repository's
own text (training_data/*.jsonl and examples/*.txt, written for hypecheck): headlines and
paragraphs drawn at random and recombined, so articles differ while every sentence is ours.
Never reads ../shared (the corpora's text must not end up in the repository or its outputs).

    python3 benches/synth_articles.py OUT.parquet --mb 1000 [--jsonl OUT.jsonl] [--seed 1]

writes about that many MB (UTF-8 bytes of title + body) as Parquet (row groups of 10,000
rows, written as they are made: memory stays flat) and, with --jsonl, the same records as JSON
Lines for the CLI.
"""

from __future__ import annotations

import argparse
import glob
import json
import os
import random
from typing import Dict, Iterator, List, Optional, Tuple

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))


def pools() -> Tuple[List[str], List[str]]:
    """(headlines, paragraphs) from the repository's own text."""
    titles: List[str] = []
    paragraphs: List[str] = []
    for path in sorted(glob.glob(os.path.join(ROOT, "training_data", "*.jsonl"))):
        with open(path, encoding="utf-8") as f:
            for line in f:
                r = json.loads(line)
                if r.get("title"):
                    titles.append(r["title"])
                for p in (r.get("body") or "").split("\n"):
                    if p.strip():
                        paragraphs.append(p.strip())
    for path in sorted(glob.glob(os.path.join(ROOT, "examples", "*.txt"))):
        with open(path, encoding="utf-8") as f:
            lines = [l.strip() for l in f.read().split("\n")]
        if lines and lines[0]:
            titles.append(lines[0])
        paragraphs.extend(l for l in lines[1:] if l)
    return titles, paragraphs


def records(n: Optional[int] = None, seed: int = 1) -> Iterator[Dict[str, Optional[str]]]:
    """Records `{"id", "title", "body"}` (`n` of them, or without end): mostly a headline and
    3-12 paragraphs; some with no headline (`""`), some with no title field (`None`: the
    first line of the body may be read as the headline), some bare headlines."""
    titles, paragraphs = pools()
    rng = random.Random(seed)
    i = 0
    while n is None or i < n:
        kind = rng.random()
        body = "\n\n".join(rng.choice(paragraphs) for _ in range(rng.randint(3, 12)))
        title: Optional[str] = rng.choice(titles)
        if kind < 0.04:
            title = ""
        elif kind < 0.08:
            body = title + "\n\n" + body
            title = None
        elif kind < 0.10:
            body = ""
        yield {"id": f"a{i}", "title": title, "body": body}
        i += 1


def text_bytes(r: Dict[str, Optional[str]]) -> int:
    return len((r["title"] or "").encode()) + len((r["body"] or "").encode())


def write(out: str, mb: float, jsonl: Optional[str] = None, seed: int = 1) -> Tuple[int, int]:
    """Writes about `mb` MB of records; returns (records, bytes of text)."""
    import pyarrow as pa
    import pyarrow.parquet as pq

    schema = pa.schema([("id", pa.string()), ("title", pa.string()), ("body", pa.string())])
    target = int(mb * 1e6)
    total = count = 0
    jf = open(jsonl, "w", encoding="utf-8") if jsonl else None
    with pq.ParquetWriter(out, schema) as writer:
        chunk: List[Dict[str, Optional[str]]] = []
        for r in records(seed=seed):
            chunk.append(r)
            total += text_bytes(r)
            count += 1
            if jf:
                jf.write(json.dumps({k: v for k, v in r.items() if v is not None}, ensure_ascii=False) + "\n")
            if len(chunk) == 10_000 or total >= target:
                writer.write_table(pa.Table.from_pylist(chunk, schema=schema))
                chunk = []
            if total >= target:
                break
    if jf:
        jf.close()
    return count, total


if __name__ == "__main__":
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("out")
    ap.add_argument("--mb", type=float, default=1000)
    ap.add_argument("--jsonl")
    ap.add_argument("--seed", type=int, default=1)
    a = ap.parse_args()
    n, b = write(a.out, a.mb, a.jsonl, a.seed)
    print(f"{n} records, {b / 1e6:.1f} MB of text")
