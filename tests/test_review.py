"""The review copy: Word comments anchored on exactly the figure text, nothing else changed."""

from __future__ import annotations

import subprocess
import zipfile
from pathlib import Path

import docx
import pytest
from docx.shared import Pt
from lxml import etree

import briefing
from briefing.model import FigureRef, Finding, Relation, Report
from briefing.rendering.review import comment_text, primary_figure, write_review

CORPUS = Path(__file__).parents[1].parent / "shared" / "corpus"
W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"


# ---------------------------------------------------------------------------
# helpers
# ---------------------------------------------------------------------------


def _bulletin_docx(path: Path) -> Path:
    """A small invented bulletin with mixed run formatting, a hyperlink-free table and 版记."""
    d = docx.Document()
    d.add_paragraph("示范区工作简报")
    p = d.add_paragraph()
    r = p.add_run("今年示范区共有重点项目")
    r.bold = True
    r = p.add_run("20个，完成投资9.")
    r.font.size = Pt(15)
    r.font.name = "仿宋"
    r = p.add_run("9亿元，占年度计划25.75亿元的36.45%。")
    r.italic = True
    p = d.add_paragraph()
    p.add_run("  截至目前，签约项目3个，开工项目5个，")
    p.add_run("投产项目2个，共10个项目。").underline = True
    d.add_paragraph("全区120个审批事项已办结90个，").add_run("办结率70%。").bold = True
    t = d.add_table(rows=2, cols=3)
    for i, row in enumerate([["指标", "数值", "备注"], ["投资", "3.5亿元", "较好"]]):
        for j, c in enumerate(row):
            t.cell(i, j).text = c
    d.add_paragraph("共印30份")
    d.save(str(path))
    return path


def _char_formats(path: Path) -> list[list[tuple[str, bytes]]]:
    """Per body paragraph: (character, rPr XML) for every character of every text run.

    Comment reference runs (added by the review) are skipped; ``w:highlight`` is kept.
    """
    document = docx.Document(str(path))
    out = []
    for p in document.element.body.iter(W + "p"):
        chars: list[tuple[str, bytes]] = []
        for r in p.iter(W + "r"):
            if r.find(W + "commentReference") is not None:
                continue
            rpr = r.find(W + "rPr")
            fmt = etree.tostring(rpr, method="c14n") if rpr is not None else b""
            for t in r.iter(W + "t"):
                chars.extend((ch, fmt) for ch in t.text or "")
        out.append(chars)
    return out


def _ppr(path: Path) -> list[bytes]:
    document = docx.Document(str(path))
    out = []
    for p in document.element.body.iter(W + "p"):
        ppr = p.find(W + "pPr")
        out.append(etree.tostring(ppr, method="c14n") if ppr is not None else b"")
    return out


def _strip_highlight(fmt: bytes) -> bytes:
    if not fmt:
        return fmt
    el = etree.fromstring(fmt)
    for hl in el.findall(W + "highlight"):
        el.remove(hl)
    return etree.tostring(el, method="c14n")


def _anchored(path: Path) -> dict[int, tuple[str, str]]:
    """comment id → (anchored text between its range marks, comment text)."""
    document = docx.Document(str(path))
    texts = {c.comment_id: c.text for c in document.comments}
    open_ids: set[int] = set()
    anchored: dict[int, list[str]] = {i: [] for i in texts}
    for el in document.element.body.iter():
        if el.tag == W + "commentRangeStart":
            open_ids.add(int(el.get(W + "id")))
        elif el.tag == W + "commentRangeEnd":
            open_ids.discard(int(el.get(W + "id")))
        elif el.tag == W + "t":
            for i in open_ids:
                anchored[i].append(el.text or "")
    return {i: ("".join(anchored[i]), texts[i]) for i in texts}


def _process(src: Path | str) -> tuple[briefing.Document, Report]:
    from briefing.checks import check
    from briefing.extraction import extract

    doc = briefing.read(src) if isinstance(src, Path) else briefing.read_text(src, name="t.txt")
    return doc, check(doc, extract(doc))


