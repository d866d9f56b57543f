"""BR102 sums under a ``X中`` header: the items of a sentence opening with a noun and 中
break down that noun's figures stated earlier.  Which figures were paired is pinned.
The sentences are invented for the tests, in the genre of the bulletins."""

from __future__ import annotations

import re

from relation_support import check_text, sum_readings

from briefing.checks import headers

SIGNED = (
    "1-9月，全县招商引资项目126个，到位资金38.6亿元。其中：新签项目{n}个，同比增长4.2%，到位资金9.5亿；"
    "续建项目82个，到位资金29.1亿元。\n"
    "新签项目中{a}项目30个，协议资金22.4亿元，到位资金6.1亿元；{b}项目14个，协议资金8.0亿元，到位资金3.4亿元。"
)


def test_items_under_a_header_add_up_to_the_nouns_figures_stated_before() -> None:
    got = sum_readings(check_text(SIGNED.format(n="44", a="工业", b="服务业")))
    assert ("consistent", ("30个", "14个"), "44个") in got
    # 到位资金9.5亿 (a bare scale word) is in 元 like its parts
    assert ("consistent", ("6.1亿元", "3.4亿元"), "9.5亿") in got


def test_header_parts_naming_a_whole_set_that_do_not_add_up_are_a_warning() -> None:
    rep = check_text(SIGNED.format(n="48", a="市内", b="市外"))
    assert ("rounding", ("30个", "14个"), "48个") in sum_readings(rep)
    assert any(
        f.code == "BR102" and f.severity == "warning" and f.stated == "48个" for f in rep.findings
    )


def test_header_parts_of_some_categories_only_are_not_judged_when_short() -> None:
    # 工业 and 服务业 need not be every kind of the new projects: no finding on 48
    rep = check_text(SIGNED.format(n="48", a="工业", b="服务业"))
    assert not any(total == "48个" and "30个" in parts for _, parts, total in sum_readings(rep))
    assert not any(f.code == "BR102" and f.stated == "48个" for f in rep.findings)


def test_header_noun_never_stated_with_a_figure_gives_no_sum() -> None:
    text = "签约项目进展顺利。签约项目中，工业项目30个，到位资金6.1亿元；服务业项目14个，到位资金3.4亿元。"
    assert not any(
        total
        for _, _, total in sum_readings(check_text(text))
        if total not in ("6.1亿元", "3.4亿元", "30个", "14个")
    )


def test_docstring_example() -> None:
    m = re.search(r"Example::\s+(\S+) →", headers.__doc__ or "")
    assert m is not None
    got = sum_readings(check_text(m.group(1)))
    assert ("consistent", ("20个", "16个"), "36个") in got
    assert ("consistent", ("3.1亿元", "2.3亿元"), "5.4亿元") in got
