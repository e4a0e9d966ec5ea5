"""The Rust core (private: use ``hypecheck.Scorer``)."""

from typing import Any, Dict, List, Optional, Tuple

__version__: str

_Strings = Tuple[bytes, bytes, Optional[bytes], int]

class Core:
    def __init__(self, models: Optional[List[str]] = None, lexicons: Optional[str] = None) -> None: ...
    def provenance(self) -> str: ...
    def json(
        self,
        ids: List[Optional[str]],
        titles: List[Optional[str]],
        bodies: List[Optional[str]],
        explain: bool,
        batch: bool,
        first_row: int = 0,
    ) -> Tuple[bytes, List[Tuple[int, str, str]]]: ...
    def columns(
        self,
        n: int,
        ids: Optional[_Strings],
        titles: Optional[_Strings],
        bodies: Optional[_Strings],
        top: int,
        first_row: int,
    ) -> Dict[str, Any]: ...
    @staticmethod
    def threads() -> int: ...
