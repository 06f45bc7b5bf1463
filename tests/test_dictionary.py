"""The committed data dictionaries (English and Welsh) are exactly what the extract contracts
generate, and the Welsh one speaks Welsh around the file's own headers, columns and codes."""

from __future__ import annotations

import difflib
import json
from pathlib import Path

import pytest
from conftest import run_cli

from pipelines.extracts import EXTRACT_TYPES
from pipelines.extracts.dictionary import (
    LABEL_CONTEXT,
    allowed_labels,
    contract_words,
    data_dictionary,
    schemas_json,
)
from pipelines.layouts import LAYOUTS
from pipelines.presentation.i18n import ngettext, use_language
from pipelines.presentation.i18n_catalogue import welsh

DOCS = Path(__file__).resolve().parent.parent / "docs"
DICTIONARIES = {
    "en": (DOCS / "data-dictionary.md", "python -m pipelines schemas --markdown"),
    "cy": (DOCS / "data-dictionary.cy.md", "python -m pipelines --lang cy schemas --markdown"),
}


@pytest.mark.parametrize("language", ["en", "cy"])
def test_committed_dictionary_matches_the_contracts(language: str) -> None:
    path, command = DICTIONARIES[language]
    committed = path.read_text(encoding="utf-8")
    with use_language(language):
        generated = data_dictionary()
    if committed != generated:
        diff = "".join(
            difflib.unified_diff(
                committed.splitlines(keepends=True),
                generated.splitlines(keepends=True),
                f"docs/{path.name} (committed)",
                "data_dictionary() (from the code)",
                n=1,
            )
        )
        raise AssertionError(
            f"docs/{path.name} is out of date with pipelines/extracts; regenerate it with\n"
            f"    {command} > docs/{path.name}\nand commit the result.\n\n{diff}"
        )


@pytest.mark.parametrize("language", ["en", "cy"])
def test_dictionary_covers_every_column_and_rule(language: str) -> None:
    with use_language(language):
        text = data_dictionary()
    for extract in EXTRACT_TYPES.values():
        assert f"(`{extract.name}`)" in text
        for column in extract.columns:
            assert f"| {extract.header_label(column)} | `{column}` |" in text, (extract, column)
        for rule in extract.rules:
            assert f"`{rule.name}`" in text, rule.name
    for name, layout in LAYOUTS.items():
        assert f"`{name}`" in text
        for source in layout.sources:
            assert f"`{source.header}`" in text


def test_the_welsh_dictionary_speaks_welsh_around_the_files_own_words() -> None:
    with use_language("cy"):
        text = data_dictionary()
    lines = text.splitlines()
    assert lines[0] == "# Geiriadur data"
    assert "## Cysylltiadau (drws ffrynt) (`contacts`)" in lines
    assert (
        "| Pennawd | Colofn | Math | Gofynnol | Gwerthoedd a ganiateir | Gwiriadau | Ystyr |"
        in lines
    )
    # The header the analyst's file uses, the column and the codes stay as the file has them;
    # an allowed value is what the file may hold, with its Welsh beside it.
    received = next(line for line in lines if line.startswith("| Received At | `received_at` |"))
    assert received == (
        "| Received At | `received_at` | dyddiad ac amser (dd/mm/bbbb HH:MM neu ISO) | ie |  | "
        "nid yn y dyfodol | Pryd y daeth y cyswllt neu'r adroddiad i law. |"
    )
    source = next(line for line in lines if line.startswith("| Source | `source` |"))
    assert "Police (Heddlu); Health (Iechyd)" in source and "| un o restr | ie |" in source
    assert "| Contact ID | `contact_id` | testun | ie |  | unigryw; 50 nod ar y mwyaf |" in text
    assert "rhwng 01/01/2005 a 31/12/2035" in text
    # A layout's codes and exported headers as exported, its reasons in Welsh.
    assert "### Derbynnir hefyd: tabl `ssd_contacts` y Standard Safeguarding Dataset (SSD)" in text
    assert "| `cont_contact_source_code` | `source` | codau: 1A → `self_family`;" in text
    assert "- **Team** (`team`): tîm y drws ffrynt a gafodd y cyswllt; nid yw ssd_contacts" in text
    assert (
        "Rhesi na chânt eu mewnforio (gyda rhybudd): mae `clar_cla_review_cancelled` yn 'y' neu 'yes'"
        in text
    )
    assert (
        "| `*` | `suppressed`: wedi'i atal (wedi'i ddal yn ôl fel na ellir adnabod neb) | StatsCymru |"
        in text
    )
    # One identifying column: the Welsh singular ("colofn"); several: the plural ("colofnau").
    assert "Caiff ei adnabod gan ei golofn `cont_contact_id`;" in text
    with use_language("cy"):
        one, two = [
            ngettext(
                "Recognised by its column {columns}; read as exported, with its own headers and codes.",
                "Recognised by its columns {columns}; read as exported, with its own headers and "
                "codes.",
                n,
                columns=columns,
            )
            for n, columns in ((1, "`a`"), (2, "`a`, `b`"))
        ]
    assert one.startswith("Caiff ei adnabod gan ei golofn `a`;")
    assert two.startswith("Caiff ei adnabod gan ei golofnau `a`, `b`;")
    assert (
        "- `decision_not_before_receipt` (adroddir ar `decision_at`): caiff ei wrthod os: " in text
    )
    # The English sentences of the framing are gone.
    for english in ("Record key:", "Allowed values", "not in the future", "What Wales needs"):
        assert english not in text


def test_the_english_dictionary_and_the_json_are_unchanged_by_the_language() -> None:
    with use_language("en"):
        english, described = data_dictionary(), json.dumps(schemas_json(), ensure_ascii=False)
    assert english.startswith("# Data dictionary\n")
    assert "| Source | `source` | one of a list | yes | Police; Health; Education;" in english
    with use_language("cy"):  # schemas --json is for machines: English in any language
        assert json.dumps(schemas_json(), ensure_ascii=False) == described
    assert "Pwy a wnaeth" not in described and "Who made the contact." in described


def test_the_cli_writes_the_welsh_dictionary_with_lang() -> None:
    welsh_run = run_cli("--lang", "cy", "schemas", "--markdown")
    assert welsh_run.returncode == 0, welsh_run.stderr
    assert welsh_run.stdout == DICTIONARIES["cy"][0].read_text(encoding="utf-8")
    english_json = run_cli("schemas", "--json")
    welsh_json = run_cli("--lang", "cy", "schemas", "--json")
    assert welsh_json.stdout == english_json.stdout  # byte for byte


def test_every_contract_word_and_allowed_value_has_its_welsh() -> None:
    """Each description, layout reason and allowed value the dictionary shows has a checked
    Welsh entry (a new column or value needs its Welsh in the same change)."""
    catalogue = welsh()
    missing = []
    for text in contract_words():
        message = catalogue.get(text)
        if message is None or message.fuzzy or not message.string:
            missing.append(text)
    for label in allowed_labels():
        message = catalogue.get(label, context=LABEL_CONTEXT)
        if message is None or message.fuzzy or not message.string:
            missing.append(label)
    assert not missing, missing