def _ref(text: str, s: str, role: str) -> FigureRef:
    i = text.index(s)
    return FigureRef(i, i + len(s), s, role)


def _ratio_report(doc: briefing.Document) -> Report:
    t = doc.text
    figs = [_ref(t, "9.9亿元", "part"), _ref(t, "25.75亿元", "whole"), _ref(t, "36.45%", "rate")]
    rel = Relation("ratio", "inconsistent", "9.9 ÷ 25.75 = 38.4%（文中 36.45%）", figs, 0, 1)
    err = Finding(
        "BR101",
        "error",
        "ratio",
        "9.9 ÷ 25.75 = 38.4%，文中为36.45%",
        "9.9 / 25.75 = 38.4%, stated 36.45%",
        figs[0].start,
        figs[2].end,
        figs,
        "36.45",
        "38.4",
    )
    cell = _ref(t, "3.5亿元", "stated")
    warn = Finding("BR110", "warning", "range", "示例警告", "sample", cell.start, cell.end, [cell])
    ok = Relation("sum", "consistent", "3 + 5 + 2 = 10", [_ref(t, "10个", "total")], 0, 1)
    return Report(doc.path, [rel, ok], [err, warn])


def _soffice(src: Path, outdir: Path, fmt: str, profile: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [
            "soffice",
            f"-env:UserInstallation={profile.as_uri()}",
            "--headless",
            "--convert-to",
            fmt,
            "--outdir",
            str(outdir),
            str(src),
        ],
        capture_output=True,
        text=True,
        timeout=180,
    )


# ---------------------------------------------------------------------------
# .docx input: the submitted file itself, formatting kept
# ---------------------------------------------------------------------------


def test_docx_review_changes_no_text_and_no_run_formatting(tmp_path: Path) -> None:
    src = _bulletin_docx(tmp_path / "in.docx")
    doc = briefing.read(src)
    report = _ratio_report(doc)
    out = write_review(doc, report, tmp_path / "review.docx", all_relations=True)

    before, after = _char_formats(src), _char_formats(out)
    assert ["".join(c for c, _ in p) for p in after] == ["".join(c for c, _ in p) for p in before]
    assert _ppr(out) == _ppr(src)
    highlighted = set()
    for pi, (pb, pa) in enumerate(zip(before, after, strict=True)):
        for ci, ((_, fb), (_, fa)) in enumerate(zip(pb, pa, strict=True)):
            if fa != fb:
                highlighted.add((pi, ci))
                assert b"highlight" in fa
            assert _strip_highlight(fa) == fb
    # exactly the characters of the error's three figures are highlighted
    body = after[1]
    lit = "".join(body[ci][0] for pi, ci in sorted(highlighted) if pi == 1)
    assert lit == "9.9亿元25.75亿元36.45%"
    assert all(pi == 1 for pi, _ in highlighted)


def test_comment_is_anchored_on_exactly_the_stated_figure(tmp_path: Path) -> None:
    src = _bulletin_docx(tmp_path / "in.docx")
    doc = briefing.read(src)
    out = write_review(doc, _ratio_report(doc), tmp_path / "review.docx")
    comments = list(_anchored(out).values())
    assert ("36.45%", "【错误】BR101 9.9 ÷ 25.75 = 38.4%，文中为36.45%") in comments
    assert ("3.5亿元", "【警告】BR110 示例警告") in comments  # inside a table cell
    assert len(comments) == 2  # consistent relations only with all_relations
    authors = {c.author for c in docx.Document(str(out)).comments}
    assert authors == {"briefing"}


def test_all_relations_adds_checked_comments(tmp_path: Path) -> None:
    src = _bulletin_docx(tmp_path / "in.docx")
    doc = briefing.read(src)
    out = write_review(doc, _ratio_report(doc), tmp_path / "review.docx", all_relations=True)
    comments = list(_anchored(out).values())
    assert ("10个", "已核对：3 + 5 + 2 = 10") in comments


