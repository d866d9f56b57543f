"""Subsets (BR103) stated without 其中: a period inside the periods that contain it, a
kind inside its kind, a later stage inside an earlier one, a qualified measure inside
the same measure stated as a whole.  Which figures were paired, not only the status.
Sentences are invented for the tests (numbers and wording of the genre)."""

from __future__ import annotations

import re

import pytest

import briefing
from briefing.checks import partition


def _check(text: str) -> briefing.Report:
    return briefing.check(briefing.read_text(text))


def _subsets(report: briefing.Report) -> list[tuple[str, str, str]]:
    """(status, part, whole) of every subset relation."""
    out = []
    for r in report.relations:
        if r.rule != "subset":
            continue
        roles = {f.role: f.text for f in r.figures}
        out.append((r.status, roles["part"], roles.get("whole", "")))
    return out


def _pairs(report: briefing.Report) -> set[tuple[str, str]]:
    return {(p, w) for _, p, w in _subsets(report)}


# a warning is a relation of status "rounding" (as_warning)


def _br103(report: briefing.Report) -> list[str]:
    return [f.severity for f in report.findings if f.code == "BR103"]


_READERS = [
    partition._period_subsets,
    partition._batch_subsets,
    partition._kind_subsets,
    partition._stage_subsets,
    partition._qualified_subsets,
    partition._parallel_breakdowns,
]


@pytest.mark.parametrize("reader", _READERS, ids=lambda f: f.__name__)
def test_docstring_examples(reader: object) -> None:
    doc = getattr(reader, "__doc__", "") or ""
    m = re.search(r"Example::\s+(\S+) → (\S+) ≤ (\S+)", doc)
    assert m is not None
    text, part, whole = m.groups()
    assert ("consistent", part, whole) in _subsets(_check(text))


def test_a_month_inside_the_months_to_date() -> None:
    rep = _check(
        "今年前8月，全市累计完成工业投资412.6亿元，同比增长4.3%；8月当月完成工业投资"
        "55.2亿元，环比增长6.1%。全市累计完成技改投资198.4亿元；8月当月完成技改投资27.9亿元。"
    )
    got = _subsets(rep)
    assert ("consistent", "55.2亿元", "412.6亿元") in got
    assert ("consistent", "27.9亿元", "198.4亿元") in got
    # the month's 工业投资 is not read against the months' 技改投资
    assert ("55.2亿元", "198.4亿元") not in _pairs(rep)


def test_a_year_inside_the_years_that_contain_it() -> None:
    rep = _check(
        "2016至2020年，全省农村公路累计新改建4.2万公里。2020年，全省农村公路新改建0.9万公里。"
    )
    assert ("consistent", "0.9万公里", "4.2万公里") in _subsets(rep)


def test_a_year_outside_the_span_is_not_read_inside_it() -> None:
    rep = _check(
        "2016至2019年，全省农村公路累计新改建4.2万公里。2020年，全省农村公路新改建0.9万公里。"
    )
    assert ("0.9万公里", "4.2万公里") not in _pairs(rep)


def test_a_kind_inside_a_kind_inside_a_kind() -> None:
    rep = _check(
        "全年粮食总产量38.6万吨，增长1.1%。全年谷物产量31.2万吨，增长0.8%；稻谷产量12.4万吨，"
        "增长0.5%；玉米产量14.5万吨，增长1.0%。"
    )
    got = _subsets(rep)
    assert ("consistent", "31.2万吨", "38.6万吨") in got
    assert ("consistent", "12.4万吨", "31.2万吨") in got
    assert ("consistent", "14.5万吨", "31.2万吨") in got


def test_accidents_and_their_deaths_alongside() -> None:
    rep = _check(
        "一季度，全市共发生各类生产安全事故212起、死亡189人，同比分别下降8.2%、6.1%。"
        "发生较大事故3起、死亡11人。"
    )
    got = _subsets(rep)
    assert ("consistent", "3起", "212起") in got
    assert ("consistent", "11人", "189人") in got


def test_a_later_stage_inside_an_earlier_one() -> None:
    rep = _check("全年共受理群众来信来访1526件，办结1498件，办结率98.2%。")
    assert ("consistent", "1498件", "1526件") in _subsets(rep)


def test_a_qualified_measure_inside_the_whole() -> None:
    rep = _check(
        "全镇实现农产品加工产值27.91亿元，同比增长5.3%；规模企业实现农产品加工产值18.26亿元。"
    )
    assert ("consistent", "18.26亿元", "27.91亿元") in _subsets(rep)


def test_a_slipped_month_warns() -> None:
    rep = _check(
        "1-6月，全县累计完成固定资产投资86.4亿元，同比增长5.2%；6月当月完成固定资产投资"
        "179.0亿元，环比增长8.1%。"
    )
    assert ("rounding", "179.0亿元", "86.4亿元") in _subsets(rep)
    assert _br103(rep) == ["warning"]


def test_a_slipped_stage_warns() -> None:
    rep = _check("全年共受理群众来信来访1526件，办结1598件。")
    assert ("rounding", "1598件", "1526件") in _subsets(rep)
    assert _br103(rep) == ["warning"]


def test_a_point_moved_on_the_whole_warns() -> None:
    rep = _check("全年粮食总产量3.86万吨，增长1.1%。全年谷物产量31.2万吨，增长0.8%。")
    assert ("rounding", "31.2万吨", "3.86万吨") in _subsets(rep)
    assert _br103(rep) == ["warning"]


def test_near_miss_sibling_scopes_are_not_subsets() -> None:
    # 新增 and 改善 irrigation are separate categories; neither is stated as a whole
    rep = _check("全年新增灌溉面积2.6万亩，改善灌溉面积5.7万亩，新增节水灌溉面积1.9万亩。")
    assert _subsets(rep) == []
    assert _br103(rep) == []


def test_near_miss_months_of_this_year_and_last_year_are_not_nested() -> None:
    rep = _check("今年1-7月全省已开工棚户区改造20.7万套。去年，全省棚户区改造开工62.6万套。")
    assert ("62.6万套", "20.7万套") not in _pairs(rep)
    assert _br103(rep) == []


def test_near_miss_a_plan_is_not_a_part() -> None:
    rep = _check("全市实现新开工项目38个，计划新开工项目45个。")
    assert ("45个", "38个") not in _pairs(rep)
    assert _br103(rep) == []


def test_near_miss_a_threshold_is_no_part() -> None:
    rep = _check("全区共有项目126个，3000万元以上项目的总投资86.2亿元。")
    assert _br103(rep) == []
