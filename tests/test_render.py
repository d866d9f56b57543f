"""The standardized Word briefing, read back with python-docx (synthetic bulletins).

The sample bulletin below is invented for the tests; real bulletins are exercised in
test_render_corpus.py and test_render_libreoffice.py.
"""

from __future__ import annotations

import io
import os
import re
import shutil
from pathlib import Path

import docx
import pytest
from docx.oxml.ns import qn
from docx.shared import Mm

import briefing
from briefing.cli import main
from briefing.errors import UsageError
from briefing.model import Block, Document, Lead, Meta, Span
from briefing.rendering import oxml, render, render_bytes
from briefing.rendering.standardize import standardize
from briefing.rendering.template import (
    BUILTIN_TEMPLATES,
    build_template_docx,
    load_template,
    spec_from_file,
    templates_dir,
)

# (kind, text, level, marker); "**…**" marks a bold inline lead
SAMPLE = [
    ("title", "某区 多措并举 推动项目建设提速", None, None),
    (
        "paragraph",
        "今年以来,某区新开工项目 12 个,完成投资 8.35亿元,占年度计划的 41.2%.",
        None,
        None,
    ),
    ("heading", "一. 强化谋划储备", 1, "一、"),
    (
        "paragraph",
        "**一是抓储备。**储备项目36个,总投资120.5亿元。**二是抓招商。**签约项目7个。",
        None,
        None,
    ),
    ("heading", "(一)建立台账", 2, "（一）"),
    ("paragraph", "建立项目台账,实行周调度(每周一次)。", None, None),
    ("heading", "1、细化分工", 3, "1."),
    ("heading", "(1)明确责任", 4, "（1）"),
    ("paragraph", "— 2 —", None, None),
    ("paragraph", "全年计划完成投资20.3亿元。", None, None),
]
META = Meta(
    masthead="某区政务信息",
    issue="7",
    issuer="某区人民政府办公室",
    date="2021-05-06",
    title="某区 多措并举 推动项目建设提速",
    recipients={"送": ["区委常委", "区人大常委会主任、副主任"], "发": ["各街道办事处"]},
    editor="张三",
    copies=40,
)

ROOT = Path(__file__).parents[1]


def make_doc(
    rows: list[tuple[str, str, int | None, str | None]] = SAMPLE, meta: Meta | None = None
) -> Document:
    """A Document built by hand: blocks joined by blank lines, ``**…**`` leads made bold."""
    text, blocks, leads, emphasis = "", [], [], []
    for kind, raw, level, marker in rows:
        if text:
            text += "\n\n"
        start = len(text)
        for part in re.split(r"(\*\*.+?\*\*)", raw):
            if part.startswith("**"):
                s = len(text)
                text += part[2:-2]
                emphasis.append(Span(s, len(text)))
                leads.append(Lead(s, len(text), None, part[2:4], len(blocks)))
            else:
                text += part
        blocks.append(Block(kind, start, len(text), level=level, marker=marker))  # type: ignore[arg-type]
    return Document(
        text=text,
        norm=text,
        meta=META if meta is None else meta,
        blocks=blocks,
        leads=leads,
        emphasis=emphasis,
    )


def read_back(data: bytes) -> docx.document.Document:
    return docx.Document(io.BytesIO(data))


def style_rpr_value(style, tag: str, attr: str = "val") -> str | None:
    """A run property of a style, following basedOn (None when never set)."""
    while style is not None:
        rpr = style.element.rPr
        el = None if rpr is None else rpr.find(qn(f"w:{tag}"))
        if el is not None:
            return el.get(qn(f"w:{attr}"))
        style = style.base_style
    return None


def style_ppr(style, tag: str):
    while style is not None:
        ppr = style.element.pPr
        el = None if ppr is None else ppr.find(qn(f"w:{tag}"))
        if el is not None:
            return el
        style = style.base_style
    return None


@pytest.fixture(scope="module")
def rendered() -> docx.document.Document:
    return read_back(render_bytes(make_doc()))


def paragraphs_with(d, style_name: str) -> list[str]:
    return [p.text for p in d.paragraphs if p.style.name == style_name]


# -- page -----------------------------------------------------------------------------------------


