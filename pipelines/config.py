"""One typed configuration, read from ``config.toml`` at the project root.

Paths are resolved from the package, never from the working directory, so the command line, the
dashboard and the tests agree on where things are whatever directory they are started from.
"""

from __future__ import annotations

import os
import tomllib
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path

from pipelines.presentation.i18n import N_

PROJECT_ROOT = Path(__file__).resolve().parent.parent
REFERENCE_DIR = PROJECT_ROOT / "data" / "reference"
CONFIG_FILE = PROJECT_ROOT / "config.toml"
DB_ENV_VAR = "DASHBOARD_DB"
CONFIG_ENV_VAR = "DASHBOARD_CONFIG"  # another config file, e.g. a council's or a test's

# The comparator group's name when config.toml gives none: translated where it is shown
# (ui/benchmarks.py); a name the council configured is its own words, shown as written.
DEFAULT_COMPARATOR_GROUP = N_("Comparator group")
LANGUAGES = ("en", "cy")  # English and Welsh (pipelines/presentation/i18n.py)
WEEKDAYS = ("monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday")


@dataclass(frozen=True)
class Settings:
    """Settings a council may change; see config.toml for what each one means."""

    store_path: Path
    demo_store_path: Path = PROJECT_ROOT / "data" / "demo.duckdb"
    future_date_tolerance_days: int = 7
    max_upload_mb: int = 200
    max_rows: int = 2_000_000
    max_columns: int = 200
    upload_max_age_minutes: int = 120
    week_ending: str = "sunday"
    caseload_threshold_per_fte: float = 20.0
    # Supervision policy interval in days: first year, 1-3 years, more than 3 years qualified.
    supervision_days: tuple[int, int, int] = (28, 42, 42)
    mandatory_courses: tuple[str, ...] = ()
    header_aliases: dict[str, dict[str, str]] = field(default_factory=dict)
    access: dict[str, object] = field(default_factory=dict)
    council_name: str = "Council"  # on the board pack's cover and in its file name
    # Benchmarking (issue 15): this council's ONS code ("" when not set), the councils it
    # compares itself with, and that group's name on charts.
    council_code: str = ""
    comparator_group: tuple[str, ...] = ()
    comparator_group_name: str = DEFAULT_COMPARATOR_GROUP
    default_language: str = "en"

    @property
    def week_ending_weekday(self) -> int:
        """ISO weekday (1 = Monday … 7 = Sunday) on which weeks end."""
        return WEEKDAYS.index(self.week_ending) + 1


def _resolve(path: str | Path) -> Path:
    candidate = Path(path).expanduser()
    return candidate if candidate.is_absolute() else PROJECT_ROOT / candidate


def load_settings(config_file: Path | None = None) -> Settings:
    """The settings from ``config_file``, else $DASHBOARD_CONFIG, else config.toml."""
    if config_file is None:
        config_file = _resolve(os.environ.get(CONFIG_ENV_VAR) or CONFIG_FILE)
    return _load_settings(config_file)


