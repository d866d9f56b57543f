"""BR104 on the shapes of stated counts met in real bulletins (invented sentences).

Each case pins which figures were paired: the stated count (role ``stated``) and the
item texts (role ``item``), not only the status.  ``rounding`` is the warning status:
a mismatch where the list's boundaries are not certain.
"""

from __future__ import annotations

import re

import pytest

import briefing
from briefing.checks import check, enumeration
from briefing.extraction import enumerations, extract
from briefing.model import Relation


def _rels(text: str) -> list[Relation]:
    return [r for r in check(briefing.read_text(text)).relations if r.code == "BR104"]


def _pairs(rel: Relation) -> tuple[str, list[str]]:
    stated = [f.text for f in rel.figures if f.role == "stated"]
    assert len(stated) == 1
    return stated[0], [f.text for f in rel.figures if f.role == "item"]


@pytest.mark.parametrize(
    ("text", "stated", "items"),
    [
        # a count followed by its list
        (
            "全市着力推进四大工程：水系连通、道路提升、管网改造和绿化美化。",
            "四大工程",
            ["水系连通", "道路提升", "管网改造", "绿化美化"],
        ),
        (
            "纳入考核的为3项，分别为地区生产总值、财政收入、社会消费品零售总额。",
            "3项",
            ["地区生产总值", "财政收入", "社会消费品零售总额"],
        ),
        # a list followed by its count, with classifiers and collective nouns
        ("东城、西城、南城3个街道完成老旧小区改造。", "3个街道", ["东城", "西城", "南城"]),
        ("东阳、西阳、南阳、北阳4市完成投资过半。", "4市", ["东阳", "西阳", "南阳", "北阳"]),
        ("甲县、乙县、丙县等3个县率先完成任务。", "3个县", ["甲县", "乙县", "丙县"]),
        ("位居前列的是湖南、江西和广西，这3个省份。", "3个省份", ["湖南", "江西", "广西"]),
        (
            "红星小学、东关中学、第一幼儿园3所学校新建工程已开工。",
            "3所学校",
            ["红星小学", "东关中学", "第一幼儿园"],
        ),
        # ranking phrases
        (
            "投诉量位居前三的类别为：噪声扰民、物业纠纷、道路破损。",
            "前三",
            ["噪声扰民", "物业纠纷", "道路破损"],
        ),
        (
            "办件量位于前三的部门：住建局96件；公安局71件；城管局60件。",
            "前三",
            ["住建局", "公安局", "城管局"],
        ),
        # items in brackets
        (
            "推进缓慢的有2（城区停车场建设、污水管网改造）。",
            "有2",
            ["城区停车场建设", "污水管网改造"],
        ),
        # leads
        (
            "（二）三项机制：一是会商机制。内容。二是督办机制。内容。三是问责机制。内容。",
            "三项机制",
            ["会商机制", "督办机制", "问责机制"],
        ),
        # years against one value a year
        (
            "2016至2019年全县新增就业分别为1200人、1350人、1410人、1500人。",
            "2016至2019年",
            ["1200人", "1350人", "1410人", "1500人"],
        ),
        # a count of items that all reach one value
        (
            "实现“3个100%”目标，即通电率达100%、通水率达100%、通网率达100%。",
            "3个100%",
            ["通电率达100%", "通水率达100%", "通网率达100%"],
        ),
    ],
)
def test_count_is_paired_with_its_items(text: str, stated: str, items: list[str]) -> None:
    rels = _rels(text)
    got = [(r.status, *_pairs(r)) for r in rels]
    assert ("consistent", stated, items) in got, got


def test_compound_slogan_parts_each_match_their_leads() -> None:
    text = "今年呈现“一快两稳”的特点：一是投资增长快。内容。二是就业稳。内容。三是物价稳。内容。"
    rels = {(r.status, _pairs(r)[0], tuple(_pairs(r)[1])) for r in _rels(text)}
    assert ("consistent", "一快", ("投资增长快",)) in rels
    assert ("consistent", "两稳", ("就业稳", "物价稳")) in rels


def test_slogan_parts_in_brackets_and_in_paragraphs_of_their_own() -> None:
    rels = _rels("推进“两沿一环”（沿河、沿路、环湖）绿化。")
    got = {(_pairs(r)[0], tuple(_pairs(r)[1])) for r in rels if r.status == "consistent"}
    assert got == {("两沿", ("沿河", "沿路")), ("一环", ("环湖",))}
    text = (
        "一季度全市呈现“两下降、一平稳”的态势。\n"
        "“两下降”是：火灾总量下降，共发生火灾12起。伤亡人数下降，同比减少2人。\n"
        "“一平稳”是：重点行业形势平稳，未发生较大事故。"
    )
    got = {(_pairs(r)[0], tuple(_pairs(r)[1])) for r in _rels(text) if r.status == "consistent"}
    assert ("两下降", ("火灾总量下降", "伤亡人数下降")) in got
    assert ("一平稳", ("重点行业形势平稳",)) in got


