"""Abbreviations spelled out for leaders who do not use them every day. The register's text is
shown as written (it quotes the inspectors); a line under each report expands the ones it uses."""

from __future__ import annotations

import re

ABBREVIATIONS = {
    "CIW": "Care Inspectorate Wales",
    "HIW": "Healthcare Inspectorate Wales",
    "HMICFRS": "His Majesty's Inspectorate of Constabulary and Fire & Rescue Services",
    "Estyn": "the education and training inspectorate for Wales",
    "IAA": "information, advice and assistance (the front door)",
    "IRO": "independent reviewing officer",
    "JICPA": "joint inspection of child protection arrangements",
    "MASH": "multi-agency safeguarding hub",
    "PLO": "Public Law Outline (pre-proceedings)",
    "IT": "information technology",
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
    return "; ".join(f"{short}: {long}" for short, long in found)