def test_page_is_a4_with_gbt_9704_margins(rendered):
    sec = rendered.sections[0]
    assert (round(sec.page_width.mm), round(sec.page_height.mm)) == (210, 297)
    got = [
        round(x.mm, 1)
        for x in (sec.top_margin, sec.bottom_margin, sec.left_margin, sec.right_margin)
    ]
    assert got == [37.0, 35.0, 28.0, 26.0]


def test_line_grid_gives_22_lines_of_28_characters(rendered):
    grid = rendered.sections[0]._sectPr.find(qn("w:docGrid"))
    pitch_pt = int(grid.get(qn("w:linePitch"))) / 20
    assert pitch_pt == pytest.approx(28.9, abs=0.1)
    assert 22 * pitch_pt <= 225 / 25.4 * 72  # 22 lines fit the 225 mm type area
    normal = rendered.styles["Normal"]
    spacing = style_ppr(normal, "spacing")
    assert spacing.get(qn("w:lineRule")) == "exact"
    assert int(spacing.get(qn("w:line"))) / 20 == pitch_pt
    # character pitch = 16 pt + spacing; 28 of them fit 156 mm, 29 do not
    pitch = 16 + int(style_rpr_value(normal, "spacing")) / 20
    width = 156 / 25.4 * 72
    assert 28 * pitch <= width < 29 * pitch


def test_body_is_3hao_fangsong_with_east_asian_font_and_two_char_indent(rendered):
    normal = rendered.styles["Normal"]
    assert style_rpr_value(normal, "rFonts", "eastAsia") == "仿宋_GB2312"
    assert style_rpr_value(normal, "sz") == "32"  # half points: 16 pt
    ind = style_ppr(normal, "ind")
    assert ind.get(qn("w:firstLineChars")) == "200"
    body = paragraphs_with(rendered, "Normal")
    assert any(t.startswith("今年以来") for t in body)


def test_title_is_2hao_xiaobiaosong_centred(rendered):
    title = rendered.styles["Title"]
    assert style_rpr_value(title, "rFonts", "eastAsia") == "方正小标宋简体"
    assert style_rpr_value(title, "sz") == "44"
    assert style_ppr(title, "jc").get(qn("w:val")) == "center"
    # phrases of a title keep their separation as one ideographic space
    assert paragraphs_with(rendered, "Title") == ["某区\u3000多措并举\u3000推动项目建设提速"]


@pytest.mark.parametrize(
    ("style", "font", "text"),
    [
        ("Heading 1", "黑体", "一、强化谋划储备"),
        ("Heading 2", "楷体_GB2312", "（一）建立台账"),
        ("Heading 3", "仿宋_GB2312", "1.细化分工"),
        ("Heading 4", "仿宋_GB2312", "（1）明确责任"),
    ],
)
def test_headings_take_level_style_font_and_normalised_marker(rendered, style, font, text):
    assert paragraphs_with(rendered, style) == [text]
    assert style_rpr_value(rendered.styles[style], "rFonts", "eastAsia") == font


def test_inline_leads_are_bold_as_in_source(rendered):
    para = next(p for p in rendered.paragraphs if p.text.startswith("一是抓储备"))
    bold = [r.text for r in para.runs if r.bold]
    assert bold == ["一是抓储备。", "二是抓招商。"]
    assert not any(r.bold for r in para.runs if "储备项目" in r.text)


def test_page_debris_lines_are_dropped(rendered):
    assert not any(re.fullmatch(r"\W*2\W*", p.text) for p in rendered.paragraphs if p.text)


def test_punctuation_made_full_width_and_stray_spaces_removed(rendered):
    first = next(p.text for p in rendered.paragraphs if p.text.startswith("今年以来"))
    assert first == "今年以来，某区新开工项目12个，完成投资8.35亿元，占年度计划的41.2%。"
    assert "建立项目台账，实行周调度（每周一次）。" in [p.text for p in rendered.paragraphs]


# -- masthead, 版记, footers ---------------------------------------------------------------------


