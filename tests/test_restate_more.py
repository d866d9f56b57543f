"""BR107 restatements (briefing.checks.restate): which figures are paired as copies.

Invented sentences in the genre of the bulletins; facts about real excerpts only.
"""

from __future__ import annotations

import doctest

import briefing
from briefing.checks import restate


def _repeats(text: str) -> list[tuple[str, list[str]]]:
    report = briefing.check(briefing.read_text(text))
    return [(r.status, [f.text for f in r.figures]) for r in report.relations if r.code == "BR107"]


def _warnings(text: str) -> list[str]:
    report = briefing.check(briefing.read_text(text))
    return [f.message for f in report.findings if f.code == "BR107" and f.severity == "warning"]


def test_doctests() -> None:
    assert doctest.testmod(restate).failed == 0


def test_headline_condenses_the_body_label() -> None:
    text = (
        "某县今冬水利建设完成投资4860万元\n"
        "入冬以来，全县共实施冬季水利项目32个，完成投资4860万元，"
        "新增灌溉面积1.2万亩。"
    )
    assert ("consistent", ["4860万元", "4860万元"]) in _repeats(text)


def test_rare_value_with_the_metric_word_alone() -> None:
    # a five-digit amount stated twice, the second time after another figure of its
    # clause: 投资 alone is label enough for a value this rare
    text = (
        "2019年全区水利投资27385万元，比上年增长12%。"
        "区水务局介绍，今年共实施项目41个，完成投资27385万元。"
    )
    assert ("consistent", ["27385万元", "27385万元"]) in _repeats(text)


def test_first_months_read_as_one_period() -> None:
    text = (
        "前5月新改建农村公路3.6万公里\n"
        "记者从省交通运输厅获悉：今年1至5月，全省新改建农村公路3.6万公里，"
        "完成全年任务的48%。"
    )
    assert ("consistent", ["3.6万公里", "3.6万公里"]) in _repeats(text)


def test_third_copy_that_slipped_warns() -> None:
    text = (
        "全县新签约项目126个，签约金额385.6亿元。"
        "会议通报，全县新签约项目126个，签约金额385.6亿元。"
        "据统计，全县新签约项目126个，签约金额358.6亿元。"
    )
    reps = _repeats(text)
    assert ("consistent", ["385.6亿元", "385.6亿元"]) in reps
    assert ("rounding", ["385.6亿元", "358.6亿元"]) in reps
    assert any("358.6" in m and "385.6" in m for m in _warnings(text))


def test_renamed_metric_with_a_rare_value_is_not_a_copy() -> None:
    # 工业投资 is not 第二产业投资, however rare the shared value
    text = "全区第二产业投资增长23.67%，占全部投资的28.4%。从行业看，工业投资增长23.67%。"
    assert _repeats(text) == []


def test_plan_and_completion_are_not_copies() -> None:
    text = "镇村道路项目计划投资4860万元。截至目前，镇村道路项目完成投资4860万元。"
    assert not any(figs == ["4860万元", "4860万元"] for _s, figs in _repeats(text))


def test_round_numbers_one_digit_apart_do_not_warn() -> None:
    # 500 and 600 are round figures: one keystroke apart by chance, not a slip
    text = "全省安排专项资金600亿元，支持重点项目建设。各市安排专项资金500亿元，支持重点项目建设。"
    assert _warnings(text) == []


def test_english_numbers_on_a_bilingual_page() -> None:
    from briefing.extraction import english

    assert doctest.testmod(english).failed == 0
    text = (
        "全市新增就业3.27万人，完成全年目标的82%。"
        "The city added 32,700 jobs, 82% of the annual target of 40 thousand; "
        "investment reached 1.5 billion yuan in 2023."
    )
    got = [(n.text, n.value) for n in english.english_numbers(text)]
    assert got == [("32,700", 32700), ("40 thousand", 40000), ("1.5 billion", 1500000000)]


