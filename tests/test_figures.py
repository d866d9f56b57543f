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
    assert (f.base_value, f.base_unit) == (base, base_unit)
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
    text = "今年以来，“开工一批”项目11个，总投资68.63亿元，截至目前完成投资9.9亿元，完成年度计划投资的38.45%。"
    figs = {f.text: f for f in extract(briefing.read_text(text))}
    assert figs["68.63亿元"].metric == "总投资"
    assert figs["9.9亿元"].metric == "完成投资"
    assert figs["9.9亿元"].period == "截至目前"
    assert figs["68.63亿元"].period == "今年以来"
    assert figs["38.45%"].metric == "完成年度计划投资"
    assert figs["11个"].subject == "“开工一批”项目"


def test_approximate_and_threshold_qualifiers() -> None:
    text = "达到100亿元以上，不足50个，投资3亿元左右，超过20家"
    q = {f.text: f.qualifier for f in extract(_doc(text)) if f.kind in QUANTITY_KINDS}
    assert q == {"100亿元": "at_least", "50个": "under", "3亿元": "approx", "20家": "over"}


def test_enumeration_with_list_before_count() -> None:
    text = "围绕品牌服装、染整产业、无人机产业和数字经济链条、总部经济四个方向精准招商。"
    doc = briefing.read_text(text)
    (e,) = enumerations(doc, extract(doc))
    assert e.stated == 4 and e.noun == "方向"
    assert e.item_texts == ["品牌服装", "染整产业", "无人机产业和数字经济链条", "总部经济"]
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
    doc = briefing.read_text("成立联络线及物流园等26个项目工作专班。")
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
