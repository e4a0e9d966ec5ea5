"""hypecheck: how sensational a news article's language is and how well it is sourced, and why.

The scoring is hypecheck's Rust core (the same code as the ``hypecheck`` command line), with the
shipped models and lexicons embedded in the extension module. This package is a thin layer over
it::

    import hypecheck
    scorer = hypecheck.Scorer()
    report = scorer.score("SHOCKING: You Won't Believe This", "The council met on Monday.")
    report["scores"]["sensationalism"]          # a probability in [0, 1]

* :meth:`Scorer.score` and :meth:`Scorer.explain` return the JSON contract of
  ``hypecheck score --format jsonl`` / ``hypecheck explain --format json`` as Python objects
  (``dict``, ``list``, ``str``, ``float``, ``bool``, ``None``): every float is the CLI's, to the
  last bit.
* :meth:`Scorer.score_batch` scores many records in parallel.
* :meth:`Scorer.score_arrow` scores a ``pyarrow.RecordBatch`` or ``Table`` into Arrow columns,
  :meth:`Scorer.score_arrow_batches` a stream of batches in flat memory, and
  :meth:`Scorer.score_pandas` a ``pandas.DataFrame``.
* :mod:`hypecheck.spark` and :mod:`hypecheck.dask` run the same on Spark and Dask.

Scoring releases the GIL and runs on all cores (rayon; ``RAYON_NUM_THREADS`` caps it).
"""

from __future__ import annotations

import functools
import os
from typing import Any, Dict, Iterable, Iterator, List, Mapping, Optional, Sequence, Union

from ._hypecheck import Core as _Core
from ._hypecheck import __version__

__all__ = [
    "Scorer",
    "HypecheckError",
    "RecordError",
    "SCORE_COLUMNS",
    "arrow_schema",
    "__version__",
]

#: Rows scored per parallel batch by :meth:`Scorer.score_batch` and :meth:`Scorer.score_arrow`
#: on a ``Table``: enough to keep every core busy, few enough that memory stays flat.
BATCH_ROWS = 4096

#: The output columns of :meth:`Scorer.score_arrow`, in order.
SCORE_COLUMNS = (
    "id",
    "sensationalism",
    "sensationalism_label",
    "quality",
    "quality_label",
    "sensationalism_headline",
    "sensationalism_body",
    "language",
    "warnings",
    "sensationalism_reasons",
    "quality_reasons",
    "error",
)


class HypecheckError(Exception):
    """A model or lexicon that cannot be read, or a record that cannot be scored."""


class RecordError(HypecheckError, ValueError):
    """A record that cannot be scored (no text, a field of the wrong type, bad UTF-8).

    The message names the record: ``row 3 (id 'a17'): no text: ...``.

    Attributes:
        row: the record's 0-based position in the input (``None`` for :meth:`Scorer.score`).
        id: the record's id (its row as a string when it has none).
        reason: what is wrong, without the record's name.
    """

    def __init__(self, row: Optional[int], id: Optional[str], reason: str) -> None:
        self.row = row
        self.id = id
        self.reason = reason
        where = f"row {row}" if row is not None else "record"
        if id is not None:
            where += f" (id {id!r})"
        super().__init__(f"{where}: {reason}")


def _as_id(value: Any, row: Optional[int]) -> Optional[str]:
    """An id as the CLI reads a JSON Lines ``id``: a string, or a number printed."""
    if value is None or isinstance(value, str):
        return value
    if isinstance(value, bool) or not isinstance(value, (int, float)):
        raise RecordError(row, None, f"`id` must be a string or number, not {type(value).__name__}")
    return str(value)


def _as_text(value: Any, field: str, row: Optional[int], id: Optional[str]) -> Optional[str]:
    if value is None or isinstance(value, str):
        return value
    raise RecordError(row, id, f"`{field}` must be a string or None, not {type(value).__name__}")


