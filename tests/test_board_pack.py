"""The board pack from the demo store: the PDF rendered to PNG with pdftoppm and read back with
pdftotext (cover, one story per page or more, "synthetic demonstration data" on every page,
tagged PDF/UA with alt text on every chart image), and the PowerPoint read back with python-pptx
(every story slide has its headline and a picture with alt text). Made once per session through
the command line (`python -m pipelines pack`), and once more in Welsh (`pack --lang cy`)."""

from __future__ import annotations

import contextlib
import io
import re
import shutil
import subprocess
import zlib
from pathlib import Path

import pytest
from dashboard_helpers import demo_store

from pipelines import read_models
from pipelines.board.story import default_deck
from pipelines.catalogue import load_catalogue
from pipelines.cli import main
from pipelines.store import read_connection

pytestmark = pytest.mark.xdist_group("board_pack")


@pytest.fixture(scope="module")
def packs(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    if not Path("/usr/bin/chromium").exists() or shutil.which("pdftoppm") is None:
        pytest.skip("needs Debian's chromium and poppler-utils: `make test` installs them")
    store = demo_store(tmp_path_factory)
    folder = tmp_path_factory.mktemp("pack")
    made = {}
    for fmt in ("pdf", "pptx"):
        out = io.StringIO()
        assert main(["pack", "--db", str(store), "--format", fmt, "--out", str(folder)], out) == 0
        (path,) = folder.glob(f"*.{fmt}")
        assert path.name.startswith("cwm-arian-county-borough-council-synthetic-board-pack-")
        assert re.fullmatch(r".*-board-pack-\d{4}-\d{2}-\d{2}\.(pdf|pptx)", path.name)
        assert str(path) in out.getvalue()
        made[fmt] = path
    return made


@pytest.fixture(scope="module")
def stories(tmp_path_factory: pytest.TempPathFactory) -> list[str]:
    con = read_connection(demo_store(tmp_path_factory))
    try:
        ids = default_deck(read_models.concern_register(con))
    finally:
        con.close()
    return [load_catalogue()[i].name for i in ids]


def pdf_pages(path: Path) -> list[str]:
    text = subprocess.run(
        ["pdftotext", "-layout", str(path), "-"], check=True, capture_output=True, text=True
    ).stdout
    return [page for page in text.split("\f") if page.strip()]


def test_the_pdf_has_a_cover_and_every_story_marked_synthetic(
    packs: dict[str, Path], stories: list[str], tmp_path: Path
) -> None:
    pages = pdf_pages(packs["pdf"])
    assert "Improvement board pack" in pages[0] and "Data as at 30 March 2025" in pages[0]
    for page in pages:
        assert "Synthetic demonstration data" in page
    body = "\n".join(pages[1:])
    flat = " ".join(body.split())
    for name in stories:
        assert name in flat
    assert flat.count("Better since the inspection?") >= len(stories) - 1
    assert "IAP-01" in flat and "Complete" in flat
    assert "The backlog built up while the front door" in flat
    # Rendered to PNG and looked at (the note shows two pages); here: every page renders.
    subprocess.run(
        ["pdftoppm", "-r", "40", "-png", str(packs["pdf"]), str(tmp_path / "page")], check=True
    )
    assert len(list(tmp_path.glob("page-*.png"))) == len(pages)


def test_the_pdf_is_tagged_with_alt_text_on_every_chart(
    packs: dict[str, Path], stories: list[str]
) -> None:
    info = subprocess.run(
        ["pdfinfo", str(packs["pdf"])], check=True, capture_output=True, text=True
    ).stdout
    assert re.search(r"Tagged:\s+yes", info)
    assert "Title:           Improvement board pack: Cwm Arian" in info
    raw = packs["pdf"].read_bytes()
    # Uncompress every stream, then count the figures' /Alt entries in the structure tree.
    chunks = [raw]
    for match in re.finditer(rb"stream\r?\n(.*?)\r?\nendstream", raw, re.S):
        with contextlib.suppress(zlib.error):
            chunks.append(zlib.decompress(match.group(1)))
    text = b"".join(chunks)
    alts = re.findall(rb"/Alt\s*\((.*?)\)\s*", text)
    assert len(alts) >= len(stories), len(alts)
    assert b"/Lang" in text and b"pdfuaid" in text


def test_every_slide_has_its_picture_with_alt_text_and_its_headline(
    packs: dict[str, Path], stories: list[str]
) -> None:
    from pptx import Presentation
    from pptx.enum.shapes import MSO_SHAPE_TYPE

    deck = Presentation(str(packs["pptx"]))
    slides = list(deck.slides)
    assert len(slides) == len(stories) + 1
    cover = " ".join(s.text_frame.text for s in slides[0].shapes if s.has_text_frame)
    assert "Data as at 30 March 2025" in cover and "Synthetic demonstration data" in cover
    for slide, name in zip(slides[1:], stories, strict=True):
        texts = [s.text_frame.text for s in slide.shapes if s.has_text_frame]
        assert texts[0] == name
        assert re.match(r"^\S.* in the week ending \d{1,2} \w+ 20\d\d: ", texts[1]), texts[1]
        assert "Synthetic demonstration data" in texts
        pictures = [s for s in slide.shapes if s.shape_type == MSO_SHAPE_TYPE.PICTURE]
        assert len(pictures) == 1
        alt = pictures[0]._element.nvPicPr.cNvPr.get("descr")
        assert alt and alt.startswith(name), alt


ENGLISH_HEADINGS = (
    "Improvement board pack",
    "Board deck:",
    "Data as at",
    "Contents",
    "Reading the pack",
    "What the inspectors found",
    "Better since the inspection?",
    "Commentary",
    "Synthetic demonstration data",
    "SPC variation:",
    "Page 1 of",
)


@pytest.fixture(scope="module")
def welsh_pdf(packs: dict[str, Path], tmp_path_factory: pytest.TempPathFactory) -> Path:
    # After the English packs (their fixture skips without chromium and poppler-utils).
    folder = tmp_path_factory.mktemp("pack_cy")
    out = io.StringIO()
    store = demo_store(tmp_path_factory)
    args = ["pack", "--lang", "cy", "--db", str(store), "--out", str(folder)]
    assert main(args, out) == 0
    (path,) = folder.glob("*.pdf")
    assert re.fullmatch(r"cwm-arian-.*-synthetic-pecyn-bwrdd-\d{4}-\d{2}-\d{2}\.pdf", path.name)
    assert "Wrote the board pack (pdf" in out.getvalue()  # the messages stay in English
    return path


def test_the_pack_in_welsh_has_welsh_headings_and_no_english_ones(
    welsh_pdf: Path, stories: list[str]
) -> None:
    pages = pdf_pages(welsh_pdf)
    flat = " ".join(" ".join(pages).split())
    cover = " ".join(pages[0].split())
    assert "Pecyn y bwrdd gwella: Cwm Arian" in cover
    assert "Dec y bwrdd: Y dec diofyn" in cover and "Data fel ar 30 Mawrth 2025" in cover
    assert "Cynnwys" in cover and "Darllen y pecyn" in cover
    assert re.search(r"\d+ o straeon", cover)
    for number, page in enumerate(pages, start=1):
        assert "Data arddangos synthetig" in page
        assert f"Tudalen {number} o {len(pages)}" in page
    for heading in ("Beth a ganfu'r arolygwyr", "Camau gweithredu", "Sylwebaeth"):
        assert heading in flat, heading
    assert flat.count("Yn well ers yr arolygiad?") >= len(stories) - 1
    assert "yn yr wythnos a ddaeth i ben ar" in flat and "Amrywiad SPC:" in flat
    english = [h for h in ENGLISH_HEADINGS if h in flat]
    assert not english, english
    assert "The backlog built up while the front door" in flat  # commentary: printed as written
    info = subprocess.run(["pdfinfo", str(welsh_pdf)], capture_output=True, text=True).stdout
    assert "Title:           Pecyn y bwrdd gwella: Cwm Arian" in info
    raw = welsh_pdf.read_bytes()
    assert b"cy-GB" in raw or any(
        b"cy-GB" in zlib.decompress(m.group(1))
        for m in re.finditer(rb"stream\r?\n(.*?)\r?\nendstream", raw, re.S)
        if _inflates(m.group(1))
    )


def _inflates(data: bytes) -> bool:
    try:
        zlib.decompress(data)
    except zlib.error:
        return False
    return True


def test_an_unknown_deck_is_refused(tmp_path_factory: pytest.TempPathFactory) -> None:
    store = demo_store(tmp_path_factory)
    err = io.StringIO()
    code = main(["pack", "--db", str(store), "--deck", "Nope", "--out", "/tmp"], io.StringIO(), err)
    assert code == 1 and "there is no board deck 'Nope'" in err.getvalue()
