"""BR102 sums of complementary categories (续建/新开工, 夏粮/秋粮) stated one to a
sentence after their total.  Which figures were paired is pinned.  The sentences are
invented for the tests, in the genre of the bulletins."""

from __future__ import annotations

import re

from relation_support import check_text, sum_readings

import briefing
from briefing.checks import complements, figures_for
from briefing.checks.engine import Context

KEY = (
    "今年前6个月，全市重点项目累计完成投资{total}亿元，为年度计划的53.7%。\n"
    "其中，水利项目完成投资286亿元。\n"
    "上半年，全市续建项目完成投资1136亿元，已过全年计划的一半。其中，部分项目已经投用。"
    "滨江大道等新开工项目完成投资497.4亿元，占年度计划58.2%。"
)


def test_complementary_categories_in_later_sentences_add_up_to_the_total() -> None:
    got = sum_readings(check_text(KEY.format(total="1633")))
    assert ("consistent", ("1136亿元", "497.4亿元"), "1633亿元") in got


def test_categories_that_do_not_add_up_are_no_reading_and_no_finding() -> None:
    # 投产 or 前期 projects may be counted in the total too: a short sum says nothing
    rep = check_text(KEY.format(total="1733"))
    assert not any(total == "1733亿元" for _, _, total in sum_readings(rep))
    assert not any(f.code == "BR102" and f.stated == "1733亿元" for f in rep.findings)


def _proposed(text: str) -> list[tuple[str, ...]]:
    """The figures of this rule's own readings (other rules left out)."""
    doc = briefing.read_text(text)
    ctx = Context(doc, figures_for(doc))
    return [tuple(f.text for f in j.relation.figures) for j in complements.propose(ctx)]


def test_a_total_named_by_one_of_the_categories_is_not_their_whole() -> None:
    whole = (
        "全省重点项目完成投资1633.4亿元。续建项目完成投资1136亿元。新开工项目完成投资497.4亿元。"
    )
    assert _proposed(whole) == [("1633.4亿元", "1136亿元", "497.4亿元")]
    named = "续建项目完成投资1633.4亿元。续建项目完成投资1136亿元。新开工项目完成投资497.4亿元。"
    assert _proposed(named) == []


def test_categories_in_the_totals_own_sentence_are_left_to_the_other_readings() -> None:
    text = "全省重点项目完成投资1633.4亿元，续建项目完成投资1136亿元。新开工项目完成投资497.4亿元。"
    assert _proposed(text) == []


def test_docstring_example() -> None:
    m = re.search(r"Example::\s+(\S+) →", complements.__doc__ or "")
    assert m is not None
    assert ("consistent", ("362亿元", "212亿元"), "574亿元") in sum_readings(check_text(m.group(1)))


def test_kinds_of_a_named_whole_in_a_later_sentence_add_up_to_it() -> None:
    text = (
        "我市今年新增义务教育学位4150个\n"
        "今年，全市开工建设学校项目36个。目前，城东小学主体完工，全市新增小学学位2350个、初中学位1800个。"
    )
    assert _proposed(text) == [("4150个", "2350个", "1800个")]


def test_the_named_whole_is_no_part_of_itself() -> None:
    # 进出口 contains 出口: a later 进出口 figure is not the 出口 part
    text = "上半年全市进出口总值860.5亿元。二季度进出口总值420.3亿元。进口总值440.2亿元。"
    assert _proposed(text) == []
    text = "上半年全市进出口总值860.5亿元。出口总值420.3亿元。进口总值440.2亿元。"
    assert _proposed(text) == [("860.5亿元", "420.3亿元", "440.2亿元")]
