"""Writing to the store: imports and withdrawals, each all-or-nothing and published atomically."""

from __future__ import annotations

import contextlib
import dataclasses
import datetime as dt
import fcntl
import getpass
import os
import shutil
import stat
import uuid
from collections.abc import Callable, Collection, Iterator
from dataclasses import dataclass
from pathlib import Path

import duckdb
import polars as pl

from pipelines.extracts import EXTRACT_TYPES
from pipelines.ingest import Prepared, RejectedFile
from pipelines.ingest.problems import iter_problems
from pipelines.ingest.reader import ROW
from pipelines.presentation.i18n import _
from pipelines.published.layouts import measure_key
from pipelines.store.ddl import ensure_schema, raw_table
from pipelines.store.links import link_problems
from pipelines.store.reader import first_row, query_frame, read_connection, registered


def rebuild_derived(
    con: duckdb.DuckDBPyConnection,
    changed: Collection[str] | None = None,
    batches: Collection[int] | None = None,
) -> None:
    """Rebuild what is derived from the extracts (the indicator series) inside a write: only what
    reads the ``changed`` extracts (from the periods the ``batches`` added or withdrawn can
    change), or everything when None (see ``rebuild_series``)."""
    from pipelines.indicators.build import rebuild_series  # the indicators read the store

    rebuild_series(con, changed, batches)


def _rebuild_changed(
    changed: set[str], batches: set[int]
) -> Callable[[duckdb.DuckDBPyConnection], None]:
    """The rebuild of a write that changes the extracts in ``changed`` by the import ids in
    ``batches`` (both filled in by the write before it ends)."""
    return lambda con: rebuild_derived(con, changed, batches)


class StoreError(Exception):
    """A request the store refuses (unknown or already withdrawn import, …)."""


class MixedDataRefused(StoreError):
    """Real data into a store holding synthetic demo data (or the reverse), not asked for."""


def store_contents(con: duckdb.DuckDBPyConnection) -> str:
    """What the store's active imports hold: "empty", "synthetic", "real" or "mixed" (the
    inspection register is reference data and counts as neither)."""
    row = first_row(
        con,
        "SELECT count(*) FILTER (WHERE synthetic), count(*) FILTER (WHERE NOT synthetic) "
        "FROM imports WHERE status = 'active' AND extract_type <> 'inspection_concerns'",
    )
    synthetic, real = row or (0, 0)
    if synthetic and real:
        return "mixed"
    return "synthetic" if synthetic else "real" if real else "empty"


def published_contents(path: Path) -> str:
    """:func:`store_contents` of the store as published now ("empty" when there is none)."""
    if not path.exists():
        return "empty"
    con = read_connection(path)
    try:
        has_view = first_row(con, "SELECT count(*) FROM duckdb_views() WHERE view_name = 'imports'")
        return store_contents(con) if has_view and has_view[0] else "empty"
    finally:
        con.close()


def _refuse_mixing(con: duckdb.DuckDBPyConnection, prepared: Prepared, synthetic: bool) -> None:
    """Why: figures from the synthetic demo council and a real council must never be added
    together without anyone deciding so; the banner then says the store is mixed."""
    if prepared.extract.name == "inspection_concerns":
        return
    holds = store_contents(con)
    if not synthetic and holds in ("synthetic", "mixed"):
        raise MixedDataRefused(
            _(
                "this store holds synthetic demo data; importing real data into it would mix the "
                "two in every figure. Import into your council's own store (--db PATH, or "
                "store.path in config.toml), or, if you really mean to mix them, say so with "
                "--mix-with-synthetic (the upload page's 'add it to the demo data anyway')"
            )
        )
    if synthetic and holds in ("real", "mixed"):
        raise MixedDataRefused(
            _(
                "this store holds real data; the synthetic demo belongs in its own store "
                "(`python -m pipelines demo` builds data/demo.duckdb)"
            )
        )


class _NothingToPublish(Exception):
    pass


