"""BR107 copies of one figure whose digits differ by one slip: the same words before
both, nothing saying they differ (another period, other figures they follow), and for
a small figure a passage stated twice.  Which figures were paired is pinned.  The
sentences are invented for the tests, in the genre of the bulletins."""

from __future__ import annotations

import briefing
from briefing.checks import repeat


def _repeat_warnings(text: str) -> list[tuple[str, ...]]:
    rep = briefing.check(briefing.read_text(text))
    return [
        tuple(sorted(f.text for f in x.figures))
        for x in rep.findings
        if x.code == "BR107" and x.severity == "warning"
    ]


def test_a_rate_stated_twice_with_two_digits_swapped_warns() -> None:
    text = (
        "会上介绍，经过多年造林绿化，全县森林覆盖率提高到63.27%。\n"
        "近年来，全县累计完成造林面积12.6万亩，森林覆盖率提高到63.72%，生态环境持续改善。"
    )
    assert ("63.27%", "63.72%") in _repeat_warnings(text)


def test_the_same_rate_stated_twice_alike_is_no_warning() -> None:
    text = (
        "会上介绍，经过多年造林绿化，全县森林覆盖率提高到63.27%。\n"
        "近年来，全县累计完成造林面积12.6万亩，森林覆盖率提高到63.27%，生态环境持续改善。"
    )
    assert _repeat_warnings(text) == []


def test_parallel_items_following_other_figures_are_not_copies() -> None:
    text = (
        "签约项目中本地企业项目9个，合同金额31.6亿元，已到位资金5.2亿元。"
        "签约项目中工业项目17个，合同金额31.8亿元，已到位资金3.9亿元。"
    )
    assert _repeat_warnings(text) == []


def test_other_periods_are_not_copies() -> None:
    text = "2023年全市完成水利投资35276万元。2024年全市完成水利投资35726万元。"
    assert _repeat_warnings(text) == []


def test_a_small_figure_without_a_copied_passage_is_not_paired() -> None:
    # two lists of the same shape for two subjects: 26 and 16 are one slip apart by chance
    text = (
        "省级为民办实事共9类32件，截至10月底，已有26个事项提前完成年度任务，8个事项快于序时进度。\n"
        "县级为民办实事共8大类40个事项，截至10月底，已有16个事项提前完成年度任务，6个事项快于序时进度。"
    )
    assert _repeat_warnings(text) == []


def test_a_small_figure_in_a_passage_stated_twice_warns() -> None:
    text = (
        "1至4月，全县开展秋季集中签约活动，签约农业、商贸等产业项目8个，协议金额52.3亿元。\n"
        "据悉，全县开展秋季集中签约活动，签约农业、商贸等产业项目5个，协议金额52.3亿元，实现良好开局。"
    )
    assert ("5个", "8个") in _repeat_warnings(text)


def test_slipped_copies_are_proposed_after_restatements() -> None:
    from briefing.checks import PROPOSERS, restate

    keys = sorted(PROPOSERS)
    assert keys.index(restate.CODE) < keys.index(repeat.CODE + "s")


WATER = (
    "2019年，累计完成水利投资{head}万元，改善灌溉面积{a}万亩。\n"
    "去年，全县安排水利建设资金39460万元，累计完成投资{body}万元，"
    "新增有效灌溉面积1.35万亩，改善灌溉面积{b}万亩。"
)


def test_a_rare_figure_one_slip_from_its_headline_copy_with_loosely_agreeing_labels_warns() -> None:
    # 水利投资 and 投资: loose labels, but five significant digits one slip apart
    text = WATER.format(head="56380", body="51380", a="5", b="5")
    assert _repeat_warnings(text) == [("51380万元", "56380万元")]


def test_a_figure_of_three_digits_with_loosely_agreeing_labels_is_not_paired() -> None:
    text = "全市工业投资3.47亿元，同比增长4%。全市住宅完成投资3.57亿元，同比增长6%。"
    assert _repeat_warnings(text) == []


def test_a_one_digit_figure_in_a_passage_stated_twice_warns_when_its_words_agree() -> None:
    # 51380万元 is stated in both sentences: 改善灌溉面积5万亩 and 8万亩 are copies
    text = WATER.format(head="51380", body="51380", a="5", b="8")
    assert _repeat_warnings(text) == [("5万亩", "8万亩")]


def test_a_one_digit_figure_with_other_words_in_a_passage_stated_twice_is_not_paired() -> None:
    text = WATER.format(head="51380", body="51380", a="5", b="8").replace(
        "改善灌溉面积8", "恢复灌溉面积8"
    )
    assert _repeat_warnings(text) == []


JOBS = (
    "上半年城镇新增就业8.2万人\n\n完成全年目标任务68%\n\n发布日期：2021-07-26\n\n"
    "  25日，市人社局发布上半年就业成绩单。1—6月，全市城镇新增就业8.2万人，{words}{n}%；"
    "6月份，全市城镇调查失业率为4.9%。"
)


def test_a_two_digit_headline_figure_restated_in_the_same_words_one_slip_off_warns() -> None:
    text = JOBS.format(words="完成全年目标任务的", n="58")
    assert _repeat_warnings(text) == [("58%", "68%")]


def test_a_two_digit_headline_figure_restated_alike_is_no_warning() -> None:
    assert _repeat_warnings(JOBS.format(words="完成全年目标任务的", n="68")) == []


def test_a_two_digit_figure_under_other_words_than_the_headline_is_not_paired() -> None:
    assert _repeat_warnings(JOBS.format(words="占全部新增就业的", n="58")) == []


ACCIDENTS = (
    "前三季度全市各类安全生产事故同比下降23.6%\n\n市晚报     2024年10月15日\n"
    "  记者从14日召开的全市安全生产形势分析会上了解到，前三季度，全市累计发生各类安全生产事故372起、"
    "死亡341人，同比分别下降{n}%、14.8%。其中，较大事故7起、死亡29人，"
    "较大事故起数、死亡人数同比分别下降22.2%、23.9%。"
)


def test_a_headline_rate_one_slip_from_two_body_rates_pairs_the_one_measuring_the_same() -> None:
    # 33.6% and 23.9% are both one slip from the headline's 23.6%: 33.6% is the change of
    # 各类安全生产事故 (372起, by 分别), the headline's measure; 23.9% is of 死亡人数
    assert _repeat_warnings(ACCIDENTS.format(n="33.6")) == [("23.6%", "33.6%")]


def test_a_headline_rate_restated_alike_beside_a_rate_one_slip_away_is_no_warning() -> None:
    assert _repeat_warnings(ACCIDENTS.format(n="23.6")) == []
