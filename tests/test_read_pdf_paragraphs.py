"""Paragraphs of a PDF's text layer: one-line paragraphs of a text without indents stay
apart, and a wrapped line that broke before an unbreakable Latin word stays joined."""

from __future__ import annotations

import subprocess
from pathlib import Path

import pytest
from test_read_pdf import soffice_convert

import briefing

pytestmark = pytest.mark.slow

# one-line paragraphs, the longest well short of the margin and longer than the others
ONE_LINERS = [
    "全市新开工亿元以上项目23个，同比增加4个，环比减少2个。",
    "1.工业项目开工8个，同比增加2个，环比增加1个。",
    "2.基础设施项目开工9个，同比增加3个、投资12亿元，环比减少1个，总投资46亿元。",
    "3.社会事业项目开工4个，同比增加1个，环比持平。",
    "4.其他项目开工2个，同比持平，环比减少1个。",
    "全年累计新开工项目164个，同比增长7.5%。",
]

# every few characters a pinyin note a mirror site puts after a character: a word the
# line breaker keeps whole, so lines break before it, short of the margin
ANNOTATED = (
    "今年全市安排重点建设项目86项（其中竣工项目12项，续(xù)建项目41项，新开工项目33项），"
    "总投资1865亿元，年度投资计划236.4亿元(yuán)。1至8月累计完成投资164.9亿元，完成年度"
    "计划的69.8%，高于序时进度3.1个百分点(diǎn)；其中省级重点(diǎn)建设项目35宗，"
    "完成投资108.6亿元(yuán)，市级重点建设项目51项，完成投资56.3亿元，各项工作有序推进，"
    "项目(mù)建设总体平稳，全年目标任务有望顺利完成(chéng)。"
)


def _pdf(tmp_path: Path, paragraphs: list[str], name: str) -> Path:
    import docx

    d = docx.Document()
    for p in paragraphs:
        d.add_paragraph(p)
    src = tmp_path / f"{name}.docx"
    d.save(str(src))
    return soffice_convert([src], tmp_path)[0]


def _blocks(pdf: Path) -> list[str]:
    doc = briefing.read(pdf)
    return [doc.text[b.start : b.end] for b in doc.blocks]


def test_one_line_paragraphs_without_indents_stay_apart(tmp_path: Path) -> None:
    blocks = _blocks(_pdf(tmp_path, ONE_LINERS, "oneliners"))
    assert blocks == ONE_LINERS


def test_a_line_broken_before_an_annotated_word_stays_in_its_paragraph(tmp_path: Path) -> None:
    # the same paragraph after leads of other lengths, so that the lines break elsewhere
    paragraphs = [ANNOTATED, "据统计，" + ANNOTATED, "据县发展改革局统计，" + ANNOTATED]
    pdf = _pdf(tmp_path, paragraphs, "annotated")
    lines = subprocess.run(
        ["pdftotext", str(pdf), "-"], capture_output=True, text=True, check=True
    ).stdout.splitlines()
    # the case is there: some line of the PDF begins with a note cut from its character
    assert any(ln.startswith("(") for ln in lines)
    blocks = _blocks(pdf)
    assert len(blocks) == len(paragraphs)
    report = briefing.check(briefing.read(pdf))
    assert not [f for f in report.findings if f.severity == "error"]
