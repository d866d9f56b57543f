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