def test_two_stages_of_one_project_kind_are_not_a_repeat() -> None:
    # the older BR107 rule (repeat.py) compared these by their common label ending
    text = (
        "全年签约项目512个，其中，引进沿海产业转移项目214个，签约额88.6亿元。"
        "全年实施项目630个，其中，实施沿海产业转移项目305个，到位资金41.2亿元。"
    )
    assert not any(figs == ["214个", "305个"] for _s, figs in _repeats(text))
    assert _warnings(text) == []


_YEAR_ONCE = (
    "某省前三季度安全生产形势平稳\n\n"
    "2024年1-9月，全省生产安全事故起数、死亡人数同比分别下降21.4%和18.6%。\n\n"
    "一是事故总量持续下降。1-9月，全省共发生生产安全事故1200起，"
    "死亡人数同比分别下降{a}和18.6%。"
)


def test_a_period_with_its_year_and_without_is_one_period() -> None:
    # 2024年1-9月 in the lead, 1-9月 in the section: the year is stated once, so the
    # two statements of 21.4% are one figure of one period
    import briefing

    doc = briefing.read_text(_YEAR_ONCE.format(a="21.4%"))
    rels = [(r.status, r.formula) for r in briefing.check(doc).relations if r.rule == "repeat"]
    assert ("consistent", "21.4% = 21.4%") in rels


_RESPECTIVE_LEAD = "今年一季度，全省共发生道路交通事故1284起，同比下降17.3%。"
_RESPECTIVE_BODY = "\n分类型看，全省共发生道路交通事故1284起、死亡356人，同比分别下降{a}、9.6%。"


def test_change_in_a_respective_list_is_the_change_of_its_listed_figure() -> None:
    # 17.3% is the change of 1284起 in both places: the body's 分别 list pairs the
    # changes with 1284起 and 356人 position by position
    text = _RESPECTIVE_LEAD + _RESPECTIVE_BODY.format(a="17.3%")
    assert ("consistent", ["17.3%", "17.3%"]) in _repeats(text)
    assert not _warnings(text)


def test_slipped_change_of_a_restated_figure_is_a_warning() -> None:
    text = _RESPECTIVE_LEAD + _RESPECTIVE_BODY.format(a="17.8%")
    assert any(s == "rounding" and f == ["17.3%", "17.8%"] for s, f in _repeats(text))
    assert _warnings(text)


def test_changes_of_different_figures_in_a_respective_list_are_not_copies() -> None:
    # 9.6% is the change of 356人, not of 1284起: stated 17.3% … 9.6% is no slip
    text = _RESPECTIVE_LEAD.replace("17.3%", "9.6%") + _RESPECTIVE_BODY.format(a="17.3%")
    assert not any(f == ["9.6%", "9.6%"] for _, f in _repeats(text))
    assert not _warnings(text)


def test_title_joined_to_its_dateline_is_a_headline() -> None:
    # the title has no line of its own: reading joins it to the dateline of the first
    # line; its rounded, qualified figures restate the body's
    text = (
        "某省中秋假期接待游客2100余万人次，旅游收入逾98亿元"
        "新华网杭州9月18日电 据省文化和旅游厅统计，中秋假期全省接待游客2136.5万人次，"
        "实现旅游收入98.72亿元，同比分别增长12.4%和15.1%。"
    )
    pairs = _repeats(text)
    assert ("consistent", ["2100余万人次", "2136.5万人次"]) in pairs
    assert ("consistent", ["98亿元", "98.72亿元"]) in pairs
    assert not _warnings(text)


def test_without_a_dateline_a_long_first_sentence_is_no_headline() -> None:
    text = (
        "据统计，中秋假期全省接待游客2100余万人次，旅游收入逾98亿元，市场总体平稳有序，"
        "游客满意度较高，各地没有发生安全事故 另据测算，全省接待游客2136.5万人次。"
    )
    assert not any(f == ["2100余万人次", "2136.5万人次"] for _, f in _repeats(text))


def test_qualified_headline_one_slip_from_its_body_figure_is_a_warning() -> None:
    text = (
        "某省中秋假期接待游客2100余万人次，旅游收入逾263亿元"
        "新华网杭州9月18日电 据省文化和旅游厅统计，中秋假期全省接待游客2136.5万人次，"
        "实现旅游收入236.57亿元，同比分别增长12.4%和15.1%。"
    )
    pairs = _repeats(text)
    assert ("consistent", ["2100余万人次", "2136.5万人次"]) in pairs
    assert ("rounding", ["263亿元", "236.57亿元"]) in pairs
    assert any("263" in w for w in _warnings(text))