def test_masthead_is_red_with_issue_issuer_date_and_red_rule(rendered):
    mast = rendered.styles["Masthead"]
    assert style_rpr_value(mast, "color") == "FF0000"
    assert style_rpr_value(mast, "rFonts", "eastAsia") == "方正小标宋简体"
    assert paragraphs_with(rendered, "Masthead") == ["某区政务信息"]
    assert paragraphs_with(rendered, "Issue Number") == ["第7期"]
    assert paragraphs_with(rendered, "Masthead Meta") == ["某区人民政府办公室\t2021年5月6日"]
    meta_para = next(p for p in rendered.paragraphs if p.style.name == "Masthead Meta")
    bottom = meta_para._p.pPr.find(qn("w:pBdr")).find(qn("w:bottom"))
    assert bottom.get(qn("w:color")) == "FF0000"
    # right tab at the type-area width puts the date flush right
    tab = style_ppr(rendered.styles["Masthead Meta"], "tabs").find(qn("w:tab"))
    assert tab.get(qn("w:val")) == "right"
    assert int(tab.get(qn("w:pos"))) == pytest.approx(Mm(156).twips, abs=2)


def test_imprint_lists_recipients_editor_copies_between_rules(rendered):
    table = rendered.tables[-1]
    cells = [[c.text for c in row.cells] for row in table.rows]
    assert cells[0][0] == "送：区委常委，区人大常委会主任、副主任"
    assert cells[1][0] == "发：各街道办事处"
    assert cells[2] == ["责任编辑：张三", "共印40份"]
    widths = oxml.table_rule_widths(table)
    assert widths["top"] == pytest.approx(0.35, abs=0.01)
    assert widths["bottom"] == pytest.approx(0.35, abs=0.01)
    assert widths["insideH"] == pytest.approx(0.25, abs=0.02)
    assert "left" not in widths and "insideV" not in widths
    para = table.cell(0, 0).paragraphs[0]
    assert para.style.name == "Imprint"
    imprint = rendered.styles["Imprint"]
    assert style_rpr_value(imprint, "sz") == "28"  # 4号
    assert style_rpr_value(imprint, "rFonts", "eastAsia") == "仿宋_GB2312"
    assert style_ppr(imprint, "ind").get(qn("w:leftChars")) == "100"
    pos = table._tbl.tblPr.find(qn("w:tblpPr"))
    assert pos.get(qn("w:tblpYSpec")) == "bottom" and pos.get(qn("w:vertAnchor")) == "margin"


def _footer_text(footer) -> str:
    return "".join(t.text or "" for t in footer._element.iter(qn("w:t"), qn("w:instrText")))


def test_page_numbers_odd_right_even_left_in_4hao_songti(rendered):
    sec = rendered.sections[0]
    assert rendered.settings.odd_and_even_pages_header_footer
    odd, even = sec.footer.paragraphs[0], sec.even_page_footer.paragraphs[0]
    assert odd.alignment == docx.enum.text.WD_ALIGN_PARAGRAPH.RIGHT
    assert even.alignment == docx.enum.text.WD_ALIGN_PARAGRAPH.LEFT
    for footer in (sec.footer, sec.even_page_footer):
        assert _footer_text(footer) == "—  PAGE 1 —"  # "— " PAGE field " —"
        kinds = [f.get(qn("w:fldCharType")) for f in footer._element.iter(qn("w:fldChar"))]
        assert kinds == ["begin", "separate", "end"]
    assert odd._p.pPr.find(qn("w:ind")).get(qn("w:rightChars")) == "100"
    assert even._p.pPr.find(qn("w:ind")).get(qn("w:leftChars")) == "100"
    footer_style = rendered.styles["Footer"]
    assert style_rpr_value(footer_style, "rFonts", "eastAsia") == "宋体"
    assert style_rpr_value(footer_style, "sz") == "28"


def test_jianbao_is_plain_black_with_centred_page_numbers():
    d = read_back(render_bytes(make_doc(), template="jianbao"))
    assert style_rpr_value(d.styles["Masthead"], "color") == "000000"
    assert not d.settings.odd_and_even_pages_header_footer
    assert d.sections[0].footer.paragraphs[0].alignment == docx.enum.text.WD_ALIGN_PARAGRAPH.CENTER


# -- metadata -------------------------------------------------------------------------------------