def test_item_joined_by_he_may_count_as_one() -> None:
    text = "重点实施六大工程：甲工程、乙工程、丙工程、丁工程、戊工程、水土保持和生态修复。"
    (r,) = _rels(text)
    assert r.status == "consistent" and _pairs(r)[1][-1] == "生态修复"


# -- slips --------------------------------------------------------------------------


def test_duplicate_says_how_many_listed_and_which_twice() -> None:
    example = re.search(r"Example\n\s+``(.+?)``", enumeration.__doc__ or "")
    assert example is not None  # the rule's docstring example runs as a test
    (f,) = [f for f in check(briefing.read_text(example.group(1))).findings if f.code == "BR104"]
    assert f.severity == "error" and f.stated == "7" and f.expected == "6"
    assert "列出7项，其中“康养旅游”重复" in f.message
    assert [x.text for x in f.figures if x.role == "stated"] == ["七个方向"]


def test_certain_list_that_differs_from_its_count_is_an_error() -> None:
    text = "重点围绕装备制造、食品加工、现代物流、文化旅游三大产业精准发力。"
    (f,) = [f for f in check(briefing.read_text(text)).findings if f.code == "BR104"]
    assert f.severity == "error" and f.stated == "3" and f.expected == "4"
    assert [x.text for x in f.figures if x.role == "item"][-1] == "文化旅游"
    # a count written with a misplaced point is no count of items
    (g,) = [
        f
        for f in check(briefing.read_text("东城、西城、南城0.3个街道完成改造。")).findings
        if f.code == "BR104"
    ]
    assert g.severity == "error" and g.stated == "0.3"


@pytest.mark.parametrize(
    "text",
    [
        "投诉量位居前三的类别为：噪声扰民、物业纠纷。",  # ties or a dropped item: unsure
        "2016至2019年全县新增就业分别为1200人、1350人、1410人。",
        "实现“3个100%”目标，即通电率达100%、通水率达100%、通网率达98%。",
        "甲县、乙县、丙县、丁县等3个县率先完成任务。",
    ],
)
def test_mismatch_with_uncertain_boundaries_warns(text: str) -> None:
    found = [f for f in check(briefing.read_text(text)).findings if f.code == "BR104"]
    assert [f.severity for f in found] == ["warning"], found


# -- look-alikes that must not fire -------------------------------------------------


@pytest.mark.parametrize(
    "text",
    [
        "覆盖全区13个乡镇（街道）57个行政村。",  # a gloss of the noun, not a list
        "19个省（自治区、直辖市）提前完成年度任务。",
        "第一、第二产业方面先后有4个项目签约落地。",  # the list is not the count's
        "扎实推进“三个一批”项目建设。",  # a name
        "钢铁、焦化等五个行业产能整合。",  # 等: the count names more than the examples
        "年度计划投资25.75亿元，完成9.9亿元。",
    ],
)
def test_look_alikes_raise_nothing(text: str) -> None:
    findings = [f for f in check(briefing.read_text(text)).findings if f.code == "BR104"]
    assert findings == []
    assert all(r.status == "consistent" for r in _rels(text))


@pytest.mark.parametrize(
    "text",
    [
        "计划新建、改扩建25所公办幼儿园，新增学位5000个。",
        "年内拟培育、认定8家专精特新企业。",
        "全年新开工和续建12个水利项目。",
        "力争签约、落地6个百亿元级产业项目。",
    ],
)
def test_a_list_of_verbs_before_a_count_is_not_its_items(text: str) -> None:
    # the verbs say what is done to the things counted: 25 schools, not 2 items
    assert [f for f in check(briefing.read_text(text)).findings if f.code == "BR104"] == []
    assert _rels(text) == []


def test_a_list_of_names_before_a_count_still_is_its_items() -> None:
    found = [
        f
        for f in check(briefing.read_text("全县利源、顺成、鑫磊两家企业完成技改。")).findings
        if f.code == "BR104"
    ]
    assert [f.severity for f in found] == ["error"]


def test_public_enumerations_come_from_the_same_finder() -> None:
    doc = briefing.read_text("东城、西城、南城3个街道完成改造。全市着力推进两大工程：甲项、乙项。")
    got = [(e.stated, e.noun, e.item_texts) for e in enumerations(doc, extract(doc))]
    assert got == [(3, "街道", ["东城", "西城", "南城"]), (2, "工程", ["甲项", "乙项"])]
