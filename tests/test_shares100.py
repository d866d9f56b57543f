"""Shares of one whole that add up to 100% (BR102, :mod:`briefing.checks.shares100`) and
the sums fixes of :mod:`briefing.checks.partition` made with it: which figures were
paired, not only the status.  Sentences are invented for the tests (numbers and wording
of the genre)."""

from __future__ import annotations

import re

import briefing
from briefing.checks import partition, shares100


def _check(text: str) -> briefing.Report:
    return briefing.check(briefing.read_text(text))


def _share_sums(report: briefing.Report) -> list[tuple[str, list[str]]]:
    """(status, part texts) of every relation of shares adding up to 100."""
    return [
        (r.status, [f.text for f in r.figures])
        for r in report.relations
        if r.rule == "sum" and all(f.text.endswith("%") for f in r.figures)
    ]


def _sum_findings(report: briefing.Report) -> list[briefing.Finding]:
    return [f for f in report.findings if f.code == "BR102"]


def test_module_docstring_example() -> None:
    m = re.search(r"Example::\s+(\S+) →", shares100.__doc__ or "")
    assert m is not None
    got = _share_sums(_check(m.group(1)))
    assert ("consistent", ["61.25%", "30.50%", "8.25%"]) in got


def test_propose_docstring_example() -> None:
    m = re.search(r"Example::\s+(\S+) →", shares100.propose.__doc__ or "")
    assert m is not None
    got = _share_sums(_check(m.group(1)))
    assert ("consistent", ["25.0%", "62.5%", "12.5%"]) in got


def test_shares_after_qizhong_with_an_unnamed_other_category() -> None:
    rep = _check(
        "全市热线共受理来电8.62万件。其中，咨询类占52.40%，投诉类占27.15%，"
        "建议类占11.20%，其他类9.25%。"
    )
    assert ("consistent", ["52.40%", "27.15%", "11.20%", "9.25%"]) in _share_sums(rep)
    assert not _sum_findings(rep)


def test_parallel_clauses_naming_one_whole() -> None:
    rep = _check(
        "全年共安排任务160项，完成的有120项，占总任务的75.0%；推进中的有30项，"
        "占总任务的18.8%；滞后的有10项，占总任务的6.3%。"
    )
    assert ("consistent", ["75.0%", "18.8%", "6.3%"]) in _share_sums(rep)


def test_a_sub_category_is_not_a_part() -> None:
    rep = _check(
        "分行业看，纺织业占比为62.40%，同比增长3.1%，其中棉纺织占比为40.15%；"
        "食品业占比为25.35%；其他行业占比为12.25%。"
    )
    got = _share_sums(rep)
    assert ("consistent", ["62.40%", "25.35%", "12.25%"]) in got
    assert not any("40.15%" in parts or "3.1%" in parts for _, parts in got)


def test_fenbie_lists_are_read_column_by_column() -> None:
    rep = _check(
        "截至目前，已验收12个村、340户，分别占计划的60.0%、68.0%；"
        "在建8个村、160户，分别占计划的40.0%、32.0%。"
    )
    got = _share_sums(rep)
    assert ("consistent", ["60.0%", "40.0%"]) in got
    assert ("consistent", ["68.0%", "32.0%"]) in got


def test_one_slip_after_qizhong_warns_naming_the_fix() -> None:
    rep = _check("全省共有耕地面积3620万亩，其中，平原占47.35%，丘陵占36.18%，山地占16.74%。")
    found = _sum_findings(rep)
    assert len(found) == 1
    assert found[0].severity == "warning"
    assert found[0].stated == "16.74" and found[0].expected == "16.47"
    assert [x.text for x in found[0].figures] == ["47.35%", "36.18%", "16.74%"]


def test_one_slip_in_a_classification_with_other_is_an_error() -> None:
    rep = _check("按区域分，城区占47.35%，郊区占36.18%，其他地区占16.74%。")
    found = _sum_findings(rep)
    assert len(found) == 1
    assert found[0].severity == "error"
    assert found[0].expected == "16.47"


def test_a_classification_that_misses_100_without_a_slip_warns() -> None:
    rep = _check("从诉求类型来看，咨询类占45.1%，投诉类占31.7%，求助类占12.0%，其他类占6.0%。")
    found = _sum_findings(rep)
    assert [f.severity for f in found] == ["warning"]
    assert "94.8" in found[0].message


def test_near_miss_shares_of_overlapping_categories_are_left_alone() -> None:
    # two shares of one whole that overlap (民间投资 includes much 工业投资): no partition
    rep = _check(
        "全市完成固定资产投资412.6亿元，工业投资占全部投资的45.2%，民间投资占全部投资的61.3%。"
    )
    assert not _share_sums(rep)
    assert not _sum_findings(rep)


