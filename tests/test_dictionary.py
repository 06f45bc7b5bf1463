"""The committed data dictionary is exactly what the extract contracts generate."""

from __future__ import annotations

import difflib
from pathlib import Path

from pipelines.extracts import EXTRACT_TYPES
from pipelines.extracts.dictionary import data_dictionary

DICTIONARY = Path(__file__).resolve().parent.parent / "docs" / "data-dictionary.md"
REGENERATE = "python -m pipelines schemas --markdown > docs/data-dictionary.md"


def test_committed_dictionary_matches_the_contracts() -> None:
    committed = DICTIONARY.read_text(encoding="utf-8")
    generated = data_dictionary()
    if committed != generated:
        diff = "".join(
            difflib.unified_diff(
                committed.splitlines(keepends=True),
                generated.splitlines(keepends=True),
                "docs/data-dictionary.md (committed)",
                "data_dictionary() (from the code)",
                n=1,
            )
        )
        raise AssertionError(
            f"docs/data-dictionary.md is out of date with pipelines/extracts; regenerate it with\n"
            f"    {REGENERATE}\nand commit the result.\n\n{diff}"
        )


def test_dictionary_covers_every_column_and_rule() -> None:
    text = data_dictionary()
    for extract in EXTRACT_TYPES.values():
        assert f"(`{extract.name}`)" in text
        for column in extract.columns:
            assert f"| `{column}` |" in text, (extract.name, column)
        for rule in extract.rules:
            assert f"`{rule.name}`" in text, rule.name
