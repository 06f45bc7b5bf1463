"""Keeping the Welsh catalogue in step with the code (a developer's tool, not used at run time).

``python -m pipelines.presentation.i18n_catalogue`` extracts every marked string (``_``, ``N_``,
``ngettext``, ``pgettext``) from dashboard.py, pages/, ui/ and pipelines/, plus the page titles and
sections of ``ui.registry``, the areas' titles and introductions, the extracts' titles and the
data dictionary's contract words (``dictionary.contract_words``: descriptions, allowed values,
layouts' reasons) (read as data, so a new page needs no marking), merges them into
``locale/cy/LC_MESSAGES/messages.po`` (keeping every translation; a string that changed becomes
fuzzy, which shows English until a translator checks it) and prints what is still untranslated.
"""

from __future__ import annotations

import sys
from pathlib import Path

from babel.messages.catalog import Catalog
from babel.messages.extract import extract_from_dir
from babel.messages.pofile import read_po, write_po

from pipelines.config import PROJECT_ROOT
from pipelines.presentation.i18n import po_path

KEYWORDS = {"_": None, "N_": None, "ngettext": (1, 2), "pgettext": ((1, "c"), 2)}
SOURCES = ("dashboard.py", "pages", "ui", "pipelines")


def extract() -> Catalog:
    """Every marked string of the code, with where it is used."""
    catalog = Catalog(locale=None, project="children's services dashboard")
    for source in SOURCES:
        path = PROJECT_ROOT / source
        if path.is_file():
            found = extract_from_dir(
                str(PROJECT_ROOT), [("dashboard.py", "python")], KEYWORDS, strip_comment_tags=True
            )
        else:
            found = extract_from_dir(
                str(path), [("**.py", "python")], KEYWORDS, strip_comment_tags=True
            )
        for filename, line, message, _comments, context in found:
            where = source if path.is_file() else f"{source}/{filename}"
            if message:
                catalog.add(message, locations=[(where, line)], context=context)
    from pipelines.areas import AREAS
    from ui.registry import PAGES  # data only: no Streamlit is imported

    for spec in PAGES:
        catalog.add(spec.title, locations=[("ui/registry.py", 0)])
        catalog.add(spec.section, locations=[("ui/registry.py", 0)])
    for area in AREAS.values():
        catalog.add(area.title, locations=[("pipelines/areas.py", 0)])
        catalog.add(area.intro, locations=[("pipelines/areas.py", 0)])
    from pipelines.extracts import EXTRACT_TYPES

    for extract_type in EXTRACT_TYPES.values():
        catalog.add(extract_type.title, locations=[("pipelines/extracts/registry.py", 0)])
    from pipelines.extracts.dictionary import LABEL_CONTEXT, allowed_labels, contract_words

    for text in contract_words():  # the data dictionary's contract words
        catalog.add(text, locations=[("pipelines/extracts/dictionary.py", 0)])
    for label in allowed_labels():  # data a file may hold: glossed in the dictionary
        catalog.add(
            label, locations=[("pipelines/extracts/dictionary.py", 0)], context=LABEL_CONTEXT
        )
    return catalog


def welsh() -> Catalog:
    with po_path("cy").open("rb") as handle:
        return read_po(handle, locale="cy")


def untranslated(catalog: Catalog) -> list[str]:
    """The ids of entries with no Welsh (or only a fuzzy one), in file order."""
    missing = []
    for message in catalog:
        if not message.id:
            continue
        strings = message.string if isinstance(message.string, tuple) else (message.string,)
        if message.fuzzy or not all(strings):
            missing.append(message.id if isinstance(message.id, str) else message.id[0])
    return missing


def update(path: Path | None = None) -> Catalog:
    """Merge the code's strings into the Welsh catalogue and write it back."""
    path = path or po_path("cy")
    with path.open("rb") as handle:
        catalog = read_po(handle, locale="cy")
    catalog.update(extract(), no_fuzzy_matching=True)
    catalog.fuzzy = False  # the header: a fuzzy header would drop the Welsh plural rule
    with path.open("wb") as handle:
        write_po(handle, catalog, width=100, sort_output=False, omit_header=False)
    return catalog


if __name__ == "__main__":
    merged = update()
    left = untranslated(merged)
    print(f"{len(merged)} strings, {len(left)} without Welsh")
    for text in left:
        print(f"  {text!r}")
    sys.exit(0)
