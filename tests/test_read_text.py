"""The plain-text reader: encodings, line endings, markdown emphasis, traditional input."""

from __future__ import annotations

import codecs

import pytest

import briefing
from briefing.errors import ReadError
from briefing.io.text import decode

SAMPLE = "青河政务信息\n（12）\n青河市人民政府办公室\n2023年6月12日\n东城区重点项目建设提速\n今年以来，东城区完成投资12.5亿元，同比增长8.3%。\n"


@pytest.mark.parametrize(
    ("encoding", "bom"),
    [
        ("utf-8", b""),
        ("utf-8", codecs.BOM_UTF8),
        ("gb18030", b""),
        ("gbk", b""),
        ("utf-16-le", codecs.BOM_UTF16_LE),
        ("utf-16-be", codecs.BOM_UTF16_BE),
    ],
)
def test_detects_encoding_not_assumes(encoding: str, bom: bytes) -> None:
    doc = briefing.read(bom + SAMPLE.encode(encoding), name="x.txt")
    assert "完成投资12.5亿元" in doc.text
    assert doc.meta.masthead == "青河政务信息"
    assert doc.meta.date == "2023-06-12"


def test_gb18030_is_reported_as_the_encoding() -> None:
    doc = briefing.read(SAMPLE.encode("gb18030"), name="x.txt")
    assert doc.encoding == "gb18030"


def test_mixed_line_endings_read_as_lines() -> None:
    data = SAMPLE.replace("\n", "\r\n", 2).replace("\n东城", "\r东城").encode("utf-8")
    doc = briefing.read(data, name="x.txt")
    assert doc.meta.title == "东城区重点项目建设提速"
    assert "\r" not in doc.text


def test_markdown_bold_is_emphasis_not_text() -> None:
    doc = briefing.read_text(
        "标题行\n今年工作有序推进。**一是抓储备。**储备项目21个。**二是抓招商。**签约5个。\n"
    )
    assert "**" not in doc.text
    bold = [doc.text[e.start : e.end] for e in doc.emphasis]
    assert bold == ["一是抓储备。", "二是抓招商。"]
    assert [(lead.ordinal, doc.text[lead.start : lead.end]) for lead in doc.leads] == [
        (1, "一是抓储备。"),
        (2, "二是抓招商。"),
    ]


def test_traditional_input_keeps_offsets_and_normalizes_words() -> None:
    doc = briefing.read_text("項目建設\n全市重點項目總投資4386億元，完成１２．１９％。\n")
    i = doc.text.index("4386億元")
    assert doc.norm[i : i + 6] == "4386亿元"
    j = doc.text.index("１２．１９％")
    assert doc.norm[j : j + 6] == "12.19%"
    assert len(doc.norm) == len(doc.text)
    assert doc.script == "traditional"


def test_pinyin_debris_of_mirror_sites_is_removed() -> None:
    doc = briefing.read_text("標題\n今年安排重點(diǎn)建設(shè)項(xiàng)目386項(xiàng)。\n")
    assert "(xiàng)" not in doc.text
    assert "項目386項。" in doc.text


@pytest.mark.parametrize(
    ("data", "cause"),
    [
        (b"", "empty file"),
        (b"   \n\n", "empty file"),
        (bytes(range(256)) * 4, "binary data"),
        (codecs.BOM_UTF16_LE + b"\x00\xd8", "byte-order mark"),
    ],
)
def test_bad_text_input_names_the_cause(data: bytes, cause: str) -> None:
    with pytest.raises(ReadError) as exc:
        briefing.read(data, name="bad.txt")
    assert "bad.txt" in str(exc.value)
    assert cause in str(exc.value)


def test_decode_prefers_utf8_over_gb18030() -> None:
    text, enc = decode("完成投资".encode(), "x")
    assert (text, enc) == ("完成投资", "utf-8")


def test_zero_width_debris_is_removed_and_a_split_figure_rejoined() -> None:
    doc = briefing.read_text(
        "标题\n全年全省社会消费品零售总额达到3.86\n\u200b万亿元，同比增长5.9%。\n"
    )
    assert "\u200b" not in doc.text
    assert "3.86万亿元" in doc.text


def test_a_line_of_only_invisible_debris_does_not_split_a_figure() -> None:
    doc = briefing.read_text("标题\n全年地区生产总值达到3.86\n\u200b\n万亿元，增长5.4%。\n")
    assert "3.86万亿元" in doc.text
