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
from pipelines.presentation.i18n import LANGUAGES, _, ngettext, set_language
from pipelines.published.layouts import EES, STATSWALES, MeasureChoice, measure_key
from pipelines.read_models import measure_choices
from pipelines.store import StoreError, import_prepared, list_imports, withdraw_import
from pipelines.store.reader import read_connection
from pipelines.store.writer import ImportOutcome

MAX_LISTED = 500


class UsageError(Exception):
    pass


class _Parser(argparse.ArgumentParser):
    def error(self, message: str) -> None:  # type: ignore[override]
        raise UsageError(message)


def _db_option(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--db",
        metavar="PATH",
        help=f"store file (default: ${config.DB_ENV_VAR}, else store.path in config.toml)",
    )


def build_parser() -> argparse.ArgumentParser:
    parser = _Parser(prog="python -m pipelines", description=__doc__)
    parser.add_argument(
        "--lang",
        choices=sorted(LANGUAGES),
        help="language of the messages: en (English) or cy (Cymraeg); default: [language] "
        "default in config.toml",
    )
    commands = parser.add_subparsers(dest="command", required=True, parser_class=_Parser)

    p = commands.add_parser("import", help="validate a CSV or xlsx extract, then store it")
    p.add_argument("file", type=Path)
    p.add_argument("--type", choices=sorted(EXTRACT_TYPES), help="extract type (default: detect)")
    p.add_argument("--by", help="who is importing (default: your user name)")
    p.add_argument(
        "--leave-out-unknown-columns",
        action="store_true",
        help="import the file without the columns no contract knows (recorded with the import)",
    )
    p.add_argument(
        "--mix-with-synthetic",
        action="store_true",
        help="allow real data into a store that holds the synthetic demo (not recommended)",
    )
    p.add_argument(
        "--map",
        action="append",
        default=[],
        metavar="MEASURE=INDICATOR[@MM-DD]",
        help="the indicator a published table's measure gives (StatsWales, EES), and the day its "
        "years end when the file does not say; saved with the import for next year's file",
    )
    _db_option(p)

    p = commands.add_parser("imports", help="list every import, with its status")
    _db_option(p)

    p = commands.add_parser("withdraw", help="withdraw an import; the figures return to before it")
    p.add_argument("import_id", type=int)
    p.add_argument("--by", help="who is withdrawing (default: your user name)")
    p.add_argument("--reason", help="why, for the history")
    _db_option(p)

    p = commands.add_parser("schemas", help="describe every extract type")
    p.add_argument("--json", action="store_true", help="machine-readable JSON")
    p.add_argument("--markdown", action="store_true", help="the data dictionary in Markdown")

    p = commands.add_parser("build", help="rebuild every indicator series")
    _db_option(p)

    p = commands.add_parser("series", help="print one indicator series with its SPC columns")
    p.add_argument("indicator_id")
    p.add_argument("--period", choices=ALL_PERIOD_TYPES, default="week")
    p.add_argument("--breakdown", default="total", help="e.g. team, source, service, age_band")
    p.add_argument("--format", choices=("csv", "json"), default="csv")
    _db_option(p)

    p = commands.add_parser(
        "spc", help="SPC for any CSV of period,value on standard input", add_help=False
    )

    p = commands.add_parser(
        "process-changes", help="list, add or withdraw the dates the service changed"
    )
    actions = p.add_subparsers(dest="action", required=True, parser_class=_Parser)
    q = actions.add_parser("list", help="every process change, with its status")
    _db_option(q)
    q = actions.add_parser("add", help="record a change: the affected charts are rebased from it")
    q.add_argument("date", type=_iso_date, help="the date the change took effect, yyyy-mm-dd")
    q.add_argument("--label", required=True, help="a few words shown on the charts")
    q.add_argument("--reason", required=True, help="why the limits start afresh")
    q.add_argument(
        "--indicator",
        action="append",
        default=[],
        metavar="ID",
        help="an indicator it affects (repeat for several; default: every indicator)",
    )
    q.add_argument("--by", help="who is recording it (default: your user name)")
    _db_option(q)
    q = actions.add_parser("withdraw", help="withdraw a change; the charts are rebuilt without it")
    q.add_argument("change_id", type=int)
    q.add_argument("--by", help="who is withdrawing it (default: your user name)")
    q.add_argument("--reason", help="why, for the history")
    _db_option(q)

    p = commands.add_parser(
        "flag-share",
        help="share of points flagged special cause per headline indicator since a date",
    )
    p.add_argument(
        "--since",
        type=_iso_date,
        help="first period end counted, yyyy-mm-dd (default: the latest process change)",
    )
    p.add_argument("--period", choices=ALL_PERIOD_TYPES, default="week")
    p.add_argument("--all", action="store_true", help="every indicator, not only the headline")
    _db_option(p)

    p = commands.add_parser("pack", help="the board pack of a deck as PDF or PowerPoint")
    p.add_argument("--deck", default="Default deck", help="the board deck (default: the default)")
    p.add_argument("--format", choices=("pdf", "pptx"), default="pdf", dest="fmt")
    p.add_argument(
        "--out",
        type=Path,
        help="file or folder to write (default: <council>-board-pack-<date>.<format> here)",
    )
    p.add_argument(
        "--months", type=int, default=18, help="months of each chart (0: the whole history)"
    )
    p.add_argument(
        "--lang",
        dest="pack_lang",
        choices=sorted(LANGUAGES),
        help="language of the pack: en (English) or cy (Cymraeg); default: the messages' language",
    )
    _db_option(p)

    p = commands.add_parser("demo", help="write the synthetic demo extracts and import them")
    p.add_argument("--seed", type=int, default=20220501)
    p.add_argument("--out", type=Path, help="folder for the CSV files (default: data/demo)")
    p.add_argument(
        "--if-missing", action="store_true", help="do nothing when the store already exists"
    )
    p.add_argument(
        "--db",
        metavar="PATH",
        help="store file for the demo (default: store.demo_path in config.toml, data/demo.duckdb)",
    )
    return parser


