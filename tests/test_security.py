"""Security defects of issue 9 outside the pages: the store's file mode, owner and symlinks; the
private upload folder; forged lines in the ``imports`` listing; real data refused in a synthetic
store unless asked; the demo's own store; Streamlit's error details and data export switched off.
"""

from __future__ import annotations

import os
import stat
import time
import tomllib
from pathlib import Path

import pytest
from conftest import PROJECT_ROOT, file_sha256, run_cli, write_csv

from pipelines.config import load_settings
from pipelines.ingest import prepare
from pipelines.ingest.upload_files import UnsafeUploadFolder, save_stream, sweep, upload_folder
from pipelines.store import import_prepared, list_imports
from pipelines.store.writer import MixedDataRefused, published_contents

HEADER = "Contact ID,Child ID,Received At,Source,Decision At,Outcome,Team\r\n"


def contacts_file(folder: Path, name: str = "c.csv", first: int = 1) -> Path:
    rows = "".join(f"C{n},K{n},01/03/2024 09:00,Police,,,Tîm\r\n" for n in range(first, first + 3))
    return write_csv(folder, name, HEADER + rows)


def mode(path: Path) -> int:
    return stat.S_IMODE(os.stat(path).st_mode)


# --- the store file (item 20) ---------------------------------------------------------------------


def test_a_new_store_is_readable_by_its_owner_only(tmp_path: Path, tmp_store: Path) -> None:
    import_prepared(tmp_store, prepare(contacts_file(tmp_path)))
    assert mode(tmp_store) == 0o600
    assert mode(tmp_store.with_name(tmp_store.name + ".lock")) == 0o600


@pytest.mark.parametrize("chosen", [0o600, 0o640, 0o660])
def test_an_import_keeps_the_store_mode(tmp_path: Path, tmp_store: Path, chosen: int) -> None:
    import_prepared(tmp_store, prepare(contacts_file(tmp_path, "a.csv")))
    os.chmod(tmp_store, chosen)
    import_prepared(tmp_store, prepare(contacts_file(tmp_path, "b.csv", first=10)))
    assert mode(tmp_store) == chosen
    assert len(list_imports(tmp_store)) == 2


@pytest.mark.skipif(os.geteuid() != 0, reason="only root can give a file to another user")
def test_an_import_keeps_the_store_owner(tmp_path: Path, tmp_store: Path) -> None:
    import_prepared(tmp_store, prepare(contacts_file(tmp_path, "a.csv")))
    os.chown(tmp_store, 4242, 4343)
    import_prepared(tmp_store, prepare(contacts_file(tmp_path, "b.csv", first=10)))
    info = os.stat(tmp_store)
    assert (info.st_uid, info.st_gid) == (4242, 4343)


def test_a_symlinked_store_path_updates_its_target(tmp_path: Path) -> None:
    target = tmp_path / "real" / "dashboard.duckdb"
    target.parent.mkdir()
    link = tmp_path / "link.duckdb"
    link.symlink_to(target)
    import_prepared(link, prepare(contacts_file(tmp_path, "a.csv")))
    import_prepared(link, prepare(contacts_file(tmp_path, "b.csv", first=10)))
    assert link.is_symlink() and link.resolve() == target
    assert len(list_imports(target)) == 2
    assert not list(tmp_path.glob("link.duckdb.next-*")) and not list(
        target.parent.glob("*.next-*")
    )


# --- uploads (item 21) ----------------------------------------------------------------------------


def test_the_upload_folder_is_private_and_files_are_0600(tmp_path: Path) -> None:
    folder = upload_folder(tmp_path)
    assert mode(folder) == 0o700 and os.stat(folder).st_uid == os.geteuid()
    with contacts_file(tmp_path).open("rb") as source:
        saved = save_stream(source, "contacts.CSV", folder)
    assert saved.parent == folder and saved.suffix == ".csv" and mode(saved) == 0o600


def test_an_open_upload_folder_of_ours_is_closed_before_use(tmp_path: Path) -> None:
    folder = tmp_path / f"cwm-dashboard-uploads-{os.geteuid()}"
    folder.mkdir()
    os.chmod(folder, 0o777)
    assert mode(upload_folder(tmp_path)) == 0o700