class Scorer:
    """hypecheck's scorer: the shipped models and lexicons, or yours.

    Args:
        models: model files (``str`` or path, or a list of them), each replacing the shipped
            model of the target it declares (``headline``, ``body``, ``sensationalism`` or
            ``quality``), as ``hypecheck --model FILE``.
        lexicons: a folder whose lexicon files replace the embedded ones of the same name, as
            ``hypecheck --lexicons DIR``.

    Raises:
        HypecheckError: a model or lexicon file cannot be read or is invalid (the message
            names the file).

    A ``Scorer`` is immutable and safe to share between threads. Building one parses the
    models (tens of milliseconds): build it once, score many times.
    """

    def __init__(
        self,
        models: Union[None, str, "os.PathLike[str]", Sequence[Union[str, "os.PathLike[str]"]]] = None,
        lexicons: Union[None, str, "os.PathLike[str]"] = None,
    ) -> None:
        if isinstance(models, (str, os.PathLike)):
            models = [models]
        paths = [os.fspath(m) for m in models] if models is not None else None
        try:
            self._core = _Core(paths, os.fspath(lexicons) if lexicons is not None else None)
        except ValueError as e:
            raise HypecheckError(str(e)) from None

    # ----------------------------------------------------------------- JSON contract

    def provenance(self) -> Dict[str, Any]:
        """The report's ``provenance``: ``hypecheck_version``, the SHA-256 digest of each model
        (by target) and of the lexicons."""
        import json

        return json.loads(self._core.provenance())

    def score(self, title: Optional[str], body: Optional[str] = "", id: Optional[str] = None) -> Dict[str, Any]:
        """Scores one article: what ``hypecheck score --format jsonl`` prints for it.

        Args:
            title: the headline; ``None`` reads the body's first line as the headline when it
                looks like one (as the CLI does for a record without a ``title`` field); ``""``
                means no headline.
            body: the article's text (``""`` or ``None`` for a bare headline).
            id: the report's ``id`` (default ``"text"``).

        Returns:
            The JSON contract as a ``dict``: ``id``, ``source`` (``{"path": "<python>",
            "record": None}``), ``title``, ``scores`` (``sensationalism``, ``quality``,
            ``headline``, ``body``: probabilities in [0, 1], ``quality``/``headline``/``body``
            ``None`` when not scored), ``labels``, ``language``, ``features`` (each feature's raw
            value: title features are counts, body features rates per 100 words),
            ``provenance``; ``kicker``, ``dateline``, ``unscored`` and ``warnings`` when they
            apply.

        Raises:
            RecordError: no text (title and body empty), or a field of the wrong type.
        """
        return self._one(title, body, id, explain=False)

    def explain(self, title: Optional[str], body: Optional[str] = "", id: Optional[str] = None) -> Dict[str, Any]:
        """Scores one article with every explanation: one element of what ``hypecheck explain
        --format json`` prints.

        The :meth:`score` fields plus ``body`` and ``explanations`` (``sensationalism``,
        ``quality``, ``headline``, ``body``; each ``{"probability", "logit", "intercept",
        "contributions": [{"feature", "family", "value", "standardized", "clipped",
        "weight", "contribution", "evidence": [{"part", "start", "end", "text",
        "quoted"}]}]}``, contributions largest first; ``intercept + sum(contribution) ==
        logit``). Evidence ``start``/``end`` are UTF-8 byte offsets into the part.

        Raises:
            RecordError: as :meth:`score`.
        """
        return self._one(title, body, id, explain=True)

    def _one(self, title: Any, body: Any, id: Any, explain: bool) -> Dict[str, Any]:
        id = _as_id(id, None)
        title = _as_text(title, "title", None, id)
        body = _as_text(body, "body", None, id)
        reports = self._json([id], [title], [body], explain, batch=False, first_row=None)
        return reports[0]

    def _json(self, ids, titles, bodies, explain, batch, first_row, errors="raise"):
        import json

        data, failed = self._core.json(ids, titles, bodies, explain, batch, first_row or 0)
        reports = json.loads(data)
        for row, id, message in failed:
            if errors == "raise":
                raise RecordError(None if first_row is None else first_row + row, id, message)
            reports[row] = {
                "error": message,
                "id": id,
                "source": {"path": "<python>", "record": first_row + row + 1},
            }
        return reports

    def score_batch(
        self,
        records: Iterable[Mapping[str, Any]],
        explain: bool = False,
        errors: str = "raise",
    ) -> List[Dict[str, Any]]:
        """Scores many records in parallel (the GIL released), in input order.

        Args:
            records: mappings read as the CLI reads JSON Lines records: ``title`` (absent or
                ``None``: the body's first line is the headline when it looks like one),
                ``body`` or ``text``, ``id`` (a string or number; default: the row,
                ``"0"``, ``"1"``, ...).
            explain: add ``body`` and ``explanations`` to each report, as :meth:`explain`.
            errors: ``"raise"`` (default) raises :class:`RecordError` for the first record
                that cannot be scored (after the batch it is in is scored); ``"inline"`` puts
                ``{"error": message, "id": id, "source": {...}}`` in its place, as the CLI's
                ``--errors inline``.

        Returns:
            One report per record (see :meth:`score`); ``source`` is ``{"path": "<python>",
            "record": row + 1}`` (1-based, as a line number).

        Raises:
            RecordError: naming the row and id of a record with no text or a field of the
                wrong type.
        """
        if errors not in ("raise", "inline"):
            raise ValueError(f"errors must be 'raise' or 'inline', not {errors!r}")
        out: List[Dict[str, Any]] = []
        ids: List[Optional[str]] = []
        titles: List[Optional[str]] = []
        bodies: List[Optional[str]] = []
        first = 0
        for row, record in enumerate(records):
            if not isinstance(record, Mapping):
                raise RecordError(row, None, f"a record must be a mapping with `title` and `body`, not {type(record).__name__}")
            id = _as_id(record.get("id"), row)
            ids.append(id)
            titles.append(_as_text(record.get("title"), "title", row, id if id is not None else str(row)))
            body = record.get("body")
            if body is None:
                body = record.get("text")
            bodies.append(_as_text(body, "body", row, id if id is not None else str(row)))
            if len(ids) == BATCH_ROWS:
                out.extend(self._batch_json(ids, titles, bodies, explain, first, errors))
                first += len(ids)
                ids, titles, bodies = [], [], []
        if ids:
            out.extend(self._batch_json(ids, titles, bodies, explain, first, errors))
        return out

    def _batch_json(self, ids, titles, bodies, explain, first, errors):
        return self._json(ids, titles, bodies, explain, batch=True, first_row=first, errors=errors)

    # ----------------------------------------------------------------- Arrow

    def score_arrow(
        self,
        data: Any,
        title: Optional[str] = "title",
        body: Optional[str] = "body",
        id: Optional[str] = "id",
        top: int = 3,
        errors: str = "raise",
    ) -> Any:
        """Scores a ``pyarrow.RecordBatch`` or ``pyarrow.Table`` into Arrow columns.

        The rows are scored in parallel with the GIL released. A ``RecordBatch`` gives a
        ``RecordBatch``; a ``Table`` gives a ``Table``, scored ``BATCH_ROWS`` rows at a time.

        Args:
            data: the records.
            title, body, id: the columns to read (any string type; ``id`` may be an integer
                column). A null or absent ``title`` means the body's first line is the headline
                when it looks like one; a missing ``body`` column falls back to ``text``; a
                missing ``id`` column (or a null id) gives the row number, ``"0"``,
                ``"1"``, ...
            top: reasons kept per score (0: none, which skips the explanations and is
                faster).
            errors: ``"raise"`` (default) raises :class:`RecordError` for the first row that
                cannot be scored; ``"null"`` leaves its scores null and puts the message in
                its ``error`` column.

        Returns:
            The columns of :func:`arrow_schema`, one row per input row, in order: ``id``
            (string), ``sensationalism`` (float64 probability), ``sensationalism_label``
            (``sensational``/``sober``), ``quality`` (float64 probability, null for a text too
            short to judge), ``quality_label`` (``reliable``/``unreliable``/null),
            ``sensationalism_headline`` and ``sensationalism_body`` (the parts of
            sensationalism: probabilities, null without a headline or an author sentence),
            ``language`` (ISO 639-3), ``warnings`` (joined with ``"; "``, null when none),
            ``sensationalism_reasons`` and ``quality_reasons`` (``list<struct<feature: string,
            contribution: float64, text: string>>``: the ``top`` largest contributions to
            the logit, at least 0.01 in size, as the CLI's human view lists them, ``text`` the
            quoted words or the value), ``error`` (null unless ``errors="null"`` and the row
            failed). Each value is bit for bit the CLI's.

        Raises:
            KeyError: neither the ``body`` (or ``text``) nor the ``title`` column exists.
            RecordError: a row with no text or invalid UTF-8, naming its row and id.
        """
        import pyarrow as pa

        if isinstance(data, pa.RecordBatch):
            return self._score_batch(data, title, body, id, top, errors, 0)
        if isinstance(data, pa.Table):
            batches = list(self.score_arrow_batches(data.to_batches(max_chunksize=BATCH_ROWS), title, body, id, top, errors))
            return pa.Table.from_batches(batches, schema=arrow_schema())
        raise TypeError(f"score_arrow takes a pyarrow.RecordBatch or Table, not {type(data).__name__}")

    def score_arrow_batches(
        self,
        batches: Iterable[Any],
        title: Optional[str] = "title",
        body: Optional[str] = "body",
        id: Optional[str] = "id",
        top: int = 3,
        errors: str = "raise",
    ) -> Iterator[Any]:
        """Scores a stream of ``pyarrow.RecordBatch`` (``pyarrow.parquet.ParquetFile.iter_batches``,
        a dataset scanner, a Spark partition) one batch at a time, in flat memory: yields one
        output batch per input batch, as :meth:`score_arrow`. Row numbers (default ids, errors)
        count from the first batch.

        Two batches are scored at a time on background threads (each in parallel, in Rust, the
        GIL released), so that one's single-threaded steps (building its output columns)
        overlap the other's scoring, and both overlap the caller taking the previous output and
        reading the next input (Parquet decoding, Spark's socket): at most three input batches
        and two output batches are held at a time, whatever the stream's length. Outputs come
        in input order, and an error is raised at the batch that caused it."""
        from collections import deque
        from concurrent.futures import ThreadPoolExecutor

        in_flight = 2
        with ThreadPoolExecutor(max_workers=in_flight, thread_name_prefix="hypecheck") as pool:
            scoring: deque = deque()
            first = 0
            for batch in batches:
                scoring.append(pool.submit(self._score_batch, batch, title, body, id, top, errors, first))
                first += batch.num_rows
                if len(scoring) > in_flight:
                    yield scoring.popleft().result()
            while scoring:
                yield scoring.popleft().result()

    def _score_batch(self, batch, title, body, id, top, errors, first_row):
        import pyarrow as pa

        if errors not in ("raise", "null"):
            raise ValueError(f"errors must be 'raise' or 'null', not {errors!r}")
        names = batch.schema.names

        def column(name, default):
            if name is None:
                return None
            if name in names:
                return batch.column(names.index(name))
            if name != default:
                raise KeyError(f"no column {name!r} in the batch (columns: {', '.join(names)})")
            return None

        body_col = column(body, "body")
        if body_col is None and body == "body" and "text" in names:
            body_col = batch.column(names.index("text"))
        title_col = column(title, "title")
        if body_col is None and title_col is None:
            raise KeyError(f"neither a {body!r} (or 'text') nor a {title!r} column in the batch (columns: {', '.join(names)})")
        n = batch.num_rows
        out = self._core.columns(
            n,
            _strings(column(id, "id")),
            _strings(title_col),
            _strings(body_col),
            max(0, int(top)),
            first_row,
        )
        failed = out.pop("errors")
        if failed and errors == "raise":
            row, rid, message = failed[0]
            raise RecordError(row, rid, message)
        arrays = []
        for field in arrow_schema():
            value = out[field.name]
            if pa.types.is_list(field.type):
                arrays.append(_reasons(value, n))
            elif pa.types.is_floating(field.type):
                arrays.append(_f64(value, n))
            else:
                arrays.append(_str(value, n))
        return pa.RecordBatch.from_arrays(arrays, schema=arrow_schema())

    def score_pandas(
        self,
        df: Any,
        title: Optional[str] = "title",
        body: Optional[str] = "body",
        id: Optional[str] = "id",
        top: int = 3,
        errors: str = "raise",
    ) -> Any:
        """:meth:`score_arrow` over a ``pandas.DataFrame``: returns a ``DataFrame`` of the same
        columns with ``df``'s index (reasons as lists of dicts). Only the named columns are
        converted to Arrow."""
        import pandas as pd
        import pyarrow as pa

        wanted = [c for c in (id, title, body, "text") if c is not None and c in df.columns]
        table = pa.Table.from_pandas(df[wanted], preserve_index=False)
        result = self.score_arrow(table, title, body, id, top, errors).to_pandas()
        result.index = df.index
        return result


