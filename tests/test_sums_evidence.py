"""BR102 sums over item lists (parts one to a clause group, sentence or line after their
total; breakdowns opened by 分行业看 and the like; unit slips; parts in a negligible
scale).  Which figures were paired is pinned, not only the status.  The sentences are
invented for the tests, in the genre of the bulletins."""

from __future__ import annotations

import re

from relation_support import check_text, sum_readings

import briefing
from briefing.checks import partition


def _findings(report: briefing.Report) -> list[tuple[str, str]]:
    return [(f.severity, f.message) for f in report.findings if f.code == "BR102"]


def test_item_sums_docstring_example() -> None:
    doc = partition._item_sums.__doc__ or ""
    m = re.search(r"Example::\s+(\S+) →", doc)
    assert m is not None
    sums = sum_readings(check_text(m.group(1)))
    assert ("consistent", ("58.3万人次", "40.2万人次", "28.0万人次"), "126.5万人次") in sums


def test_parts_in_semicolon_clauses_after_their_total() -> None:
    rep = check_text(
        "1-6月，全区完成固定资产投资352.8亿元，比上年同期增长8.7%。\n"
        "第一产业完成投资11.6亿元，增长5.1%；第二产业完成投资143.8亿元，增长8.0%；"
        "第三产业完成投资197.4亿元，增长10.4%。"
    )
    assert ("consistent", ("11.6亿元", "143.8亿元", "197.4亿元"), "352.8亿元") in sum_readings(rep)
    assert _findings(rep) == []


def test_changes_add_up_to_the_change_of_the_total() -> None:
    rep = check_text(
        "全县播种面积56.40万亩，比上年增1.25万亩。其中：春播面积20.10万亩，比上年增0.35万亩。"
        "夏播面积36.30万亩，比上年增0.90万亩。"
    )
    sums = sum_readings(rep)
    assert ("consistent", ("20.10万亩", "36.30万亩"), "56.40万亩") in sums
    assert ("consistent", ("0.35万亩", "0.90万亩"), "1.25万亩") in sums


_BY_LINE = (
    "全市重点项目完成投资425.60亿元。\n分行业看：\n工业项目完成投资{a}亿元；\n"
    "农业项目完成投资45.10亿元；\n城建项目完成投资200.25亿元。"
)


def test_breakdown_opened_by_a_cue_over_the_lines_after_it() -> None:
    rep = check_text(_BY_LINE.format(a="180.25"))
    parts = ("180.25亿元", "45.10亿元", "200.25亿元")
    assert ("consistent", parts, "425.60亿元") in sum_readings(rep)
    assert _findings(rep) == []


def test_breakdown_by_a_cue_that_does_not_add_up_is_an_error_naming_the_slip() -> None:
    rep = check_text(_BY_LINE.format(a="180.52"))
    parts = ("180.52亿元", "45.10亿元", "200.25亿元")
    assert ("inconsistent", parts, "425.60亿元") in sum_readings(rep)
    found = _findings(rep)
    assert [s for s, _ in found] == ["error"]
    assert "180.25" in found[0][1]


def test_plain_list_adding_up_if_one_figure_was_mistyped_warns() -> None:
    rep = check_text(
        "全县接待游客126.5万人次。古镇景区接待游客85.3万人次；湖区景区接待游客40.2万人次；"
        "山区景区接待游客28.0万人次。"
    )
    found = _findings(rep)
    assert [s for s, _ in found] == ["warning"]
    assert "58.3" in found[0][1]
    assert ("rounding", ("85.3万人次", "40.2万人次", "28.0万人次"), "126.5万人次") in sum_readings(
        rep
    )


def test_unit_slip_of_one_part_is_a_warning_naming_it() -> None:
    rep = check_text(
        "1-8月，全县固定资产投资完成42.17亿元。\n分产业看，第一产业投资1.24亿元；"
        "第二产业投资5.83万元；第三产业投资35.10亿元。"
    )
    found = _findings(rep)
    assert [s for s, _ in found] == ["warning"]
    assert "5.83亿元" in found[0][1]
    assert ("rounding", ("1.24亿元", "5.83万元", "35.10亿元"), "42.17亿元") in sum_readings(rep)


def test_a_negligible_part_in_another_scale_does_not_join_a_sum_that_agrees() -> None:
    # near miss: 75.2元 added to 亿元 parts changes nothing at the total's precision
    rep = check_text(
        "全市重点项目完成投资1084.3亿元。按阶段划分，投产项目完成投资412.7亿元；续建项目完成投资"
        "637.9亿元；新开工项目完成投资33.7亿元，乡村振兴项目完成投资75.2元。"
    )
    for _status, parts, _total in sum_readings(rep):
        assert "75.2元" not in parts
    assert ("consistent", ("412.7亿元", "637.9亿元", "33.7亿元"), "1084.3亿元") in sum_readings(rep)


def test_siblings_of_a_breakdown_are_not_a_total_and_its_parts() -> None:
    rep = check_text(
        "全市实施项目46个，开工项目39个。\n分行业看：\n化工项目20个，开工项目18个；\n"
        "装备项目14个，开工项目12个；\n材料项目12个，开工项目9个。"
    )
    sums = sum_readings(rep)
    assert ("consistent", ("20个", "14个", "12个"), "46个") in sums
    assert ("consistent", ("18个", "12个", "9个"), "39个") in sums
    for _status, _parts, total in sums:
        assert total in ("46个", "39个")


def _sum_errors(text: str) -> list[str]:
    report = briefing.check(briefing.read_text(text))
    return [f.message for f in report.findings if f.code == "BR102" and f.severity == "error"]


def test_breakdown_whose_part_exceeds_the_total_is_no_breakdown_of_it() -> None:
    # 322 is larger than the total 65 and no single slip makes the parts add up: these
    # are not the total's parts (a larger part is no part), so no error is raised
    text = "全省新增就业65万人。分行业看，工业新增就业322万人；农业新增就业8万人。"
    assert _sum_errors(text) == []


def test_breakdown_cue_followed_by_words_opens_no_list_in_the_next_paragraph() -> None:
    # 分年龄看 is told in words; the counts of the next paragraph are not its items
    text = (
        "全省城镇新增就业47万人，完成年度目标的61%。\n"
        "分年龄看，青年人口调查失业率有所上升，中年人口调查失业率低于整体水平。\n"
        "6月末，外出务工规模52万人，同比增加6万人。困难人员实现就业8万人，再就业25万人。"
    )
    assert _sum_errors(text) == []


def test_sum_takes_the_whole_enumeration_not_a_run_that_adds_up() -> None:
    # 11 + 5 = 16 but the 其中 list names three items: the reading is 1 + 11 + 5 = 17
    report = briefing.check(
        briefing.read_text("全区重点项目共16个，其中签约1个、开工11个、投产5个。")
    )
    sums = [r.formula for r in report.relations if r.code == "BR102"]
    assert sums and all(f.startswith("1 + 11 + 5") for f in sums)
    assert [f.code for f in report.findings] == ["BR102"]


def test_items_of_one_enumeration_are_not_stages_of_each_other() -> None:
    report = briefing.check(
        briefing.read_text("全区重点项目共16个，其中签约1个、开工11个、投产4个。")
    )
    assert not [r for r in report.relations if r.code == "BR103" and "11 > 1" in r.formula]
    assert report.findings == []
