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
    "1-6月，全县一般公共预算收入累计完成{total}万元，同比增长3.2%，完成年预算的48.1%。"
    "其中：税务部门完成31247万元，同比增长2.1%；财政部门完成21134万元，同比增长4.9%。"
)


def test_qizhong_list_after_the_totals_rates_adds_up() -> None:
    rep = check_text(REVENUE.format(total="52381"))
    assert ("consistent", ("31247万元", "21134万元"), "52381万元") in sum_readings(rep)
    assert _findings(rep) == []


def test_qizhong_list_after_the_totals_rates_with_a_slipped_total_warns_naming_the_fix() -> None:
    rep = check_text(REVENUE.format(total="52831"))  # two digits swapped
    assert ("rounding", ("31247万元", "21134万元"), "52831万元") in sum_readings(rep)
    assert ("warning", "52831", "52381") in _findings(rep)


def test_qizhong_list_with_a_slipped_part_warns_naming_both_possible_fixes() -> None:
    # 27134 → 21134 or 52381 → 58381 would both make it hold: a warning naming both
    rep = check_text(REVENUE.format(total="52381").replace("21134", "27134"))
    assert ("rounding", ("31247万元", "27134万元"), "52381万元") in sum_readings(rep)
    warns = [f for f in rep.findings if f.code == "BR102" and f.severity == "warning"]
    assert len(warns) == 1
    assert "21134" in warns[0].message and "58381" in warns[0].message


def test_qizhong_list_two_slips_away_is_not_read_as_a_slip() -> None:
    rep = check_text(REVENUE.format(total="59831"))
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
    # 到位资金12.4亿 (no 元) is money like 34.9亿元; the counts add up, so must the money
    rep = check_text(
        "全县续建和新签项目共80个，到位资金56.3亿元，同比增长7.9%。"
        "其中：新签项目30个，到位资金12.4亿，同比增长17.1%；"
        "续建项目50个，到位资金34.9亿元，同比下降7.3%。"
    )
    sums = sum_readings(rep)
    assert ("consistent", ("30个", "50个"), "80个") in sums
    bad = [s for s in sums if s[2] == "56.3亿元"]
    assert bad and bad[0][0] == "inconsistent" and bad[0][1] == ("12.4亿", "34.9亿元")


ITEMS = (
    "全市实施重点项目60个，总投资{total}亿元，年内计划投资245.6亿元。\n分行业看：\n"
    "工业项目32个，总投资812.3亿元，年内计划投资120.5亿元；\n"
    "服务业项目28个，总投资866.1亿元，年内计划投资125.1亿元。"
)


def test_item_list_adding_up_to_one_total_reads_the_other_total_too() -> None:
    rep = check_text(ITEMS.format(total="1678.4"))
    sums = sum_readings(rep)
    assert ("consistent", ("120.5亿元", "125.1亿元"), "245.6亿元") in sums
    assert _findings(rep) == []


def test_item_list_second_total_slipped_warns_naming_the_fix() -> None:
    rep = check_text(ITEMS.format(total="1687.4"))
    assert ("rounding", ("812.3亿元", "866.1亿元"), "1687.4亿元") in sum_readings(rep)
    assert ("warning", "1687.4", "1678.4") in _findings(rep)


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
    # 78640 is the budget whose 40.5% was collected, not the total of the two parts
    rep = check_text(
        "1-5月，一般公共预算收入累计完成31850万元，完成年初预算数78640万元的40.5%。"
        "其中：税收收入11420万元，增长9.6%；非税收入20430万元，下降7.2%。"
    )
    assert ("consistent", ("11420万元", "20430万元"), "31850万元") in sum_readings(rep)
    assert [f for f in _findings(rep) if f[0] == "error"] == []


def test_a_total_one_slip_from_two_readings_warns_naming_both() -> None:
    # 1.3 + 0.8532 = 2.1532 → 2.15; the total 2.51 is one slip from 2.15 (or from 2.11)
    rep = check_text(
        "上半年，全市实现外贸进出口2.51万亿元，同比增长2.4%。"
        "其中，出口8532亿元，增长11.1%；进口1.3万亿元，下降3.6%。"
    )
    assert ("rounding", ("8532亿元", "1.3万亿元"), "2.51万亿元") in sum_readings(rep)
    warns = [f for f in rep.findings if f.code == "BR102" and f.severity == "warning"]
    assert len(warns) == 1 and "2.15" in warns[0].message


def test_complementary_parts_after_the_totals_own_rate_are_an_error_when_off() -> None:
    rep = check_text("本月共受理群众诉求3877件，环比增长1.3%，自行处理2276件，派单601件。")
    assert ("inconsistent", ("2276件", "601件"), "3877件") in sum_readings(rep)


