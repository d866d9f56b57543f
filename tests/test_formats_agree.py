"""The same bulletin saved as .txt, .docx, .html and .pdf reads to the same Document."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

import briefing

CORPORA = Path(__file__).resolve().parents[1] / "corpora"
VARIANTS = sorted(
    (p, fmt)
    for fmt, sub, ext in (
        ("docx", "docx", ".docx"),
        ("html", "html", ".html"),
        ("pdf", "pdf", ".pdf"),
    )
    for p in (CORPORA / sub).glob(f"*{ext}")
)


WITH_TABLES = {"dongcheng_progress_2021_08", "qinghe_progress_2024_06"}


def _squash(s: str) -> str:
    return re.sub(r"\s+", "", s)


def test_every_format_is_sampled() -> None:
    assert {fmt for _, fmt in VARIANTS} == {"docx", "html", "pdf"}
    tables = {
        p.stem
        for p, fmt in VARIANTS
        if fmt == "docx" and any(b.kind == "table" for b in briefing.read(p).blocks)
    }
    assert tables == WITH_TABLES


@pytest.mark.parametrize(("path", "fmt"), VARIANTS, ids=lambda v: getattr(v, "name", v))
def test_format_variant_matches_the_text_master(path: Path, fmt: str) -> None:
    master = briefing.read(CORPORA / f"{path.stem}.txt")
    doc = briefing.read(path)
    assert doc.format == fmt
    for key in ("title", "date", "masthead", "issue", "issuer", "editor", "copies", "recipients"):
        assert getattr(doc.meta, key) == getattr(master.meta, key), key
    heads = [_squash(doc.text[b.start : b.end]) for b in doc.headings]
    assert heads == [_squash(master.text[b.start : b.end]) for b in master.headings]
    body = [b for b in doc.blocks if b.kind in ("paragraph", "heading")]
    master_body = [b for b in master.blocks if b.kind in ("paragraph", "heading")]
    # a table is laid out as cells in .docx/.html/.pdf and as free lines in the .txt master,
    # so the body text is compared only for samples without one
    if path.stem not in WITH_TABLES:
        assert _squash("".join(doc.text[b.start : b.end] for b in body)) == _squash(
            "".join(master.text[b.start : b.end] for b in master_body)
        )


@pytest.mark.parametrize("name", ["qinghe_budget_2022_10", "xishan_worklog_2023_03"])
def test_gb18030_copy_reads_like_the_utf8_master(name: str) -> None:
    a = briefing.read(CORPORA / f"{name}.txt")
    b = briefing.read(CORPORA / f"{name}.gb18030.txt")
    assert b.encoding == "gb18030"
    assert a.text == b.text