def test_options_override_document_metadata():
    d = read_back(
        render_bytes(
            make_doc(), issue="12", date="2021年6月1日", masthead="工作动态", issuer="某局"
        )
    )
    assert paragraphs_with(d, "Masthead") == ["工作动态"]
    assert paragraphs_with(d, "Issue Number") == ["第12期"]
    assert paragraphs_with(d, "Masthead Meta") == ["某局\t2021年6月1日"]


def test_missing_metadata_stays_out():
    doc = make_doc(meta=Meta(title="某区 多措并举 推动项目建设提速"))
    d = read_back(render_bytes(doc))
    names = {p.style.name for p in d.paragraphs}
    assert not names & {"Masthead", "Issue Number", "Masthead Meta", "Byline"}
    assert d.tables == []  # no 版记 without recipients, editor or copies
    assert not any(re.search(r"\d{4}年\d+月\d+日|第\d+期|共印", p.text) for p in d.paragraphs)


def test_bad_date_option_is_a_usage_error():
    with pytest.raises(UsageError, match="not a date"):
        render_bytes(make_doc(), date="yesterday")


def test_unknown_option_is_a_usage_error():
    with pytest.raises(UsageError, match="unknown render option"):
        render_bytes(make_doc(), colour="red")


# -- templates and reproducibility ----------------------------------------------------------------


@pytest.mark.parametrize("name", BUILTIN_TEMPLATES)
def test_every_style_the_renderer_uses_exists_in_the_template(name):
    spec, data = load_template(name)
    have = {s.name for s in docx.Document(io.BytesIO(data)).styles}
    assert set(spec.styles.values()) <= have
    # and the rendered document only uses those styles
    d = read_back(render_bytes(make_doc(), template=name))
    used = {p.style.name for p in d.paragraphs}
    for t in d.tables:
        used |= {p.style.name for row in t.rows for c in row.cells for p in c.paragraphs}
    assert used <= set(spec.styles.values())


@pytest.mark.parametrize("name", BUILTIN_TEMPLATES)
def test_template_docx_is_rebuilt_byte_for_byte_from_its_spec(name):
    spec = spec_from_file(templates_dir() / f"{name}.toml")
    assert build_template_docx(spec) == (templates_dir() / f"{name}.docx").read_bytes()


def test_rendering_twice_gives_identical_bytes(tmp_path):
    a = render(make_doc(), tmp_path / "a.docx")
    b = render(make_doc(), tmp_path / "b.docx")
    assert a.read_bytes() == b.read_bytes()
    cp = docx.Document(str(a)).core_properties
    assert cp.created.isoformat().startswith("2021-05-06") and cp.revision == 1


def test_user_docx_with_the_same_style_names_works_as_template(tmp_path):
    mine = tmp_path / "house.docx"
    shutil.copyfile(templates_dir() / "zhengwu.docx", mine)
    d = read_back(render_bytes(make_doc(), template=str(mine)))
    assert paragraphs_with(d, "Masthead") == ["某区政务信息"]


def test_user_docx_lacking_styles_is_rejected_naming_them(tmp_path):
    plain = tmp_path / "plain.docx"
    docx.Document().save(str(plain))
    with pytest.raises(UsageError, match=r"lacks style.*Masthead"):
        render_bytes(make_doc(), template=str(plain))


def test_unknown_template_name_is_a_usage_error():
    with pytest.raises(UsageError, match="unknown template"):
        render_bytes(make_doc(), template="fancy")


# -- content is kept --------------------------------------------------------------------------------


def _all_text(d) -> str:
    parts = [p.text for p in d.paragraphs]
    parts += [c.text for t in d.tables for row in t.rows for c in row.cells]
    return "\n".join(parts)


def test_every_figure_of_the_source_appears_verbatim(rendered):
    doc = make_doc()
    out = _all_text(rendered)
    for b in doc.blocks:
        src = doc.text[b.start : b.end]
        if re.fullmatch(r"\W*\d+\W*", src):
            continue  # page debris
        for m in re.finditer(r"\d+(\.\d+)?", src):
            assert m.group(0) in out, m.group(0)


