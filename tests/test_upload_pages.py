"""Analysts upload extracts in the browser: the upload and import-history pages, driven by AppTest.

What AppTest can and cannot do here (Streamlit 1.67)
----------------------------------------------------
AppTest does support ``st.file_uploader``: ``at.file_uploader[0].set_value((name, bytes, mime))``
registers the bytes with the test's in-memory upload manager, and the next ``run()`` hands the
page a real ``UploadedFile``. So these tests drive the whole browser flow through the real pages
(dashboard.py's navigation, sign-in in local mode, the guard, the chrome): choose a file, read the
validation report or the preview, commit, then withdraw from the history page with its
confirmation step, and check the figures the overview tiles show before, after and after the
withdrawal. Streamlit's own file-type check runs too (it is why the page accepts .xls: see the
old_excel case).

What AppTest does not do: no browser, so no drag and drop, no upload size limit enforced by the
server (``server.maxUploadSize``; the page's own ``imports.max_upload_mb`` check is tested), no
download of the CSV report (its contents are tested in test_report.py) and nothing about layout.
The pages are run in local mode (no sign-in configured); roles come from ``local_mode_role`` in a
private config file given by ``DASHBOARD_CONFIG``.
"""

from __future__ import annotations

import datetime as dt
import math
from collections.abc import Iterator
from pathlib import Path

import pytest
from conftest import file_sha256, write_csv
from dashboard_helpers import overview_tiles as tile_figures
from streamlit.testing.v1 import AppTest
from streamlit.testing.v1.element_tree import Block
from test_bad_inputs import BAD_INPUTS, BASELINE_CHILD_PROTECTION, CASES, GENERATORS, Bad
from upload_helpers import (
    DEMO_END,
    PROJECT_ROOT,
    contacts_csv,
    copy_store,
    demo_store_original,
    figures,
    latest_week_value,
    write_config,
    write_text,
)

from pipelines.demo_store import IMPORT_ORDER
from pipelines.ingest import prepare
from pipelines.presentation.formatting import format_value
from pipelines.presentation.plain import plain
from pipelines.store import import_prepared, list_imports, read_connection

DASHBOARD = str(PROJECT_ROOT / "dashboard.py")
TIMEOUT = 90
DETECT = "Detect from the column headers"
UPLOAD_PAGE = "pages/upload.py"
HISTORY_PAGE = "pages/history.py"
LOCAL_USER = "local user"  # who the history records in local mode
# The demo store's imports: one per demo extract, plus the inspection register, the demo
# council's improvement plan and the synthetic benchmark set.
DEMO_IMPORTS = len(IMPORT_ORDER) + 3
RECEIVED = "Contacts received (children)"


# --- fixtures and helpers -------------------------------------------------------------------------


