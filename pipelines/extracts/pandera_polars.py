"""``pandera.polars``, imported without pandas when pandas is not loaded yet.

Why: ``import pandera`` loads pandas (and pandera's pandas engine) whenever pandas is installed,
although the contracts only use the polars backend; the command line paid for it on every
import before reading the file (issue 10, start-up). pandera supports installs without pandas
(its ``__init__`` catches "No module named 'pandas'" and registers the polars parts only), so
while pandera itself is first imported, pandas is reported missing to it. Where pandas is
already loaded (the dashboard: Streamlit loads it), pandera is imported as usual; the polars
backend validates the same either way.
"""

from __future__ import annotations

import importlib.abc
import sys
from importlib.machinery import ModuleSpec
from types import ModuleType


class _PandasAbsent(importlib.abc.MetaPathFinder):
    """Reports pandas as not installed (only while pandera is first imported)."""

    def find_spec(
        self, fullname: str, path: object = None, target: ModuleType | None = None
    ) -> ModuleSpec | None:
        if fullname == "pandas" or fullname.startswith("pandas."):
            raise ModuleNotFoundError(f"No module named '{fullname}'", name=fullname)
        return None


_ABSENT = _PandasAbsent()
if "pandera" not in sys.modules and "pandas" not in sys.modules:
    sys.meta_path.insert(0, _ABSENT)
try:
    import pandera.polars as pa
finally:
    if _ABSENT in sys.meta_path:
        sys.meta_path.remove(_ABSENT)

__all__ = ["pa"]
