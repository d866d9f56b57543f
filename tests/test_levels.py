"""BR102 sums over levels of government: a whole area's figure and, in the sentences
after it, the same measure for each level that makes the area up (省级 + 市(州) = 全省,
市本级 + 县(区) = 全市).  Which figures were paired is pinned, not only the status.
The sentences are invented for the tests, in the genre of the bulletins."""

from __future__ import annotations

from relation_support import check_text, sum_readings

import briefing
from briefing.checks import levels

HOTLINE = (
    "8月，全省热线共受理诉求{whole}万件，环比上升3.1%，办结11.20万件，正在办理中1.30万件。见图1。\n"
    "图1 诉求量走势图\n"
    "{prov}热线共受理诉求3200件，办结3100件，正在办理中100件。按诉求类型分，咨询类占68.4%，投诉类占31.6%。\n"
    "市(州)热线共受理诉求12.18万件，办结10.89万件，办理中1.29万件。"
)


def _sums(text: str) -> list[tuple[str, tuple[str, ...], str]]:
    return sum_readings(check_text(text))


def test_province_whole_is_the_provincial_and_prefecture_levels() -> None:
    got = _sums(HOTLINE.format(whole="12.50", prov="省"))
    assert ("consistent", ("3200件", "12.18万件"), "12.50万件") in got
    assert ("consistent", ("3100件", "10.89万件"), "11.20万件") in got
    # 正在办理中 and 办理中 name one measure
    assert ("consistent", ("100件", "1.29万件"), "1.30万件") in got


def test_levels_that_do_not_add_up_to_the_whole_are_a_warning() -> None:
    got = _sums(HOTLINE.format(whole="12.80", prov="省"))
    assert ("rounding", ("3200件", "12.18万件"), "12.80万件") in got
    rep = briefing.check(briefing.read_text(HOTLINE.format(whole="12.80", prov="省")))
    assert any(
        f.code == "BR102" and f.severity == "warning" and f.stated == "12.80万件"
        for f in rep.findings
    )


def test_a_sentence_opening_with_a_provincial_office_is_no_level() -> None:
    # 省发改委 is an office, not the provincial level: no breakdown of the whole
    got = _sums(HOTLINE.format(whole="12.50", prov="省发改委"))
    assert not any(total == "12.50万件" and "12.18万件" in parts for _, parts, total in got)


def test_no_sum_when_a_level_is_missing() -> None:
    text = (
        "全省热线共受理诉求12.50万件，办结11.20万件。市(州)热线共受理诉求12.18万件，办结10.89万件。"
    )
    got = _sums(text)
    assert not any(total == "12.50万件" for _, _, total in got)


def test_city_whole_is_the_city_level_and_its_counties() -> None:
    text = (
        "一季度，全市一般公共预算支出86.4亿元，同比增长5.2%。"
        "市本级一般公共预算支出21.7亿元，同比增长3.0%。"
        "各县(区)一般公共预算支出64.7亿元，同比增长6.1%。"
    )
    assert ("consistent", ("21.7亿元", "64.7亿元"), "86.4亿元") in _sums(text)


def test_every_area_of_the_data_file_has_a_whole_and_two_levels() -> None:
    for area in levels.areas():
        assert area.whole.pattern
        assert len(area.levels) >= 2


def test_docstring_example() -> None:
    import re

    m = re.search(r"Example::\s+(\S+) →", levels.__doc__ or "")
    assert m is not None
    assert ("consistent", ("3200件", "12.18万件"), "12.50万件") in _sums(m.group(1))
