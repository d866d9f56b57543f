"""The PDF reader on PDFs that LibreOffice makes from python-docx files, and the same
invented bulletin read as .txt, .docx, .html and .pdf end to end."""

from __future__ import annotations

import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).parent))
from test_read_docx import SAMPLE, build_bulletin, sample_plain_text

import briefing
from briefing.errors import ReadError
from briefing.io.pdf import read_raw

pytestmark = pytest.mark.slow


def soffice_convert(files: list[Path], outdir: Path, target: str = "pdf") -> list[Path]:
    """Convert with LibreOffice headless, using a fresh profile to avoid profile locks."""
    exe = shutil.which("soffice") or shutil.which("libreoffice")
    assert exe, "LibreOffice (soffice) is required for the PDF tests"
    profile = outdir / "lo_profile"
    subprocess.run(
        [exe, f"-env:UserInstallation=file://{profile}", "--headless", "--convert-to", target,
         "--outdir", str(outdir), *map(str, files)],
        check=True, capture_output=True, timeout=180,
    )  # fmt: skip
    out = [outdir / (f.stem + ".pdf") for f in files]
    for o in out:
        assert o.exists(), f"LibreOffice did not write {o}"
    return out


@pytest.fixture(scope="module")
def pdfs(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    import docx

    d = tmp_path_factory.mktemp("pdf")
    src = d / "src"
    src.mkdir()
    bulletin = build_bulletin(src / "bulletin.docx")
    blank = src / "blank.docx"
    docx.Document().save(str(blank))
    pdf_bulletin, pdf_blank = soffice_convert([bulletin, blank], d)
    return {"bulletin": pdf_bulletin, "blank": pdf_blank, "docx": bulletin, "dir": d}


def _page_texts(pdf: Path) -> list[str]:
    """Per-page text by poppler's pdftotext, to see where LibreOffice broke the pages."""
    out = subprocess.run(
        ["pdftotext", str(pdf), "-"], capture_output=True, text=True, check=True
    ).stdout
    return [re.sub(r"\s+", "", p) for p in out.split("\f") if p.strip()]


def _plain(s: str) -> str:
    return re.sub(r"\s+", "", s.replace("**", ""))


def test_every_paragraph_comes_out_whole_even_across_a_page_break(pdfs: dict[str, Path]) -> None:
    raw = read_raw(pdfs["bulletin"].read_bytes(), "b.pdf")
    pages = _page_texts(pdfs["bulletin"])
    assert len(pages) >= 2
    paras = [_plain(t) for k, t in SAMPLE if k == "para"]
    # the fixture is only meaningful if some paragraph is split by a page break
    split = [p for p in paras if not any(p in page for page in pages)]
    assert split, "no paragraph crosses a page: lengthen SAMPLE"
    got = [_plain(b.text) for b in raw.blocks]
    for p in paras:
        assert p in got
    joined = [b for b in raw.blocks if _plain(b.text) in split]
    assert joined and not any(b.page_break_before for b in joined)


def test_page_numbers_and_running_header_are_removed(pdfs: dict[str, Path]) -> None:
    raw = read_raw(pdfs["bulletin"].read_bytes(), "b.pdf")
    texts = [b.text for b in raw.blocks]
    assert not any(re.fullmatch(r"[—\-\s\d]+", t) for t in texts)
    assert not any("内部资料" in t for t in texts)
    assert any(b.page_break_before for b in raw.blocks)


def test_lines_join_without_spaces_and_layout_hints(pdfs: dict[str, Path]) -> None:
    raw = read_raw(pdfs["bulletin"].read_bytes(), "b.pdf")
    by_text = {b.text: b for b in raw.blocks}
    assert "第12期" in by_text  # no gap-spaces between CJK and digits
    assert by_text["2024年5月6日"].align == "right"
    title = next(t for k, t in SAMPLE if k == "title")
    assert by_text[title].align == "center"  # a wrapped centred title is one block
    assert by_text["滨江政务信息"].align == "center"
    lead = next(b for b in raw.blocks if b.text.startswith("一是"))
    assert [lead.text[s:e] for s, e in lead.emphasis] == [
        "一是强化组织领导。",
        "二是突出谋划储备。",
    ]
    assert [b.text for b in raw.blocks[-4:]] == [t for k, t in SAMPLE if k == "imprint"]


def test_password_protected_pdf_is_a_read_error(pdfs: dict[str, Path]) -> None:
    out = pdfs["dir"] / "enc"
    out.mkdir()
    opts = (
        'pdf:writer_pdf_Export:{"EncryptFile":{"type":"boolean","value":"true"},'
        '"DocumentOpenPassword":{"type":"string","value":"secret"}}'
    )
    (enc,) = soffice_convert([pdfs["docx"]], out, target=opts)
    with pytest.raises(ReadError, match="password-protected"):
        read_raw(enc.read_bytes(), "locked.pdf")


def test_pdf_without_text_layer_says_so(pdfs: dict[str, Path]) -> None:
    with pytest.raises(ReadError, match="no text layer"):
        read_raw(pdfs["blank"].read_bytes(), "scan.pdf")


@pytest.mark.parametrize("cut", [0.1, 0.5, 0.9])
def test_truncated_pdf_is_a_read_error_or_reads(pdfs: dict[str, Path], cut: float) -> None:
    data = pdfs["bulletin"].read_bytes()
    try:
        raw = read_raw(data[: int(len(data) * cut)], "cut.pdf")
    except ReadError as e:
        assert e.path == "cut.pdf"
    else:  # pdfminer can recover pages from a cut file; what it gives must be sane
        assert all(b.text for b in raw.blocks)


# -- the same bulletin in every format ----------------------------------------------------


def _sample_html() -> str:
    body = []
    for kind, text in SAMPLE:
        if kind == "issuer_date":
            left, right = text.split("|")
            body.append(f"<p>{left}</p><p style='text-align:right'>{right}</p>")
        elif kind == "title":
            body.append(f"<p style='text-align:center'><strong>{text}</strong></p>")
        else:
            html = re.sub(r"\*\*(.+?)\*\*", r"<b>\1</b>", text)
            body.append(f"<p>　　{html}</p>")
    title = next(t for k, t in SAMPLE if k == "title")
    return (
        f"<html><head><meta charset='utf-8'><title>{title}_滨江市人民政府</title></head><body>"
        "<div class='crumb'>首页 &gt; 政务信息</div><p>【打印】【关闭】</p>"
        f"<div id='zoom'>{''.join(body)}</div>"
        "<div class='share'>分享到：微信</div><div>相关链接</div><ul><li>某某</li></ul>"
        "<div class='footer'>版权所有</div></body></html>"
    )


def test_same_bulletin_in_every_format_parses_the_same(pdfs: dict[str, Path]) -> None:
    d = pdfs["dir"]
    txt = d / "bulletin.txt"
    txt.write_text(sample_plain_text(), encoding="utf-8")
    gb = d / "bulletin_gb.txt"
    gb.write_bytes(sample_plain_text().encode("gb18030"))
    html = d / "bulletin.html"
    html.write_text(_sample_html(), encoding="utf-8")
    tables = build_bulletin(
        d / "bulletin_tables.docx", imprint_as_table=True, masthead_as_table=True
    )
    docs = {
        p.suffix + p.stem: briefing.read(p)
        for p in [txt, gb, pdfs["docx"], tables, html, pdfs["bulletin"]]
    }

    def summary(doc: briefing.Document) -> tuple[object, ...]:
        m = doc.meta
        heads = [(b.level, doc.text[b.start : b.end]) for b in doc.blocks if b.kind == "heading"]
        return (
            m.masthead,
            m.issue,
            m.issuer,
            m.date,
            m.title,
            m.editor,
            m.copies,
            m.recipients,
            heads,
        )

    ref = summary(docs[".txtbulletin"])
    assert ref[0] == "滨江政务信息" and ref[4] == next(t for k, t in SAMPLE if k == "title")
    assert len(ref[-1]) == 3
    ref_text = re.sub(r"\s+", "", docs[".txtbulletin"].text)
    for key, doc in docs.items():
        assert summary(doc) == ref, key
        assert re.sub(r"\s+", "", doc.text) == ref_text, key
