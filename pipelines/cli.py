"""The command line: a thin layer over the library, sharing every code path with the upload page.

Exit codes: 0 success, 1 rejected input or a refused request, 2 usage errors.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import sys
from collections.abc import Callable
from pathlib import Path
from typing import TextIO

from pipelines import config
from pipelines.extracts import EXTRACT_TYPES
from pipelines.ingest import RejectedFile, prepare
from pipelines.ingest.csv_bytes import printable
from pipelines.ingest.problems import iter_problems
from pipelines.periods import ALL_PERIOD_TYPES
from pipelines.presentation.i18n import LANGUAGES, N_, _, date_long, ngettext, set_language
from pipelines.published.layouts import EES, STATSWALES, MeasureChoice, measure_key
from pipelines.read_models import measure_choices
from pipelines.store import StoreError, import_prepared, list_imports, withdraw_import
from pipelines.store.reader import read_connection
from pipelines.store.writer import ImportOutcome

MAX_LISTED = 500
# The adjective of a period type's totals (flag-share's heading).
TOTALS = {
    "week": N_("weekly"),
    "month": N_("monthly"),
    "quarter": N_("quarterly"),
    "year": N_("yearly"),
}


class UsageError(Exception):
    pass


class _Parser(argparse.ArgumentParser):
    def error(self, message: str) -> None:  # type: ignore[override]
        raise UsageError(message)


def _db_option(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--db",
        metavar="PATH",
        help=_(
            "store file (default: ${variable}, else store.path in config.toml)",
            variable=config.DB_ENV_VAR,
        ),
    )


def build_parser() -> argparse.ArgumentParser:
    # The module's docstring in the language of the messages (argparse joins its lines).
    description = _(
        "The command line: a thin layer over the library, sharing every code path with the "
        "upload page. Exit codes: 0 success, 1 rejected input or a refused request, 2 usage "
        "errors."
    )
    parser = _Parser(prog="python -m pipelines", description=description)
    parser.add_argument(
        "--lang",
        choices=sorted(LANGUAGES),
        help=_(
            "language of the messages: en (English) or cy (Cymraeg); default: [language] "
            "default in config.toml"
        ),
    )
    commands = parser.add_subparsers(dest="command", required=True, parser_class=_Parser)

    p = commands.add_parser("import", help=_("validate a CSV or xlsx extract, then store it"))
    p.add_argument("file", type=Path)
    p.add_argument(
        "--type", choices=sorted(EXTRACT_TYPES), help=_("extract type (default: detect)")
    )
    p.add_argument("--by", help=_("who is importing (default: your user name)"))
    p.add_argument(
        "--leave-out-unknown-columns",
        action="store_true",
        help=_("import the file without the columns no contract knows (recorded with the import)"),
    )
    p.add_argument(
        "--mix-with-synthetic",
        action="store_true",
        help=_("allow real data into a store that holds the synthetic demo (not recommended)"),
    )
    p.add_argument(
        "--map",
        action="append",
        default=[],
        metavar="MEASURE=INDICATOR[@MM-DD]",
        help=_(
            "the indicator a published table's measure gives (StatsWales, EES), and the day its "
            "years end when the file does not say; saved with the import for next year's file"
        ),
    )
    _db_option(p)

    p = commands.add_parser("imports", help=_("list every import, with its status"))
    _db_option(p)

    p = commands.add_parser(
        "withdraw", help=_("withdraw an import; the figures return to before it")
    )
    p.add_argument("import_id", type=int)
    p.add_argument("--by", help=_("who is withdrawing (default: your user name)"))
    p.add_argument("--reason", help=_("why, for the history"))
    _db_option(p)

    p = commands.add_parser("schemas", help=_("describe every extract type"))
    p.add_argument("--json", action="store_true", help=_("machine-readable JSON"))
    p.add_argument("--markdown", action="store_true", help=_("the data dictionary in Markdown"))

    p = commands.add_parser("build", help=_("rebuild every indicator series"))
    _db_option(p)

    p = commands.add_parser("series", help=_("print one indicator series with its SPC columns"))
    p.add_argument("indicator_id")
    p.add_argument("--period", choices=ALL_PERIOD_TYPES, default="week")
    p.add_argument("--breakdown", default="total", help=_("e.g. team, source, service, age_band"))
    p.add_argument("--format", choices=("csv", "json"), default="csv")
    _db_option(p)

    p = commands.add_parser(
        "spc", help=_("SPC for any CSV of period,value on standard input"), add_help=False
    )

    p = commands.add_parser(
        "process-changes", help=_("list, add or withdraw the dates the service changed")
    )
    actions = p.add_subparsers(dest="action", required=True, parser_class=_Parser)
    q = actions.add_parser("list", help=_("every process change, with its status"))
    _db_option(q)
    q = actions.add_parser(
        "add", help=_("record a change: the affected charts are rebased from it")
    )
    q.add_argument("date", type=_iso_date, help=_("the date the change took effect, yyyy-mm-dd"))
    q.add_argument("--label", required=True, help=_("a few words shown on the charts"))
    q.add_argument("--reason", required=True, help=_("why the limits start afresh"))
    q.add_argument(
        "--indicator",
        action="append",
        default=[],
        metavar="ID",
        help=_("an indicator it affects (repeat for several; default: every indicator)"),
    )
    q.add_argument("--by", help=_("who is recording it (default: your user name)"))
    _db_option(q)
    q = actions.add_parser(
        "withdraw", help=_("withdraw a change; the charts are rebuilt without it")
    )
    q.add_argument("change_id", type=int)
    q.add_argument("--by", help=_("who is withdrawing it (default: your user name)"))
    q.add_argument("--reason", help=_("why, for the history"))
    _db_option(q)

    p = commands.add_parser(
        "flag-share",
        help=_("share of points flagged special cause per headline indicator since a date"),
    )
    p.add_argument(
        "--since",
        type=_iso_date,
        help=_("first period end counted, yyyy-mm-dd (default: the latest process change)"),
    )
    p.add_argument("--period", choices=ALL_PERIOD_TYPES, default="week")
    p.add_argument("--all", action="store_true", help=_("every indicator, not only the headline"))
    _db_option(p)

    p = commands.add_parser("pack", help=_("the board pack of a deck as PDF or PowerPoint"))
    p.add_argument(
        "--deck", default="Default deck", help=_("the board deck (default: the default)")
    )
    p.add_argument("--format", choices=("pdf", "pptx"), default="pdf", dest="fmt")
    p.add_argument(
        "--out",
        type=Path,
        help=_("file or folder to write (default: <council>-board-pack-<date>.<format> here)"),
    )
    p.add_argument(
        "--months", type=int, default=18, help=_("months of each chart (0: the whole history)")
    )
    p.add_argument(
        "--lang",
        dest="pack_lang",
        choices=sorted(LANGUAGES),
        help=_(
            "language of the pack: en (English) or cy (Cymraeg); default: the messages' language"
        ),
    )
    _db_option(p)

    p = commands.add_parser("demo", help=_("write the synthetic demo extracts and import them"))
    p.add_argument("--seed", type=int, default=20220501)
    p.add_argument("--out", type=Path, help=_("folder for the CSV files (default: data/demo)"))
    p.add_argument(
        "--if-missing", action="store_true", help=_("do nothing when the store already exists")
    )
    p.add_argument(
        "--db",
        metavar="PATH",
        help=_(
            "store file for the demo (default: store.demo_path in config.toml, data/demo.duckdb)"
        ),
    )
    return parser


def _iso_date(text: str) -> dt.date:
    try:
        return dt.date.fromisoformat(text)
    except ValueError:
        raise argparse.ArgumentTypeError(
            _("not a date written yyyy-mm-dd: {text}", text=repr(text))
        ) from None


def _print_problems(error: RejectedFile, out: TextIO) -> None:
    errors = error.errors
    if error.extract_type:
        heading = ngettext(
            "Rejected ({kind} extract): {n} problem. Nothing was stored.",
            "Rejected ({kind} extract): {n} problems. Nothing was stored.",
            errors.height,
            kind=error.extract_type,
        )
    else:
        heading = ngettext(
            "Rejected: {n} problem. Nothing was stored.",
            "Rejected: {n} problems. Nothing was stored.",
            errors.height,
        )
    print(heading, file=out)
    for problem in iter_problems(errors.head(MAX_LISTED)):
        print(f"  - {printable(problem.describe())}", file=out)
    if errors.height > MAX_LISTED:
        more = errors.height - MAX_LISTED
        print(
            "  "
            + ngettext(
                "… and {n} more problem of the same kinds.",
                "… and {n} more problems of the same kinds.",
                more,
            ),
            file=out,
        )


def _print_outcome(outcome: ImportOutcome, warnings: list[str], out: TextIO) -> None:
    if outcome.already_imported:
        print(
            _(
                "{file} is already in the store as import {id} ({kind}); nothing changed.",
                file=printable(outcome.file_name),
                id=outcome.import_id,
                kind=outcome.extract_type,
            ),
            file=out,
        )
        return
    print(
        _(
            "Imported {file} as import {id}: {rows} {kind} rows, {warnings} warning(s).",
            file=printable(outcome.file_name),
            id=outcome.import_id,
            rows=f"{outcome.rows:,}",
            kind=outcome.extract_type,
            warnings=outcome.warnings,
        ),
        file=out,
    )
    for warning in warnings[:MAX_LISTED]:
        print("  " + _("warning: {warning}", warning=warning), file=out)


def import_file(
    path: Path,
    extract_type: str | None,
    db: Path,
    *,
    imported_by: str | None = None,
    synthetic: bool = False,
    out: TextIO = sys.stdout,
    leave_out_unknown: bool = False,
    mix_with_synthetic: bool = False,
    mappings: tuple[str, ...] = (),
) -> int:
    if not path.is_file():
        raise UsageError(_("no such file: {path}", path=path))
    try:
        measures = measures_for(db, mappings)
        prepared = prepare(
            path, extract_type, leave_out_unknown=leave_out_unknown, measures=measures
        )
    except RejectedFile as error:
        _print_problems(error, out)
        return 1
    try:
        outcome = import_prepared(
            db,
            prepared,
            imported_by=imported_by,
            synthetic=synthetic,
            mix_with_synthetic=mix_with_synthetic,
        )
    except RejectedFile as error:  # a rule between extracts (see pipelines/store/links.py)
        _print_problems(error, out)
        return 1
    if prepared.left_out and not outcome.already_imported:
        print(
            _(
                "Left out, as you asked (recorded with the import): {columns}",
                columns=", ".join(f"'{printable(h)}'" for h in prepared.left_out),
            ),
            file=out,
        )
    warnings = [p.describe() for p in iter_problems(prepared.warnings)]
    _print_outcome(outcome, [*warnings, *outcome.link_warnings], out)
    return 0


def _cmd_import(args: argparse.Namespace, out: TextIO) -> int:
    return import_file(
        args.file,
        args.type,
        config.store_path(args.db),
        imported_by=args.by,
        out=out,
        leave_out_unknown=args.leave_out_unknown_columns,
        mix_with_synthetic=args.mix_with_synthetic,
        mappings=tuple(args.map),
    )


def measures_for(db: Path, mappings: tuple[str, ...]) -> dict[tuple[str, str], MeasureChoice]:
    """The saved measure choices of the store, overridden by ``--map`` ones (for either
    published layout: a measure name is the file's own)."""
    saved: dict[tuple[str, str], MeasureChoice] = {}
    if db.exists():
        con = read_connection(db)
        try:
            saved = measure_choices(con)
        finally:
            con.close()
    for text in mappings:
        measure, sep, target = text.rpartition("=")
        if not sep or not measure.strip() or not target.strip():
            raise UsageError(_("--map needs MEASURE=INDICATOR, not {text}", text=repr(text)))
        indicator, _at, year_end = target.partition("@")
        for layout in (STATSWALES, EES):
            saved[(layout, measure_key(measure))] = MeasureChoice(
                layout, measure.strip(), indicator.strip(), year_end.strip() or None
            )
    return saved


def _cmd_imports(args: argparse.Namespace, out: TextIO) -> int:
    history = list_imports(config.store_path(args.db))
    if history.is_empty():
        print(_("No imports yet."), file=out)
        return 0
    columns = [
        "import_id",
        "extract_type",
        "file_name",
        "row_count",
        "imported_at",
        "imported_by",
        "status",
        "sha256",
    ]
    print("\t".join(columns), file=out)
    # A file name is the analyst's text: control characters (a tab, a line break) are shown as
    # escapes so a name cannot forge a column or a line of this listing.
    for row in history.select(columns).iter_rows():
        print("\t".join("" if v is None else printable(str(v)) for v in row), file=out)
    return 0


def _cmd_withdraw(args: argparse.Namespace, out: TextIO) -> int:
    withdraw_import(
        config.store_path(args.db), args.import_id, withdrawn_by=args.by, reason=args.reason
    )
    print(
        _(
            "Withdrew import {id}; the store reads as it did without it.",
            id=args.import_id,
        ),
        file=out,
    )
    return 0


def _cmd_schemas(args: argparse.Namespace, out: TextIO) -> int:
    from pipelines.extracts.dictionary import data_dictionary, schemas_json

    if args.markdown:
        out.write(data_dictionary())
    else:
        json.dump(schemas_json(), out, indent=2, ensure_ascii=False)
        out.write("\n")
    return 0


def _cmd_build(args: argparse.Namespace, out: TextIO) -> int:
    from pipelines.indicators.build import rebuild_series
    from pipelines.store import write_transaction

    db = config.store_path(args.db)
    if not db.exists():
        raise StoreError(_("there is no store at {path}", path=db))
    timings: dict[str, float] = {}
    with write_transaction(db, rebuild=None) as con:
        timings = rebuild_series(con)
    for family, seconds in timings.items():
        print(f"{family}\t{seconds:.3f} s", file=out)
    print(f"total\t{sum(timings.values()):.3f} s", file=out)
    return 0


def _cmd_series(args: argparse.Namespace, out: TextIO) -> int:
    from pipelines import read_models
    from pipelines.catalogue import indicator
    from pipelines.presentation.exports import safe_csv
    from pipelines.store import read_connection

    try:
        indicator(args.indicator_id)
    except ValueError as error:
        raise UsageError(str(error)) from None
    db = config.store_path(args.db)
    if not db.exists():
        raise StoreError(_("there is no store at {path}", path=db))
    con = read_connection(db)
    try:
        frame = read_models.series(con, args.indicator_id, args.period, args.breakdown)
        if frame.is_empty():
            known = read_models.breakdowns(con, args.indicator_id, args.period)
            raise StoreError(
                _(
                    "no {period} series for {id} with breakdown '{breakdown}' (available: "
                    "{available})",
                    period=args.period,
                    id=args.indicator_id,
                    breakdown=args.breakdown,
                    available=", ".join(known) or _("none"),
                )
            )
    finally:
        con.close()
    if args.format == "json":
        out.write(frame.write_json())
        out.write("\n")
    else:
        out.write(safe_csv(frame))
    return 0


def _cmd_demo(args: argparse.Namespace, out: TextIO) -> int:
    from pipelines.demo_store import build_demo_store

    db = config.store_path(args.db) if args.db else config.load_settings().demo_store_path
    if args.if_missing and db.exists():
        print(_("Store {path} exists; leaving it as it is.", path=db), file=out)
        return 0
    build_demo_store(db, seed=args.seed, out_dir=args.out, out=out)
    return 0


def _cmd_process_changes(args: argparse.Namespace, out: TextIO) -> int:
    from pipelines.store.process_changes import (
        ProcessChange,
        add_process_changes,
        list_process_changes,
        withdraw_process_change,
    )

    db = config.store_path(args.db)
    if args.action == "add":
        if not db.exists():
            raise StoreError(_("there is no store at {path}", path=db))
        change = ProcessChange(args.date, args.label, args.reason, tuple(args.indicator))
        [change_id] = add_process_changes(db, [change], added_by=args.by)
        print(
            _("Recorded process change {id}; the charts are rebased from it.", id=change_id),
            file=out,
        )
        return 0
    if args.action == "withdraw":
        withdraw_process_change(db, args.change_id, withdrawn_by=args.by, reason=args.reason)
        print(
            _(
                "Withdrew process change {id}; the charts no longer use it.",
                id=args.change_id,
            ),
            file=out,
        )
        return 0
    history = list_process_changes(db)
    if history.is_empty():
        print(_("No process changes recorded."), file=out)
        return 0
    columns = ["change_id", "change_date", "label", "indicator_ids", "added_by", "status"]
    print("\t".join(columns), file=out)
    for row in history.select(columns).iter_rows():
        ids = row[3]
        shown = [*row[:3], ";".join(ids) if ids else "all", *row[4:]]
        print("\t".join(str(v) for v in shown), file=out)
    return 0


def _cmd_flag_share(args: argparse.Namespace, out: TextIO) -> int:
    from pipelines.signals import flag_shares
    from pipelines.store import read_connection

    db = config.store_path(args.db)
    if not db.exists():
        raise StoreError(_("there is no store at {path}", path=db))
    con = read_connection(db)
    try:
        since, shares = flag_shares(con, args.period, args.since, headline_only=not args.all)
    finally:
        con.close()
    if since:
        heading = _(
            "Points flagged special cause, {totals} totals, periods ending on or after {date}",
            totals=_(TOTALS[args.period]) if args.period in TOTALS else f"{args.period}ly",
            date=date_long(since),
        )
    else:
        heading = _("Points flagged special cause (whole history)")
    print(heading, file=out)
    print("indicator\tpoints\tflagged\tshare", file=out)
    for share in shares:
        print(
            f"{share.indicator_id}\t{share.points}\t{share.flagged}\t{share.percent:.1f} %",
            file=out,
        )
    return 0


def _cmd_pack(args: argparse.Namespace, out: TextIO) -> int:
    from pipelines.board.pack import build_pack
    from pipelines.board.story import deck_label

    db = config.store_path(args.db)
    if not db.exists():
        raise StoreError(_("there is no store at {path}", path=db))
    if args.months < 0:
        raise UsageError(_("--months must be 0 (the whole history) or more"))
    name, data = build_pack(
        db,
        args.deck,
        args.fmt,
        council=config.load_settings().council_name,
        months=args.months or None,
        lang=args.pack_lang,
    )
    target = args.out or Path(name)
    if target.is_dir():
        target = target / name
    target.write_bytes(data)
    print(
        _(
            "Wrote the board pack ({format}, deck {deck}) to {path}",
            format=args.fmt,
            deck=printable(deck_label(args.deck)),
            path=target,
        ),
        file=out,
    )
    return 0


COMMANDS: dict[str, Callable[[argparse.Namespace, TextIO], int]] = {
    "import": _cmd_import,
    "imports": _cmd_imports,
    "withdraw": _cmd_withdraw,
    "schemas": _cmd_schemas,
    "demo": _cmd_demo,
    "build": _cmd_build,
    "series": _cmd_series,
    "process-changes": _cmd_process_changes,
    "flag-share": _cmd_flag_share,
    "pack": _cmd_pack,
}


def _leading_language(argv: list[str]) -> tuple[str | None, list[str]]:
    """The ``--lang`` given before the command (``--lang cy`` or ``--lang=cy``) when it is one
    the parser accepts, and the arguments after it; else None and ``argv``. The command's own
    options (``pack --lang``) are not read here."""
    if argv[:1] == ["--lang"] and len(argv) > 1 and argv[1] in LANGUAGES:
        return argv[1], argv[2:]
    if argv[:1] and argv[0].startswith("--lang="):
        code = argv[0].partition("=")[2]
        if code in LANGUAGES:
            return code, argv[1:]
    return None, argv


def main(
    argv: list[str] | None = None, out: TextIO | None = None, err: TextIO | None = None
) -> int:
    out = out or sys.stdout
    err = err or sys.stderr
    argv = list(sys.argv[1:] if argv is None else argv)
    language, rest = _leading_language(argv)
    if language:
        set_language(language)  # before the parser is built: its help is in this language
    if rest[:1] == ["spc"]:
        from pipelines.spc_cli import run_spc_cli

        return run_spc_cli(rest[1:], sys.stdin, out, err)
    parser = build_parser()
    try:
        args = parser.parse_args(argv)
        return COMMANDS[args.command](args, out)
    except UsageError as error:
        parser.print_usage(err)
        print(f"error: {error}", file=err)
        return 2
    except StoreError as error:
        print(f"error: {error}", file=err)
        return 1
