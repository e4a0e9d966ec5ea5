"""The Python package against the JSON contract and the CLI, bit for bit."""

from __future__ import annotations

import json
import math
import os
import struct
import subprocess
import threading
import time

import pyarrow as pa
import pytest

import hypecheck
from conftest import ROOT, cli_binary

SCORES = ("sensationalism", "quality", "headline", "body")
ARROW_SCORES = {
    "sensationalism": "sensationalism",
    "quality": "quality",
    "headline": "sensationalism_headline",
    "body": "sensationalism_body",
}


def bits(x):
    """A float's bits (None stays None): equal bits, equal numbers, to the last one."""
    return None if x is None else struct.pack("<d", x)


def same(a, b, path="$"):
    """Asserts two JSON values equal, floats to the bit."""
    if isinstance(a, float) or isinstance(b, float):
        assert type(a) is type(b) and bits(a) == bits(b), f"{path}: {a!r} != {b!r}"
    elif isinstance(a, dict):
        assert isinstance(b, dict) and list(a) == list(b), f"{path}: keys {list(a)} != {list(b)}"
        for k in a:
            same(a[k], b[k], f"{path}.{k}")
    elif isinstance(a, list):
        assert isinstance(b, list) and len(a) == len(b), f"{path}: lengths differ"
        for i, (x, y) in enumerate(zip(a, b)):
            same(x, y, f"{path}[{i}]")
    else:
        assert a == b, f"{path}: {a!r} != {b!r}"


# ----------------------------------------------------------------------------- contract


def test_score_has_the_contract_fields_and_types(scorer):
    r = scorer.score(
        "BREAKING: You Won't Believe What The Mayor Did!!!",
        "The mayor resigned on Monday, the city clerk said. " * 12,
        id="a1",
    )
    assert list(r)[:3] == ["id", "source", "title"]
    assert r["id"] == "a1" and r["kicker"] == "BREAKING"
    assert r["source"] == {"path": "<python>", "record": None}
    assert r["title"] == "You Won't Believe What The Mayor Did!!!"
    for name in SCORES:
        assert isinstance(r["scores"][name], float) and 0.0 <= r["scores"][name] <= 1.0
    assert r["labels"]["sensationalism"] in ("sensational", "sober")
    assert r["labels"]["quality"] in ("reliable", "unreliable")
    assert isinstance(r["language"]["code"], str) and isinstance(r["language"]["reliable"], bool)
    assert len(r["features"]) >= 49 and all(isinstance(v, float) for v in r["features"].values())
    assert r["features"]["hype.title_exclamations"] >= 1.0
    p = r["provenance"]
    assert p == scorer.provenance()
    assert sorted(p["models"]) == ["body", "headline", "quality", "sensationalism"]
    assert all(d.startswith("sha256:") for d in p["models"].values()) and p["lexicons"].startswith("sha256:")
    assert "explanations" not in r and "body" not in r


def test_a_bare_headline_leaves_quality_unscored(scorer):
    r = scorer.score("Council approves budget after long debate")
    assert r["scores"]["quality"] is None and r["labels"]["quality"] is None
    assert "quality" in r["unscored"]
    assert r["scores"]["body"] is None


def test_a_record_without_a_title_has_its_first_line_read_as_the_cli_does(scorer):
    r = scorer.score(None, "Mayor resigns after audit\n\nThe mayor resigned on Monday.")
    assert r["title"] == "Mayor resigns after audit"
    r = scorer.score("", "The mayor resigned on Monday. She had served six years.")
    assert r["title"] is None and any(w.startswith("no headline") for w in r["warnings"])


def test_explain_contributions_sum_to_the_logit_and_evidence_points_at_the_words(scorer):
    title = "This SHOCKING trick will blow your mind!!!"
    body = "Critics slammed the “disastrous” plan, a senior official reportedly said. " * 5
    r = scorer.explain(title, body)
    assert r["body"] == body
    ex = r["explanations"]
    for target in ("sensationalism", "quality", "headline", "body"):
        e = ex[target]
        total = e["intercept"] + math.fsum(c["contribution"] for c in e["contributions"])
        assert abs(total - e["logit"]) < 1e-9, target
        assert abs(1 / (1 + math.exp(-e["logit"])) - e["probability"]) < 1e-12
        sizes = [abs(c["contribution"]) for c in e["contributions"]]
        assert sizes == sorted(sizes, reverse=True)
    parts = {"title": r["title"].encode(), "body": body.encode(), "kicker": (r.get("kicker") or "").encode()}
    seen = 0
    for c in ex["sensationalism"]["contributions"]:
        assert c["component"] in ("article", "headline", "body")
        for ev in c["evidence"]:
            assert parts[ev["part"]][ev["start"]:ev["end"]].decode() == ev["text"]
            seen += 1
    assert seen > 3
    shout = next(c for c in ex["sensationalism"]["contributions"] if c["feature"] == "hype.title_hype_words")
    assert shout["evidence"][0]["text"] == "SHOCKING"
    assert ex["sensationalism"]["probability"] == r["scores"]["sensationalism"]