@pytest.mark.skipif(os.geteuid() != 0, reason="only root can make a folder another user owns")
def test_an_upload_folder_owned_by_someone_else_is_refused(tmp_path: Path) -> None:
    folder = tmp_path / f"cwm-dashboard-uploads-{os.geteuid()}"
    folder.mkdir(mode=0o700)
    os.chown(folder, 4242, 4242)
    with pytest.raises(UnsafeUploadFolder, match="belongs to another user"):
        upload_folder(tmp_path)


def test_an_upload_folder_that_is_a_link_is_refused(tmp_path: Path) -> None:
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir(mode=0o700)
    (tmp_path / f"cwm-dashboard-uploads-{os.geteuid()}").symlink_to(elsewhere)
    with pytest.raises(UnsafeUploadFolder, match="not a folder"):
        upload_folder(tmp_path)


def test_old_uploads_are_swept_at_start_up(tmp_path: Path) -> None:
    folder = upload_folder(tmp_path)
    old, new = folder / "old.csv", folder / "new.csv"
    old.write_text("x")
    new.write_text("x")
    hours_ago = time.time() - 3 * 3600
    os.utime(old, (hours_ago, hours_ago))
    assert sweep(folder, max_age_minutes=120) == 1
    assert not old.exists() and new.exists()


# --- the imports listing (item 23) ----------------------------------------------------------------


def test_a_file_name_cannot_forge_lines_in_the_imports_listing(tmp_path: Path) -> None:
    store = tmp_path / "store.duckdb"
    forged = "x.csv\t\t\t\tactive\n99\tcontacts\tforged.csv"
    import_prepared(store, prepare(contacts_file(tmp_path), file_name=forged), imported_by="me")
    result = run_cli("imports", "--db", str(store))
    lines = result.stdout.splitlines()
    assert len(lines) == 2, lines  # the header and the one import
    assert lines[1].split("\t")[2] == "x.csv\\t\\t\\t\\tactive\\n99\\tcontacts\\tforged.csv"


# --- synthetic and real data (item 22) ------------------------------------------------------------


def synthetic_store(folder: Path) -> Path:
    store = folder / "demo.duckdb"
    import_prepared(store, prepare(contacts_file(folder, "demo.csv", 100)), synthetic=True)
    return store


def test_real_data_into_a_synthetic_store_is_refused_unless_asked(tmp_path: Path) -> None:
    store = synthetic_store(tmp_path)
    real = prepare(contacts_file(tmp_path, "real.csv"))
    before = file_sha256(store)
    with pytest.raises(MixedDataRefused, match="synthetic demo data"):
        import_prepared(store, real)
    assert file_sha256(store) == before
    assert published_contents(store) == "synthetic"
    import_prepared(store, real, mix_with_synthetic=True)
    assert published_contents(store) == "mixed"


def test_the_command_line_refuses_mixing_without_the_flag(tmp_path: Path) -> None:
    store = synthetic_store(tmp_path)
    path = contacts_file(tmp_path, "real.csv")
    before = file_sha256(store)
    refused = run_cli("import", str(path), "--db", str(store))
    assert refused.returncode == 1
    assert "--mix-with-synthetic" in refused.stderr and "Traceback" not in refused.stderr
    assert file_sha256(store) == before
    allowed = run_cli("import", str(path), "--db", str(store), "--mix-with-synthetic")
    assert allowed.returncode == 0, allowed.stderr


def test_the_synthetic_demo_is_refused_in_a_store_with_real_data(tmp_path: Path) -> None:
    store = tmp_path / "real.duckdb"
    import_prepared(store, prepare(contacts_file(tmp_path, "real.csv")))
    with pytest.raises(MixedDataRefused, match="holds real data"):
        import_prepared(store, prepare(contacts_file(tmp_path, "d.csv", 50)), synthetic=True)
    assert published_contents(store) == "real"


def test_the_demo_lives_in_a_store_of_its_own() -> None:
    settings = load_settings()
    assert settings.demo_store_path != settings.store_path
    makefile = (PROJECT_ROOT / "Makefile").read_text(encoding="utf-8")
    assert "DASHBOARD_DB=$(DEMO_DB)" in makefile


# --- the browser is told nothing of the server (item 18) ------------------------------------------


def test_streamlit_shows_no_error_details_and_no_unneutralised_export() -> None:
    config = tomllib.loads((PROJECT_ROOT / ".streamlit" / "config.toml").read_text("utf-8"))
    assert config["client"]["showErrorDetails"] == "none"
    assert config["client"]["disableDataExport"] is True
