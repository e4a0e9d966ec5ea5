"""Type stubs of the hypecheck package (see the docstrings in ``__init__.py`` for shapes, units
and errors)."""

import os
from typing import Any, Dict, Iterable, Iterator, List, Mapping, Optional, Sequence, Tuple, Union

import pyarrow
import pandas

__version__: str
BATCH_ROWS: int
SCORE_COLUMNS: Tuple[str, ...]

_Path = Union[str, "os.PathLike[str]"]
#: A report: the JSON contract of ``hypecheck score --format jsonl`` as Python objects.
Report = Dict[str, Any]

class HypecheckError(Exception): ...

class RecordError(HypecheckError, ValueError):
    row: Optional[int]
    id: Optional[str]
    reason: str
    def __init__(self, row: Optional[int], id: Optional[str], reason: str) -> None: ...

def arrow_schema() -> pyarrow.Schema: ...

class Scorer:
    def __init__(self, models: Union[None, _Path, Sequence[_Path]] = None, lexicons: Optional[_Path] = None) -> None: ...
    def provenance(self) -> Dict[str, Any]: ...
    def score(self, title: Optional[str], body: Optional[str] = "", id: Union[None, str, int, float] = None) -> Report: ...
    def explain(self, title: Optional[str], body: Optional[str] = "", id: Union[None, str, int, float] = None) -> Report: ...
    def score_batch(
        self, records: Iterable[Mapping[str, Any]], explain: bool = False, errors: str = "raise"
    ) -> List[Report]: ...
    def score_arrow(
        self,
        data: Union[pyarrow.RecordBatch, pyarrow.Table],
        title: Optional[str] = "title",
        body: Optional[str] = "body",
        id: Optional[str] = "id",
        top: int = 3,
        errors: str = "raise",
    ) -> Union[pyarrow.RecordBatch, pyarrow.Table]: ...
    def score_arrow_batches(
        self,
        batches: Iterable[pyarrow.RecordBatch],
        title: Optional[str] = "title",
        body: Optional[str] = "body",
        id: Optional[str] = "id",
        top: int = 3,
        errors: str = "raise",
    ) -> Iterator[pyarrow.RecordBatch]: ...
    def score_pandas(
        self,
        df: pandas.DataFrame,
        title: Optional[str] = "title",
        body: Optional[str] = "body",
        id: Optional[str] = "id",
        top: int = 3,
        errors: str = "raise",
    ) -> pandas.DataFrame: ...