def test_score_batch_keeps_order_and_numbers_rows(scorer):
    recs = [{"title": f"Headline number {i} about the council"} for i in range(5000)]
    recs[4321]["id"] = 77
    out = scorer.score_batch(recs)
    assert [r["id"] for r in out[:3]] == ["0", "1", "2"] and out[4321]["id"] == "77"
    assert out[4999]["title"] == "Headline number 4999 about the council"
    assert out[4999]["source"] == {"path": "<python>", "record": 5000}


# ----------------------------------------------------------------------------- the CLI


def test_score_batch_is_the_cli_to_the_last_bit(scorer, records, cli_reports):
    ours = scorer.score_batch(records)
    assert len(ours) == len(cli_reports) == len(records)
    for mine, cli in zip(ours, cli_reports):
        assert mine["source"]["path"] == "<python>"
        mine = dict(mine, source=dict(mine["source"], path=cli["source"]["path"]))
        same(mine, cli, mine["id"])


def test_explain_is_the_cli_to_the_last_bit(scorer, records, tmp_path):
    sample = records[:300]
    path = tmp_path / "sample.jsonl"
    path.write_text("".join(json.dumps({k: v for k, v in r.items() if v is not None}) + "\n" for r in sample))
    out = subprocess.run([cli_binary(), "explain", "--format", "json", str(path)], check=True, capture_output=True)
    cli = json.loads(out.stdout)
    ours = scorer.score_batch(sample, explain=True)
    for mine, theirs in zip(ours, cli):
        mine = dict(mine, source=dict(mine["source"], path=theirs["source"]["path"]))
        same(mine, theirs, mine["id"])
    one = sample[0]
    single = scorer.explain(one["title"], one["body"], one["id"])
    same(single["explanations"], cli[0]["explanations"])


def test_score_arrow_is_the_cli_to_the_last_bit(scorer, table, cli_reports):
    out = scorer.score_arrow(table)
    assert isinstance(out, pa.Table) and out.num_rows == len(cli_reports)
    cols = out.to_pydict()
    for i, cli in enumerate(cli_reports):
        assert cols["id"][i] == cli["id"]
        for name, column in ARROW_SCORES.items():
            assert bits(cols[column][i]) == bits(cli["scores"][name]), (cli["id"], name)
        assert cols["sensationalism_label"][i] == cli["labels"]["sensationalism"]
        assert cols["quality_label"][i] == cli["labels"]["quality"]
        assert cols["language"][i] == cli["language"]["code"]
        assert cols["warnings"][i] == ("; ".join(cli["warnings"]) if cli.get("warnings") else None)
        assert cols["error"][i] is None


def test_arrow_reasons_are_the_first_contributions_of_explain(scorer, records):
    sample = records[:200]
    out = scorer.score_arrow(pa.Table.from_pylist(sample), top=3).to_pydict()
    explained = scorer.score_batch(sample, explain=True)
    nonempty = 0
    for i, r in enumerate(explained):
        for target in ("sensationalism", "quality"):
            e = r["explanations"][target]
            expected = [c for c in e["contributions"] if abs(c["contribution"]) >= 0.01][:3] if e else []
            got = out[f"{target}_reasons"][i]
            assert [g["feature"] for g in got] == [c["feature"] for c in expected]
            assert [bits(g["contribution"]) for g in got] == [bits(c["contribution"]) for c in expected]
            for g, c in zip(got, expected):
                words = [ev["text"] for ev in c["evidence"]]
                # Evidence in quotes: straight ones, or curly ones around text holding straight ones.
                assert (g["text"].startswith(('"', "\u201c")) and words) or (g["text"].startswith("value") and not words)
            nonempty += bool(got)
    assert nonempty > 300


# ----------------------------------------------------------------------------- Arrow


