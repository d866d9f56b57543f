"""BR102 sums recognised by their words even when the parts no longer add up: a
breakdown that adds up only with one figure's slip fixed is a warning naming the fix; a
total whose own words name its parts (续建和新签项目) is a partition, and parts that do
not add up to it are an error.  Which figures were paired is pinned, not only the status.
The sentences are invented for the tests, in the genre of the bulletins."""

from __future__ import annotations

from relation_support import check_text, sum_readings

import briefing


def _findings(report: briefing.Report) -> list[tuple[str, str, str | None]]:
    return [(f.severity, f.stated or "", f.expected) for f in report.findings if f.code == "BR102"]


REVENUE = (
    "1-6月，全县一般公共预算收入完成{total}万元，同比增长2.7%，完成年预算的46.5%。"
    "其中：税务部门完成28463万元，同比增长1.8%；财政部门完成17325万元，同比增长3.9%。"
)


def test_qizhong_list_after_the_totals_rates_adds_up() -> None:
    rep = check_text(REVENUE.format(total="45788"))
    assert ("consistent", ("28463万元", "17325万元"), "45788万元") in sum_readings(rep)
    assert _findings(rep) == []


def test_qizhong_list_after_the_totals_rates_with_a_slipped_total_warns_naming_the_fix() -> None:
    rep = check_text(REVENUE.format(total="45878"))  # two digits swapped
    assert ("rounding", ("28463万元", "17325万元"), "45878万元") in sum_readings(rep)
    assert ("warning", "45878", "45788") in _findings(rep)


def test_qizhong_list_with_a_slipped_part_warns_naming_both_possible_fixes() -> None:
    # 19325 → 17325 or 45788 → 47788 would both make it hold: a warning naming both
    rep = check_text(REVENUE.format(total="45788").replace("17325", "19325"))
    assert ("rounding", ("28463万元", "19325万元"), "45788万元") in sum_readings(rep)
    warns = [f for f in rep.findings if f.code == "BR102" and f.severity == "warning"]
    assert len(warns) == 1
    assert "17325" in warns[0].message and "47788" in warns[0].message


def test_qizhong_list_two_slips_away_is_not_read_as_a_slip() -> None:
    rep = check_text(REVENUE.format(total="49878"))
    assert [f for f in _findings(rep) if f[0] in ("warning", "error")] == []


NAMED = "全区续建和新签项目共{total}个，同比增长4.5%。其中，新签项目48个，续建项目87个。"


def test_total_naming_its_parts_is_a_partition() -> None:
    rep = check_text(NAMED.format(total="135"))
    assert ("consistent", ("48个", "87个"), "135个") in sum_readings(rep)


def test_total_naming_its_parts_that_do_not_add_up_is_an_error() -> None:
    rep = check_text(NAMED.format(total="126"))
    assert ("inconsistent", ("48个", "87个"), "126个") in sum_readings(rep)
    assert any(sev == "error" and stated.startswith("126") for sev, stated, _ in _findings(rep))


def test_a_total_naming_other_categories_is_no_partition_of_its_list() -> None:
    # 工业和服务业 are named, the list counts 新签 and 续建: not shown to be all of it
    rep = check_text(
        "全区工业和服务业项目共126个，同比增长4.5%。其中，新签项目48个，续建项目87个。"
    )
    assert [f for f in _findings(rep) if f[0] == "error"] == []


def test_money_of_a_breakdown_with_a_bare_scale_word_joins_its_siblings() -> None:
    # 到位资金9.7亿 (no 元) is money like 27.1亿元; the counts add up, so must the money
    rep = check_text(
        "全区续建和新签项目共64个，到位资金41.8亿元，同比增长6.3%。"
        "其中：新签项目22个，到位资金9.7亿，同比增长12.8%；"
        "续建项目42个，到位资金27.1亿元，同比下降4.4%。"
    )
    sums = sum_readings(rep)
    assert ("consistent", ("22个", "42个"), "64个") in sums
    bad = [s for s in sums if s[2] == "41.8亿元"]
    assert bad and bad[0][0] == "inconsistent" and bad[0][1] == ("9.7亿", "27.1亿元")


ITEMS = (
    "全市实施重点项目60个，总投资{total}亿元，年内计划投资245.2亿元。\n分行业看：\n"
    "工业项目34个，总投资742.6亿元，年内计划投资113.8亿元；\n"
    "服务业项目26个，总投资695.3亿元，年内计划投资131.4亿元。"
)


def test_item_list_adding_up_to_one_total_reads_the_other_total_too() -> None:
    rep = check_text(ITEMS.format(total="1437.9"))
    sums = sum_readings(rep)
    assert ("consistent", ("113.8亿元", "131.4亿元"), "245.2亿元") in sums
    assert _findings(rep) == []


def test_item_list_second_total_slipped_warns_naming_the_fix() -> None:
    rep = check_text(ITEMS.format(total="1473.9"))
    assert ("rounding", ("742.6亿元", "695.3亿元"), "1473.9亿元") in sum_readings(rep)
    assert ("warning", "1473.9", "1437.9") in _findings(rep)