@pytest.fixture(scope="module")
def demo_original(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return demo_store_original(tmp_path_factory)


@pytest.fixture
def demo_store(demo_original: Path, tmp_path: Path) -> Path:
    return copy_store(demo_original, tmp_path)


def open_app(
    monkeypatch: pytest.MonkeyPatch, folder: Path, store: Path, **settings: object
) -> AppTest:
    """The dashboard on ``store`` with some settings changed, after its first run (the overview)."""
    settings.setdefault("allow_local_mode_with_real_data", True)  # uploads here are "real" data
    monkeypatch.setenv("DASHBOARD_DB", str(store))
    monkeypatch.setenv("DASHBOARD_CONFIG", str(write_config(folder, **settings)))
    at = AppTest.from_file(DASHBOARD, default_timeout=TIMEOUT)
    at.run()
    assert not at.exception, at.exception
    return at


def go(at: AppTest, page: str) -> AppTest:
    at.switch_page(page).run()
    assert not at.exception, at.exception
    return at


def upload(at: AppTest, name: str, content: bytes, extract_type: str | None = None) -> AppTest:
    chooser = next(s for s in at.selectbox if s.label == "Extract type")
    chooser.set_value(extract_type or DETECT)
    at.file_uploader[0].set_value((name, content, "application/octet-stream"))
    at.run()
    assert not at.exception, at.exception
    return at


MIX = "Add this real file to the synthetic demo data anyway"


def commit(at: AppTest, *, mix: bool = True) -> AppTest:
    """Commit the checked file; into the synthetic demo store only after saying so (``mix``)."""
    boxes = [c for c in at.checkbox if c.label == MIX]
    if mix and boxes:
        boxes[0].check()
        at.run()
    button(at, "Commit this import").click()
    at.run()
    assert not at.exception, at.exception
    return at


def button(at: AppTest, label: str):  # type: ignore[no-untyped-def]
    matches = [b for b in at.button if b.label == label]
    assert len(matches) == 1, [b.label for b in at.button]
    return matches[0]


def blocks(node: object) -> Iterator[Block]:
    for child in getattr(node, "children", {}).values():
        if isinstance(child, Block):
            yield child
            yield from blocks(child)


def overview_tiles(at: AppTest) -> dict[str, str]:
    """Indicator name -> the value its overview tile shows."""
    return {name: tile["value"] for name, tile in tile_figures(at.main).items()}


def metric(at: AppTest, label: str) -> str:
    return next(m.value for m in at.metric if m.label == label)


def upload_state(at: AppTest) -> tuple[str, object, Path]:
    """The page's record of the current upload: (status, result, saved copy)."""
    keys = [k for k in at.session_state if k.startswith("upload-") and k.count("-") >= 2]
    keys = [k for k in keys if not k.endswith("-preview")]
    assert len(keys) == 1, keys
    return at.session_state[keys[0]]


def new_contacts(count: int = 40) -> bytes:
    """Contacts received Monday 24 to Friday 28 March 2025 (the demo's last week), undecided."""
    text = contacts_csv(
        1, count, start=dt.date(2025, 3, 24), days=5, decided=False, team="IAA Hub", prefix="UP"
    )
    return text.encode("utf-8")


def current_count(store: Path, view: str) -> int:
    con = read_connection(store)
    try:
        return con.execute(f"SELECT count(*) FROM {view}").fetchone()[0]  # type: ignore[index]
    finally:
        con.close()


# --- a valid file: preview, commit, withdraw ------------------------------------------------------


def test_upload_preview_commit_and_withdraw_change_the_figures_and_restore_them(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path, demo_store: Path
) -> None:
    at = open_app(monkeypatch, tmp_path, demo_store)
    tiles_before = overview_tiles(at)
    figures_before = figures(demo_store)
    week_end, received_before = latest_week_value(demo_store, "fd_contacts_received")
    assert week_end == DEMO_END
    assert tiles_before[RECEIVED] == format_value(received_before, "count")
    in_store = current_count(demo_store, "contacts")

    # Choose the file: it is checked and previewed; nothing is stored yet.
    go(at, UPLOAD_PAGE)
    sha_before = file_sha256(demo_store)
    upload(at, "contacts_2025-03-30.csv", new_contacts(40))
    assert [s.value for s in at.success] == [
        f"{plain('contacts_2025-03-30.csv')} passed every check: 40 contacts (front door) rows."
    ]
    assert metric(at, "New records") == "40"
    assert metric(at, "Changed records") == "0"
    assert metric(at, "Unchanged records") == "0"
    assert metric(at, "In the store, not in this file") == f"{in_store:,}"
    assert any(m.value == "The file covers 24 March 2025 to 28 March 2025." for m in at.markdown), [
        m.value for m in at.markdown
    ]
    headline = at.dataframe[-1].value
    received = headline[headline["Indicator"] == RECEIVED].iloc[0]
    assert received["Before"] == format_value(received_before, "count")
    assert received["After"] == format_value(received_before + 40, "count")
    assert received["Week ending"] == DEMO_END.strftime("%d/%m/%Y")
    assert file_sha256(demo_store) == sha_before, "the preview changed the published store"
    _, _, saved = upload_state(at)

    # Commit.
    commit(at)
    assert not at.exception, at.exception
    assert any(
        s.value.startswith(
            f"Imported as import {DEMO_IMPORTS + 1}: 40 rows. The dashboard now shows the new figures"
        )
        for s in at.success
    ), [s.value for s in at.success]
    assert not saved.exists(), "the uploaded copy is deleted once imported"
    assert latest_week_value(demo_store, "fd_contacts_received") == (
        DEMO_END,
        received_before + 40,
    )
    history = list_imports(demo_store)
    last = history.row(-1, named=True)
    assert (last["import_id"], last["file_name"], last["imported_by"], last["status"]) == (
        DEMO_IMPORTS + 1,
        "contacts_2025-03-30.csv",
        LOCAL_USER,
        "active",
    )
    go(at, "pages/overview.py")
    tiles_after = overview_tiles(at)
    assert tiles_after[RECEIVED] == format_value(received_before + 40, "count")
    assert tiles_after != tiles_before

    # The history lists it; withdrawing needs the confirmation box ticked first.
    go(at, HISTORY_PAGE)
    table = at.dataframe[0].value
    row = table[table["Import"] == DEMO_IMPORTS + 1].iloc[0]
    assert (row["File"], row["Who"], row["Status"], row["Rows"]) == (
        "contacts_2025-03-30.csv",
        LOCAL_USER,
        "active",
        "40",  # counts are shown with thousands separators, as text
    )
    chooser = next(s for s in at.selectbox if s.label == "Import")
    assert chooser.value == DEMO_IMPORTS + 1  # newest first
    withdraw = button(at, "Withdraw import")
    assert withdraw.disabled
    at.checkbox[0].check()
    at.run()
    withdraw = button(at, "Withdraw import")
    assert not withdraw.disabled
    at.text_input[0].input("uploaded the wrong week")
    withdraw.click()
    at.run()
    assert not at.exception, at.exception
    assert [s.value for s in at.success] == [
        f"Import {DEMO_IMPORTS + 1} withdrawn. The figures no longer include it."
    ]

    # The figures are exactly as they were before the upload.
    assert figures(demo_store) == figures_before
    go(at, "pages/overview.py")
    assert overview_tiles(at) == tiles_before
    go(at, HISTORY_PAGE)
    table = at.dataframe[0].value
    row = table[table["Import"] == DEMO_IMPORTS + 1].iloc[0]
    assert (row["Status"], row["Withdrawn by"]) == ("withdrawn", LOCAL_USER)
    assert list_imports(demo_store).row(-1, named=True)["withdrawal_reason"] == (
        "uploaded the wrong week"
    )


def test_a_new_council_commits_its_first_extract_in_the_browser(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    """No store yet: the other pages say so; the upload page works and its commit creates one."""
    store = tmp_path / "new" / "dashboard.duckdb"
    at = open_app(monkeypatch, tmp_path, store)
    assert [w.value for w in at.warning if w.value.startswith("There is no data store yet.")]
    assert not at.metric
    go(at, UPLOAD_PAGE)
    assert any(i.value.startswith("There is no data store yet: the first extract") for i in at.info)
    upload(at, "contacts.csv", new_contacts(5))
    assert metric(at, "New records") == "5"
    assert not store.exists(), "the preview made a store"
    commit(at)
    assert [s.value for s in at.success if s.value.startswith("Imported as import 1: 5 rows.")]
    assert current_count(store, "contacts") == 5


def test_uploading_a_file_already_in_the_store_changes_nothing(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path, demo_store: Path
) -> None:
    content = new_contacts(12)
    first = import_prepared(
        demo_store,
        prepare(write_text(tmp_path / "files" / "first.csv", content.decode())),
        imported_by=LOCAL_USER,
        mix_with_synthetic=True,
    )
    at = go(open_app(monkeypatch, tmp_path, demo_store), UPLOAD_PAGE)
    upload(at, "same file, new name.csv", content)
    assert metric(at, "New records") == "0"
    assert metric(at, "Unchanged records") == "12"
    sha = file_sha256(demo_store)
    commit(at)
    assert [i.value for i in at.info if "already in the store" in i.value] == [
        f"This file is already in the store as import {first.import_id}; nothing changed."
    ]
    assert file_sha256(demo_store) == sha


def test_choosing_another_file_forgets_the_first_one(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path, demo_store: Path
) -> None:
    """Only the current upload is kept, in the session; its copy on disk lives only while it is
    checked (issue 9: an upload never committed must not linger)."""
    at = go(open_app(monkeypatch, tmp_path, demo_store), UPLOAD_PAGE)
    upload(at, "first.csv", new_contacts(3))
    status, _, first_copy = upload_state(at)
    assert status == "ok" and not first_copy.exists()
    upload(at, "second.csv", new_contacts(4))
    status, prepared, second_copy = upload_state(at)  # exactly one upload is remembered
    assert status == "ok" and prepared.raw.file_name == "second.csv"  # type: ignore[attr-defined]
    assert not second_copy.exists()
    assert oct(second_copy.parent.stat().st_mode & 0o777) == "0o700"
    assert metric(at, "New records") == "4"


def test_a_file_larger_than_the_limit_is_refused_before_it_is_read(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path, demo_store: Path
) -> None:
    at = go(open_app(monkeypatch, tmp_path, demo_store, max_upload_mb=0), UPLOAD_PAGE)
    sha = file_sha256(demo_store)
    upload(at, "contacts.csv", new_contacts(3))
    assert len(at.error) == 1
    assert "the largest upload accepted is 0 MB" in at.error[0].value
    assert not at.success and not at.metric
    assert not [k for k in at.session_state if k.startswith("upload-")]
    assert file_sha256(demo_store) == sha


def test_in_local_mode_a_real_import_locks_the_dashboard_until_configured(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path, demo_store: Path
) -> None:
    """Local mode is for synthetic data only (README): after a real import it shows nothing."""
    at = go(
        open_app(monkeypatch, tmp_path, demo_store, allow_local_mode_with_real_data=False),
        UPLOAD_PAGE,
    )
    upload(at, "contacts.csv", new_contacts(3))
    # Warned before the commit, not after it (issue 9, item 25).
    assert any("Once this real file is committed" in w.value for w in at.warning)
    commit(at)
    [message] = [
        s.value for s in at.success if s.value.startswith(f"Imported as import {DEMO_IMPORTS + 1}")
    ]
    assert "now locked until sign-in is configured" in message
    assert "now shows the new figures" not in message
    at.run()
    assert len(at.error) == 1
    assert at.error[0].value.startswith("This store holds real data")
    assert not at.file_uploader and not at.metric


# --- every bad file: its own message, through the page, and nothing changes ------------------------


@pytest.fixture(scope="module")
def bad_files(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("generated_bad_inputs_for_upload")
    for name, generate in GENERATORS.items():
        generate(folder / name)
    return folder


@pytest.fixture(scope="module")
def upload_page(
    demo_original: Path, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[tuple[AppTest, Path]]:
    """One session on the upload page for the whole bad-input suite (nothing may change)."""
    folder = tmp_path_factory.mktemp("bad_input_uploads")
    store = copy_store(demo_original, folder)
    for name, text in BASELINE_CHILD_PROTECTION.items():  # what the child protection cases need
        import_prepared(
            store, prepare(write_csv(folder, name, text)), imported_by="test", synthetic=True
        )
    with pytest.MonkeyPatch.context() as patch:
        yield go(open_app(patch, folder, store), UPLOAD_PAGE), store


def displayed_problems(at: AppTest) -> list[dict[str, object]]:
    rows = []
    for frame in at.dataframe:
        if "Problem" not in frame.value.columns:  # the warnings shown beside the problems
            continue
        for record in frame.value.to_dict("records"):
            rows.append(
                {
                    k: (None if isinstance(v, float) and math.isnan(v) else v)
                    for k, v in record.items()
                }
            )
    return rows


# A case that needs a measure's indicator chosen is made through the page's form below.
@pytest.mark.parametrize("case", [c for c in CASES if not c.measures], ids=lambda c: c.id)
def test_bad_file_gets_its_message_on_the_upload_page_and_changes_nothing(
    case: Bad, bad_files: Path, upload_page: tuple[AppTest, Path]
) -> None:
    at, store = upload_page
    path = bad_files / case.file if case.file in GENERATORS else BAD_INPUTS / case.file
    sha = file_sha256(store)
    files_before = sorted(store.parent.iterdir())
    upload(at, case.file, path.read_bytes(), case.extract_type)

    expected_rows = list(case.rows) or [case.row]
    plural = "s" if len(expected_rows) != 1 else ""
    assert [e.value for e in at.error] == [
        f"**{plain(case.file)} was not imported:** {len(expected_rows)} problem{plural} found. "
        "Nothing in the store has changed. Fix the file in Excel and upload it again."
    ]
    assert [x.label for x in at.expander if "warning" not in x.label] == [
        x.label for x in at.expander if plain(case.phrase) in x.label
    ]
    shown = displayed_problems(at)
    assert [r["Row (Excel)"] for r in shown] == expected_rows
    for record in shown:
        assert case.phrase in str(record["Problem"])
        assert record["Column"] == case.column
        assert record["Value"] == case.value
        assert record["What to do"], "every problem says what to do"
    assert [b.label for b in at.get("download_button")] == ["Download the full error report (CSV)"]
    assert not at.success and not at.metric, "no preview for a rejected file"
    assert not [b for b in at.button if b.label == "Commit this import"]
    status, _, saved = upload_state(at)
    assert status == "rejected"
    assert not saved.exists(), "a rejected upload's copy is deleted at once"
    assert file_sha256(store) == sha
    assert sorted(store.parent.iterdir()) == files_before


def test_a_bad_file_is_explained_in_welsh_on_the_welsh_upload_page(
    demo_store: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The same US-style date on the page in Welsh: the group's heading, the problem and what to
    do in Welsh; the row, the column as headed in the file and the value as typed."""
    case = next(c for c in CASES if c.file == "us_date.csv")
    at = go(open_app(monkeypatch, tmp_path, demo_store, default="cy"), UPLOAD_PAGE)
    at.file_uploader[0].set_value((case.file, (BAD_INPUTS / case.file).read_bytes(), "text/csv"))
    at.run()
    assert not at.exception, at.exception
    reason = (
        "nid yw hwn yn ddyddiad go iawn fel diwrnod/mis/blwyddyn (mae'n edrych fel "
        "mis/diwrnod/blwyddyn)"
    )
    assert [x.label for x in at.expander if "Referral Date" in x.label] == [
        f"1 × {plain(reason)} yng ngholofn 'Referral Date'"
    ]
    shown = [
        record
        for frame in at.dataframe
        if "Beth i'w wneud" in frame.value.columns
        for record in frame.value.to_dict("records")
    ]
    assert [(r["Colofn"], r["Gwerth"], r["Problem"]) for r in shown] == [
        ("Referral Date", "03/25/2024", reason)
    ]
    assert str(shown[0]["Beth i'w wneud"]).startswith("ysgrifennwch ddyddiadau fel dd/mm/yyyy")
    assert case.phrase not in str(shown)


# --- who can reach the pages ----------------------------------------------------------------------


@pytest.mark.parametrize("page", [UPLOAD_PAGE, HISTORY_PAGE])
def test_a_viewer_cannot_reach_the_upload_or_history_pages(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path, demo_store: Path, page: str
) -> None:
    at = open_app(monkeypatch, tmp_path, demo_store, local_mode_role="viewer")
    assert overview_tiles(at), "a viewer sees the dashboard"
    assert any("(viewer)" in c.value for c in at.sidebar.caption)
    with pytest.raises(ValueError, match="navigation page"):
        at.switch_page(page)  # not registered for a viewer, so no URL reaches it
    go(at, "pages/data_status.py")
    assert not at.file_uploader
    assert not [b for b in at.button if b.label == "Withdraw import"]


@pytest.mark.parametrize("page", [UPLOAD_PAGE, HISTORY_PAGE])
def test_running_a_page_script_directly_shows_only_the_guard_link(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path, demo_store: Path, page: str
) -> None:
    monkeypatch.setenv("DASHBOARD_DB", str(demo_store))
    monkeypatch.setenv("DASHBOARD_CONFIG", str(write_config(tmp_path, local_mode_role="viewer")))
    at = AppTest.from_file(str(PROJECT_ROOT / page), default_timeout=TIMEOUT).run()
    assert not at.exception, at.exception
    assert [m.value for m in at.markdown] == [
        "This page opens from the dashboard's home page: [open the dashboard](/)."
    ]
    assert not at.title and not at.file_uploader and not at.dataframe and not at.button


def test_an_analyst_can_reach_upload_and_history(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path, demo_store: Path
) -> None:
    at = open_app(monkeypatch, tmp_path, demo_store, local_mode_role="analyst")
    go(at, UPLOAD_PAGE)
    assert [t.value for t in at.title] == ["Upload an extract"]
    assert len(at.file_uploader) == 1
    assert at.file_uploader[0].allowed_type == [".csv", ".xlsx", ".xls", ".xlsb", ".ods"]
    go(at, HISTORY_PAGE)
    assert [t.value for t in at.title] == ["Import history"]
    assert len(at.dataframe[0].value) == DEMO_IMPORTS  # the whole history is visible…
    # …but the demo imports are not the analyst's own, so there is nothing to withdraw.
    assert any(m.value == "There is no active import you can withdraw." for m in at.markdown)
    assert not [s for s in at.selectbox if s.label == "Import"]


@pytest.fixture
def two_imports(demo_store: Path, tmp_path: Path) -> tuple[int, int]:
    """One import by the local user (the analyst in local mode), one by someone else."""
    own = prepare(write_text(tmp_path / "files" / "own.csv", contacts_csv(1, 5, prefix="OWN")))
    other = prepare(write_text(tmp_path / "files" / "other.csv", contacts_csv(1, 5, prefix="OTH")))
    first = import_prepared(demo_store, own, imported_by=LOCAL_USER, mix_with_synthetic=True)
    second = import_prepared(
        demo_store,
        other,
        imported_by="another.analyst@example.gov.wales",
        mix_with_synthetic=True,
    )
    return first.import_id, second.import_id


def test_an_analyst_can_withdraw_only_their_own_imports(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path, demo_store: Path, two_imports: tuple[int, int]
) -> None:
    own, _ = two_imports
    at = go(open_app(monkeypatch, tmp_path, demo_store, local_mode_role="analyst"), HISTORY_PAGE)
    chooser = next(s for s in at.selectbox if s.label == "Import")
    assert len(chooser.options) == 1
    assert chooser.options[0].startswith(f"Import {own}: own.csv")
    assert chooser.options[0].endswith(f"by {LOCAL_USER})")


def test_an_admin_can_withdraw_any_import(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path, demo_store: Path, two_imports: tuple[int, int]
) -> None:
    own, other = two_imports
    at = go(open_app(monkeypatch, tmp_path, demo_store, local_mode_role="admin"), HISTORY_PAGE)
    chooser = next(s for s in at.selectbox if s.label == "Import")
    ids = [int(option.split(":")[0].removeprefix("Import ")) for option in chooser.options]
    assert sorted(ids) == [*range(1, DEMO_IMPORTS + 1), own, other]
    chooser.set_value(other)
    at.checkbox[0].check()
    at.run()
    button(at, "Withdraw import").click()
    at.run()
    assert [s.value for s in at.success] == [
        f"Import {other} withdrawn. The figures no longer include it."
    ]
    statuses = dict(list_imports(demo_store).select("import_id", "status").iter_rows())
    assert statuses[other] == "withdrawn"
    assert statuses[own] == "active"


# --- issue 9: one pass, leaving columns out, honest states -----------------------------------------


def test_unknown_columns_can_be_left_out_on_the_page_and_the_choice_is_recorded(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path, demo_store: Path
) -> None:
    text = new_contacts(5).decode().replace("Team\r\n", "Team,Notes\r\n", 1)
    lines = text.split("\r\n")
    text = "\r\n".join([lines[0], *[f"{line},a note" for line in lines[1:] if line]]) + "\r\n"
    at = go(open_app(monkeypatch, tmp_path, demo_store), UPLOAD_PAGE)
    upload(at, "with_notes.csv", text.encode())
    assert at.error, "an unknown column is refused until the analyst chooses"
    [box] = [c for c in at.checkbox if c.label.startswith("Leave out the columns")]
    assert "'Notes'" in box.label
    box.check()
    at.run()
    assert not at.exception, at.exception
    assert any("passed every check: 5 contacts" in s.value for s in at.success)
    assert any("Left out, as you chose" in i.value and "Notes" in i.value for i in at.info)
    commit(at)
    con = read_connection(demo_store)
    try:
        assert con.execute("SELECT header FROM import_left_out_columns").fetchall() == [("Notes",)]
    finally:
        con.close()


def test_committing_into_the_demo_store_must_be_asked_for(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path, demo_store: Path
) -> None:
    at = go(open_app(monkeypatch, tmp_path, demo_store), UPLOAD_PAGE)
    upload(at, "contacts.csv", new_contacts(3))
    assert any("synthetic demonstration council" in w.value for w in at.warning)
    assert button(at, "Commit this import").disabled
    sha = file_sha256(demo_store)
    commit(at, mix=True)
    assert any(s.value.startswith(f"Imported as import {DEMO_IMPORTS + 1}") for s in at.success)
    assert file_sha256(demo_store) != sha
    at.run()
    assert any("Synthetic and real data mixed" in w.value for w in at.warning)


# --- a published table: choose its measure's indicator, then next year's file maps itself --------

STATSWALES = "\r\n".join(
    [
        '"Children looked after per 10,000 at 31 March by local authority"',
        "",
        '"","2022","2023"',
        '"Cardiff ","100","*"',
        '"Wales ","110","112"',
        "",
    ]
)
LAC_RATE = "Looked after children (rate per 10,000)"


def test_a_published_table_is_linked_on_the_page_and_next_years_file_maps_itself(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path, demo_store: Path
) -> None:
    at = go(open_app(monkeypatch, tmp_path, demo_store), UPLOAD_PAGE)
    upload(at, "statswales.csv", STATSWALES.encode("utf-8"))
    assert "not yet linked to an indicator" in at.expander[0].label
    chooser = next(s for s in at.selectbox if s.label.startswith("Indicator for"))
    assert chooser.value is None, "no indicator is chosen for the analyst"
    button(at, "Check the file again with these choices").click()
    at.run()
    assert "Choose an indicator for every measure first." in [w.value for w in at.warning]
    chooser = next(s for s in at.selectbox if s.label.startswith("Indicator for"))
    chooser.set_value("pv_lac_rate")
    button(at, "Check the file again with these choices").click()
    at.run()
    assert not at.exception, at.exception
    assert [i.value for i in at.info if "Read as a published table" in i.value] == [
        "Read as a published table (the choice is saved with the import): "
        f"'{plain('Children looked after per 10,000 at 31 March')}' → {plain(LAC_RATE)}"
    ]
    commit(at)
    assert any("Imported as import" in x.value for x in at.success)
    # Next year's file, in a new session: no choice to make.
    at = go(open_app(monkeypatch, tmp_path, demo_store), UPLOAD_PAGE)
    upload(at, "next.csv", STATSWALES.replace('"2023"', '"2024"').encode("utf-8"))
    assert not at.error
    assert [i.value for i in at.info if "Read as a published table" in i.value]