def test_arrow_schema(scorer):
    batch = pa.record_batch({"id": ["x", "y"], "title": ["SHOCKING news!!!", None], "body": ["The council met.", "Mayor resigns after audit\n\nThe mayor resigned."]})
    out = scorer.score_arrow(batch)
    assert isinstance(out, pa.RecordBatch)
    assert out.schema == hypecheck.arrow_schema()
    assert out.schema.names == list(hypecheck.SCORE_COLUMNS)
    types = {f.name: f.type for f in out.schema}
    for name in ("sensationalism", "quality", "sensationalism_headline", "sensationalism_body"):
        assert types[name] == pa.float64()
    for name in ("id", "sensationalism_label", "quality_label", "language", "warnings", "error"):
        assert types[name] == pa.string()
    reason = pa.struct([("feature", pa.string()), ("contribution", pa.float64()), ("text", pa.string())])
    for name in ("sensationalism_reasons", "quality_reasons"):
        assert pa.types.is_list(types[name]) and types[name].value_type == reason
    out.validate(full=True)
    rows = out.to_pylist()
    assert [r["id"] for r in rows] == ["x", "y"]
    assert rows[1]["sensationalism_headline"] is not None  # the title was read from the body
    assert rows[0]["quality"] is None and rows[0]["quality_label"] is None
    assert 1 <= len(rows[0]["sensationalism_reasons"]) <= 3


def test_arrow_inputs_of_every_shape(scorer, table):
    expected = scorer.score_arrow(table.slice(0, 300)).to_pydict()
    # A slice far into a batch, large strings, chunked columns, an integer id column.
    sliced = table.combine_chunks().to_batches()[0].slice(0, 300)
    assert scorer.score_arrow(sliced).to_pydict() == expected
    large = table.slice(0, 300).cast(pa.schema([("id", pa.large_string()), ("title", pa.large_string()), ("body", pa.large_string())]))
    assert scorer.score_arrow(large).to_pydict() == expected
    chunked = pa.Table.from_batches(table.slice(0, 300).to_batches(max_chunksize=7))
    assert scorer.score_arrow(chunked).to_pydict() == expected
    far = table.slice(5000, 50)
    assert scorer.score_arrow(far).to_pydict()["id"] == table.column("id").to_pylist()[5000:5050]
    ints = pa.table({"id": pa.array(range(3), pa.int64()), "body": ["The council met on Monday."] * 3})
    assert scorer.score_arrow(ints).column("id").to_pylist() == ["0", "1", "2"]
    text_only = pa.table({"text": ["Mayor resigns after audit\n\nThe mayor resigned on Monday."]})
    out = scorer.score_arrow(text_only).to_pylist()[0]
    assert out["id"] == "0" and out["sensationalism_headline"] is not None
    none = scorer.score_arrow(table.slice(0, 20), top=0)
    assert none.column("sensationalism").equals(pa.chunked_array([expected["sensationalism"][:20]], pa.float64()))
    assert all(r == [] for r in none.column("sensationalism_reasons").to_pylist())
    with pytest.raises(KeyError, match="headline"):
        scorer.score_arrow(table, title="headline")
    with pytest.raises(KeyError, match="neither"):
        scorer.score_arrow(pa.table({"x": ["a"]}))


def test_score_arrow_batches_streams(scorer, table):
    batches = table.slice(0, 1000).to_batches(max_chunksize=128)
    outs = list(scorer.score_arrow_batches(iter(batches)))
    assert [b.num_rows for b in outs] == [b.num_rows for b in batches]
    assert pa.Table.from_batches(outs).equals(scorer.score_arrow(table.slice(0, 1000)))


def test_score_pandas_keeps_the_index(scorer, records):
    import pandas as pd

    df = pd.DataFrame(records[:100], index=[f"k{i}" for i in range(100)])
    out = scorer.score_pandas(df)
    assert list(out.index) == list(df.index)
    assert list(out.columns) == list(hypecheck.SCORE_COLUMNS)
    direct = scorer.score_arrow(pa.Table.from_pylist(records[:100])).column("sensationalism").to_pylist()
    assert [bits(x) for x in out["sensationalism"]] == [bits(x) for x in direct]


# ----------------------------------------------------------------------------- errors


