"""Abbreviations spelled out for leaders who do not use them every day. The register's text is
shown as written (it quotes the inspectors); a line under each report expands the ones it uses."""

from __future__ import annotations

import re

from pipelines.presentation.i18n import N_, _

ABBREVIATIONS = {
    "CIW": N_("Care Inspectorate Wales"),
    "HIW": N_("Healthcare Inspectorate Wales"),
    "HMICFRS": N_("His Majesty's Inspectorate of Constabulary and Fire & Rescue Services"),
    "Estyn": N_("the education and training inspectorate for Wales"),
    "IAA": N_("information, advice and assistance (the front door)"),
    "IRO": N_("independent reviewing officer"),
    "JICPA": N_("joint inspection of child protection arrangements"),
    "MASH": N_("multi-agency safeguarding hub"),
    "PLO": N_("Public Law Outline (pre-proceedings)"),
    "IT": N_("information technology"),
}


def abbreviations_in(*texts: str) -> list[tuple[str, str]]:
    """(abbreviation, meaning) for each known abbreviation the texts use, in table order."""
    joined = " ".join(texts)
    return [
        (short, long)
        for short, long in ABBREVIATIONS.items()
        if re.search(rf"\b{re.escape(short)}\b", joined)
    ]


def abbreviations_line(*texts: str) -> str:
    found = abbreviations_in(*texts)
    return "; ".join(short + ": " + _(long) for short, long in found)