@dataclass(frozen=True)
class ImportOutcome:
    import_id: int
    extract_type: str
    file_name: str
    rows: int
    warnings: int
    already_imported: bool  # True when the same file was already in the store: nothing changed
    link_warnings: tuple[str, ...] = ()  # warnings from the rules between extracts, in words


def _lock_path(path: Path) -> Path:
    return path.with_name(path.name + ".lock")


def _fsync(path: Path) -> None:
    fd = os.open(path, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


NEW_STORE_MODE = 0o600  # a new store holds children's records: readable by its owner only


def _published_file(path: Path) -> Path:
    """The file to publish to: a symlinked store path updates its target, not the link."""
    return Path(os.path.realpath(path))


def _keep_mode_and_owner(draft: Path, published: Path) -> None:
    """The new file gets the published file's mode and owner (a new store: owner only)."""
    if not published.exists():
        os.chmod(draft, NEW_STORE_MODE)
        return
    info = os.stat(published)
    os.chmod(draft, stat.S_IMODE(info.st_mode))
    if (info.st_uid, info.st_gid) != (os.stat(draft).st_uid, os.stat(draft).st_gid):
        with contextlib.suppress(PermissionError):  # only root may give a file away
            os.chown(draft, info.st_uid, info.st_gid)


def _remove_stale(path: Path) -> None:
    for stale in path.parent.glob(path.name + ".next-*"):
        if stale.is_dir() and not stale.is_symlink():
            shutil.rmtree(stale, ignore_errors=True)
        else:
            stale.unlink(missing_ok=True)


@contextlib.contextmanager
def write_transaction(
    path: Path,
    *,
    rebuild: Callable[[duckdb.DuckDBPyConnection], None] | None = rebuild_derived,
    schema: Callable[[duckdb.DuckDBPyConnection], None] = ensure_schema,
) -> Iterator[duckdb.DuckDBPyConnection]:
    """A read-write connection to a private copy of the store, published if the block succeeds.

    Writers are serialised by an exclusive lock on ``<store>.lock``. The copy is renamed over the
    published file only after the transaction committed and was checkpointed, so a failure or a
    kill at any point leaves the published store exactly as it was. The copy is made inside a
    private (0700) folder beside the store, so real data is never readable by others while it is
    written, and is published with the mode and owner the store had.
    """
    path = _published_file(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    lock_fd = os.open(_lock_path(path), os.O_RDWR | os.O_CREAT, NEW_STORE_MODE)
    with os.fdopen(lock_fd, "a+") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        _remove_stale(path)
        folder = path.with_name(f"{path.name}.next-{os.getpid()}-{uuid.uuid4().hex[:8]}")
        folder.mkdir(mode=0o700)
        draft = folder / path.name
        try:
            if path.exists():
                shutil.copyfile(path, draft)
            con = duckdb.connect(str(draft))
            try:
                schema(con)
                con.begin()
                try:
                    yield con
                    if rebuild is not None:
                        rebuild(con)
                    con.commit()
                except BaseException:
                    con.rollback()
                    raise
                con.execute("CHECKPOINT")
            finally:
                con.close()
            _keep_mode_and_owner(draft, path)
            _fsync(draft)
            os.replace(draft, path)
            _fsync(path.parent)
        except _NothingToPublish:
            pass
        finally:
            shutil.rmtree(folder, ignore_errors=True)


def _existing_import(con: duckdb.DuckDBPyConnection, sha256: str) -> tuple | None:
    return first_row(
        con,
        "SELECT import_id, extract_type, row_count, warning_count FROM imports "
        "WHERE sha256 = ? AND status = 'active' ORDER BY import_id LIMIT 1",
        [sha256],
    )


def _published_duplicate(path: Path, sha256: str) -> tuple | None:
    if not path.exists():
        return None
    con = read_connection(path)
    try:
        has_table = first_row(
            con, "SELECT count(*) FROM duckdb_views() WHERE view_name = 'imports'"
        )
        return _existing_import(con, sha256) if has_table and has_table[0] else None
    finally:
        con.close()


def _insert_rows(con: duckdb.DuckDBPyConnection, prepared: Prepared, import_id: int) -> None:
    columns = ", ".join(f'"{c}"' for c in prepared.extract.columns)
    with registered(con, prepared.frame.rename({ROW: "_row"})) as rows:
        con.execute(
            f"INSERT INTO {raw_table(prepared.extract)} ({columns}, _import_id, _row) "
            f"SELECT {columns}, ?, _row FROM {rows}",
            [import_id],
        )


def _insert_lineage(
    con: duckdb.DuckDBPyConnection,
    prepared: Prepared,
    import_id: int,
    imported_by: str,
    synthetic: bool,
    now: dt.datetime,
    warnings: pl.DataFrame,
) -> ImportOutcome:
    raw = prepared.raw
    con.execute(
        "INSERT INTO import_batches VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
        [
            import_id,
            prepared.extract.name,
            raw.file_name,
            raw.sha256,
            prepared.rows,
            warnings.height,
            now,
            imported_by,
            synthetic,
        ],
    )
    kept = warnings.select("row", "column", "value", "rule", "reason")
    with registered(con, kept) as name:
        con.execute(
            f'INSERT INTO import_warnings SELECT ?, "row", "column", "value", rule, reason '
            f"FROM {name}",
            [import_id],
        )
    for header in prepared.left_out:
        con.execute("INSERT INTO import_left_out_columns VALUES (?, ?)", [import_id, header])
    for choice in prepared.measures:
        con.execute(
            "INSERT INTO import_measure_choices VALUES (?, ?, ?, ?, ?, ?)",
            [
                import_id,
                choice.layout,
                choice.measure,
                measure_key(choice.measure),
                choice.indicator_id,
                choice.year_end,
            ],
        )
    return ImportOutcome(
        import_id, prepared.extract.name, raw.file_name, prepared.rows, warnings.height, False
    )


def _next_import_id(con: duckdb.DuckDBPyConnection) -> int:
    return first_row(con, "SELECT coalesce(max(import_id), 0) + 1 FROM import_batches")[0]


def insert_batch(
    con: duckdb.DuckDBPyConnection,
    prepared: Prepared,
    imported_by: str,
    synthetic: bool,
    now: dt.datetime,
    mix_with_synthetic: bool = False,
) -> ImportOutcome:
    """Store one validated file as a new batch (rows, lineage and the file's own warnings)."""
    if not mix_with_synthetic:
        _refuse_mixing(con, prepared, synthetic)
    import_id = _next_import_id(con)
    _insert_rows(con, prepared, import_id)
    return _insert_lineage(con, prepared, import_id, imported_by, synthetic, now, prepared.warnings)


def _already(found: tuple, prepared: Prepared) -> ImportOutcome:
    return ImportOutcome(found[0], found[1], prepared.raw.file_name, found[2], found[3], True)


def import_many(
    path: Path,
    files: list[Prepared],
    *,
    imported_by: str | None = None,
    synthetic: bool = False,
    now: dt.datetime | None = None,
    mix_with_synthetic: bool = False,
) -> list[ImportOutcome]:
    """Store several validated files in one transaction (one batch each, one rebuild).

    Each file already in the store (same SHA-256, not withdrawn) is a no-op. All or nothing: if
    anything fails (a rule between extracts, mixing real and synthetic data), none of the files is
    stored.
    """
    by = imported_by or getpass.getuser()
    when = now or dt.datetime.now()
    slots: list[ImportOutcome | tuple[int, Prepared]] = []  # an outcome, or a new import id
    changed: set[str] = set()
    batches: set[int] = set()
    with write_transaction(path, rebuild=_rebuild_changed(changed, batches)) as con:
        new: dict[int, Prepared] = {}
        by_sha: dict[str, int] = {}
        next_id = _next_import_id(con)
        for prepared in files:
            sha = prepared.raw.sha256
            found = _existing_import(con, sha)
            if found is not None:
                slots.append(_already(found, prepared))
            elif sha in by_sha:  # the same file twice in one call: the first one is stored
                slots.append((by_sha[sha], prepared))
            else:
                if not mix_with_synthetic:
                    _refuse_mixing(con, prepared, synthetic)
                _insert_rows(con, prepared, next_id)
                changed.add(prepared.extract.name)
                batches.add(next_id)
                new[next_id] = prepared
                by_sha[sha] = next_id
                slots.append((next_id, prepared))
                next_id += 1
        if not new:
            raise _NothingToPublish
        checked = link_problems(con, new)  # rules between extracts, on the store as it would be
        errors = checked.filter(pl.col("severity") == "error")
        if errors.height:
            first = new[int(errors["import_id"][0])].extract.name
            raise RejectedFile(errors.drop("import_id"), first)
        stored = {}
        for import_id, prepared in new.items():
            extra = checked.filter(pl.col("import_id") == import_id).drop("import_id")
            warnings = pl.concat([prepared.warnings, extra.cast(prepared.warnings.schema)])
            outcome = _insert_lineage(con, prepared, import_id, by, synthetic, when, warnings)
            words = tuple(p.describe() for p in iter_problems(extra))
            stored[import_id] = dataclasses.replace(outcome, link_warnings=words)
    outcomes = []
    for slot in slots:
        if isinstance(slot, ImportOutcome):
            outcomes.append(slot)
            continue
        import_id, prepared = slot
        first = stored[import_id]
        again = new[import_id] is not prepared
        outcomes.append(
            dataclasses.replace(first, file_name=prepared.raw.file_name, already_imported=True)
            if again
            else first
        )
    return outcomes


def import_prepared(
    path: Path,
    prepared: Prepared,
    *,
    imported_by: str | None = None,
    synthetic: bool = False,
    now: dt.datetime | None = None,
    mix_with_synthetic: bool = False,
) -> ImportOutcome:
    """Store a validated file as a new import batch; the same file twice is a no-op.

    Real data into a store holding synthetic demo data (or the reverse) raises
    :class:`MixedDataRefused` unless ``mix_with_synthetic``; a file breaking a rule between
    extracts (see :mod:`pipelines.store.links`) raises :class:`RejectedFile`.
    """
    found = _published_duplicate(path, prepared.raw.sha256)
    if found is not None:
        return _already(found, prepared)
    outcome = import_many(
        path,
        [prepared],
        imported_by=imported_by,
        synthetic=synthetic,
        now=now,
        mix_with_synthetic=mix_with_synthetic,
    )
    return outcome[0]


def withdraw_import(
    path: Path, import_id: int, *, withdrawn_by: str | None = None, reason: str | None = None
) -> None:
    """Withdraw an import: the store then reads exactly as if it had never been made."""
    if not path.exists():
        raise StoreError(_("there is no store at {path}", path=path))
    changed: set[str] = set()
    batches: set[int] = set()
    with write_transaction(path, rebuild=_rebuild_changed(changed, batches)) as con:
        row = first_row(
            con, "SELECT status, extract_type FROM imports WHERE import_id = ?", [import_id]
        )
        if row is None:
            raise StoreError(
                _("there is no import {id}; see `python -m pipelines imports`", id=import_id)
            )
        if row[0] == "withdrawn":
            raise StoreError(_("import {id} is already withdrawn", id=import_id))
        changed.add(row[1])
        batches.add(import_id)
        con.execute(
            "INSERT INTO import_withdrawals VALUES (?, ?, ?, ?)",
            [import_id, dt.datetime.now(), withdrawn_by or getpass.getuser(), reason],
        )


def list_imports(path: Path) -> pl.DataFrame:
    """Every import, oldest first, with its derived status."""
    if not path.exists():
        return pl.DataFrame()
    con = read_connection(path)
    try:
        return query_frame(con, "SELECT * FROM imports ORDER BY import_id")
    finally:
        con.close()


def current_counts(path: Path) -> dict[str, int]:
    """Current record count per extract type (latest non-withdrawn version of each record)."""
    con = read_connection(path)
    try:
        return {name: first_row(con, f"SELECT count(*) FROM {name}")[0] for name in EXTRACT_TYPES}
    finally:
        con.close()