def test_table_blocks_become_word_tables():
    text = "指标\t数值\n投资\t8.35亿元"
    cells = [[Span(0, 2), Span(3, 5)], [Span(6, 8), Span(9, 15)]]
    doc = Document(text=text, norm=text, blocks=[Block("table", 0, len(text), rows=cells)])
    d = read_back(render_bytes(doc))
    assert [[c.text for c in r.cells] for r in d.tables[0].rows] == [
        ["指标", "数值"],
        ["投资", "8.35亿元"],
    ]


@pytest.mark.parametrize(
    ("source", "heading", "expected"),
    [
        ("共印 90 份", False, "共印90份"),
        ("完成率75%,其中(含新开工)项目 3 个.", False, "完成率75%，其中（含新开工）项目3个。"),
        ("会议于10:30召开, 投资1,000万元", False, "会议于10:30召开，投资1,000万元"),
        ('他说"三个一批"很好', False, "他说“三个一批”很好"),
        ("网址 www.example.gov.cn 可查", False, "网址www.example.gov.cn可查"),
        ("Hello World", False, "Hello World"),
        ("\u3000\u3000首行空格", False, "首行空格"),
        ("一. 坚持谋划", True, "一、坚持谋划"),
        ("一 坚持谋划", True, "一、坚持谋划"),
        ("(二)强化 服务", True, "（二）强化服务"),
        ("3、项目情况", True, "3.项目情况"),
        ("1.5亿元的项目", True, "1.5亿元的项目"),
        ("(4) 抓好落实", True, "（4）抓好落实"),
    ],
)
def test_standardize_changes_form_not_content(source, heading, expected):
    out, pos = standardize(source, heading=heading)
    assert out == expected
    assert len(pos) == len(source) + 1 and pos[-1] == len(out)
    assert re.findall(r"\d", out) == re.findall(r"\d", source)


# -- command line ---------------------------------------------------------------------------------


def test_cli_render_writes_docx_with_options(tmp_path, capsys):
    src = tmp_path / "in.txt"
    src.write_text(
        "某区 推进项目建设\n\n今年以来，新开工项目12个，完成投资8.35亿元。\n", encoding="utf-8"
    )
    out = tmp_path / "out.docx"
    code = main(
        [
            "render",
            str(src),
            "-o",
            str(out),
            "--masthead",
            "工作简报",
            "--issue",
            "3",
            "--date",
            "2021-05-06",
            "--issuer",
            "某局",
            "--template",
            "jianbao",
        ]
    )
    assert code == 0
    assert capsys.readouterr().out.strip() == str(out)
    d = docx.Document(str(out))
    assert paragraphs_with(d, "Issue Number") == ["第3期"]
    assert "8.35亿元" in _all_text(d)


def test_cli_render_bad_date_exits_2_with_one_line(tmp_path, capsys):
    src = tmp_path / "in.txt"
    src.write_text("标题\n\n正文12个。\n", encoding="utf-8")
    code = main(["render", str(src), "-o", str(tmp_path / "o.docx"), "--date", "13/45"])
    err = capsys.readouterr().err
    assert code == 2 and "not a date" in err and err.count("\n") == 1


def test_public_api_renders(tmp_path):
    out = briefing.render(make_doc(), tmp_path / "x.docx", template="zhengwu", issue="8")
    assert isinstance(out, Path) and out.stat().st_size > 0


# ---------------------------------------------------------------------------
# title breaks, font table, 版记 placement (the XML; LibreOffice in test_render_page.py)
# ---------------------------------------------------------------------------


def test_long_title_breaks_at_a_phrase_into_balanced_lines() -> None:
    from briefing.rendering.titles import title_lines

    title = "南湖区深化“放管服”改革持续优化营商环境为重点项目发展保驾护航"
    assert title_lines(title, 20) == [
        "南湖区深化“放管服”改革",
        "持续优化营商环境为重点项目发展保驾护航",
    ]
    assert title_lines("关于2024年一季度全市重点项目建设进展情况的通报", 20) == [
        "关于2024年一季度全市重点项目",
        "建设进展情况的通报",
    ]
    assert title_lines("南湖区“四项机制”打造一流营商环境", 20) == [
        "南湖区“四项机制”打造一流营商环境"
    ]
    # a space between phrases is the best break, and is dropped there
    assert title_lines(
        "市发展改革委全力做好重大项目要素保障 为全市经济高质量发展提供有力支撑", 20
    ) == [
        "市发展改革委全力做好重大项目要素保障",
        "为全市经济高质量发展提供有力支撑",
    ]