@lru_cache(maxsize=8)
def _load_settings(config_file: Path) -> Settings:
    """Read and check the configuration file; raise ValueError naming any bad setting."""
    raw = tomllib.loads(config_file.read_text(encoding="utf-8")) if config_file.exists() else {}
    store = raw.get("store", {})
    imports = raw.get("imports", {})
    periods = raw.get("periods", {})
    caseloads = raw.get("caseloads", {})
    workforce = raw.get("workforce", {})
    if "rebase_dates" in raw.get("spc", {}):
        # Dates the service changed are data of each store now (a council's must never split
        # another's charts): refuse rather than silently ignore the old setting.
        raise ValueError(
            "config.toml: [spc] rebase_dates is no longer read. Record the dates the service "
            "changed as process changes in the store instead (the Process changes page, or "
            "`python -m pipelines process-changes add DATE --label ... --reason ...`), then "
            "delete rebase_dates from config.toml."
        )
    week_ending = str(periods.get("week_ending", "sunday")).lower()
    if week_ending not in WEEKDAYS:
        raise ValueError(
            f"config.toml: periods.week_ending must be a day name, not {week_ending!r}"
        )
    language = str(raw.get("language", {}).get("default", "en")).lower()
    if language not in LANGUAGES:
        raise ValueError(
            f"config.toml: language.default must be one of {', '.join(LANGUAGES)}, not {language!r}"
        )
    aliases = {
        extract: {str(k): str(v) for k, v in table.items()}
        for extract, table in raw.get("header_aliases", {}).items()
    }
    council, group, group_name = _benchmarking(raw.get("benchmarking", {}))
    return Settings(
        store_path=_resolve(store.get("path", "data/dashboard.duckdb")),
        demo_store_path=_resolve(store.get("demo_path", "data/demo.duckdb")),
        future_date_tolerance_days=int(imports.get("future_date_tolerance_days", 7)),
        max_upload_mb=int(imports.get("max_upload_mb", 200)),
        max_rows=int(imports.get("max_rows", 2_000_000)),
        max_columns=int(imports.get("max_columns", 200)),
        upload_max_age_minutes=int(imports.get("upload_max_age_minutes", 120)),
        week_ending=week_ending,
        caseload_threshold_per_fte=float(caseloads.get("threshold_per_fte", 20)),
        supervision_days=_supervision_days(workforce),
        mandatory_courses=tuple(str(c) for c in workforce.get("mandatory_courses", ())),
        header_aliases=aliases,
        access=dict(raw.get("access", {})),
        council_name=" ".join(str(raw.get("council", {}).get("name", "Council")).split())[:120]
        or "Council",
        council_code=council,
        comparator_group=group,
        comparator_group_name=group_name,
        default_language=language,
    )


def _supervision_days(workforce: dict[str, object]) -> tuple[int, int, int]:
    """The supervision policy intervals, each a whole number of days from 1 to 365."""
    days = []
    for band, default in (
        ("first_year", 28),
        ("one_to_three_years", 42),
        ("more_than_three_years", 42),
    ):
        value = workforce.get(f"supervision_days_{band}", default)
        if not isinstance(value, int) or isinstance(value, bool) or not 1 <= value <= 365:
            raise ValueError(
                f"config.toml: [workforce] supervision_days_{band} must be a whole number of "
                f"days from 1 to 365, not {value!r}"
            )
        days.append(value)
    return days[0], days[1], days[2]


def _benchmarking(table: dict[str, object]) -> tuple[str, tuple[str, ...], str]:
    """[benchmarking]: the council's code and its comparator group, checked against the Welsh
    councils' ONS codes (a typing error would silently compare with no one)."""
    from pipelines.published.areas import council_codes

    known = council_codes()
    council = str(table.get("council", "")).strip()
    if council and council not in known:
        raise ValueError(
            f"config.toml: benchmarking.council must be a Welsh council's ONS code (W06…), not "
            f"{council!r}; see data/reference/benchmark_areas.csv"
        )
    group = tuple(str(c).strip() for c in table.get("comparator_group", []))  # type: ignore[attr-defined]
    unknown = [c for c in group if c not in known]
    if unknown:
        raise ValueError(
            "config.toml: benchmarking.comparator_group lists codes that are not Welsh councils: "
            f"{unknown}; see data/reference/benchmark_areas.csv"
        )
    name = str(table.get("comparator_group_name", DEFAULT_COMPARATOR_GROUP)).strip()
    return council, group, name[:60] or DEFAULT_COMPARATOR_GROUP


def store_path(cli_value: str | Path | None = None) -> Path:
    """The store file: the --db option, else $DASHBOARD_DB, else config.toml's store.path."""
    if cli_value:
        return _resolve(cli_value)
    if os.environ.get(DB_ENV_VAR):
        return _resolve(os.environ[DB_ENV_VAR])
    return load_settings().store_path