def test_parts_interrupted_by_asides_in_parentheses_add_up() -> None:
    rep = check_text(
        "全年共受理群众诉求482件（其中重点事项58件），有415件已办结（其中重点事项52件），"
        "67件正在办理中。"
    )
    assert ("consistent", ("415件", "67件"), "482件") in sum_readings(rep)


def test_a_total_with_two_breakdowns_reads_both() -> None:
    rep = check_text(
        "本月共受理诉求3146件，自行处理2587件，派单559件，按时办结551件，超时办结8件。"
        "其中，热线派单498件，网络派单61件。"
    )
    sums = sum_readings(rep)
    assert ("consistent", ("551件", "8件"), "559件") in sums
    assert ("consistent", ("498件", "61件"), "559件") in sums
    assert ("consistent", ("2587件", "559件"), "3146件") in sums


TASKS = (
    "本次督查的重点任务共48项。截至目前，达到序时进度{done}项、占比81.3%。未达到序时进度{left}项。"
)


def test_a_category_and_its_negation_add_up_to_their_total() -> None:
    rep = check_text(TASKS.format(done="39", left="9"))
    assert ("consistent", ("39项", "9项"), "48项") in sum_readings(rep)


def test_a_category_and_its_negation_that_do_not_add_up_are_an_error() -> None:
    rep = check_text(TASKS.format(done="39", left="8"))
    assert ("inconsistent", ("39项", "8项"), "48项") in sum_readings(rep)
    assert any(sev == "error" and stated == "48项" for sev, stated, _ in _findings(rep))


def test_complementary_categories_named_after_their_figures_are_an_error_when_off() -> None:
    rep = check_text(
        "全县重点工业项目共48个，总投资286.7亿元。"
        "目前，17个续建项目全部达到序时进度；30个新建项目全部开工。"
    )
    assert ("inconsistent", ("17个", "30个"), "48个") in sum_readings(rep)


def test_complementary_parts_of_a_shares_whole_are_not_read_against_it() -> None:
    # 69870 is the budget whose 60.6% was collected, not the total of the two parts
    rep = check_text(
        "1-8月，全区地方一般公共预算收入完成42360万元，完成年初预算数69870万元的60.6%。"
        "其中：税收收入28940万元，增长6.3%；非税收入13420万元，下降4.1%。"
    )
    assert ("consistent", ("28940万元", "13420万元"), "42360万元") in sum_readings(rep)
    assert [f for f in _findings(rep) if f[0] == "error"] == []


def test_a_total_one_slip_from_two_readings_warns_naming_both() -> None:
    # 1.6 + 0.6417 = 2.2417 → 2.24; the total 2.42 is one slip from 2.24 (two digits swapped)
    rep = check_text(
        "前三季度，全省实现外贸进出口2.42万亿元，同比增长4.6%。"
        "其中，出口6417亿元，增长9.3%；进口1.6万亿元，下降2.8%。"
    )
    assert ("rounding", ("6417亿元", "1.6万亿元"), "2.42万亿元") in sum_readings(rep)
    warns = [f for f in rep.findings if f.code == "BR102" and f.severity == "warning"]
    assert len(warns) == 1 and "2.24" in warns[0].message


def test_complementary_parts_after_the_totals_own_rate_are_an_error_when_off() -> None:
    rep = check_text("本月共受理群众诉求4215件，环比增长2.7%，直接办理3384件，转办731件。")
    assert ("inconsistent", ("3384件", "731件"), "4215件") in sum_readings(rep)


def test_a_list_opening_the_next_sentence_after_a_cue_and_a_note_is_read() -> None:
    rep = check_text(
        "全省在建重点项目完成投资1146.3亿元，完成年计划的87.5%。按建设阶段分（含子项目），"
        "其中投产项目完成投资428.9亿元；续建项目完成投资681.6亿元；新开工项目完成投资35.8亿元。"
    )
    assert ("consistent", ("428.9亿元", "681.6亿元", "35.8亿元"), "1146.3亿元") in sum_readings(rep)
    slipped = check_text(
        "全省在建重点项目完成投资1146.3亿元，完成年计划的87.5%。按建设阶段分（含子项目），"
        "其中投产项目完成投资428.9亿元；续建项目完成投资618.6亿元；新开工项目完成投资35.8亿元。"
    )
    assert any(f[0] in ("warning", "error") for f in _findings(slipped))


def test_a_size_threshold_is_no_part_of_a_slip_reading() -> None:
    # 1亿元以上 and 10亿元以上 size the projects counted after them: no parts of 126.8亿元
    rep = check_text(
        "一季度，全县新签约项目27个，协议总金额126.8亿元，同比增长24.6%。其中，投资额1亿元以上"
        "项目19个，协议金额118.3亿元；10亿元以上项目4个。"
    )
    assert not any("126.8" in f[1] for f in _findings(rep))
    assert not any(t == "126.8亿元" and "1亿元" in p for _, p, t in sum_readings(rep))


