"""False errors found by writing true bulletins of project progress, industry and
investment statistics, fiscal reports and investment attraction: every figure of the
passages below holds, so no error may be raised; where a rule should still catch a real
slip in the same sentence, a companion test plants one.  Sentences are invented for
the tests (places, numbers and wording)."""

from __future__ import annotations

from relation_support import check_text, sum_readings


def _errors(text: str) -> list[tuple[str, str]]:
    rep = check_text(text)
    return [(f.code, f.message) for f in rep.findings if f.severity == "error"]


def _flagged(text: str, code: str) -> bool:
    rep = check_text(text)
    return any(f.code == code and f.severity in ("error", "warning") for f in rep.findings)


# -- 分别占: one set of things counted in two units, each rate the share of its own figure

_TWO_UNITS = (
    "上半年共洽谈项目186个，签约项目74个。签约项目总投资527.3亿元，"
    "其中工业项目51个、投资391.6亿元，分别占{a}和74.3%。"
)


def test_a_fenbie_list_of_shares_pairs_figures_of_two_units_in_order() -> None:
    # 51 ÷ 74 = 68.9%, 391.6 ÷ 527.3 = 74.3%
    assert _errors(_TWO_UNITS.format(a="68.9%")) == []


def test_a_fenbie_list_of_shares_in_two_units_still_flags_a_slipped_rate() -> None:
    assert _flagged(_TWO_UNITS.format(a="86.9%"), "BR101")


# -- 完成率 of parallel items: the whole is each item's own plan, never a sibling's figure

_RATES_OF_OWN_PLANS = (
    "前三季度，新区共推进重点项目68个，累计完成投资108.6亿元。分类型看，产业类项目34个，"
    "完成投资57.4亿元，完成率82.1%；基础设施类项目22个，完成投资38.5亿元，完成率76.4%；"
    "公共服务类项目12个，完成投资12.7亿元，完成率74.7%。"
)


def test_completion_rates_of_parallel_items_are_not_shares_of_each_other() -> None:
    assert _errors(_RATES_OF_OWN_PLANS) == []


def test_completion_rates_of_counties_after_a_total_raise_no_error() -> None:
    text = (
        "1-11月，全市重点项目累计完成投资812.4亿元，完成年度计划的94.5%。分县区看，临江区"
        "完成投资168.2亿元，完成率101.3%，进度居全市第一；松溪区完成投资121.5亿元，完成率"
        "98.7%；枫林县完成投资86.4亿元，完成率91.4%。"
    )
    assert not [e for e in _errors(text) if e[0] == "BR101"]


def test_a_completion_rate_against_its_stated_plan_still_flags_a_slip() -> None:
    text = "产业类项目年度计划投资70亿元，完成投资57.4亿元，完成率28.1%。"
    assert _flagged(text, "BR101")


# -- 其中 after a figure of one month: the parts are of the cumulative figure before it

_MONTH_THEN_PARTS = (
    "截至9月末，全县42个重点项目累计完成投资56.7亿元，完成年度计划投资的81.1%；"
    "9月份完成投资7.3亿元。其中，省级重点项目6个，完成投资{a}亿元；市级重点项目15个，"
    "完成投资19.8亿元；县级重点项目21个，完成投资15.5亿元。"
)


def test_parts_of_a_cumulative_figure_listed_after_one_months_figure_are_no_error() -> None:
    assert _errors(_MONTH_THEN_PARTS.format(a="21.4")) == []


def test_parts_of_a_cumulative_figure_after_a_months_figure_add_up_to_the_cumulative() -> None:
    rep = check_text(_MONTH_THEN_PARTS.format(a="21.4"))
    sums = [r for r in rep.relations if r.rule == "sum"]
    assert not [r for r in sums if r.status == "inconsistent"]


