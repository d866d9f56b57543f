"""Figure scanner on plain strings: table-driven cases in tests/cases/figures*.tsv."""

from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import briefing
from briefing.extraction import QUANTITY_KINDS, enumerations, extract
from briefing.model import Document
from briefing.text.normalize import normalize

CASES = Path(__file__).parent / "cases"


def _rows(name: str) -> list[list[str]]:
    out = []
    for line in (CASES / name).read_text(encoding="utf-8").splitlines():
        if line.strip() and not line.startswith("#"):
            out.append(line.split("\t"))
    return out


def _doc(text: str) -> Document:
    return Document(text=text, norm=normalize(text))


def _opt(s: str) -> str | None:
    return None if s == "-" else s


@pytest.mark.parametrize("row", _rows("figures.tsv"), ids=lambda r: r[0])
def test_extracts_quantity(row: list[str]) -> None:
    text, span, kind, value, unit, base, base_unit, qual, neg, upper = row
    figs = [f for f in extract(_doc(text)) if f.kind not in ("date", "ordinal", "name")]
    assert figs, f"no quantity in {text}"
    f = figs[0]
    assert f.text == span
    assert text[f.start : f.end] == span
    assert (f.kind, f.value, f.unit) == (kind, value, unit)
    assert (f.base_value, f.base_unit) == (base, _opt(base_unit))
    assert f.qualifier == _opt(qual)
    assert f.negative is (neg == "yes")
    assert f.upper == _opt(upper)


@pytest.mark.parametrize("row", _rows("not_quantities.tsv"), ids=lambda r: r[0])
def test_names_dates_and_words_are_not_quantities(row: list[str]) -> None:
    text, span, kind = row
    figs = extract(_doc(text))
    start = text.index(span)
    overlapping = [f for f in figs if f.start < start + len(span) and f.end > start]
    assert not [f for f in overlapping if f.kind in QUANTITY_KINDS], overlapping
    if kind == "-":
        assert not overlapping
    else:
        assert any(f.kind == kind and f.text == span for f in overlapping), overlapping


def test_reports_text_slice_of_original_not_norm() -> None:
    text = "完成投資１２．１９億元，增長７．９％"
    figs = [f for f in extract(_doc(text)) if f.kind in QUANTITY_KINDS]
    assert [f.text for f in figs] == ["１２．１９億元", "７．９％"]
    assert figs[0].unit == "亿元" and figs[0].decimals == 2
    assert figs[0].metric == "完成投资"


def test_attributes_metric_subject_and_period_within_sentence() -> None:
    text = "今年以来，“投产一批”项目14个，总投资52.37亿元，截至目前完成投资17.6亿元，完成年度计划投资的41.27%。"
    figs = {f.text: f for f in extract(briefing.read_text(text))}
    assert figs["52.37亿元"].metric == "总投资"
    assert figs["17.6亿元"].metric == "完成投资"
    assert figs["17.6亿元"].period == "截至目前"
    assert figs["52.37亿元"].period == "今年以来"
    assert figs["41.27%"].metric == "完成年度计划投资"
    assert figs["14个"].subject == "“投产一批”项目"


def test_approximate_and_threshold_qualifiers() -> None:
    text = "达到100亿元以上，不足50个，投资3亿元左右，超过20家"
    q = {f.text: f.qualifier for f in extract(_doc(text)) if f.kind in QUANTITY_KINDS}
    assert q == {"100亿元": "at_least", "50个": "under", "3亿元": "approx", "20家": "over"}


def test_enumeration_with_list_before_count() -> None:
    text = "围绕绿色食品、精细化工、新能源装备和智能制造链条、文旅康养四个方向精准招商。"
    doc = briefing.read_text(text)
    (e,) = enumerations(doc, extract(doc))
    assert e.stated == 4 and e.noun == "方向"
    assert e.item_texts == ["绿色食品", "精细化工", "新能源装备和智能制造链条", "文旅康养"]
    assert [text[s.start : s.end] for s in e.items] == e.item_texts


