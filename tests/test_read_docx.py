"""The .docx reader on files written by python-docx (invented bulletin text only).

``build_bulletin`` is also used by test_read_pdf.py (converted with LibreOffice) and the
end-to-end tests in test_bad_input.py... see ``SAMPLE`` for the text every format shares.
"""

from __future__ import annotations

import io
import zipfile
from pathlib import Path

import pytest

from briefing.errors import ReadError
from briefing.io.docx import is_layout_table, read_raw

# An invented 政务信息 issue.  Each entry: (kind, text); kinds drive the layout below.
SAMPLE: list[tuple[str, str]] = [
    ("masthead", "滨江政务信息"),
    ("issue", "第12期"),
    ("issuer_date", "滨江市人民政府办公室|2024年5月6日"),
    ("column", "【项目建设】"),
    ("title", "抓谋划 促开工 滨江区重点项目建设跑出加速度"),
    (
        "para",
        "今年以来，滨江区坚持把项目建设作为稳增长的主抓手，紧盯开工、投产两个关键环节，"
        "全力推动重点项目提速增效。1-4月份，全区固定资产投资增长13.4%；"
        "规上工业增加值增长7.1%；一般公共预算收入完成9.12亿元，同比增长4.6%。"
        "全区上下形成了比学赶超、争先进位的浓厚氛围，项目建设呈现出开工多、进度快、质量优的良好态势。",
    ),
    ("heading", "一、坚持高位推动，项目储备持续扩容"),
    (
        "para",
        "**一是强化组织领导。**区里成立重点项目建设指挥部，实行一个项目、一名领导、一个专班、"
        "一套方案的推进机制，每月召开一次项目推进会，现场协调解决土地、资金、审批等方面问题。"
        "**二是突出谋划储备。**围绕新材料、装备制造、现代物流三大主导产业，谋划储备项目86个，"
        "总投资326.5亿元，其中亿元以上项目41个，占项目总数的47.7%。",
    ),
    ("heading", "二、坚持精准服务，项目建设提速提效"),
    (
        "para",
        "全区推行项目审批代办制，组建代办员队伍45人，为企业提供从立项到竣工的全程帮办服务，"
        "审批时限平均压缩40%以上。截至4月底，全区32个省市重点项目已开工28个，开工率87.5%，"
        "累计完成投资18.6亿元，占年度计划投资的41.2%，超过时间进度7.9个百分点。"
        "同时，区里建立要素保障清单，协调解决项目用地1260亩，落实专项债券资金3.2亿元，"
        "帮助企业争取各类扶持资金2100万元，有效破解了项目建设中的资金和用地瓶颈。",
    ),
    ("heading", "三、坚持问题导向，项目环境持续优化"),
    (
        "para",
        "针对项目推进中遇到的难点堵点，区里建立问题台账，实行清单化管理、销号式推进，"
        "今年以来共收集各类问题63个，已解决58个，解决率92.1%。对进度滞后的项目，"
        "由区督查室跟踪督办，每周通报一次进展，确保项目早开工、早投产、早见效。"
        "下一步，滨江区将继续聚焦项目建设主战场，持续优化营商环境，为全年经济目标任务完成提供有力支撑。",
    ),
    ("source", "（根据滨江区材料整理）"),
    ("imprint", "送：市委常委，市人大常委会主任，副市长，市政协主席。"),
    ("imprint", "发：各县（市、区）政府，市政府各部门。"),
    ("imprint", "责任编辑：李明"),
    ("imprint", "共印 60 份"),
]


def sample_plain_text() -> str:
    """The sample as a .txt bulletin would carry it (**bold** leads)."""
    lines = []
    for kind, text in SAMPLE:
        if kind == "issuer_date":
            lines.extend(text.split("|"))
        else:
            lines.append(text)
    return "\n\n".join(lines) + "\n"


def _add_runs(par, text: str) -> None:
    parts = text.split("**")
    for i, part in enumerate(parts):
        if part:
            run = par.add_run(part)
            run.bold = bool(i % 2)


def _add_page_number_footer(doc) -> None:
    from docx.oxml import OxmlElement
    from docx.oxml.ns import qn

    footer = doc.sections[0].footer
    p = footer.paragraphs[0]
    p.alignment = 1
    p.add_run("— ")
    fld = OxmlElement("w:fldSimple")
    fld.set(qn("w:instr"), "PAGE")
    r = OxmlElement("w:r")
    t = OxmlElement("w:t")
    t.text = "1"
    r.append(t)
    fld.append(r)
    p._p.append(fld)
    run = OxmlElement("w:r")
    t2 = OxmlElement("w:t")
    t2.set(qn("xml:space"), "preserve")
    t2.text = " —"
    run.append(t2)
    p._p.append(run)
    header = doc.sections[0].header
    header.paragraphs[0].text = "滨江政务信息（内部资料）"