def test_a_part_of_one_month_exceeding_its_months_total_is_still_an_error() -> None:
    text = "9月份，全县重点项目完成投资7.3亿元，其中省级重点项目完成投资9.4亿元。"
    assert _flagged(text, "BR103")


# -- a plan or a share's whole is no total of what was done

_PLAN_BEFORE_PARTS = (
    "截至6月底，全市34个省重点项目完成投资143.6亿元，占年度计划投资265.2亿元的54.1%，"
    "超时间进度4.1个百分点。其中，续建项目21个，完成投资{a}亿元；新开工项目13个，"
    "已开工11个，完成投资41.3亿元。"
)


def test_parts_of_work_done_are_summed_to_the_work_done_not_to_the_plan() -> None:
    assert _errors(_PLAN_BEFORE_PARTS.format(a="102.3")) == []


def test_parts_of_work_done_that_miss_the_work_done_are_still_flagged() -> None:
    assert _flagged(_PLAN_BEFORE_PARTS.format(a="120.3"), "BR102")


# -- 为预算的P%: the figure's own budget, not a budget of another measure stated before

_OWN_BUDGET = (
    "全年一般公共预算支出完成213.6亿元，为调整预算的95.2%，增长2.4%。"
    "政府性基金预算收入完成48.7亿元，为预算的76.1%，下降31.6%。"
)


def test_a_share_of_its_own_budget_is_not_read_against_another_budget_line() -> None:
    assert not [e for e in _errors(_OWN_BUDGET) if e[0] == "BR101"]


def test_a_share_of_a_budget_stated_beside_it_still_flags_a_slip() -> None:
    text = (
        "今年全县一般公共预算收入年初预算20.2亿元。1-11月，全县一般公共预算收入完成18.64亿元，"
        "为年初预算的82.3%。"
    )
    assert _flagged(text, "BR101")


# -- 加上…总计: the total also holds the figure the list is added to

_ADDED_TO_BASE = (
    "2022年，全县一般公共预算收入完成14.08亿元，同比增长2.9%。加上上级补助收入38.62亿元、"
    "债务转贷收入6.15亿元、调入资金3.80亿元、上年结转2.35亿元，收入总计{t}亿元。"
)


def test_a_total_of_items_added_to_an_earlier_figure_is_not_their_sum() -> None:
    # 14.08 + 38.62 + 6.15 + 3.80 + 2.35 = 65.00
    assert _errors(_ADDED_TO_BASE.format(t="65.00")) == []


def test_items_followed_by_their_own_total_still_add_up() -> None:
    text = "上级补助收入38.62亿元、债务转贷收入6.15亿元、调入资金3.80亿元，三项合计49.57亿元。"
    assert _flagged(text, "BR102")


# -- 分县区看: a list of places may name only some of them

_SOME_PLACES = (
    "1-11月，全市重点项目累计完成投资{t}亿元。分县区看，临江区完成投资168.2亿元，"
    "进度居全市第一；松溪区完成投资121.5亿元；枫林县完成投资86.4亿元。"
)


def test_a_list_of_some_places_after_a_total_is_not_summed_to_it() -> None:
    assert _errors(_SOME_PLACES.format(t="812.4")) == []


def test_a_list_of_places_one_slip_from_their_total_still_warns() -> None:
    # 168.2 + 121.5 + 86.4 = 376.1: a total written 367.1 is one slip away
    assert _flagged(_SOME_PLACES.format(t="367.1"), "BR102")


# -- 其中 after an item: the parts of that item, not more items of the list or the total

_NESTED_UNDER_ITEM = (
    "全年规上工业总产值完成428.6亿元，同比增长9.7%。分行业看，前五大行业合计完成产值"
    "296.4亿元，占全县规上工业总产值的69.2%。其中，电子信息产业产值112.3亿元，增长15.2%；"
    "新材料产业产值68.5亿元，增长11.4%。\n全年规上工业企业实现利润26.8亿元，同比下降4.2%。"
)