def test_qualified_headline_far_from_every_body_figure_is_no_slip() -> None:
    # 逾50亿元 and 98.72亿元: one keystroke from a two-digit figure (逾90亿元) reaches
    # too many values to be evidence of a slip
    text = (
        "某省中秋假期旅游收入逾50亿元"
        "新华网杭州9月18日电 据统计，中秋假期全省实现旅游收入98.72亿元，同比增长15.1%。"
    )
    assert not _warnings(text)


def test_title_joined_to_a_dateline_without_an_agency_is_a_headline() -> None:
    # 杭州10月12日电 with no agency before it still ends the title: the title drops the
    # body's modifier (平均) and restates its figure
    text = (
        "全省1-9月设区城市环境空气优良天数比率达91.3%杭州10月12日电 省生态环境厅12日通报，"
        "1-9月全省11个设区城市平均环境空气优良天数比率为91.3%，同比上升1.7个百分点。"
    )
    assert ("consistent", ["91.3%", "91.3%"]) in _repeats(text)


def test_a_date_before_dian_inside_a_sentence_is_no_dateline() -> None:
    # 截至3月28日电力… is no dateline: the sentence is not a title
    text = (
        "截至3月28日电力用户满意度为87.4%，较上月有所提升，全市平均投诉处理及时率为93.5%。"
        "另据统计，全市平均供电可靠率为87.4%。"
    )
    assert not any(f == ["87.4%", "87.4%"] for _, f in _repeats(text))


def test_headline_over_a_body_paragraph_posted_twice() -> None:
    # the page repeats its body paragraph: the headline's figure is stated twice in the
    # body, each copy in the same passage (its other figures stated in both)
    body = "今年以来，全乡共实施小型水利工程60多处，完成土方3.5万立方米，完成投资620万元。"
    text = "某乡春季完成水利建设投资620万元\n" + body + "\n" + body
    assert ("consistent", ["620万元", "620万元", "620万元"]) in _repeats(text)


def test_headline_over_two_different_body_passages_is_not_paired() -> None:
    # two body figures equal to the headline's in different passages: which one the
    # headline restates is not known
    text = (
        "某乡春季完成水利建设投资620万元\n"
        "今年以来，全乡共实施小型水利工程60多处，完成投资620万元。\n"
        "另外，全乡共新修机耕道12公里，完成投资620万元。"
    )
    assert not any(f[0] == "620万元" and len(f) == 3 for _, f in _repeats(text))


def test_counts_of_the_same_named_things_restate_each_other() -> None:
    # 38件为民办实事 stated three times with the noun after the figure, and the 38件 of
    # another measure (已开工事项38件) left alone
    text = (
        "办好38件为民办实事项目是区政府的年度承诺。"
        "各街道、各部门扎实推进38件为民办实事落实，取得明显成效。"
        "截至9月底，38件为民办实事已完成15件，已开工事项38件，开工率100%。"
    )
    pairs = _repeats(text)
    assert ("consistent", ["38件", "38件", "38件"]) in pairs
    assert not any(len(f) == 4 for _, f in pairs)


def test_count_with_its_noun_after_restates_the_count_with_its_noun_before() -> None:
    # 新建公办幼儿园14所 … 新建14所公办幼儿园: the noun after one figure ends the words
    # right before the other
    text = (
        "今年全市计划新建公办幼儿园14所，总投资约2.6亿元。"
        "截至6月底，全市新建14所公办幼儿园已开工7所，开工率50%。"
    )
    assert ("consistent", ["14所", "14所"]) in _repeats(text)


def test_counts_of_different_things_are_not_copies() -> None:
    text = "全县新建村级卫生室12个，投入资金80万元。另外，新建农家书屋12个，配送图书3000册。"
    assert not any(f == ["12个", "12个"] for _, f in _repeats(text))