def test_figure_straddling_two_runs_is_anchored_across_both(tmp_path: Path) -> None:
    # "9.9亿元" is typed across two runs of different size and style ("9." + "9亿元…")
    src = _bulletin_docx(tmp_path / "in.docx")
    doc = briefing.read(src)
    t = doc.text
    fig = _ref(t, "9.9亿元", "stated")
    report = Report(doc.path, [], [Finding("BR107", "error", "x", "示例", "x", 0, 1, [fig])])
    out = write_review(doc, report, tmp_path / "review.docx")
    assert [a for a, _ in _anchored(out).values()] == ["9.9亿元"]
    before, after = _char_formats(src), _char_formats(out)
    assert [[_strip_highlight(f) for _, f in p] for p in after] == [
        [f for _, f in p] for p in before
    ]


def test_review_of_real_docx_finds_check_findings(tmp_path: Path) -> None:
    """End to end with the real extractor and checker on an invented .docx."""
    src = _bulletin_docx(tmp_path / "in.docx")
    doc, report = _process(src)
    errors = [f for f in report.findings if f.severity == "error"]
    assert errors, "the invented bulletin states 90 ÷ 120 as 70%"
    out = write_review(doc, report, tmp_path / "review.docx")
    anchored = _anchored(out)
    assert len(anchored) == len(report.findings)
    for f in report.findings:
        fig = primary_figure(f.figures)
        assert fig is not None
        assert (fig.text, comment_text(f, report.relations)) in anchored.values()


# ---------------------------------------------------------------------------
# comment text
# ---------------------------------------------------------------------------


CASES = [
    # message already holds the arithmetic: kept as is
    (
        "9.9 ÷ 25.75 = 38.4%，文中为36.45%",
        "9.9 ÷ 25.75 = 38.4%",
        "【错误】BR101 9.9 ÷ 25.75 = 38.4%，文中为36.45%",
    ),
    # message without arithmetic: the relation's formula is added
    (
        "合计与分项不符",
        "1 + 11 + 4 = 16（文中 15）",
        "【错误】BR102 合计与分项不符（1 + 11 + 4 = 16（文中 15））",
    ),
    # message already ends with the comparison: not repeated
    (
        "其中部分 24个 大于总数 23个（24 > 23）",
        "24 > 23",
        "【错误】BR103 其中部分 24个 大于总数 23个（24 > 23）",
    ),
]


@pytest.mark.parametrize(("message", "formula", "expected"), CASES)
def test_comment_text_carries_the_arithmetic(message: str, formula: str, expected: str) -> None:
    figs = [FigureRef(0, 2, "16", "total")]
    code = expected.split()[0].removeprefix("【错误】")
    finding = Finding(code, "error", "r", message, "m", 0, 2, figs)
    rel = Relation("r", "inconsistent", formula, list(figs), 0, 2)
    assert comment_text(finding, [rel]) == expected


# ---------------------------------------------------------------------------
# real bulletins (standard rendering) and LibreOffice
# ---------------------------------------------------------------------------


@pytest.mark.slow
def test_review_of_real_000_opens_in_libreoffice_with_comment_on_enumeration(
    tmp_path: Path,
) -> None:
    src = next(CORPUS.glob("000_*.txt"))
    doc, report = _process(src)
    enum = [f for f in report.findings if f.code == "BR104"]
    assert enum, "000 lists 七个方向 with a duplicate item"
    out = write_review(doc, report, tmp_path / "review000.docx")
    anchored = _anchored(out)
    on_enum = [(a, c) for a, c in anchored.values() if "BR104" in c]
    assert on_enum and on_enum[0][0] == "七个方向"

    profile = tmp_path / "lo-profile"
    res = _soffice(out, tmp_path / "pdf", "pdf", profile)
    pdf = tmp_path / "pdf" / "review000.pdf"
    assert res.returncode == 0 and pdf.is_file() and pdf.stat().st_size > 1000, res.stderr
    # LibreOffice read the comment and its anchor: a round trip keeps both
    res = _soffice(out, tmp_path / "rt", "docx:MS Word 2007 XML", profile)
    back = tmp_path / "rt" / "review000.docx"
    assert res.returncode == 0 and back.is_file(), res.stderr
    again = _anchored(back)
    assert any(a == "七个方向" and "BR104" in c for a, c in again.values())