def test_title_never_breaks_inside_a_quotation_or_a_number() -> None:
    from briefing.rendering.titles import title_lines

    title = "全市“三个一批”项目完成投资2024.56亿元同比增长百分之十二点五"
    for lines in (title_lines(title, 16), title_lines(title, 20)):
        assert "".join(lines) == title
        for line in lines:
            assert line.count("“") == line.count("”")
            assert not line.startswith(("024", ".56", "56", "亿", "元"))


def test_title_lines_are_separate_lines_in_the_docx() -> None:
    doc = briefing.read_text(
        "南湖区深化“放管服”改革持续优化营商环境为重点项目发展保驾护航\n\n全区共有项目12个。\n",
        name="t.txt",
    )
    d = docx.Document(io.BytesIO(render_bytes(doc)))
    title = next(p for p in d.paragraphs if p.style.name == "Title")
    assert title.text == "南湖区深化“放管服”改革\n持续优化营商环境为重点项目发展保驾护航"


def test_font_table_declares_the_official_fonts_with_stand_ins() -> None:
    import zipfile

    doc = briefing.read_text("标题\n\n正文12个。\n", name="t.txt")
    with zipfile.ZipFile(io.BytesIO(render_bytes(doc))) as z:
        table = z.read("word/fontTable.xml").decode("utf-8")
    assert "ＭＳ 明朝" not in table
    for name, alt in (
        ("仿宋_GB2312", "Noto Serif CJK SC"),
        ("方正小标宋简体", "Noto Serif CJK SC"),
        ("黑体", "Noto Sans CJK SC"),
        ("楷体_GB2312", "AR PL UKai CN"),
    ):
        m = re.search(rf'<w:font w:name="{name}"><w:altName w:val="([^"]+)"/>', table)
        assert m and alt in m.group(1).split(","), name
        assert re.search(rf'w:name="{name}"><w:altName[^>]+/><w:charset w:val="86"/>', table)


def test_fontconfig_file_maps_each_official_font_to_installed_faces() -> None:
    import shutil
    import subprocess

    from briefing.rendering.fonts import fontconfig_xml

    xml = fontconfig_xml()
    assert xml.count("<match ") == 5 and "<include" in xml
    if shutil.which("fc-match") is None:
        return
    import tempfile

    with tempfile.TemporaryDirectory() as tmp:
        conf = Path(tmp) / "fonts.conf"
        conf.write_text(xml, encoding="utf-8")
        env = {**os.environ, "FONTCONFIG_FILE": str(conf)}
        got = {
            name: subprocess.run(
                ["fc-match", "-f", "%{family[0]}:%{weight}", name],
                env=env, capture_output=True, text=True, check=True,
            ).stdout
            for name in ("仿宋_GB2312", "方正小标宋简体", "黑体", "楷体_GB2312")
        }  # fmt: skip
    assert got["仿宋_GB2312"].startswith("Noto Serif CJK SC:")
    assert got["方正小标宋简体"] == "Noto Serif CJK SC:200"  # bold
    assert got["黑体"].startswith("Noto Sans CJK SC:")
    assert got["楷体_GB2312"].startswith("AR PL UKai CN:")


def test_imprint_table_is_anchored_to_the_page_at_the_foot_of_the_type_area() -> None:
    doc = briefing.read(ROOT / "corpora" / "nanhu_zwxx_2021_11.txt")
    d = docx.Document(io.BytesIO(render_bytes(doc)))
    tblp = d.tables[-1]._tbl.tblPr.find(qn("w:tblpPr"))
    assert tblp.get(qn("w:horzAnchor")) == "page" and tblp.get(qn("w:tblpYSpec")) == "bottom"
    assert tblp.get(qn("w:tblpX")) == str(round(28 / 25.4 * 1440))  # the left margin
    send = d.tables[-1].rows[0].cells[0].paragraphs[0]
    ind = send._p.pPr.find(qn("w:ind"))
    assert send.text.startswith("送：")
    assert ind.get(qn("w:hangingChars")) == "200" and ind.get(qn("w:leftChars")) == "300"