def _iso_date(text: str) -> dt.date:
    try:
        return dt.date.fromisoformat(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"not a date written yyyy-mm-dd: {text!r}") from None


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
        raise UsageError(f"no such file: {path}")
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
            "Left out, as you asked (recorded with the import): "
            + ", ".join(f"'{printable(h)}'" for h in prepared.left_out),
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
            raise UsageError(f"--map needs MEASURE=INDICATOR, not {text!r}")
        indicator, _, year_end = target.partition("@")
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
        raise StoreError(f"there is no store at {db}")
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
        raise StoreError(f"there is no store at {db}")
    con = read_connection(db)
    try:
        frame = read_models.series(con, args.indicator_id, args.period, args.breakdown)
        if frame.is_empty():
            known = read_models.breakdowns(con, args.indicator_id, args.period)
            raise StoreError(
                f"no {args.period} series for {args.indicator_id} with breakdown "
                f"'{args.breakdown}' (available: {', '.join(known) or 'none'})"
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
        print(f"Store {db} exists; leaving it as it is.", file=out)
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
            raise StoreError(f"there is no store at {db}")
        change = ProcessChange(args.date, args.label, args.reason, tuple(args.indicator))
        [change_id] = add_process_changes(db, [change], added_by=args.by)
        print(f"Recorded process change {change_id}; the charts are rebased from it.", file=out)
        return 0
    if args.action == "withdraw":
        withdraw_process_change(db, args.change_id, withdrawn_by=args.by, reason=args.reason)
        print(f"Withdrew process change {args.change_id}; the charts no longer use it.", file=out)
        return 0
    history = list_process_changes(db)
    if history.is_empty():
        print("No process changes recorded.", file=out)
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
        raise StoreError(f"there is no store at {db}")
    con = read_connection(db)
    try:
        since, shares = flag_shares(con, args.period, args.since, headline_only=not args.all)
    finally:
        con.close()
    print(
        f"Points flagged special cause, {args.period}ly totals, periods ending on or after "
        f"{since:%d %B %Y}"
        if since
        else "Points flagged special cause (whole history)",
        file=out,
    )
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
        raise StoreError(f"there is no store at {db}")
    if args.months < 0:
        raise UsageError("--months must be 0 (the whole history) or more")
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


def main(
    argv: list[str] | None = None, out: TextIO | None = None, err: TextIO | None = None
) -> int:
    out = out or sys.stdout
    err = err or sys.stderr
    argv = list(sys.argv[1:] if argv is None else argv)
    if argv[:1] == ["spc"]:
        from pipelines.spc_cli import run_spc_cli

        return run_spc_cli(argv[1:], sys.stdin, out, err)
    parser = build_parser()
    try:
        args = parser.parse_args(argv)
        if args.lang:
            set_language(args.lang)
        return COMMANDS[args.command](args, out)
    except UsageError as error:
        parser.print_usage(err)
        print(f"error: {error}", file=err)
        return 2
    except StoreError as error:
        print(f"error: {error}", file=err)
        return 1
