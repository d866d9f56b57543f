"""Rendering the real bulletins: figures kept verbatim, and a round trip through .docx.

The corpus lives outside the repository (../shared/corpus); CI provides it, so a
missing corpus is a failure, not a skip.  No sentence of it is copied here.
"""

from __future__ import annotations

import io
import re
from pathlib import Path

import docx
import pytest

import briefing
from briefing.checks import check
from briefing.extraction import extract
from briefing.rendering import render, render_bytes
from briefing.rendering.standardize import is_debris

CORPUS = Path(__file__).parents[1].parent / "shared" / "corpus"
BULLETINS = ["000_*.txt", "004_*.txt"]
SAMPLES = sorted((Path(__file__).parents[1] / "corpora").glob("*.txt"))


def corpus_file(pattern: str) -> Path:
    found = sorted(CORPUS.glob(pattern))
    assert found, f"real bulletin {pattern} missing from {CORPUS}"
    return found[0]


@pytest.fixture(scope="module", params=BULLETINS)
def source(request) -> briefing.Document:
    return briefing.read(corpus_file(request.param))


def rendered_text(data: bytes) -> str:
    d = docx.Document(io.BytesIO(data))
    parts = [p.text for p in d.paragraphs]
    parts += [c.text for t in d.tables for row in t.rows for c in row.cells]
    return "\n".join(parts)


def _loose(s: str) -> str:
    """Compare modulo whitespace and punctuation width."""
    table = str.maketrans("，；：？！（）“”", ',;:?!()""')
    return re.sub(r"\s+", "", s.translate(table))


def test_every_figure_token_of_the_source_appears_verbatim(source):
    out = rendered_text(render_bytes(source))
    kept = [
        source.text[b.start : b.end]
        for b in source.blocks
        if b.kind in ("title", "heading", "paragraph", "table", "imprint")
        and not is_debris(source.text[b.start : b.end])
    ]
    tokens = {m.group(0) for t in kept for m in re.finditer(r"\d+(\.\d+)?", t)}
    assert len(tokens) > 20
    missing = sorted(t for t in tokens if t not in out)
    assert missing == []


def test_extracted_figures_appear_verbatim_in_the_briefing(source):
    out = _loose(rendered_text(render_bytes(source)))
    body = [
        b for b in source.blocks if b.kind in ("title", "heading", "paragraph", "table", "imprint")
    ]
    figures = [
        f for f in extract(source) if any(b.start <= f.start < b.end for b in body)
    ]  # the byline/masthead date is re-formatted (2020年9月8日), not copied
    assert len(figures) > 20
    assert [f.text for f in figures if _loose(f.text) not in out] == []


def test_round_trip_keeps_metadata_headings_and_text(source, tmp_path):
    out = render(source, tmp_path / "briefing.docx")
    back = briefing.read(out)
    for key in ("title", "masthead", "issue", "issuer", "date", "recipients", "editor", "copies"):
        a, b = getattr(source.meta, key), getattr(back.meta, key)
        if isinstance(a, str) and isinstance(b, str):
            a, b = _loose(a), _loose(b)
        assert a == b, key
    heads = [(h.level, _loose(source.text[h.start : h.end])) for h in source.headings]
    assert heads == [(h.level, _loose(back.text[h.start : h.end])) for h in back.headings]

    def body(doc: briefing.Document) -> list[str]:
        return [_loose(doc.text[b.start : b.end]) for b in doc.blocks if b.kind == "paragraph"]

    assert body(back) == body(source)


def test_round_trip_keeps_bold_leads(source, tmp_path):
    out = render(source, tmp_path / "briefing.docx")
    back = briefing.read(out)

    def leads(doc: briefing.Document) -> list[str]:
        return [doc.text[x.start : x.end] for x in doc.leads]

    assert [_loose(x) for x in leads(back)] == [_loose(x) for x in leads(source)]


def test_issue_bulletin_has_masthead_and_imprint_rebuilt_from_metadata():
    doc = briefing.read(corpus_file("004_*.txt"))
    d = docx.Document(io.BytesIO(render_bytes(doc)))
    names = [p.style.name for p in d.paragraphs]
    assert names[:3] == ["Masthead", "Issue Number", "Masthead Meta"]
    assert d.paragraphs[1].text == f"第{doc.meta.issue}期"
    imprint = d.tables[-1]
    assert imprint.rows[-1].cells[1].text == f"共印{doc.meta.copies}份"


def test_appendix_lists_figures_and_check_results():
    doc = briefing.read(corpus_file("004_*.txt"))
    figures = extract(doc)
    report = check(doc, figures)
    d = docx.Document(io.BytesIO(render_bytes(doc, appendix=True)))
    titles = [p.text for p in d.paragraphs if p.style.name == "Appendix Title"]
    assert titles[:2] == ["附：数字核对表", "附：核对结果"]
    fig_table = next(t for t in d.tables if t.rows[0].cells[0].text == "序号")
    assert len(fig_table.rows) == len(figures) + 1
    assert [r.cells[1].text for r in fig_table.rows[1:]] == [f.text for f in figures]
    if report.findings:
        finding_table = next(t for t in d.tables if t.rows[0].cells[0].text == "代码")
        assert len(finding_table.rows) == len(report.findings) + 1
    else:
        assert "未发现问题。" in [p.text for p in d.paragraphs]


@pytest.mark.parametrize("path", SAMPLES, ids=[p.name for p in SAMPLES])
def test_round_trip_over_the_sample_corpus(path, tmp_path):
    source = briefing.read(path)
    back = briefing.read(render(source, tmp_path / "out.docx"))
    for key in ("title", "masthead", "issue", "issuer", "date", "recipients", "editor", "copies"):
        a, b = getattr(source.meta, key), getattr(back.meta, key)
        if isinstance(a, str) and isinstance(b, str):
            a, b = _loose(a), _loose(b)
        assert a == b, key
    heads = [(h.level, _loose(source.text[h.start : h.end])) for h in source.headings]
    assert heads == [(h.level, _loose(back.text[h.start : h.end])) for h in back.headings]
    out = rendered_text(render_bytes(source))
    for b in source.blocks:
        if b.kind in ("heading", "paragraph", "table"):
            for m in re.finditer(r"\d+(\.\d+)?", source.text[b.start : b.end]):
                assert m.group(0) in out
