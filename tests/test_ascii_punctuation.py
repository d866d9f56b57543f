"""Bulletins typed with ASCII punctuation (portal mirrors, careless editors) read and check
like their full-width originals: ``.`` after a Chinese character is a full stop, a line
ending in ``;`` or ``:`` is not page debris to be joined, and a decimal point stays."""

from __future__ import annotations

import briefing
from briefing.text.normalize import normalize

FULL = (
    "上半年全县重点项目完成投资120亿元。\n"
    "其中，东区快速路等38个续建项目稳步推进，年度投资完成率为61.3%。\n"
    "48个计划新开工项目中，30个项目已开工，开工率达62.5%。"
)


def _ascii(text: str) -> str:
    return text.translate(str.maketrans("，。；：（）", ",.;:()"))


def _ratios(text: str) -> list[tuple[str, ...]]:
    rep = briefing.check(briefing.read_text(text))
    return [tuple(f.text for f in r.figures) for r in rep.relations if r.rule == "ratio"]


def test_a_dot_after_a_chinese_character_or_percent_is_a_full_stop() -> None:
    assert normalize("完成投资9.9亿元.其中") == "完成投资9.9亿元。其中"
    assert normalize("增长5%.全市") == "增长5%。全市"
    assert normalize("开工率高.120个") == "开工率高。120个"
    assert normalize("见图1.") == "见图1。"


def test_decimal_points_addresses_ellipses_and_list_markers_stay() -> None:
    for text in ("9.9亿元", "www.gov.cn.", "等等...", "1.加强管理", "1.", "v2.0版"):
        assert normalize(text) == text


def test_a_line_ending_in_an_ascii_full_stop_is_not_joined_to_the_next() -> None:
    doc = briefing.read_text(_ascii(FULL))
    assert len([b for b in doc.blocks if b.kind == "paragraph"]) == 3


def test_a_line_ending_in_an_ascii_colon_or_semicolon_ends_its_paragraph() -> None:
    text = "各乡镇人民政府，县直各单位:\n现将全县9月份项目建设情况通报如下;\n一季度完成投资12亿元。"
    doc = briefing.read_text(_ascii(text))
    lines = [doc.text[b.start : b.end] for b in doc.blocks]
    assert len(lines) == 3, lines
    assert lines[0].endswith(":") and lines[1].endswith(";"), lines


def test_a_decimal_broken_after_its_point_is_rejoined() -> None:
    doc = briefing.read_text(
        "全市完成投资总额达到十二亿元，其中基础设施为2.\n5亿元，产业项目较多。"
    )
    assert "为2.5亿元" in doc.text


def test_ascii_punctuation_pairs_the_rate_with_the_whole_of_its_own_sentence() -> None:
    want = [("30个", "48个", "62.5%")]
    assert [r for r in _ratios(FULL) if r[0] == "30个"] == want
    assert [r for r in _ratios(_ascii(FULL)) if r[0] == "30个"] == want


def test_the_punctuation_pattern_matches_where_its_plain_alternation_does() -> None:
    """_ASCII_PUNCT begins with its character (for speed); it finds the same positions
    as the rules written one alternative each."""
    import random
    import re

    from briefing.text.normalize import _ASCII_PUNCT

    plain = re.compile(
        r"[;?!]|(?<!\d)[,:]|[,:](?!\d)|[()]"
        r"|(?<=[\u3400-\u9fff%％])\.(?![A-Za-z.])"
        r"|(?<=[)）”’」』》])\.(?![0-9A-Za-z.])"
        r"|(?:(?<=[\u3400-\u9fff]\d)|(?<=[\u3400-\u9fff]\d\d)|(?<=[\u3400-\u9fff]\d\d\d))"
        r"\.(?=\n|$)"
    )
    rng = random.Random(16)
    alphabet = list(";?!,:().0123 a中%％)）”」\n.")
    for _ in range(20000):
        s = "".join(rng.choice(alphabet) for _ in range(rng.randint(0, 12)))
        assert [m.span() for m in _ASCII_PUNCT.finditer(s)] == [
            m.span() for m in plain.finditer(s)
        ], s