def test_one_value_in_two_scales_within_a_sentence_is_restated() -> None:
    text = (
        "项目总投资1860万元，完工后可新增高标准农田灌溉面积3.26万亩，新增节水面积0.41万亩，"
        "建设高标准农田32600亩，惠及群众1.2万人。"
    )
    assert ("consistent", ["3.26万亩", "32600亩"]) in _repeats(text)


def test_equal_figures_in_one_scale_within_a_sentence_are_not_restated() -> None:
    text = "全镇新增高标准农田灌溉面积32600亩，建设高标准农田32600亩，改善灌溉面积7500亩。"
    assert not any(f == ["32600亩", "32600亩"] for _, f in _repeats(text))


def test_a_change_in_the_lead_restated_after_the_level_it_changes() -> None:
    text = (
        "新闻发言人介绍，前三季度我省外贸进出口同比增长4.7%，规模创同期新高。\n"
        "据海关统计，前三季度，我省货物贸易进出口总值6832.5亿元，同比增长4.7%，"
        "其中出口4105.2亿元，同比增长6.3%。"
    )
    assert ("consistent", ["4.7%", "4.7%"]) in _repeats(text)


def test_a_change_of_another_level_is_not_the_leads_change() -> None:
    text = (
        "新闻发言人介绍，前三季度我省外贸进出口同比增长4.7%，规模创同期新高。\n"
        "据统计，前三季度，全省社会消费品零售总额5120.3亿元，同比增长4.7%。"
    )
    assert not any(f == ["4.7%", "4.7%"] for _, f in _repeats(text))


def test_a_point_change_of_a_rate_restated_after_the_rate() -> None:
    text = (
        "2023年全省农村低保人口比上年减少2.6万人，低保覆盖率下降1.6个百分点，收入持续增长。"
        "据统计，2023年末全省低保覆盖率4.2%，比上年末下降1.6个百分点。"
    )
    assert ("consistent", ["1.6个百分点", "1.6个百分点"]) in _repeats(text)


def test_point_changes_of_different_rates_are_not_paired() -> None:
    text = (
        "2023年全省农村低保人口比上年减少2.6万人，低保覆盖率下降1.6个百分点，收入持续增长。"
        "据统计，2023年末全省城镇调查失业率4.8%，比上年末下降1.6个百分点。"
    )
    assert not any(f == ["1.6个百分点", "1.6个百分点"] for _, f in _repeats(text))


def test_first_four_months_and_until_the_end_of_april_are_one_period() -> None:
    # 前四个月 (Chinese numeral) is 1-4月; 截至4月底 is the running total to it
    text = (
        "前四个月全省重大项目完成投资1234.5亿元\n"
        "省重点项目办日前发布，截至4月底，全省重大项目已开工287个，完成投资1234.5亿元，"
        "为年度计划的38.6%。"
    )
    assert ("consistent", ["1234.5亿元", "1234.5亿元"]) in _repeats(text)


def test_one_month_and_the_months_to_it_are_not_one_period() -> None:
    text = (
        "1-4月，全省重大项目完成投资1234.5亿元，同比增长8.1%。"
        "4月份，全省重大项目完成投资1234.5亿元，环比增长2.3%。"
    )
    assert not any(f == ["1234.5亿元", "1234.5亿元"] for _, f in _repeats(text))


def test_a_headline_amount_with_its_scale_word_alone_restates_the_body_amount() -> None:
    text = (
        "3.56万亿！前三季度我省外贸成绩单出炉\n"
        "据海关统计，前三季度，我省货物贸易进出口总值3.56万亿元，同比增长5.2%，"
        "其中出口2.14万亿元，进口1.42万亿元。"
    )
    assert ("consistent", ["3.56万亿", "3.56万亿元"]) in _repeats(text)


def test_a_headline_amount_matching_two_body_amounts_is_not_paired() -> None:
    text = (
        "3.56万亿！前三季度我省外贸成绩单出炉\n"
        "据海关统计，前三季度，我省货物贸易进出口总值3.56万亿元，同比增长5.2%。"
        "全省社会消费品零售总额3.56万亿元，同比增长4.1%。"
    )
    assert not any(f[0] == "3.56万亿" for _, f in _repeats(text))
