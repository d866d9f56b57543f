"""Paragraphs of a PDF's text layer: one-line paragraphs of a text without indents stay
apart, and a wrapped line that broke before an unbreakable Latin word stays joined."""

from __future__ import annotations

import subprocess
from pathlib import Path

import pytest
from test_read_pdf import soffice_convert

import briefing

pytestmark = pytest.mark.slow

ONE_LINERS = [
    "全市发生较大事故14起，同比增加5起，环比减少6起、15人。",
    "1.建筑施工发生2起，同比增加1起，环比增加1起。",
    "2.道路交通发生9起，同比增加3起、16人，环比减少2起、9人，死亡37人。",
    "3.渔业船舶发生2起，同比增加2起，环比增加1起。",
    "4.其他行业发生1起，同比持平，环比减少1起。",
    "全年累计发生一般事故120起，同比下降8.5%，死亡人数下降6.2%。",
]

# every few characters a pinyin note a mirror site puts after a character: a word the
# line breaker keeps whole, so lines break before it, short of the margin
ANNOTATED = (
    "今年全县安排重点建设项目72宗（其中投产项目5宗，续(xù)建项目28宗，新开工项目39宗），"
    "总投资2499亿元，年度投资计划190.7亿元(yuán)。1至7月累计完成投资118.6亿元，完成年度"
    "计划的62.2%，高于序时进度4.2个百分点(diǎn)；其中省、市重点(diǎn)建设项目29宗，"
    "完成投资92.2亿元(yuán)，县重点建设项目43宗，完成投资26.4亿元，各项工作有序推进，"
    "项目(mù)建设保持了良好的发展势头，为完成全年目标任务打下了坚实基础(chǔ)。"
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