@pytest.mark.slow
def test_mutated_real_004_gets_arithmetic_comment_on_the_rate(tmp_path: Path) -> None:
    text = next(CORPUS.glob("004_*.txt")).read_text(encoding="utf-8")
    assert text.count("48.3") == 1
    doc, report = _process(text.replace("48.3", "43.8"))
    out = write_review(doc, report, tmp_path / "review004.docx")
    hits = [
        (a, c)
        for a, c in _anchored(out).values()
        if a in ("74%", "43.8亿元") and "43.8" in c and "÷" in c
    ]
    assert hits, _anchored(out)
    with zipfile.ZipFile(out) as z:
        assert "word/comments.xml" in z.namelist()


SAMPLE_DOCX = sorted((Path(__file__).parents[1] / "corpora" / "docx").glob("*.docx"))


def test_project_docx_samples_exist() -> None:
    assert len(SAMPLE_DOCX) >= 3


@pytest.mark.parametrize("src", SAMPLE_DOCX, ids=lambda p: p.stem)
def test_project_docx_sample_review_keeps_everything_and_places_every_comment(
    src: Path, tmp_path: Path
) -> None:
    doc, report = _process(src)
    out = write_review(doc, report, tmp_path / "review.docx", all_relations=True)
    before, after = _char_formats(src), _char_formats(out)
    assert [[c for c, _ in p] for p in after] == [[c for c, _ in p] for p in before]
    assert [[_strip_highlight(f) for _, f in p] for p in after] == [
        [f for _, f in p] for p in before
    ]
    assert _ppr(out) == _ppr(src)
    anchored = _anchored(out)
    consistent = [r for r in report.relations if r.status == "consistent"]
    assert len(anchored) == len(report.findings) + len(consistent)
    for f in report.findings:
        fig = primary_figure(f.figures)
        want = fig.text if fig is not None else doc.text[f.start : f.end]
        assert (want, comment_text(f, report.relations)) in anchored.values()


def test_review_of_several_inputs_writes_one_copy_each_into_a_folder(tmp_path: Path) -> None:
    import subprocess
    import sys

    corpora = Path(__file__).resolve().parents[1] / "corpora"
    inputs = [corpora / "qinghe_zwxx_2023_057.txt", corpora / "linjiang_portal_2022_03.txt"]
    out = tmp_path / "reviews"
    proc = subprocess.run(
        [sys.executable, "-m", "briefing.cli", "check", *map(str, inputs), "--review", f"{out}/"],
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert proc.returncode == 1, proc.stderr  # both samples carry planted errors
    assert sorted(p.name for p in out.iterdir()) == [
        "linjiang_portal_2022_03.review.docx",
        "qinghe_zwxx_2023_057.review.docx",
    ]
    single = subprocess.run(
        [
            sys.executable,
            "-m",
            "briefing.cli",
            "check",
            *map(str, inputs),
            "--review",
            str(tmp_path / "one.docx"),
        ],
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert single.returncode == 2
    assert "needs a folder" in single.stderr


@pytest.mark.parametrize(
    ("severity", "tag"), [("error", "【错误】"), ("warning", "【警告】"), ("info", "【提示】")]
)
def test_comment_names_its_severity(severity: str, tag: str) -> None:
    figs = [FigureRef(0, 2, "16", "total")]
    finding = Finding("BR102", severity, "r", "说明", "m", 0, 2, figs)  # type: ignore[arg-type]
    assert comment_text(finding).startswith(f"{tag}BR102 ")


def test_implied_value_note_is_not_worded_as_a_correction() -> None:
    figs = [FigureRef(0, 8, "150.94亿元", "part")]
    msg = "文中未给出“年度计划”，由 150.94亿元 ÷ 15.91% 推得约 948.7亿元，无法核对"
    finding = Finding("BR101", "info", "ratio", msg, "m", 0, 8, figs, None, "948.7亿元")
    text = comment_text(finding)
    assert text == f"【提示】BR101 {msg}"
    assert "应为" not in text
