"""Subsets (BR103) and sums (BR102) read from the structure of a breakdown: which figures
were paired, not only the status.  Sentences are invented for the tests (numbers and
wording of the genre)."""

from __future__ import annotations

import re

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
        out.append((r.status, roles["part"], roles.get("whole", roles.get("total", ""))))
    return out


def _severities(report: briefing.Report, code: str) -> list[str]:
    return [f.severity for f in report.findings if f.code == code]


def test_docstring_example() -> None:
    doc = partition.propose_subsets.__doc__ or ""
    m = re.search(r"Example::\s+(\S+) →", doc)
    assert m is not None
    assert ("consistent", "48个", "156个") in _subsets(_check(m.group(1)))


def test_every_item_of_a_qizhong_list_is_judged_against_its_total() -> None:
    rep = _check("全区在建项目86个，其中续建项目52个、新开工项目34个。")
    got = _subsets(rep)
    assert ("consistent", "52个", "86个") in got
    assert ("consistent", "34个", "86个") in got


def test_families_pair_with_their_own_totals() -> None:
    rep = _check("全镇签约项目23个，协议总金额186.4亿元，其中工业项目15个，协议金额142.7亿元。")
    got = _subsets(rep)
    assert ("consistent", "15个", "23个") in got
    assert ("consistent", "142.7亿元", "186.4亿元") in got
    assert not any(p == "15个" and w == "186.4亿元" for _, p, w in got)


def test_qizhong_opening_a_sentence_takes_the_total_of_the_sentence_before() -> None:
    rep = _check(
        "前三季度，全县规上工业总产值248.6亿元，同比增长7.1%。其中，食品加工业产值63.2亿元。"
    )
    assert ("consistent", "63.2亿元", "248.6亿元") in _subsets(rep)


def test_semicolon_siblings_keep_their_own_totals() -> None:
    rep = _check(
        "粮食产量52.3万吨，同比增长1.2%；其中，早稻产量18.6万吨；"
        "油料产量6.4万吨，同比增长2.5%；其中，油菜籽产量4.9万吨。"
    )
    got = _subsets(rep)
    assert ("consistent", "18.6万吨", "52.3万吨") in got
    assert ("consistent", "4.9万吨", "6.4万吨") in got
    assert not any(p == "4.9万吨" and w == "52.3万吨" for _, p, w in got)


def test_parenthesised_qizhong_attaches_to_the_figure_it_follows() -> None:
    rep = _check(
        "督办事项共有268件（其中重点事项41件），已办结215件（其中重点事项36件），其余正在办理。"
    )
    got = _subsets(rep)
    assert ("consistent", "41件", "268件") in got
    assert ("consistent", "36件", "215件") in got
    assert not any(p == "36件" and w == "268件" for _, p, w in got)
    # the parts inside the parentheses and the figures outside them are no sum
    assert not [f for f in rep.findings if f.code == "BR102"]


def test_a_slipped_part_that_exceeds_its_only_total_is_an_error() -> None:
    rep = _check("全市施工项目156个，其中新开工项目461个。")
    assert ("inconsistent", "461个", "156个") in _subsets(rep)
    assert _severities(rep, "BR103") == ["error"]


def test_a_part_exceeding_one_of_several_totals_is_only_a_warning() -> None:
    rep = _check("重点项目120个，开工项目96个，其中亿元以上项目54个、市级项目130个。")
    assert "error" not in _severities(rep, "BR103")


def test_threshold_is_neither_part_nor_total() -> None:
    rep = _check("新增学位2.84万个，其中小学学位1.07万个，新增学位超过3000个的有三个县。")
    got = _subsets(rep)
    assert ("consistent", "1.07万个", "2.84万个") in got
    assert not any(p == "3000个" for _, p, _w in got)


def test_item_naming_another_measure_is_no_part() -> None:
    # near-miss trap: 批发业销售额 is listed after 其中 but is not a part of 零售总额
    rep = _check("社会消费品零售总额58.2亿元，其中限额以上零售额6.3亿元，批发业销售额为91.5亿元。")
    got = _subsets(rep)
    assert ("consistent", "6.3亿元", "58.2亿元") in got
    assert not any(p == "91.5亿元" for _, p, _w in got)
    assert not [f for f in rep.findings if f.code == "BR103"]


def test_done_against_a_plan_may_exceed_it() -> None:
    rep = _check("今年计划开工项目40个，其中已开工项目43个。")
    assert not [f for f in rep.findings if f.code == "BR103"]


def test_new_total_clause_closes_the_list() -> None:
    rep = _check(
        "完成改造项目共计35个，其中新建项目14个、改建项目21个，总投资约9亿元，新增车位2600个。"
    )
    got = _subsets(rep)
    assert ("consistent", "14个", "35个") in got
    assert not any(p == "2600个" for _, p, _w in got)
    assert not [f for f in rep.findings if f.code == "BR103"]


def test_sum_docstring_example() -> None:
    doc = partition.__doc__ or ""
    m = re.search(r"Example::\s+(\S+) →", doc)
    assert m is not None
    rep = _check(m.group(1))
    sums = [r for r in rep.relations if r.rule == "sum" and r.status == "consistent"]
    assert any({f.text for f in r.figures} == {"57项", "34项", "23项"} for r in sums)


def test_sum_slip_in_a_complementary_breakdown_is_flagged() -> None:
    rep = _check("全县重点项目共计326个，其中新建项目118个、续建项目281个。")
    found = [f for f in rep.findings if f.code == "BR102"]
    assert found and found[0].severity in ("error", "warning")
    assert {x.text for x in found[0].figures} == {"326个", "118个", "281个"}
