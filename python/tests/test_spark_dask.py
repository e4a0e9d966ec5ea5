"""Spark (local mode) and Dask: the same scores as the CLI, to the last bit."""

from __future__ import annotations

import os
import struct
import sys

import pyarrow as pa
import pytest

import hypecheck
import hypecheck.spark

COLUMNS = {"sensationalism": "sensationalism", "quality": "quality", "headline": "sensationalism_headline", "body": "sensationalism_body"}


def bits(x):
    return None if x is None else struct.pack("<d", x)


@pytest.fixture(scope="module")
def spark():
    pyspark = pytest.importorskip("pyspark")
    from pyspark.sql import SparkSession

    os.environ["PYSPARK_PYTHON"] = sys.executable
    os.environ["PYSPARK_DRIVER_PYTHON"] = sys.executable
    session = (
        SparkSession.builder.master("local[2]")
        .appName("hypecheck-tests")
        .config("spark.ui.enabled", "false")
        .config("spark.sql.shuffle.partitions", "2")
        .config("spark.sql.execution.arrow.maxRecordsPerBatch", "1000")
        .getOrCreate()
    )
    session.sparkContext.setLogLevel("ERROR")
    assert pyspark.__version__
    yield session
    session.stop()


def frame(spark, records):
    import pandas as pd

    return spark.createDataFrame(pd.DataFrame(records), schema="id string, title string, body string").repartition(3)


def test_a_spark_local_job_scores_a_few_hundred_records(spark, records, scorer):
    sample = records[:300]
    out = hypecheck.spark.score(frame(spark, sample))
    assert out.schema.simpleString().startswith("struct<id:string,sensationalism:double,sensationalism_label:string")
    rows = {r["id"]: r for r in out.collect()}
    assert len(rows) == 300
    ours = scorer.score_arrow(pa.Table.from_pylist(sample)).to_pylist()
    for r in ours:
        s = rows[r["id"]].asDict(recursive=True)
        for column in COLUMNS.values():
            assert bits(s[column]) == bits(r[column]), (r["id"], column)
        assert s["sensationalism_label"] == r["sensationalism_label"]
        assert s["sensationalism_reasons"] == r["sensationalism_reasons"]
        assert s["quality_reasons"] == r["quality_reasons"]


def test_spark_scores_are_the_cli_to_the_last_bit(spark, records, cli_reports):
    import hypecheck.spark

    out = hypecheck.spark.score(frame(spark, records), top=0).select("id", *COLUMNS.values(), "sensationalism_label", "quality_label")
    rows = {r["id"]: r for r in out.collect()}
    assert len(rows) == len(cli_reports) == 10_000
    for cli in cli_reports:
        s = rows[cli["id"]]
        for name, column in COLUMNS.items():
            assert bits(s[column]) == bits(cli["scores"][name]), (cli["id"], name)
        assert (s["sensationalism_label"], s["quality_label"]) == (cli["labels"]["sensationalism"], cli["labels"]["quality"])


def test_spark_errors_name_the_record(spark):
    import hypecheck.spark

    df = spark.createDataFrame([("good", "A fine headline about the council", ""), ("bad7", " ", "")], "id string, title string, body string")
    with pytest.raises(Exception, match=r"id 'bad7'\): no text"):
        hypecheck.spark.score(df).collect()
    rows = {r["id"]: r for r in hypecheck.spark.score(df, errors="null").collect()}
    assert rows["bad7"]["error"].startswith("no text") and rows["bad7"]["sensationalism"] is None
    assert rows["good"]["error"] is None
    with pytest.raises(KeyError, match="headline"):
        hypecheck.spark.score(df, title_col="headline")


def test_spark_rows_without_an_id_column_get_unique_ids(spark, records):
    import pandas as pd

    sample = [{"title": r["title"], "body": r["body"]} for r in records[:2500]]
    df = spark.createDataFrame(pd.DataFrame(sample), schema="title string, body string").repartition(3)
    out = hypecheck.spark.score(df, top=0).select("id", "sensationalism").collect()
    ids = [r["id"] for r in out]
    # Three partitions, batches of 1,000: a row's place in its batch would repeat.
    assert len(ids) == 2500 and len(set(ids)) == 2500 and all(ids)


def test_dask_map_partitions_is_score_arrow(records, scorer):
    dd = pytest.importorskip("dask.dataframe")
    import pandas as pd

    import hypecheck.dask

    sample = records[:2000]
    ddf = dd.from_pandas(pd.DataFrame(sample), npartitions=4)
    out = hypecheck.dask.score(ddf).compute(scheduler="threads")
    assert list(out.columns) == list(hypecheck.SCORE_COLUMNS) and len(out) == 2000
    expected = scorer.score_arrow(pa.Table.from_pylist(sample)).to_pandas()
    assert list(out["id"]) == list(expected["id"])
    for column in COLUMNS.values():
        assert [bits(x) if x == x else None for x in out[column]] == [bits(x) if x == x else None for x in expected[column]]
