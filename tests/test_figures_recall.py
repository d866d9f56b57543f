"""Recall families of the figure scanner (issue 13): every sentence is invented.

* a unit shared by a list of bare numbers, written only after the last member;
* money with its 元 left out after 亿/万亿 next to a money metric;
* head counts with a bare 万 and 以上/多, or a people noun after the number;
* fractions (四分之一 = 25%), a Chinese numeral after 接近, 台班, 至少有;
* place names (三元区) and the indefinite 一 (走出了一条) that are not figures.
"""

from __future__ import annotations

import pytest

from briefing.extraction import QUANTITY_KINDS, extract_text
from briefing.model import Figure


def _quantities(text: str) -> list[Figure]:
    return [f for f in extract_text(text) if f.kind in QUANTITY_KINDS]


def _q(f: Figure) -> tuple[str, str, str | None, str | None, str | None]:
    return (f.text, f.kind, f.base_value, f.base_unit, f.qualifier)


# (sentence, every quantity as (text, kind, base value, base unit, qualifier))
SHARED_UNIT = [
    (
        "各片区分别拉动全县投资增长1.35、0.72、0.4和0.18个百分点。",
        [
            ("1.35", "ppoint", "1.35", "百分点", None),
            ("0.72", "ppoint", "0.72", "百分点", None),
            ("0.4", "ppoint", "0.4", "百分点", None),
            ("0.18个百分点", "ppoint", "0.18", "百分点", None),
        ],
    ),
    (
        "东区和西区的增速分别高于全区平均水平6.3和12.8个百分点。",
        [
            ("6.3", "ppoint", "6.3", "百分点", None),
            ("12.8个百分点", "ppoint", "12.8", "百分点", None),
        ],
    ),
    (
        "一产、二产增加值分别增长4.2及7.5%。",
        [("4.2", "percent", "4.2", "%", None), ("7.5%", "percent", "7.5", "%", None)],
    ),
    (
        "东湖镇、南山镇和西岭镇分别完成投资2.4、1.15与0.8亿元。",
        [
            ("2.4", "money", "240000000", "元", None),
            ("1.15", "money", "115000000", "元", None),
            ("0.8亿元", "money", "80000000", "元", None),
        ],
    ),
]

BARE_SCALE = [
    # money: a money metric before the number in its clause
    ("截至目前项目到位资金4.3亿，同比增长较快。", [("4.3亿", "money", "430000000", "元", None)]),
    ("全年实际完成投资合计12.06亿。", [("12.06亿", "money", "1206000000", "元", None)]),
    ("全县社会消费品零售总额达到86.5亿，", [("86.5亿", "money", "8650000000", "元", None)]),
    # money: a title line opening with the number
    ("3.2万亿！全省外贸进出口创新高\n", [("3.2万亿", "money", "3200000000000", "元", None)]),
    # head counts
    ("全省各年新增就业均保持在60万以上。", [("60万", "count", "600000", None, "over")]),
    ("为320多万困难群众发放临时救助金。", [("320多万", "count", "3200000", None, "over")]),
    ("与上年新增就业58万的水平基本持平。", [("58万", "count", "580000", None, None)]),
]

OTHER_RECALL = [
    ("全县森林覆盖率接近三成，人均接近三棵树。", [("三棵", "count", "3", "棵", "under")]),
    ("园区产值占全市工业的近四分之一。", [("四分之一", "percent", "25", "%", "under")]),
    ("出口额占全省的约八分之一。", [("八分之一", "percent", "12.5", "%", "approx")]),
    ("累计出动机械216个台班。", [("216个台班", "count", "216", "台班", None)]),
    ("目前至少有14个县区完成了任务。", [("14个", "count", "14", "个", "at_least")]),
]

NOT_FIGURES = [
    "签约仪式在三元区举行，五里镇和二元路片区同步推进。",
    "全镇走出了一条生态富民的新路子。",
    "约三分之一的企业已完成改造。",  # inexact fraction: no figure of unknown precision
    "成交量较上年分别为2019、2020和2021年的两倍。",
]


@pytest.mark.parametrize(("text", "want"), SHARED_UNIT, ids=[t for t, _ in SHARED_UNIT])
def test_list_members_take_the_unit_written_after_the_last(
    text: str, want: list[tuple[str, ...]]
) -> None:
    assert [_q(f) for f in _quantities(text)] == want


@pytest.mark.parametrize(("text", "want"), BARE_SCALE, ids=[t for t, _ in BARE_SCALE])
def test_bare_scale_numbers_are_money_or_head_counts_by_their_words(
    text: str, want: list[tuple[str, ...]]
) -> None:
    assert [_q(f) for f in _quantities(text)] == want


@pytest.mark.parametrize(("text", "want"), OTHER_RECALL, ids=[t for t, _ in OTHER_RECALL])
def test_fractions_classifiers_and_qualifiers(text: str, want: list[tuple[str, ...]]) -> None:
    got = [_q(f) for f in _quantities(text)]
    assert [g for g in got if g[0] != "三成"] == want


@pytest.mark.parametrize("text", NOT_FIGURES)
def test_place_names_and_indefinite_one_are_not_figures(text: str) -> None:
    got = _quantities(text)
    assert not [f for f in got if f.kind != "multiple"], got


def test_list_sharing_needs_list_separators_and_bare_numbers() -> None:
    # a comma breaks the list; a year is no member; a number with its own unit stays
    figs = _quantities("分别增长4.1，5.6%。")
    assert [f.text for f in figs] == ["5.6%"]
    figs = _quantities("2021和2022亿元")
    assert [f.text for f in figs] == ["2022亿元"]
    figs = _quantities("分别为3个和5.6%")
    assert [(f.text, f.kind) for f in figs] == [("3个", "count"), ("5.6%", "percent")]
    # a list that opens with an ordinal is a list of places, not of bare numbers
    figs = _quantities("两支队伍分别获得第1、2、3名。")
    assert [f.text for f in figs if f.text != "两支"] == ["3名"]


def test_people_before_a_money_word_make_a_head_count() -> None:
    # 收入 and 投资 name money, but 收入群体 and 投资者 are people
    assert [_q(f) for f in _quantities("全省中等收入群体超过4亿，")] == [
        ("4亿", "count", "400000000", None, "over")
    ]
    assert [_q(f) for f in _quantities("全市个人投资者达1.2亿，")] == [
        ("1.2亿", "count", "120000000", None, None)
    ]


def test_a_length_before_a_road_word_stays_a_length() -> None:
    # only 元/里/角 make place names (三元区); 五公里路面 is five kilometres
    assert [_q(f) for f in _quantities("全年新建五公里路面。")] == [
        ("五公里", "length", "5000", "米", None)
    ]


def test_bare_scale_without_metric_or_noun_stays_no_quantity() -> None:
    # no money metric, no people noun: the scale alone says nothing of the unit
    assert _quantities("平台累计访问量达2.7亿，") == []
    assert _quantities("项目总数共计1.5万以上。") == []


def test_list_members_take_the_decline_of_the_list() -> None:
    figs = _quantities("工业和服务业增速分别回落1.37和0.84个百分点。")
    assert [(f.text, f.negative) for f in figs] == [("1.37", True), ("0.84个百分点", True)]
