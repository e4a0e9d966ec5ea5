"""hypecheck on Dask: score a ``dask.dataframe.DataFrame`` partition by partition with
``map_partitions``.

::

    import dask.dataframe as dd
    import hypecheck.dask
    scored = hypecheck.dask.score(dd.read_parquet("articles/*.parquet"))
    scored.to_parquet("scores/")

Each partition is scored by :meth:`hypecheck.Scorer.score_pandas` (Arrow inside, the GIL
released, rayon's threads), so Dask's threaded scheduler and its distributed workers both run
it in parallel; memory is one partition at a time.
"""

from __future__ import annotations

from typing import Any, Optional, Sequence

import hypecheck

__all__ = ["score", "meta"]

_SCORER: Optional["hypecheck.Scorer"] = None


def _default_scorer() -> "hypecheck.Scorer":
    global _SCORER
    if _SCORER is None:
        _SCORER = hypecheck.Scorer()
    return _SCORER


def meta() -> Any:
    """An empty ``pandas.DataFrame`` with the output's columns and dtypes."""
    return hypecheck.arrow_schema().empty_table().to_pandas()


def _partition(pdf: Any, title_col, body_col, id_col, top, errors, models, lexicons) -> Any:
    scorer = hypecheck.Scorer(models, lexicons) if (models or lexicons) else _default_scorer()
    return scorer.score_pandas(pdf, title=title_col, body=body_col, id=id_col, top=top, errors=errors)


def score(
    ddf: Any,
    title_col: Optional[str] = "title",
    body_col: Optional[str] = "body",
    id_col: Optional[str] = "id",
    top: int = 3,
    errors: str = "raise",
    models: Optional[Sequence[str]] = None,
    lexicons: Optional[str] = None,
) -> Any:
    """Scores a Dask ``DataFrame`` of articles: the columns of
    :meth:`hypecheck.Scorer.score_arrow`, one row per input row, with the input's index.
    Arguments as :func:`hypecheck.spark.score`; row numbers in errors count within a
    partition."""
    return ddf.map_partitions(
        _partition, title_col, body_col, id_col, top, errors, models, lexicons, meta=meta()
    )
