"""Rendered briefings as a person sees them: LibreOffice → PDF → pdftotext.

Slow (starts LibreOffice), but CI runs it: .ci/run installs libreoffice-writer and free
CJK fonts.  Each conversion uses a fresh LibreOffice profile directory.
"""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

import pytest

import briefing
from briefing.rendering import render

ROOT = Path(__file__).parents[1]
CORPUS = ROOT.parent / "shared" / "corpus"
MM = 72 / 25.4

sys.path.insert(0, str(ROOT / "scripts"))
from render_preview import docx_to_pdf  # noqa: E402

pytestmark = pytest.mark.slow


@pytest.fixture(scope="module")
def pdfs(tmp_path_factory) -> dict[str, tuple[briefing.Document, Path]]:
    out = tmp_path_factory.mktemp("lo")
    result = {}
    for pattern in ("000_*.txt", "004_*.txt"):
        found = sorted(CORPUS.glob(pattern))
        assert found, f"real bulletin {pattern} missing from {CORPUS}"
        doc = briefing.read(found[0])
        docx = render(doc, out / f"{pattern[:3]}.docx")
        result[pattern[:3]] = (doc, docx_to_pdf(docx, out))
    return result


def pdftotext(pdf: Path, *extra: str) -> str:
    return subprocess.run(
        ["pdftotext", *extra, str(pdf), "-"], check=True, capture_output=True, text=True
    ).stdout


def page_count(pdf: Path) -> int:
    info = subprocess.run(["pdfinfo", str(pdf)], check=True, capture_output=True, text=True)
    m = re.search(r"^Pages:\s+(\d+)", info.stdout, re.M)
    assert m
    return int(m.group(1))


@pytest.mark.parametrize("key", ["000", "004"])
def test_page_count_fits_22_by_28_grid_and_every_page_is_numbered(pdfs, key):
    doc, pdf = pdfs[key]
    n = page_count(pdf)
    body_chars = sum(
        len(re.sub(r"\s", "", doc.text[b.start : b.end]))
        for b in doc.blocks
        if b.kind in ("heading", "paragraph")
    )
    # at most 22 × 28 characters a page; blank line ends and the masthead use some room
    assert body_chars / (22 * 28) <= n <= body_chars / (22 * 28) * 1.6 + 1
    text = pdftotext(pdf, "-layout")
    numbers = [int(x) for x in re.findall(r"^\s*—\s*(\d+)\s*—\s*$", text, re.M)]
    assert numbers == list(range(1, n + 1))


def test_title_and_masthead_text_come_out_of_the_pdf(pdfs):
    for doc, pdf in pdfs.values():
        text = re.sub(r"\s+", "", pdftotext(pdf))
        assert re.sub(r"\s+", "", doc.meta.title or "") in text
        if doc.meta.masthead:
            assert doc.meta.masthead in text
            assert f"第{doc.meta.issue}期" in text
            assert "2020年9月8日" in text
            assert f"共印{doc.meta.copies}份" in text


@pytest.mark.parametrize("key", ["000", "004"])
def test_no_word_leaves_the_type_area_or_footer_band(pdfs, key):
    _, pdf = pdfs[key]
    html = pdftotext(pdf, "-bbox")
    left, right = 28 * MM, (210 - 26) * MM
    top, footer_bottom = 37 * MM, (297 - 20) * MM
    words = re.findall(
        r'<word xMin="([\d.]+)" yMin="([\d.]+)" xMax="([\d.]+)" yMax="([\d.]+)">([^<]*)<', html
    )
    assert len(words) > 100
    outside = []
    for x0, y0, x1, y1, w in words:
        a, b, c, d = map(float, (x0, y0, x1, y1))
        middle = (b + d) / 2  # glyph boxes include the font's full ascent; use the middle
        if a < left - 1 or c > right + 1 or not top <= middle <= footer_bottom:
            outside.append((w, a, b, c, d))
    assert outside == []
