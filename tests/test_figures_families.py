"""Non-quantity families, periods, ratios, multiples and classifiers (issue 13).

Every sentence here is invented in the shape of portal pages and bulletins; none is
copied from a real document.  The examples listed in data/nonquantities.toml are tested
too: each must yield no quantity and no bare number.
"""

from __future__ import annotations

import pytest

from briefing.extraction import QUANTITY_KINDS, extract_text
from briefing.extraction.rules import rules
from briefing.model import Figure

_NUMBERS = QUANTITY_KINDS | {"other", "multiple"}


def _numbers(figs: list[Figure]) -> list[str]:
    return [f.text for f in figs if f.kind in _NUMBERS]


_EXAMPLES = [(f.name, ex) for f in rules().families for ex in f.examples]


@pytest.mark.parametrize(("family", "example"), _EXAMPLES, ids=[e for _, e in _EXAMPLES])
def test_family_examples_yield_no_number(family: str, example: str) -> None:
    figs = extract_text(example)
    assert _numbers(figs) == [], f"{family}: {example}"


def test_every_family_has_examples_and_a_source() -> None:
    import tomllib
    from importlib import resources

    raw = resources.files("briefing.data").joinpath("nonquantities.toml").read_text("utf-8")
    for fam in tomllib.loads(raw)["family"]:
        assert fam.get("examples"), fam["name"]
        assert fam.get("source"), fam["name"]


# (text, the quantities that must be found, as written) — the family next to a real
# quantity: the family is claimed, the quantity still counts.
_MIXED = [
    ("全市12345热线共受理诉求1200件，办结率98.5%。", ["1200件", "98.5%"]),
    ("本月12345政务服务便民热线受理来电3.2万件。", ["3.2万件"]),
    ("经12345转办工单860件。", ["860件"]),
    ("受理热线工单1500件。", ["1500件"]),
    ("根据《某市实施办法》（某政办发〔2021〕12号），下达资金300万元。", ["300万元"]),
    ("依据某财建〔2020〕 45 号文件，拨付资金2亿元。", ["2亿元"]),
    ("发布日期：2020-06-18 16:42 来源：某县发改局\n全县新开工项目26个。", ["26个"]),
    ("索引号：11340000/2020-00213\n全年完成投资8.6亿元。", ["8.6亿元"]),
    ("某ICP备05012345号-1 全年接待游客52万人次", ["52万人次"]),
    ("浏览次数：356\n全县建成村级服务站120个。", ["120个"]),
    ("详见附件2。全年新增就业1.2万人。", ["1.2万人"]),
    ("截至17时，景区接待游客3.5万人次。", ["3.5万人次"]),
    ("会议于9:30开始，共有代表210名参加。", ["210名"]),
    ("联系电话：0371-6543210，已办结事项45件。", ["45件"]),
    ("分年龄看，18至30岁青年就业人数增加1.1万人。", ["1.1万人"]),
    ("全年出让3幅地块，面积12.5公顷。", ["3幅", "12.5公顷"]),
    ("家禽出栏63.2万羽，食用菌种植120万袋。", ["63.2万羽", "120万袋"]),
    ("新打机井12眼，改造危房35间。", ["12眼", "35间"]),
    ("种植烤烟800亩、收购烟叶2400担。", ["800亩", "2400担"]),
]


@pytest.mark.parametrize(("text", "quantities"), _MIXED, ids=[t for t, _ in _MIXED])
def test_family_beside_a_quantity(text: str, quantities: list[str]) -> None:
    assert _numbers(extract_text(text)) == quantities


# Periods in every written form are dates (periods), never quantities.
_PERIODS = [
    ("1—9 月份，全县完成投资12亿元。", "1—9 月份", "--01", "--09"),
    ("1 - 6月，全市完成投资8亿元。", "1 - 6月", "--01", "--06"),
    ("1至9月，全区新签约项目15个。", "1至9月", "--01", "--09"),
    ("2023 年第一批资金已下达。", "2023 年", "2023", None),
    ("2016—2020年，累计投入资金30亿元。", "2016—2020年", "2016", "2020"),
]


@pytest.mark.parametrize(("text", "span", "value", "upper"), _PERIODS, ids=[p[0] for p in _PERIODS])
def test_period_with_dashes_and_spaces_is_a_date(
    text: str, span: str, value: str, upper: str | None
) -> None:
    figs = extract_text(text)
    dates = [f for f in figs if f.kind == "date"]
    assert dates and dates[0].text == span
    assert (dates[0].value, dates[0].upper) == (value, upper)
    assert span not in _numbers(figs)


def test_structure_ratio_parts_are_ratio_figures_not_bare_numbers() -> None:
    figs = extract_text("全县三次产业结构调整为9.6:38.7:51.7，结构持续优化。")
    ratios = [(f.text, f.value, f.decimals) for f in figs if f.kind == "ratio"]
    assert ratios == [("9.6", "9.6", 1), ("38.7", "38.7", 1), ("51.7", "51.7", 1)]
    assert _numbers(figs) == []


def test_ratio_with_ratio_sign_and_two_parts() -> None:
    figs = extract_text("按1∶2的比例安排配套资金，男女比例为1:1。")
    assert [f.value for f in figs if f.kind == "ratio"] == ["1", "2", "1", "1"]
    assert _numbers(figs) == []


def test_clock_time_is_no_ratio() -> None:
    figs = extract_text("会议于14:30召开。")
    assert [f for f in figs if f.kind == "ratio"] == []
    assert _numbers(figs) == []


def test_multiple_is_its_own_kind_never_percent() -> None:
    figs = extract_text("人均收入达到2.4万元，是2015年的1.85倍。")
    mult = [f for f in figs if f.text == "1.85倍"]
    assert mult and mult[0].kind == "multiple"
    assert mult[0].base_unit == "倍" and mult[0].base_value == "1.85"
    assert not [f for f in figs if f.kind == "percent"]


@pytest.mark.parametrize("sector", ["第一产业", "第二产业", "第三产业"])
def test_sector_names_are_names_not_ordinals(sector: str) -> None:
    figs = extract_text(f"{sector}增加值15.2亿元，增长4.1%。")
    assert not [f for f in figs if f.kind == "ordinal"]
    assert [f.text for f in figs if f.kind == "name"] == [sector]
    assert _numbers(figs) == ["15.2亿元", "4.1%"]


def test_portal_stamp_is_a_date_with_its_day() -> None:
    figs = extract_text("发布时间：2020-06-18 16:42:05 来源：某县")
    assert [(f.kind, f.value) for f in figs] == [("date", "2020-06-18")]


def test_mirror_debris_hides_no_number() -> None:
    figs = extract_text("全县新修道路12公里 k4 X( d# ]7 P+ 完成绿化5万平方米")
    assert _numbers(figs) == ["12公里", "5万平方米"]


@pytest.mark.parametrize(
    ("text", "duration"),
    [
        ("项目建设周期一年，总投资3亿元。", "一年"),
        ("用了一年时间建成。", "一年"),
        ("项目提前3个月完成。", "3个月"),
        ("此前两个月已完成验收。", "两个月"),
    ],
)
def test_a_measured_span_stays_a_duration(text: str, duration: str) -> None:
    # next to the period and year-as-noun families (前10个月, 的一年, 一年来), which claim
    # their phrases, a span that is measured is still a quantity
    assert duration in [f.text for f in extract_text(text) if f.kind == "duration"]
