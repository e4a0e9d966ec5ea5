"""Shared fixtures: the synthetic records (benches/synth_articles.py, the repository's own text)
and the CLI's reports of them, to compare against."""

from __future__ import annotations

import json
import os
import subprocess
import sys

import pytest

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
sys.path.insert(0, os.path.join(ROOT, "benches"))

import synth_articles  # noqa: E402

#: Records compared bit for bit with the CLI.
N_RECORDS = 10_000


def cli_binary() -> str:
    """The CLI to compare with: $HYPECHECK_BIN, else the newest of target/{release,debug}."""
    env = os.environ.get("HYPECHECK_BIN")
    if env:
        return env
    found = [
        os.path.join(ROOT, "target", profile, "hypecheck")
        for profile in ("release", "debug")
        if os.path.exists(os.path.join(ROOT, "target", profile, "hypecheck"))
    ]
    if not found:
        pytest.fail("no hypecheck binary: run `cargo build` (or set HYPECHECK_BIN) first")
    return max(found, key=os.path.getmtime)


@pytest.fixture(scope="session")
def records():
    return list(synth_articles.records(N_RECORDS, seed=7))


@pytest.fixture(scope="session")
def records_jsonl(records, tmp_path_factory):
    path = tmp_path_factory.mktemp("data") / "records.jsonl"
    with open(path, "w", encoding="utf-8") as f:
        for r in records:
            f.write(json.dumps({k: v for k, v in r.items() if v is not None}, ensure_ascii=False) + "\n")
    return str(path)


@pytest.fixture(scope="session")
def cli_reports(records_jsonl):
    """`hypecheck score --format jsonl` of the records, parsed."""
    out = subprocess.run(
        [cli_binary(), "score", "--format", "jsonl", records_jsonl],
        check=True,
        capture_output=True,
    ).stdout
    return [json.loads(line) for line in out.splitlines()]


@pytest.fixture(scope="session")
def table(records):
    import pyarrow as pa

    return pa.Table.from_pylist(records, schema=pa.schema([("id", pa.string()), ("title", pa.string()), ("body", pa.string())]))


@pytest.fixture(scope="session")
def scorer():
    import hypecheck

    return hypecheck.Scorer()