def test_errors_name_the_record(scorer):
    with pytest.raises(hypecheck.RecordError, match=r"^record \(id 'e1'\): no text") as e:
        scorer.score("", "   ", id="e1")
    assert e.value.row is None and e.value.id == "e1"
    recs = [{"id": "ok", "title": "A fine headline about the council"}, {"id": "a17", "title": "", "body": ""}]
    with pytest.raises(hypecheck.RecordError, match=r"^row 1 \(id 'a17'\): no text") as e:
        scorer.score_batch(recs)
    assert (e.value.row, e.value.id) == (1, "a17") and isinstance(e.value, ValueError)
    with pytest.raises(hypecheck.RecordError, match=r"^row 2 \(id '2'\): `title` must be a string"):
        scorer.score_batch([{"title": "a b c"}, {"title": "d e f"}, {"title": 5}])
    with pytest.raises(hypecheck.RecordError, match=r"^row 0: a record must be a mapping"):
        scorer.score_batch(["just a string"])
    inline = scorer.score_batch(recs, errors="inline")
    assert inline[1] == {"error": "no text: the title and the body are empty or missing", "id": "a17", "source": {"path": "<python>", "record": 2}}
    assert inline[0]["id"] == "ok"
    many = [{"id": f"r{i}", "title": "A fine headline"} for i in range(5000)]
    many[4500]["title"] = "  "
    with pytest.raises(hypecheck.RecordError, match=r"^row 4500 \(id 'r4500'\)"):
        scorer.score_batch(many)


def test_arrow_errors_name_the_row_and_id(scorer):
    t = pa.table({"id": ["a", "b", None], "title": ["Fine headline here", " ", ""], "body": ["", "", None]})
    with pytest.raises(hypecheck.RecordError, match=r"^row 1 \(id 'b'\): no text") as e:
        scorer.score_arrow(t)
    assert (e.value.row, e.value.id) == (1, "b")
    out = scorer.score_arrow(t, errors="null").to_pylist()
    assert out[0]["error"] is None and out[0]["sensationalism"] is not None
    assert out[1]["error"].startswith("no text") and out[1]["sensationalism"] is None
    assert out[2]["id"] == "2" and out[2]["error"].startswith("no text")
    bad = pa.Array.from_buffers(pa.string(), 1, [None, pa.py_buffer(struct.pack("<ii", 0, 2)), pa.py_buffer(b"\xff\xfe")])
    with pytest.raises(hypecheck.RecordError, match=r"row 0 \(id '0'\): body: not valid UTF-8"):
        scorer.score_arrow(pa.table({"body": bad}))


def test_bad_models_and_lexicons_name_the_file(tmp_path):
    bad = tmp_path / "broken.json"
    bad.write_text("{ not json")
    with pytest.raises(hypecheck.HypecheckError, match="broken.json"):
        hypecheck.Scorer(models=[bad])
    with pytest.raises(hypecheck.HypecheckError, match="missing.json"):
        hypecheck.Scorer(models=str(tmp_path / "missing.json"))
    lexicons = tmp_path / "lexicons"
    lexicons.mkdir()
    (lexicons / "hype_words.txt").write_text("# mine\nkerfuffle\n")
    mine = hypecheck.Scorer(models=[os.path.join(ROOT, "models", "quality.json")], lexicons=lexicons)
    assert mine.provenance()["models"] == hypecheck.Scorer().provenance()["models"]
    assert mine.provenance()["lexicons"] != hypecheck.Scorer().provenance()["lexicons"]
    title = "Kerfuffle at the town hall meeting"
    assert mine.score(title)["features"]["hype.title_hype_words"] == 1.0
    assert hypecheck.Scorer().score(title)["features"]["hype.title_hype_words"] == 0.0


# ----------------------------------------------------------------------------- the GIL


def test_the_gil_is_released_while_a_batch_is_scored(scorer, table):
    big = pa.concat_tables([table] * 3)
    ticks = []
    stop = threading.Event()

    def count():
        while not stop.is_set():
            ticks.append(time.perf_counter())

    t = threading.Thread(target=count)
    start = time.perf_counter()
    t.start()
    try:
        # One batch: a single call into Rust for all 30,000 rows.
        batch = big.combine_chunks().to_batches()[0]
        assert batch.num_rows == big.num_rows
        scorer.score_arrow(batch, top=0)
    finally:
        end = time.perf_counter()
        stop.set()
        t.join()
    during = [x for x in ticks if start < x < end]
    assert end - start > 0.2
    # With the GIL held through the call, the counter would stall for the whole call; released,
    # it runs all along: no gap longer than a fifth of the call.
    gaps = [b - a for a, b in zip(during, during[1:])]
    assert len(during) > 1000 and max(gaps) < (end - start) / 5, (len(during), max(gaps), end - start)