def _strings(col: Any) -> Any:
    """An Arrow column as the buffers the core reads: ``(offsets, data, validity, bit offset)``
    of its ``large_string`` cast, cut to the column's rows (no copy of the rest of a sliced
    buffer)."""
    import pyarrow as pa

    if col is None:
        return None
    if isinstance(col, pa.ChunkedArray):
        col = col.combine_chunks()
    if not pa.types.is_large_string(col.type):
        col = col.cast(pa.large_string())
    n = len(col)
    validity, offsets, data = col.buffers()
    o = col.offset
    offs = offsets.slice(8 * o, 8 * (n + 1)).to_pybytes()
    first = int.from_bytes(offs[:8], "little", signed=True)
    last = int.from_bytes(offs[-8:], "little", signed=True)
    text = data.slice(first, last - first).to_pybytes() if data is not None else b""
    valid = None
    if validity is not None and col.null_count:
        valid = validity.slice(o // 8, (o + n + 7) // 8 - o // 8).to_pybytes()
    return (offs, text, valid, o % 8)


def _f64(buffers: Any, n: int) -> Any:
    import pyarrow as pa

    valid, data, nulls = buffers
    return pa.Array.from_buffers(pa.float64(), n, [_buf(valid), pa.py_buffer(data)], null_count=nulls)


def _str(buffers: Any, n: int) -> Any:
    import pyarrow as pa

    valid, offsets, data, nulls = buffers
    return pa.Array.from_buffers(pa.string(), n, [_buf(valid), pa.py_buffer(offsets), pa.py_buffer(data)], null_count=nulls)


def _reasons(buffers: Any, n: int) -> Any:
    import pyarrow as pa

    offsets, feature, contribution, text = buffers
    m = int.from_bytes(offsets[-4:], "little", signed=True)
    reasons_type = arrow_schema().field("sensationalism_reasons").type
    child = pa.StructArray.from_arrays(
        [_str(feature, m), _f64(contribution, m), _str(text, m)], fields=list(reasons_type.value_type)
    )
    return pa.Array.from_buffers(reasons_type, n, [None, pa.py_buffer(offsets)], null_count=0, children=[child])


def _buf(b: Optional[bytes]) -> Any:
    import pyarrow as pa

    return pa.py_buffer(b) if b is not None else None


@functools.lru_cache(maxsize=None)
def arrow_schema() -> Any:
    """The ``pyarrow.Schema`` of :meth:`Scorer.score_arrow`'s output (:data:`SCORE_COLUMNS`):
    ``string`` ids, labels, language, warnings and error; ``float64`` scores;
    ``list<struct<feature: string, contribution: float64, text: string>>`` reasons."""
    import pyarrow as pa

    reason = pa.struct(
        [pa.field("feature", pa.string()), pa.field("contribution", pa.float64()), pa.field("text", pa.string())]
    )
    reasons = pa.list_(pa.field("element", reason))
    fields = []
    for name in SCORE_COLUMNS:
        if name.endswith("_reasons"):
            fields.append(pa.field(name, reasons))
        elif name in ("sensationalism", "quality", "sensationalism_headline", "sensationalism_body"):
            fields.append(pa.field(name, pa.float64()))
        else:
            fields.append(pa.field(name, pa.string()))
    return pa.schema(fields)
