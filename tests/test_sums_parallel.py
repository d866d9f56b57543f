"""BR102 sums read beside other sums: the changes of parts that add up (each stated
after its level), a total whose parts carry breakdowns of their own, a total stated as a
bound with its 其中 list.  Which figures were paired is pinned.  The sentences are
invented for the tests, in the genre of the bulletins."""

from __future__ import annotations

from relation_support import check_text, sum_readings


def test_changes_of_parts_that_add_up_add_up_too() -> None:
    text = (
        "全县粮食总产26.4万吨，比上年的25.1326万吨，增1.2674万吨，增5.0%。"
        "其中：夏粮产量6.2158万吨，比上年增0.3012万吨，增5.1%。"
        "秋粮产量20.1842万吨，比上年增0.9662万吨，增5.0%。"
    )
    sums = sum_readings(check_text(text))
    assert ("consistent", ("6.2158万吨", "20.1842万吨"), "26.4万吨") in sums
    assert ("consistent", ("0.3012万吨", "0.9662万吨"), "1.2674万吨") in sums


def test_changes_that_go_different_ways_are_not_summed() -> None:
    text = (
        "全县粮食总产26.4万吨，比上年的25.1326万吨，增1.2674万吨。"
        "其中：夏粮产量6.2158万吨，比上年减0.3012万吨。"
        "秋粮产量20.1842万吨，比上年增1.5686万吨。"
    )
    sums = sum_readings(check_text(text))
    assert not any(total == "1.2674万吨" for _, _, total in sums)


def test_parts_with_breakdowns_of_their_own_add_up_to_the_total() -> None:
    text = (
        "全县地区生产总值367512万元，比上年增长7.8%。其中：第一产业增加值71235万元，"
        "增长3.9%；第二产业增加值91477万元，增长8.6%，其中工业增加值完成54921万元，"
        "增长9.1%；建筑业增加值完成36556万元，增长7.2%。第三产业增加值204800万元，"
        "增长8.4%。"
    )
    sums = sum_readings(check_text(text))
    assert ("consistent", ("71235万元", "91477万元", "204800万元"), "367512万元") in sums
    assert ("consistent", ("54921万元", "36556万元"), "91477万元") in sums


def test_total_stated_as_a_bound_with_its_qizhong_list() -> None:
    text = "截至9月末，中央预算内资金累计支持超过1.86万个项目，其中续建项目约1.09万个，新建项目约0.77万个。"
    sums = sum_readings(check_text(text))
    assert ("consistent", ("1.09万个", "0.77万个"), "1.86万个") in sums


def test_total_stated_as_a_bound_raises_no_warning_when_nothing_adds_up() -> None:
    text = "截至9月末，中央预算内资金累计支持超过1.86万个项目，其中续建项目约0.69万个，新建项目约0.77万个。"
    rep = check_text(text)
    assert not any(total == "1.86万个" for _, _, total in sum_readings(rep))
    assert not [f for f in rep.findings if f.code == "BR102"]


def test_a_second_breakdown_of_a_total_in_a_later_sentence_with_its_own_cue() -> None:
    text = (
        "今年全县安排重点建设项目64宗（其中，投产项目6宗，续建项目25宗，新开工项目33宗），"
        "年度投资计划160.5亿元。1至8月累计完成投资108.3亿元。"
        "（市级重点建设项目27宗，完成投资80.1亿元；县级重点建设项目37宗，完成投资28.2亿元。）"
    )
    sums = sum_readings(check_text(text))
    assert ("consistent", ("6宗", "25宗", "33宗"), "64宗") in sums
    assert ("consistent", ("27宗", "37宗"), "64宗") in sums


def test_figures_that_add_up_to_a_total_without_a_cue_of_their_own_are_not_read() -> None:
    text = (
        "今年全县安排重点建设项目64宗（其中，投产项目6宗，续建项目25宗，新开工项目33宗），"
        "年度投资计划160.5亿元。1至8月累计完成投资108.3亿元，新签约项目27宗，"
        "新入库项目37宗。"
    )
    sums = sum_readings(check_text(text))
    assert ("consistent", ("27宗", "37宗"), "64宗") not in sums


def test_a_total_naming_two_categories_before_one_noun_sums_their_figures() -> None:
    text = (
        "截至11月底，全县新建改造农村公路已超过820公里。\n"
        "据介绍，今年全县交通建设完成投资6.8亿元，新建农村公路356.2公里，"
        "改造农村公路468.5公里，新建农村公路桥梁12座。"
    )
    sums = sum_readings(check_text(text))
    assert ("consistent", ("356.2公里", "468.5公里"), "820公里") in sums


def test_a_compound_total_whose_categories_are_not_both_stated_is_not_summed() -> None:
    text = (
        "截至11月底，全县新建改造农村公路已超过820公里。\n"
        "据介绍，今年全县新建农村公路356.2公里，硬化农村公路468.5公里。"
    )
    sums = sum_readings(check_text(text))
    assert not any(total == "820公里" for _, _, total in sums)


def test_a_paragraph_opening_with_qizhong_goes_on_with_the_total_before_it() -> None:
    text = (
        "今年1-8月，全市415个市级重点项目完成年度投资计划的66.4%，低于序时进度0.3个百分点。\n"
        "其中，快速路、污水处理、物流园区等286个续建项目进展顺利，完成年度投资计划的70.2%。\n"
        "129个计划新开工项目中，97个项目已开工，开工率75.2%。"
    )
    sums = sum_readings(check_text(text))
    assert ("consistent", ("286个", "129个"), "415个") in sums


def test_a_paragraph_not_opening_with_qizhong_keeps_its_own_figures() -> None:
    text = (
        "今年1-8月，全市415个市级重点项目完成年度投资计划的66.4%，低于序时进度0.3个百分点。\n"
        "另外，快速路、污水处理、物流园区等286个项目列入储备，完成年度投资计划的70.2%。\n"
        "129个计划新开工项目中，97个项目已开工，开工率75.2%。"
    )
    sums = sum_readings(check_text(text))
    assert ("consistent", ("286个", "129个"), "415个") not in sums


def test_figures_past_the_totals_paragraph_are_no_evidence_of_a_slip() -> None:
    # read past the paragraph only to find parts that agree: none do here, and no
    # warning is drawn from figures of the paragraphs after
    text = (
        "今年1-8月，全市430个市级重点项目完成年度投资计划的66.4%，低于序时进度0.3个百分点。\n"
        "其中，快速路、污水处理、物流园区等286个续建项目进展顺利，完成年度投资计划的70.2%。\n"
        "129个计划新开工项目中，97个项目已开工，开工率75.2%。"
    )
    rep = check_text(text)
    assert not any(total == "430个" for _, _, total in sum_readings(rep))
    assert not [f for f in rep.findings if f.code == "BR102"]