def test_a_lower_bound_of_a_quantity_is_no_threshold() -> None:
    from briefing.checks import figures_for, partition, tables

    text = "全年700万套以上的保障性住房开工建设，其中棚户区改造470万套以上。1亿元以上项目19个。"
    doc = briefing.read_text(text)
    ctx, _ = tables.contexts(doc, figures_for(doc))
    by_text = {q.text: q for q in ctx.qs}
    assert not partition._is_threshold(ctx, by_text["700万套"])
    assert partition._is_threshold(ctx, by_text["1亿元"])


def test_qizhong_list_off_by_one_leading_digit_warns_though_any_figure_may_have_slipped() -> None:
    # 28463 + 17325 = 45788, the total reads 55788: the total (4 → 5) or either part
    # (2 → 3, 1 → 2) may carry the slip — three explanations, one warning naming them
    rep = check_text(REVENUE.format(total="55788"))
    assert ("rounding", ("28463万元", "17325万元"), "55788万元") in sum_readings(rep)
    warns = [f for f in rep.findings if f.code == "BR102" and f.severity == "warning"]
    assert len(warns) == 1
    assert all(fix in warns[0].message for fix in ("45788", "38463", "27325"))
    assert [f for f in rep.findings if f.severity == "error"] == []


STARTED = (
    "2024年，全县实施重点项目58项（新建35项，续建23项）。截至6月底，开复工项目47项"
    "（新建{n}项，续建19项），开复工率81%。\n分行业看：\n化工项目21个，开复工项目18个；\n"
    "装备项目20个，开复工项目16个；\n食品项目17个，开复工项目13个。"
)


def test_a_breakdown_in_brackets_after_its_total_is_judged_though_another_reading_agrees() -> None:
    # 18 + 16 + 13 = 47 (by industry, further on) agrees; the bracket right after the
    # total, 新建38项，续建19项, makes 57: a warning on the bracketed parts all the same
    rep = check_text(STARTED.format(n="38"))
    sums = sum_readings(rep)
    assert ("consistent", ("18个", "16个", "13个"), "47项") in sums
    assert ("rounding", ("38项", "19项"), "47项") in sums
    assert ("warning", "47项", "57") in _findings(rep)


def test_a_breakdown_in_brackets_that_adds_up_beside_another_reading_is_no_finding() -> None:
    rep = check_text(STARTED.format(n="28"))
    assert ("consistent", ("28项", "19项"), "47项") in sum_readings(rep)
    assert _findings(rep) == []


GDP = (
    "据初步核算，全区实现地区生产总值{total}万元，同比增长6.4%。其中：第一产业增加值35260万元，"
    "增长2.9%；第二产业增加值81470万元，增长7.3%，其中工业增加值完成58390万元，"
    "增长8.1%；建筑业增加值完成23080万元，增长5.2%。第三产业增加值90350万元，"
    "增长6.8%。"
)


def test_a_qizhong_list_with_parts_nested_under_one_of_them_is_read_for_a_slip() -> None:
    # 工业 and 建筑业 stand between the second and third 产业: the list labelled alike
    # (三次产业增加值) is the one that adds up but for one slip of the total
    rep = check_text(GDP.format(total="207780"))
    assert ("rounding", ("35260万元", "81470万元", "90350万元"), "207780万元") in sum_readings(rep)
    assert ("warning", "207780", "207080") in _findings(rep)


def test_a_qizhong_list_with_parts_nested_under_one_of_them_that_adds_up() -> None:
    rep = check_text(GDP.format(total="207080"))
    assert ("consistent", ("35260万元", "81470万元", "90350万元"), "207080万元") in sum_readings(
        rep
    )
    assert _findings(rep) == []


STAGES = (
    "今年1—10月，全市{n}个在建重点项目完成投资936.4亿元，完成年计划的84.7%。按建设阶段分，"
    "其中47个投产项目完成投资368.2亿元，完成年计划的98.6%；68个续建项目完成投资529.7亿元，"
    "完成年计划的86.3%；23个新开工项目完成投资38.5亿元，完成年计划的47.9%。按行业分，"
    "6个农业项目完成投资54.6亿元，31个产业项目完成投资276.3亿元，64个基础设施项目完成投资"
    "452.1亿元，37个社会事业项目完成投资153.4亿元。"
)


def test_a_classification_after_its_total_is_judged_beside_a_sum_agreeing_by_chance() -> None:
    # 31 + 64 + 37 = 132 (three items of the other classification) agrees by chance; the
    # classification by stage right after the total, 47 + 68 + 23 = 138, is one slip off
    rep = check_text(STAGES.format(n="132"))
    assert ("rounding", ("47个", "68个", "23个"), "132个") in sum_readings(rep)
    assert ("warning", "132", "138") in _findings(rep)


def test_a_classification_after_its_total_that_adds_up_is_no_finding() -> None:
    rep = check_text(STAGES.format(n="138"))
    assert ("consistent", ("47个", "68个", "23个"), "138个") in sum_readings(rep)
    assert _findings(rep) == []
