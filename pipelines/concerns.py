"""The inspection register beside the figures: for each finding, its evidencing indicators' current
SPC status and which way they have moved since the inspection."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

import polars as pl

from pipelines.catalogue import Indicator, load_catalogue
from pipelines.presentation.charts import EventMarker
from pipelines.presentation.i18n import N_, _, month_short, ngettext
from pipelines.signals import Signal, latest_signal

# Which way a figure moved since the inspection, in words (translated where shown).
MOVEMENT_WORDS = {
    "improved": N_("improved"),
    "worsened": N_("worsened"),
    "no change": N_("no change"),
    "higher": N_("higher"),
    "lower": N_("lower"),
    "no data": N_("no data"),
}


@dataclass(frozen=True)
class LinkedStatus:
    indicator: Indicator
    latest: float | None
    at_inspection: float | None
    variation: str | None
    movement: str  # "improved", "worsened", "no change", "higher", "lower", "no data"
    signal: Signal

    @property
    def movement_words(self) -> str:
        """The movement in the current language."""
        return _(MOVEMENT_WORDS[self.movement])


def _value_at(frame: pl.DataFrame, day: dt.date) -> float | None:
    """The value of the last period that ended on or before ``day``."""
    before = frame.filter((pl.col("period_end") <= day) & pl.col("value").is_not_null())
    return before["value"][-1] if before.height else None


def movement(indicator: Indicator, then: float | None, now: float | None) -> str:
    if then is None or now is None:
        return "no data"
    if now == then:
        return "no change"
    higher = now > then
    if indicator.polarity == "neutral":
        return "higher" if higher else "lower"
    better = higher == (indicator.polarity == "higher")
    return "improved" if better else "worsened"


def linked_status(
    indicator_ids: list[str], inspection_date: dt.date, rows: dict[str, pl.DataFrame]
) -> list[LinkedStatus]:
    catalogue = load_catalogue()
    statuses = []
    for indicator_id in indicator_ids:
        indicator = catalogue.get(indicator_id)
        if indicator is None:
            continue
        frame = rows.get(indicator_id)
        signal = latest_signal(frame if frame is not None else pl.DataFrame(), indicator)
        if frame is None or signal.value is None:
            statuses.append(LinkedStatus(indicator, None, None, None, "no data", signal))
            continue
        valued = frame.filter(pl.col("value").is_not_null()).sort("period_end")
        then = _value_at(valued, inspection_date)
        statuses.append(
            LinkedStatus(
                indicator,
                signal.value,
                then,
                signal.variation if signal.withheld is None else None,
                movement(indicator, then, signal.value),
                signal,
            )
        )
    return statuses


def inspection_markers(
    register: pl.DataFrame, indicator_id: str | None = None
) -> tuple[EventMarker, ...]:
    """One marker per inspection; the hover lists the findings linked to ``indicator_id`` (or the
    number of findings when no indicator is given)."""
    if register.is_empty():
        return ()
    markers = []
    for key, group in register.sort("inspection_date").group_by(
        ["report", "inspectorate", "inspection_date"], maintain_order=True
    ):
        report, inspectorate, day = key
        linked = group
        if indicator_id is not None:
            linked = group.filter(
                pl.col("indicator_ids").str.split(";").list.contains(indicator_id)
            )
        findings = linked["finding"].to_list()
        lines = [str(report)]
        lines += [f"• {f}" for f in findings[:6]] or [_("No finding linked to this indicator")]
        if len(findings) > 6:
            lines.append(ngettext("… and {n} more", "… and {n} more", len(findings) - 6))
        month = month_short(day)  # type: ignore[arg-type]
        if "," in str(inspectorate):
            label = _("Joint inspection {month}", month=month)
        else:
            label = _("{inspectorate} inspection {month}", inspectorate=inspectorate, month=month)
        markers.append(EventMarker(day, label, "<br>".join(lines)))  # type: ignore[arg-type]
    return tuple(markers)
