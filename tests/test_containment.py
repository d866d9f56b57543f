"""BR103 subsets stated by containment: N个X中，有M个…"""

from __future__ import annotations

import briefing


def _subsets(text: str) -> list[tuple[str, str]]:
    report = briefing.check(briefing.read_text(text))
    return [(r.status, r.formula) for r in report.relations if r.code == "BR103"]


def test_count_inside_a_counted_group_is_a_subset() -> None:
    assert _subsets("全省32个试点单位中，有27个完成验收。") == [("consistent", "27 ≤ 32")]
    assert _subsets("45个行业大类中31个行业保持增长。") == [("consistent", "31 ≤ 45")]


def test_larger_part_of_the_same_noun_is_an_error() -> None:
    report = briefing.check(briefing.read_text("45个行业大类中51个行业保持增长。"))
    errors = [f for f in report.findings if f.code == "BR103" and f.severity == "error"]
    assert len(errors) == 1 and "51" in errors[0].message


def test_larger_count_of_another_noun_is_not_flagged() -> None:
    text = "全县5个乡镇中，32个村完成改造。"
    report = briefing.check(briefing.read_text(text))
    assert _subsets(text) == []
    assert not [f for f in report.findings if f.code == "BR103"]


def test_counts_of_different_units_are_not_paired() -> None:
    assert _subsets("12个项目中，涉及征地农户30户。") == []


def _pairs(text: str) -> list[tuple[str, str]]:
    """(part, whole) of every subset relation, as written."""
    report = briefing.check(briefing.read_text(text))
    out = []
    for r in report.relations:
        if r.code == "BR103":
            part = next(f.text for f in r.figures if f.role == "part")
            whole = next(f.text for f in r.figures if f.role == "whole")
            out.append((part, whole))
    return out


def test_those_of_the_whole_that_are_so_de_you() -> None:
    # …的有M家: the hotels whose occupancy is over 80% are among the 120 monitored
    text = "全市纳入监测的120家星级饭店中客房出租率超过75%的有96家，其中出租率达85%以上的有61家。"
    subs = _pairs(text)
    assert ("96家", "120家") in subs


def test_those_listed_de_wei_with_the_noun_before_the_whole() -> None:
    text = "今年市政府工作报告确定重点工作任务12项，列入本次专项督查的为5项，进展总体顺利。"
    assert ("5项", "12项") in _pairs(text)


def test_kinds_of_one_whole_are_siblings_not_parts() -> None:
    # 满意的有231件，一般的有6件: 6 is not a part of 231
    text = "电话回访群众诉求250件，其中有效回访238件，表示满意的有231件，表示一般的有6件。"
    subs = _pairs(text)
    assert ("231件", "238件") in subs
    assert ("6件", "231件") not in subs