def test_parts_nested_under_a_listed_subtotal_are_not_summed_with_it() -> None:
    rep = check_text(_NESTED_UNDER_ITEM)
    assert [f for f in rep.findings if f.code == "BR102"] == []


_TWO_ITEMS = (
    "全年规上工业总产值完成428.6亿元，同比增长9.7%。分行业看，装备制造业产值296.4亿元，"
    "增长12.6%；其他行业产值{b}亿元，增长3.5%。"
)


def test_the_items_of_a_cue_in_its_own_line_still_add_up() -> None:
    rep = check_text(_TWO_ITEMS.format(b="132.2"))
    assert ("consistent", ("296.4亿元", "132.2亿元"), "428.6亿元") in sum_readings(rep)


def test_the_items_of_a_cue_in_its_own_line_still_flag_a_slip() -> None:
    assert _flagged(_TWO_ITEMS.format(b="123.2"), "BR102")


# -- a plan is no total of the parts of what was done

_PLAN_THEN_PARTS = (
    "一季度，全县一般公共预算收入完成4.18亿元，完成年初预算17.2亿元的24.3%。"
    "其中：税收收入2.97亿元，同比增长5.6%；非税收入1.21亿元，同比增长9.3%。"
    "税收收入中，增值税1.36亿元，企业所得税0.58亿元，个人所得税0.11亿元，土地增值税0.39亿元，"
    "其他税种0.53亿元。"
)


def test_parts_of_revenue_are_not_summed_to_the_budget_before_them() -> None:
    rep = check_text(_PLAN_THEN_PARTS)
    assert [f for f in rep.findings if f.code == "BR102"] == []


def test_parts_of_revenue_one_slip_from_the_revenue_still_warn() -> None:
    assert _flagged(_PLAN_THEN_PARTS.replace("非税收入1.21", "非税收入1.12"), "BR102")


# -- a change of a count followed by the rate of another measure (完成投资增长P%)

_RATE_OF_ANOTHER_MEASURE = (
    "全市亿元以上施工项目812个，同比增加63个，完成投资增长15.6%。"
    "新开工项目1536个，同比增加118个，新开工项目完成投资增长18.4%。"
)


def test_a_rate_naming_another_measure_is_not_the_rate_of_the_change_before_it() -> None:
    assert [e for e in _errors(_RATE_OF_ANOTHER_MEASURE) if e[0] == "BR105"] == []


def test_a_rate_of_the_changed_figure_itself_still_flags_a_slip() -> None:
    # 63 ÷ (812 − 63) = 8.4%
    assert _flagged("全市亿元以上施工项目812个，同比增加63个，同比增长18.4%。", "BR105")
    assert _errors("全市亿元以上施工项目812个，同比增加63个，同比增长8.4%。") == []


def test_a_parts_own_parts_are_no_parts_of_the_total() -> None:
    # 第二产业 68450 holds 工业 and 建筑业; the three industries add up to the total
    text = (
        "全县地区生产总值{t}万元，比上年增长7.3%。其中：第一产业增加值41860万元，增长3.8%；"
        "第二产业增加值68450万元，增长8.7%，其中工业增加值46190万元，增长10.2%；建筑业增加值"
        "22260万元，增长6.1%。第三产业增加值112940万元，增长8.4%。"
    )
    assert _errors(text.format(t="223250")) == []
    assert _flagged(text.format(t="223550"), "BR102")


# -- size classes (超10亿元项目, 5-10亿元项目, 1亿元至10亿元项目) are no amounts

_SIZE_CLASSES = (
    "现场签约项目12个，总投资86.5亿元。其中，超10亿元项目3个，5-10亿元项目4个，5亿元以下项目5个。"
)


def test_size_classes_of_projects_are_not_summed_as_amounts() -> None:
    assert _errors(_SIZE_CLASSES) == []