def build_bulletin(
    path: Path, *, imprint_as_table: bool = False, masthead_as_table: bool = False
) -> Path:
    """Write SAMPLE as a .docx with python-docx: GB/T 9704-like page, footer page numbers."""
    import docx
    from docx.enum.text import WD_ALIGN_PARAGRAPH
    from docx.oxml.ns import qn
    from docx.shared import Mm, Pt

    doc = docx.Document()
    sec = doc.sections[0]
    sec.page_width, sec.page_height = Mm(210), Mm(297)
    sec.top_margin, sec.bottom_margin = Mm(37), Mm(35)
    sec.left_margin, sec.right_margin = Mm(28), Mm(26)
    normal = doc.styles["Normal"]
    normal.font.size = Pt(16)
    normal.font.name = "Noto Serif CJK SC"
    normal.element.rPr.rFonts.set(qn("w:eastAsia"), "Noto Serif CJK SC")
    _add_page_number_footer(doc)

    def para(text: str, align=None, indent: bool = False, size: int | None = None):
        p = doc.add_paragraph()
        _add_runs(p, text)
        if align is not None:
            p.alignment = align
        if indent:
            p.paragraph_format.first_line_indent = Pt(32)
        if size:
            for r in p.runs:
                r.font.size = Pt(size)
        return p

    masthead = [t for k, t in SAMPLE if k in ("masthead", "issue", "issuer_date")]
    if masthead_as_table:
        t = doc.add_table(rows=2, cols=1)
        t.cell(0, 0).text = masthead[0]
        t.cell(1, 0).text = masthead[1]
        t2 = doc.add_table(rows=1, cols=2)
        left, right = masthead[2].split("|")
        t2.cell(0, 0).text = left
        t2.cell(0, 1).text = right
    imprint = [t for k, t in SAMPLE if k == "imprint"]
    for kind, text in SAMPLE:
        if kind == "masthead" and not masthead_as_table:
            para(text, WD_ALIGN_PARAGRAPH.CENTER, size=26)
        elif kind == "issue" and not masthead_as_table:
            para(text, WD_ALIGN_PARAGRAPH.CENTER)
        elif kind == "issuer_date" and not masthead_as_table:
            left, right = text.split("|")
            para(left)
            para(right, WD_ALIGN_PARAGRAPH.RIGHT)
        elif kind == "column":
            para(text)
        elif kind == "title":
            para(text, WD_ALIGN_PARAGRAPH.CENTER, size=22)
        elif kind == "heading":
            para(text, indent=True)
        elif kind == "para":
            para(text, indent=True)
        elif kind == "source":
            para(text, indent=True)
        elif kind == "imprint" and not imprint_as_table:
            para(text)
    if imprint_as_table:
        t = doc.add_table(rows=len(imprint), cols=1)
        for i, line in enumerate(imprint):
            t.cell(i, 0).text = line
    doc.save(str(path))
    return path


# ---------------------------------------------------------------------------


def test_reads_paragraphs_in_order_with_bold_leads(tmp_path: Path) -> None:
    raw = read_raw(build_bulletin(tmp_path / "b.docx").read_bytes(), "b.docx")
    texts = [b.text for b in raw.blocks]
    assert texts[0] == "滨江政务信息"
    assert texts[3] == "2024年5月6日"
    assert raw.blocks[3].align == "right"
    assert raw.blocks[5].align == "center"  # the title
    assert texts.index("一、坚持高位推动，项目储备持续扩容") < texts.index(
        "二、坚持精准服务，项目建设提速提效"
    )
    lead_block = next(b for b in raw.blocks if b.text.startswith("一是"))
    spans = [lead_block.text[s:e] for s, e in lead_block.emphasis]
    assert spans == ["一是强化组织领导。", "二是突出谋划储备。"]
    assert "**" not in "".join(texts)
    assert raw.format == "docx"


def test_headers_and_footers_are_ignored(tmp_path: Path) -> None:
    raw = read_raw(build_bulletin(tmp_path / "b.docx").read_bytes(), "b.docx")
    joined = "\n".join(b.text for b in raw.blocks)
    assert "内部资料" not in joined
    assert "—" not in joined


def test_imprint_typed_in_a_table_comes_out_as_paragraphs(tmp_path: Path) -> None:
    raw = read_raw(
        build_bulletin(tmp_path / "b.docx", imprint_as_table=True).read_bytes(), "b.docx"
    )
    tail = raw.blocks[-4:]
    assert [b.text for b in tail] == [t for k, t in SAMPLE if k == "imprint"]
    assert all(b.kind_hint is None and b.rows is None for b in tail)