def test_enumeration_with_ordinal_leads_after_count() -> None:
    text = "（四）三项保障：一是机制保障。内容。二是服务保障。内容。三是要素保障。内容。"
    doc = briefing.read_text(text)
    es = enumerations(doc, extract(doc))
    assert [(e.stated, e.item_texts) for e in es] == [(3, ["机制保障", "服务保障", "要素保障"])]


def test_enumeration_with_quoted_list_and_joined_last_item() -> None:
    doc = briefing.read_text("实现“甲与乙、丙与丁”两个零接触。依托东方、西方和南方三家企业。")
    es = enumerations(doc, extract(doc))
    assert [e.item_texts for e in es] == [["甲与乙", "丙与丁"], ["东方", "西方", "南方"]]


def test_no_enumeration_for_open_list_with_deng() -> None:
    doc = briefing.read_text("组建环城快速路及冷链物流中心等31个项目推进专班。")
    assert enumerations(doc, extract(doc)) == []


@settings(max_examples=150, deadline=None)
@given(st.text(max_size=80))
def test_extract_never_raises_on_random_text(s: str) -> None:
    figs = extract(briefing.read_text(s))
    doc = briefing.read_text(s)
    for f in extract(doc):
        assert doc.text[f.start : f.end] == f.text
    enumerations(doc, figs)


@settings(max_examples=150, deadline=None)
@given(
    st.text(
        alphabet="一二三四五六七八九十两百千万亿个项家元%亿0123456789.,-至余多约“”、：是第（）年月日",
        max_size=60,
    )
)
def test_extract_never_raises_on_numeral_soup(s: str) -> None:
    doc = _doc(s)
    figs = extract(doc)
    for f in figs:
        assert s[f.start : f.end] == f.text
    enumerations(doc, figs)


# -- fast paths of the scanner (exact values, context walk, positional Figure build) --------

_BASE_CASES = [
    # text, figure text, kind, value, unit, base_value, base_unit
    ("完成率30.90%", "30.90%", "percent", "30.90", "%", "30.9", "%"),
    ("增长100.0%", "100.0%", "percent", "100.0", "%", "100", "%"),
    ("投资0.05亿元", "0.05亿元", "money", "0.05", "亿元", "5000000", "元"),
    ("产量12.345万吨", "12.345万吨", "mass", "12.345", "万吨", "123450", "吨"),
    ("面积3.50万平方米", "3.50万平方米", "area", "3.50", "万平方米", "35000", "平方米"),
    ("共计2000个", "2000个", "count", "2000", "个", "2000", "个"),
    ("下降0.50个百分点", "0.50个百分点", "ppoint", "0.50", "个百分点", "0.5", "百分点"),
    ("占比百分之十二点五", "百分之十二点五", "percent", "12.5", "%", "12.5", "%"),
    ("比上年增4.8 %。", "4.8 %", "percent", "4.8", "%", "4.8", "%"),  # space from a mirror site
]


@pytest.mark.parametrize("case", _BASE_CASES, ids=lambda c: c[0])
def test_base_value_is_exact_and_canonical(case: tuple[str, ...]) -> None:
    text, span, kind, value, unit, base, base_unit = case
    (f,) = [f for f in extract(briefing.read_text(text)) if f.kind in QUANTITY_KINDS]
    assert (f.text, f.kind, f.value, f.unit, f.base_value, f.base_unit) == (
        span, kind, value, unit, base, base_unit,
    )  # fmt: skip


@settings(max_examples=300, deadline=None)
@given(
    st.from_regex(r"(?:0|[1-9][0-9]{0,6}|0[0-9]{1,3})(?:\.[0-9]{1,4})?", fullmatch=True),
    st.sampled_from([None, "百", "千", "万", "十万", "百万", "千万", "亿", "十亿", "万亿"]),
    st.sampled_from(["1", "0.1", "10", "1000", "0.0001"]),
)
def test_base_value_shortcut_equals_exact_decimal_product(
    value: str, scale: str | None, factor: str
) -> None:
    from decimal import Decimal

    from briefing.extraction import numbers
    from briefing.extraction.figures import _base_str

    exact = Decimal(value) * Decimal(factor)
    if scale is not None:
        exact *= Decimal(numbers.SCALES[scale])
    assert _base_str(value, scale, Decimal(factor)) == numbers.decimal_str(exact)