def test_change_rates_beside_shares_are_not_categories() -> None:
    rep = _check(
        "一季度，第一产业增加值占比8.2%，增长3.5%；第二产业占比41.6%，增长6.1%；第三产业占比50.2%，增长5.4%。"
    )
    got = _share_sums(rep)
    assert ("consistent", ["8.2%", "41.6%", "50.2%"]) in got
    assert not any("3.5%" in parts for _, parts in got)


# ---------------------------------------------------------------------------
# partition.propose_sums: an enumeration is not a total and its parts
# ---------------------------------------------------------------------------


def test_siblings_of_one_enumeration_are_not_a_total_and_its_parts() -> None:
    rep = _check(
        "前三季度，全县新增入库企业96家。其中工业6家、建筑业31家、批发业18家、"
        "零售业9家、住宿业3家、餐饮业7家、服务业13家、房地产业9家。"
    )
    sums = [r for r in rep.relations if r.rule == "sum" and r.status == "consistent"]
    assert not any(
        {f.text for f in r.figures} & {"31家"} and "31" in r.formula.split("=")[-1] for r in sums
    )
    # 6 + 31 + 18 + 9 + 3 + 7 + 13 + 9 = 96
    assert any(
        [f.text for f in r.figures if f.role == "total"] == ["96家"] and len(r.figures) == 9
        for r in sums
    )


def test_qizhong_list_after_a_full_stop_that_exceeds_its_total_warns() -> None:
    rep = _check(
        "前三季度，全县新增入库企业95家。其中工业6家、建筑业31家、批发业18家、"
        "零售业9家、住宿业3家、餐饮业7家、服务业13家、房地产业9家。"
    )
    found = _sum_findings(rep)
    assert len(found) == 1 and found[0].severity == "warning"
    assert found[0].expected == "96"
    assert len(found[0].figures) == 9
    sums = [r for r in rep.relations if r.rule == "sum" and r.status == "consistent"]
    assert not sums  # no run of the siblings read as one of them and its parts


def test_partition_sum_docstring_still_holds() -> None:
    m = re.search(r"Example::\s+(\S+) →", partition.__doc__ or "")
    assert m is not None
    assert any(r.rule == "sum" and r.status == "consistent" for r in _check(m.group(1)).relations)


# ---------------------------------------------------------------------------
# partition._item_sums: a list that adds up in one measure covers its whole
# ---------------------------------------------------------------------------

_ACCIDENTS = (
    "（二）一般事故情况\n"
    "发生一般事故{n}起、死亡{d}人，同比减少3起、9人。\n"
    "1.建筑施工发生4起、死亡5人，同比减少1起、2人。\n"
    "2.道路运输发生9起、死亡12人，同比减少2起、7人。\n"
    "3.工贸行业发生3起、死亡4人，同比持平。\n"
)


def test_a_numbered_list_that_adds_up_in_deaths_must_add_up_in_accidents() -> None:
    ok = _check(_ACCIDENTS.format(n=16, d=21))
    sums = {r.formula for r in ok.relations if r.rule == "sum" and r.status == "consistent"}
    assert any(f.startswith("4 + 9 + 3 = 16") for f in sums)
    assert any(f.startswith("5 + 12 + 4 = 21") for f in sums)
    assert not _sum_findings(ok)
    bad = _check(_ACCIDENTS.format(n=61, d=21))  # two digits swapped
    found = _sum_findings(bad)
    assert [f.severity for f in found] == ["error"]
    assert sorted(x.text for x in found[0].figures) == ["3起", "4起", "61起", "9起"]


def test_changes_that_go_both_ways_are_not_required_to_add_up() -> None:
    rep = _check(
        "1-7月，地方一般公共预算收入完成27460万元，比上年减收860万元。其中：税收收入"
        "15380万元，比上年增收1240万元；非税收入12080万元，比上年减收2100万元。"
    )
    assert not [f for f in _sum_findings(rep) if f.severity == "error"]


TASKS = (
    "今年全区承诺办好八件惠民实事，截至7月底，超序时进度的有2件，占实事总数的{n}%；"
    "按序时推进的有4件，占实事总数的50%；进度滞后的有2件，占实事总数的25%。"
)


def test_shares_of_tasks_ahead_on_schedule_and_behind_cover_the_whole_set() -> None:
    assert ("consistent", ["25%", "50%", "25%"]) in _share_sums(_check(TASKS.format(n="25")))


def test_shares_of_tasks_ahead_on_schedule_and_behind_that_miss_100_are_a_warning() -> None:
    # 超序时 / 按序时 / 滞后: every state of a task, so the shares must make 100
    rep = _check(TASKS.format(n="35"))
    assert ("rounding", ["35%", "50%", "25%"]) in _share_sums(rep)
    assert [(f.severity, f.stated) for f in _sum_findings(rep)] == [("warning", "110%")]
