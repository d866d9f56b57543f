"""The GB/T 9704 page as LibreOffice draws it: 版记 at the foot, 送 wrapped after the colon,
the title on a fixed pitch and broken at a phrase, distinct faces for title/body/headings.

Renders an invented bulletin through LibreOffice (``scripts/render_preview.docx_to_pdf``,
which hands LibreOffice the font stand-ins of :mod:`briefing.rendering.fonts`) and reads
word positions with ``pdftotext -bbox`` and the embedded fonts with ``pdffonts``.
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
MM = 72 / 25.4
sys.path.insert(0, str(ROOT / "scripts"))
from render_preview import docx_to_pdf  # noqa: E402

pytestmark = pytest.mark.slow

TITLE = "南湖区深化“放管服”改革持续优化营商环境为重点项目发展保驾护航"
SEND = (
    "市委常委，各县（市、区）委书记、县（市、区）长，市直各部门主要负责同志，"
    "市人大常委会主任、副主任，副市长，市政协主席、副主席"
)
BULLETIN = f"""青河政务信息

第112期

青河市人民政府办公室

2021年11月22日

{TITLE}

1-10月，全区新登记市场主体8746户，同比增长17.3%。

一、首问负责，群众办事“只进一扇门”

（一）窗口综合受理

在区政务服务中心设置综合受理窗口28个，进驻部门36个、事项1247项。

二、限时办结，审批服务“跑出加速度”

今年以来共办理审批服务事项6.3万余件。

送：{SEND}。

发：各县（市、区）人民政府，市政府各部门。

责任编辑：陈秋实

共印75份
"""

Word = tuple[float, float, float, float, str]


@pytest.fixture(scope="module")
def pdf(tmp_path_factory) -> Path:
    out = tmp_path_factory.mktemp("page")
    src = out / "bulletin.txt"
    src.write_text(BULLETIN, encoding="utf-8")
    doc = briefing.read(src)
    assert doc.meta.title == TITLE
    return docx_to_pdf(render(doc, out / "bulletin.docx"), out)


def _pages(pdf: Path) -> list[list[Word]]:
    html = subprocess.run(
        ["pdftotext", "-bbox", str(pdf), "-"], check=True, capture_output=True, text=True
    ).stdout
    pages = []
    for page in html.split("<page ")[1:]:
        words = re.findall(
            r'<word xMin="([\d.]+)" yMin="([\d.]+)" xMax="([\d.]+)" yMax="([\d.]+)">([^<]*)<',
            page,
        )
        pages.append([(float(a), float(b), float(c), float(d), w) for a, b, c, d, w in words])
    return pages


def _find(words: list[Word], pattern: str) -> Word:
    hits = [w for w in words if re.search(pattern, w[4])]
    assert hits, f"{pattern!r} not on the page: {[w[4] for w in words]}"
    return hits[0]


def test_imprint_sits_at_the_foot_of_the_last_page(pdf):
    pages = _pages(pdf)
    last = pages[-1]
    foot = (297 - 35) * MM  # bottom of the type area
    editor = _find(last, r"^责任编辑")
    assert len(pages) == 1, "the invented bulletin is meant to fit one page with its 版记"
    # the last row of the 版记 ends on the last line of the type area …
    assert foot - 6 <= editor[3] <= foot + 1
    # … far below the last body paragraph, which ends higher up the page
    body = _find(last, r"万余件")
    assert editor[1] - body[3] > 100
    # and the 送 row is on the same page, above it
    send = _find(last, r"^送：")
    assert send[3] < editor[1]


def test_wrapped_recipient_line_continues_after_the_colon(pdf):
    last = _pages(pdf)[-1]
    send = _find(last, r"^送：")
    below = sorted(
        (w for w in last if send[3] < w[1] < send[3] + 40 and w[0] < 300), key=lambda w: w[1]
    )
    assert below, "the 送 line did not wrap"
    cont = below[0]
    imprint_char = 14.0  # 4号
    # the continuation starts two characters (送：) right of 送, not under it
    assert cont[0] - send[0] == pytest.approx(2 * imprint_char, abs=1.5)
    assert cont[4] in SEND


def test_title_is_single_spaced_and_broken_at_a_phrase(pdf):
    first = _pages(pdf)[0]
    top = _find(first, r"^南湖区深化")
    rest = _find(first, r"^持续优化")
    assert top[4] == "南湖区深化“放管服”改革"  # the line ends with a whole phrase
    assert rest[4] + "" == TITLE[len(top[4]) :]
    pitch = 28.95  # one body line: the 2号 title is not put on two grid lines
    assert rest[1] - top[1] == pytest.approx(pitch, abs=1.0)


def test_title_body_and_headings_are_drawn_in_distinct_faces(pdf):
    fonts = subprocess.run(["pdffonts", str(pdf)], check=True, capture_output=True, text=True)
    names = {line.split()[0].split("+")[-1] for line in fonts.stdout.splitlines()[2:]}
    joined = " ".join(sorted(names))
    assert re.search(r"NotoSerifCJK\w*-Bold", joined), joined  # 小标宋 title and masthead
    assert re.search(r"NotoSerifCJK\w*-Regular", joined), joined  # 仿宋 body
    assert re.search(r"NotoSansCJK", joined), joined  # 黑体 一、 heading
    assert re.search(r"UKai", joined), joined  # 楷体 （一） heading
