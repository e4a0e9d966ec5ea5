"""hypecheck on Spark: score a DataFrame of articles with ``DataFrame.mapInArrow``.

::

    import hypecheck.spark
    scored = hypecheck.spark.score(spark.read.parquet("articles.parquet"))
    scored.write.parquet("scores.parquet")

Each Python worker builds one :class:`hypecheck.Scorer` (cached for the worker's life) and
scores Arrow batches as Spark hands them over (``spark.sql.execution.arrow.maxRecordsPerBatch``
rows, 10,000 by default), so memory stays flat whatever the input size. On a cluster, the
wheel must be installed on every executor (``spark-submit --py-files`` cannot ship a compiled
module: install it in the executors' Python environment, or ship a packed environment with
``--archives``, see the README).
"""

from __future__ import annotations

from typing import Any, Dict, Optional, Sequence, Tuple

import hypecheck

__all__ = ["score", "SCHEMA_DDL"]

#: The Spark schema of :func:`score`'s output, as DDL: the columns of
#: :func:`hypecheck.arrow_schema`.
SCHEMA_DDL = ", ".join(
    [
        "id string",
        "sensationalism double",
        "sensationalism_label string",
        "quality double",
        "quality_label string",
        "sensationalism_headline double",
        "sensationalism_body double",
        "language string",
        "warnings string",
        "sensationalism_reasons array<struct<feature:string,contribution:double,text:string>>",
        "quality_reasons array<struct<feature:string,contribution:double,text:string>>",
        "error string",
    ]
)

_SCORERS: Dict[Tuple[Optional[Tuple[str, ...]], Optional[str]], "hypecheck.Scorer"] = {}


def _scorer(models: Optional[Tuple[str, ...]], lexicons: Optional[str]) -> "hypecheck.Scorer":
    key = (models, lexicons)
    if key not in _SCORERS:
        _SCORERS[key] = hypecheck.Scorer(list(models) if models else None, lexicons)
    return _SCORERS[key]


def score(
    df: Any,
    title_col: Optional[str] = "title",
    body_col: Optional[str] = "body",
    id_col: Optional[str] = "id",
    top: int = 3,
    errors: str = "raise",
    models: Optional[Sequence[str]] = None,
    lexicons: Optional[str] = None,
) -> Any:
    """Scores a Spark ``DataFrame`` of articles: one output row per input row, the columns of
    :meth:`hypecheck.Scorer.score_arrow` (:data:`SCHEMA_DDL`), every value bit for bit the
    CLI's.

    Args:
        df: a ``pyspark.sql.DataFrame``.
        title_col, body_col, id_col: the columns to read; ``None`` or an absent ``title``/``id``
            column is read as :meth:`hypecheck.Scorer.score_arrow` reads it. Without an id
            column (or with ``id_col=None``), each row gets Spark's
            ``monotonically_increasing_id()`` as its id: unique across the job, not
            consecutive, and not stable across runs (give your own id to join on it).
        top: reasons kept per score (0: none, faster).
        errors: ``"raise"`` fails the Spark task with a :class:`hypecheck.RecordError` naming
            the record's id; ``"null"`` leaves its scores null with the message in ``error``.
        models, lexicons: as :class:`hypecheck.Scorer`; the paths must exist on every
            executor.

    Raises:
        KeyError: at once, when ``df`` has neither ``body_col`` (or ``text``) nor ``title_col``.
    """
    if errors not in ("raise", "null"):
        raise ValueError(f"errors must be 'raise' or 'null', not {errors!r}")
    columns = list(df.columns)
    body = body_col
    if body is not None and body not in columns and body == "body" and "text" in columns:
        body = "text"
    for name, default in ((title_col, "title"), (body, "body"), (id_col, "id")):
        if name is not None and name not in columns and name != default:
            raise KeyError(f"no column {name!r} in the DataFrame (columns: {', '.join(columns)})")
    if title_col not in columns and body not in columns:
        raise KeyError(f"neither a {body_col!r} (or 'text') nor a {title_col!r} column in the DataFrame")
    if id_col is None or id_col not in columns:
        # A row's position in its Arrow batch repeats across batches and partitions.
        from pyspark.sql import functions as F

        id_col = "__hypecheck_id" if "id" in columns else "id"
        df = df.withColumn(id_col, F.monotonically_increasing_id().cast("string"))
    wanted = [c for c in (id_col, title_col, body) if c is not None and c in df.columns]
    model_paths = tuple(models) if models else None

    def run(batches):
        scorer = _scorer(model_paths, lexicons)
        yield from scorer.score_arrow_batches(batches, title_col, body, id_col, top, errors)

    return df.select(*wanted).mapInArrow(run, SCHEMA_DDL)
