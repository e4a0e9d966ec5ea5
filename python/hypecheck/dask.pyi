from typing import Any, Optional, Sequence

import pandas

def meta() -> pandas.DataFrame: ...
def score(
    ddf: Any,
    title_col: Optional[str] = "title",
    body_col: Optional[str] = "body",
    id_col: Optional[str] = "id",
    top: int = 3,
    errors: str = "raise",
    models: Optional[Sequence[str]] = None,
    lexicons: Optional[str] = None,
) -> Any: ...