def test_size_class_counts_still_add_up_to_the_projects() -> None:
    rep = check_text(_SIZE_CLASSES)
    assert ("consistent", ("3个", "4个", "5个"), "12个") in sum_readings(rep)


def test_a_size_class_larger_than_all_the_projects_is_still_an_error() -> None:
    assert _flagged(_SIZE_CLASSES.replace("项目4个", "项目14个"), "BR103")


def test_a_range_of_sizes_written_with_zhi_is_no_amount() -> None:
    text = (
        "上半年，全市新签约亿元以上项目132个，签约总额达1085亿元。其中，50亿元以上项目4个，"
        "签约额312亿元；10亿元以上（不含50亿元）项目25个，签约额451亿元；1亿元至10亿元项目"
        "103个，签约额322亿元。"
    )
    rep = check_text(text)
    assert [f for f in rep.findings if f.code == "BR102"] == []
    assert ("consistent", ("312亿元", "451亿元", "322亿元"), "1085亿元") in sum_readings(rep)


# -- a rate's whole stated in its own parenthesis after it

_WHOLE_IN_PARENS = (
    "全年新开工项目118个，新开工率96.7%（计划新开工122个）；竣工项目76个，"
    "竣工率{r}（计划竣工81个）。"
)


def test_a_rates_whole_in_its_parenthesis_is_its_whole() -> None:
    # 118 ÷ 122 = 96.7%, 76 ÷ 81 = 93.8%
    assert _errors(_WHOLE_IN_PARENS.format(r="93.8%")) == []


def test_a_rate_against_the_whole_in_its_parenthesis_still_flags_a_slip() -> None:
    assert _flagged(_WHOLE_IN_PARENS.format(r="83.8%"), "BR101")


# -- the increment of a short period (本周, 当月) is no total of running totals after it

_WEEK_THEN_PARTS = (
    "截至9月8日，全市重点项目已开工483个，累计完成投资1286.3亿元。本周新增开工项目2个，"
    "本周完成投资41.5亿元。\n其中：100个重大产业项目已开工98个，完成投资402.6亿元；"
    "100个重大基础设施项目已开工97个，完成投资518.4亿元。"
)


def test_parts_of_running_totals_listed_after_a_weeks_figures_are_no_error() -> None:
    assert [e for e in _errors(_WEEK_THEN_PARTS) if e[0] == "BR103"] == []


def test_a_part_exceeding_a_weeks_figure_with_no_running_total_is_still_an_error() -> None:
    text = "本周全市新增开工项目2个，其中重大产业项目5个。"
    assert _flagged(text, "BR103")


# -- complementary categories are no parts of the plan of one of them

_PLAN_AND_COMPLEMENTS = (
    "1-9月，全县计划新开工项目52个，实际新开工46个，新开工率88.5%；加上续建项目38个，"
    "全县开复工项目{t}个，开复工率93.3%（全县纳入调度项目90个）。"
)


def test_complementary_categories_are_not_summed_to_the_plan_of_one_of_them() -> None:
    assert _errors(_PLAN_AND_COMPLEMENTS.format(t="84")) == []


def test_complementary_categories_against_their_own_total_still_add_up() -> None:
    text = "全县开复工项目84个，其中新开工项目46个、续建项目{b}个。"
    assert _errors(text.format(b="38")) == []
    assert _flagged(text.format(b="28"), "BR102")


# -- a total after 其中 parts, or a class bounded on one side, is not their sum


def test_a_class_bounded_on_one_side_holds_the_classes_listed_before_it() -> None:
    text = "上半年新引进各类人才312人，其中博士8人、硕士47人，本科及以上学历人才合计259人。"
    assert _errors(text) == []


def test_parts_listed_before_their_own_total_still_add_up() -> None:
    text = "上半年新引进人才中，博士8人、硕士47人，两类合计{t}人。"
    assert _errors(text.format(t="55")) == []
    assert _flagged(text.format(t="65"), "BR102")