def test_masthead_typed_in_tables_comes_out_as_paragraphs(tmp_path: Path) -> None:
    raw = read_raw(
        build_bulletin(tmp_path / "b.docx", masthead_as_table=True).read_bytes(), "b.docx"
    )
    assert [b.text for b in raw.blocks[:4]] == [
        "滨江政务信息",
        "第12期",
        "滨江市人民政府办公室",
        "2024年5月6日",
    ]
    assert not any(b.kind_hint == "table" for b in raw.blocks)


def test_data_table_keeps_rows_and_stays_in_document_order(tmp_path: Path) -> None:
    import docx

    doc = docx.Document()
    doc.add_paragraph("表前段落。")
    t = doc.add_table(rows=3, cols=3)
    data = [
        ["项目", "计划投资（亿元）", "完成率"],
        ["甲项目", "12.5", "41.2%"],
        ["乙项目", "3.0", "100%"],
    ]
    for i, row in enumerate(data):
        for j, v in enumerate(row):
            t.cell(i, j).text = v
    doc.add_paragraph("表后段落。")
    buf = io.BytesIO()
    doc.save(buf)
    raw = read_raw(buf.getvalue(), "t.docx")
    assert [b.kind_hint for b in raw.blocks] == [None, "table", None]
    table = raw.blocks[1]
    assert table.rows == data
    assert table.text == "\n".join("\t".join(r) for r in data)


def test_merged_cells_appear_once(tmp_path: Path) -> None:
    import docx

    doc = docx.Document()
    t = doc.add_table(rows=2, cols=3)
    t.cell(0, 0).merge(t.cell(0, 2)).text = "合计"
    for j, v in enumerate(["1", "2", "3"]):
        t.cell(1, j).text = v
    buf = io.BytesIO()
    doc.save(buf)
    raw = read_raw(buf.getvalue(), "m.docx")
    assert raw.blocks[0].rows == [["合计"], ["1", "2", "3"]]


def test_heading_styles_give_hints_and_levels() -> None:
    import docx

    doc = docx.Document()
    doc.add_heading("总标题", level=0)
    doc.add_heading("一、总体情况", level=1)
    doc.add_heading("（一）开工情况", level=2)
    doc.add_paragraph("正文。")
    buf = io.BytesIO()
    doc.save(buf)
    raw = read_raw(buf.getvalue(), "h.docx")
    assert [(b.kind_hint, b.level) for b in raw.blocks] == [
        ("title", None),
        ("heading", 1),
        ("heading", 2),
        (None, None),
    ]
    assert raw.blocks[1].style == "Heading 1"


def test_line_breaks_inside_a_paragraph_do_not_split_chinese_words() -> None:
    import docx

    doc = docx.Document()
    p = doc.add_paragraph()
    p.add_run("全区完成投资")
    p.add_run().add_break()
    p.add_run("18.6亿元。 Smart\tcity")
    buf = io.BytesIO()
    doc.save(buf)
    raw = read_raw(buf.getvalue(), "br.docx")
    assert raw.blocks[0].text == "全区完成投资18.6亿元。 Smart city"


@pytest.mark.parametrize(
    ("rows", "layout"),
    [
        ([[["送：市委常委。"]], [["发：各部门。"]]], True),
        ([[["责任编辑：李明"], ["共印60份"]]], True),
        ([[["某某政务信息"]], [["（143）"]]], True),
        ([[["滨江市人民政府办公室"], ["2024年5月6日"]]], True),
        ([[["项目"], ["投资"]], [["甲"], ["12.5"]]], False),
        ([[["送：市委常委。"], ["a"], ["b"]]], False),  # three columns: data
        ([[["这是一段很长的正文内容，" * 5]], [["共印60份"]]], False),
    ],
)
def test_layout_table_rule(rows: list[list[list[str]]], layout: bool) -> None:
    assert is_layout_table(rows) is layout


def test_truncated_docx_is_a_read_error(tmp_path: Path) -> None:
    data = build_bulletin(tmp_path / "b.docx").read_bytes()
    with pytest.raises(ReadError, match="truncated or damaged"):
        read_raw(data[: len(data) // 2], "half.docx")


def test_zip_without_word_document_is_a_read_error() -> None:
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w") as zf:
        zf.writestr("hello.txt", "hi")
    with pytest.raises(ReadError) as exc:
        read_raw(buf.getvalue(), "notword.docx")
    assert exc.value.path == "notword.docx"