def test_context_stays_within_its_sentence() -> None:
    doc = briefing.read_text(
        "今年1-7月份，全区完成投资9.9亿元，同比增长12.5%。截至目前，签约项目16个，其中产业项目9个。"
    )
    got = [
        (f.text, f.sentence, f.metric, f.subject, f.period)
        for f in extract(doc)
        if f.kind in QUANTITY_KINDS
    ]
    assert got == [
        ("9.9亿元", 0, "完成投资", "全区", "今年1-7月份"),
        ("12.5%", 0, "同比增长", "全区", "今年1-7月份"),
        ("16个", 1, "签约项目", "签约项目", "截至目前"),
        ("9个", 1, None, "产业项目", "截至目前"),
    ]


def test_context_without_sentence_splitting_matches_split_document() -> None:
    text = "今年1-7月份，全区完成投资9.9亿元，同比增长12.5%。截至目前，签约项目16个。"
    split = [(f.text, f.metric, f.subject, f.period) for f in extract(briefing.read_text(text))]
    bare = extract(_doc(text))  # no sentences, no blocks: punctuation fallback
    assert [(f.text, f.metric, f.subject, f.period) for f in bare] == split
    assert all(f.sentence is None for f in bare)


def test_figure_fields_keep_the_order_extract_builds_them_in() -> None:
    # briefing.extraction.extract builds Figure positionally, for speed
    import dataclasses

    from briefing.model import Figure

    assert [f.name for f in dataclasses.fields(Figure)] == [
        "id", "start", "end", "text", "kind", "value", "unit", "base_value", "base_unit",
        "decimals", "qualifier", "metric", "subject", "period", "sentence", "section",
        "negative", "upper", "doc", "period_start", "period_end", "period_cumulative",
    ]  # fmt: skip
    doc = briefing.read_text("投资约10-15亿元，同比下降5.25个百分点。")
    f, g = extract(doc)
    assert (f.id, f.doc, f.qualifier, f.decimals, f.negative, f.upper) == (
        "f1", doc.path, "approx", 0, False, "15",
    )  # fmt: skip
    assert (g.id, g.qualifier, g.decimals, g.negative, g.upper, g.metric) == (
        "f2", None, 2, True, None, "同比下降",
    )  # fmt: skip


_PATH_CASES = [
    # text, figure text, kind, unit, base_value, qualifier, negative
    ("全长5千米", "5千米", "length", "公里", "5000", None, False),  # unit before scale
    ("装机3万千瓦", "3万千瓦", "energy", "万千瓦", "30000", None, False),
    ("投资5千万元", "5千万元", "money", "千万元", "50000000", None, False),  # longest scale
    ("用了5年", "5年", "duration", "年", "5", None, False),
    ("新增10余个", "10余个", "count", "个", "10", "over", False),
    ("约10亿元", "10亿元", "money", "亿元", "1000000000", "approx", False),
    ("增长12.5%以上", "12.5%", "percent", "%", "12.5", "over", False),
    ("同比下降3.2%", "3.2%", "percent", "%", "3.2", None, True),
    ("增幅为-5%", "-5%", "percent", "%", "-5", None, True),
    ("达到3亿元以上", "3亿元", "money", "亿元", "300000000", "at_least", False),
    ("完成5千亿", "5千亿", "other", "千亿", "500000000000", None, False),
    ("5成以上", "5成", "percent", "成", "50", "over", False),
    ("规模达1,200万元", "1,200万元", "money", "万元", "12000000", None, False),
]


@pytest.mark.parametrize("case", _PATH_CASES, ids=lambda c: c[0])
def test_unit_scale_qualifier_and_sign_around_arabic_numbers(case: tuple) -> None:
    text, span, kind, unit, base, qualifier, negative = case
    (f,) = [f for f in extract(briefing.read_text(text)) if f.kind != "date"]
    assert (f.text, f.kind, f.unit, f.base_value, f.qualifier, f.negative) == (
        span, kind, unit, base, qualifier, negative,
    )  # fmt: skip