# -- 超收 (against the budget) is a difference, no part of a completion share


def test_a_surplus_over_the_budget_is_not_the_part_of_the_completion_rate() -> None:
    text = "全县一般公共预算收入完成20.46亿元，同比增长8.6%，超收0.46亿元，完成预算20亿元的{r}。"
    assert _errors(text.format(r="102.3%")) == []
    assert _flagged(text.format(r="120.3%"), "BR101")


# -- 合计占: the share of the sum of figures listed before

_SUM_SHARE = (
    "税收收入完成14.02亿元。在税收收入中，增值税完成6.25亿元，企业所得税完成2.14亿元，"
    "两税合计占税收收入的59.8%。"
)


def test_the_share_of_a_sum_of_listed_figures_is_not_read_against_one_of_them() -> None:
    assert _errors(_SUM_SHARE) == []


def test_a_share_of_one_listed_figure_still_flags_a_slip() -> None:
    text = "税收收入完成14.02亿元，其中增值税完成6.25亿元，占税收收入的54.6%。"
    assert _flagged(text, "BR101")


# -- a total that includes named categories (含…) is not all of them

_INCLUDED = (
    "全年财政总收入（含上划中央和省级收入）完成38.72亿元，同比增长7.4%，其中上划中央收入"
    "14.63亿元，上划省级收入3.63亿元。"
)


def test_categories_a_total_includes_are_not_summed_to_it() -> None:
    assert _errors(_INCLUDED) == []


def test_categories_a_total_is_made_of_still_add_up() -> None:
    text = "上划中央和省级收入{t}亿元，其中上划中央收入14.63亿元，上划省级收入3.63亿元。"
    assert _errors(text.format(t="18.26")) == []
    assert _flagged(text.format(t="19.26"), "BR102")


# -- a total that is itself a sibling of the parts (together they make an earlier total)


def test_a_sibling_category_is_not_the_total_of_a_complementary_pair() -> None:
    text = (
        "全区62个重点项目中，在建项目44个，1月份新开工项目3个；未开工项目18个中，"
        "计划2月份开工的有7个，计划3月份开工的有11个。"
    )
    assert _errors(text) == []


def test_a_complementary_pair_that_misses_its_total_is_still_an_error() -> None:
    text = "全区计划开工项目62个，已开工项目44个，未开工项目{b}个。"
    assert _errors(text.format(b="18")) == []
    assert _flagged(text.format(b="28"), "BR102")


# -- amounts of another kind (per person, in 元) listed after a total in 亿元


def test_per_person_amounts_in_another_scale_are_no_parts_of_a_total_before_them() -> None:
    text = (
        "一般公共预算收入：完成16.84亿元，增长7.5%，其中税收收入11.97亿元，占比71.1%。\n"
        "城乡居民人均可支配收入：城镇居民42186元，增长5.2%；农村居民21643元，增长7.1%。"
    )
    assert _errors(text) == []


def test_parts_in_another_scale_that_miss_their_total_are_still_flagged() -> None:
    text = "全县城乡居民储蓄存款余额3.2亿元：城镇居民18000万元，农村居民15000万元。"
    assert _flagged(text, "BR102")


def test_a_budget_stated_in_the_revenue_sentence_is_not_the_expenditures_budget() -> None:
    text = (
        "全县一般公共预算收入完成18.92亿元，为调整预算18.5亿元的102.3%，比上年增长6.8%。"
        "全县一般公共预算支出完成68.47亿元，为调整预算的95.6%，增长4.2%。"
    )
    assert [e for e in _errors(text) if e[0] == "BR101"] == []


def test_per_person_incomes_of_a_complete_pair_are_no_parts_of_a_revenue() -> None:
    text = (
        "一般公共预算收入7.43亿元，增长5.1%；城镇人均可支配收入28754元，增长5.3%；"
        "农村人均可支配收入13968元，增长7.2%。"
    )
    assert _errors(text) == []