def test_a_list_opening_the_next_sentence_after_a_cue_and_a_note_is_read() -> None:
    rep = check_text(
        "全市在建重点项目完成投资1287.6亿元，为年计划的93.2%。按阶段划分（含子项），"
        "其中投产项目完成投资512.4亿元；续建项目完成投资731.5亿元；新开工项目完成投资43.7亿元。"
    )
    assert ("consistent", ("512.4亿元", "731.5亿元", "43.7亿元"), "1287.6亿元") in sum_readings(rep)
    slipped = check_text(
        "全市在建重点项目完成投资1287.6亿元，为年计划的93.2%。按阶段划分（含子项），"
        "其中投产项目完成投资512.4亿元；续建项目完成投资713.5亿元；新开工项目完成投资43.7亿元。"
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
    # 31247 + 21134 = 52381, the total reads 62381: the total (5 → 6) or either part
    # (3 → 4, 2 → 3) may carry the slip — three explanations, one warning naming them
    rep = check_text(REVENUE.format(total="62381"))
    assert ("rounding", ("31247万元", "21134万元"), "62381万元") in sum_readings(rep)
    warns = [f for f in rep.findings if f.code == "BR102" and f.severity == "warning"]
    assert len(warns) == 1
    assert all(fix in warns[0].message for fix in ("52381", "41247", "31134"))
    assert [f for f in rep.findings if f.severity == "error"] == []


STARTED = (
    "2023年，全市实施重点项目65项（新建39项，续建26项）。1-6月份，开复工项目52项"
    "（新建{n}项，续建21项），开复工率80%。\n分行业看：\n化工项目23个，开复工项目20个；\n"
    "装备项目24个，开复工项目18个；\n食品项目18个，开复工项目14个。"
)


def test_a_breakdown_in_brackets_after_its_total_is_judged_though_another_reading_agrees() -> None:
    # 20 + 18 + 14 = 52 (by industry, further on) agrees; the bracket right after the
    # total, 新建41项，续建21项, makes 62: a warning on the bracketed parts all the same
    rep = check_text(STARTED.format(n="41"))
    sums = sum_readings(rep)
    assert ("consistent", ("20个", "18个", "14个"), "52项") in sums
    assert ("rounding", ("41项", "21项"), "52项") in sums
    assert ("warning", "52项", "62") in _findings(rep)


def test_a_breakdown_in_brackets_that_adds_up_beside_another_reading_is_no_finding() -> None:
    rep = check_text(STARTED.format(n="31"))
    assert ("consistent", ("31项", "21项"), "52项") in sum_readings(rep)
    assert _findings(rep) == []


GDP = (
    "初步测算，全县地区生产总值{total}万元，比上年增长7.1%。其中：第一产业增加值41830万元，"
    "同比增长3.2%；第二产业增加值73850万元，同比增长8.5%，其中工业增加值完成50210万元，"
    "同比增长9.5%；建筑业增加值完成23640万元，同比增长4.7%。第三产业增加值72740万元，"
    "同比增长7.6%。"
)


def test_a_qizhong_list_with_parts_nested_under_one_of_them_is_read_for_a_slip() -> None:
    # 工业 and 建筑业 stand between the second and third 产业: the list labelled alike
    # (三次产业增加值) is the one that adds up but for one slip of the total
    rep = check_text(GDP.format(total="188720"))
    assert ("rounding", ("41830万元", "73850万元", "72740万元"), "188720万元") in sum_readings(rep)
    assert ("warning", "188720", "188420") in _findings(rep)


def test_a_qizhong_list_with_parts_nested_under_one_of_them_that_adds_up() -> None:
    rep = check_text(GDP.format(total="188420"))
    assert ("consistent", ("41830万元", "73850万元", "72740万元"), "188420万元") in sum_readings(
        rep
    )
    assert _findings(rep) == []


STAGES = (
    "今年1—9月，全市{n}个在建重点项目完成投资1023.6亿元，为年计划的88.2%。按阶段划分，"
    "其中52个投产项目完成投资402.1亿元，为年计划的101.2%；71个续建项目完成投资588.3亿元，"
    "为年计划的90.1%；25个新开工项目完成投资33.2亿元，为年计划的51.3%。按行业划分，"
    "8个农业项目完成投资61.2亿元，30个产业项目完成投资301.4亿元，72个基础设施项目完成投资"
    "512.8亿元，38个社会事业项目完成投资148.2亿元。"
)


def test_a_classification_after_its_total_is_judged_beside_a_sum_agreeing_by_chance() -> None:
    # 30 + 72 + 38 = 140 (three items of the other classification) agrees by chance; the
    # classification by stage right after the total, 52 + 71 + 25 = 148, is one slip off
    rep = check_text(STAGES.format(n="140"))
    assert ("rounding", ("52个", "71个", "25个"), "140个") in sum_readings(rep)
    assert ("warning", "140", "148") in _findings(rep)


def test_a_classification_after_its_total_that_adds_up_is_no_finding() -> None:
    rep = check_text(STAGES.format(n="148"))
    assert ("consistent", ("52个", "71个", "25个"), "148个") in sum_readings(rep)
    assert _findings(rep) == []
