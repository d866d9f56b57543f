"""Period phrases become calendar spans anchored on the document's date."""

from __future__ import annotations

from datetime import date

import pytest

from briefing.extraction.periods import Period, normalize_period

CASES = [
    # phrase, anchor (document date), start, end, cumulative
    ("1-9月", "2024-10-12", "2024-01-01", "2024-09-30", True),
    ("1—9 月份", "2024-10-12", "2024-01-01", "2024-09-30", True),
    ("1至9月", "2024-10-12", "2024-01-01", "2024-09-30", True),
    ("1~9月", "2024-10-12", "2024-01-01", "2024-09-30", True),
    ("今年1-9月", "2024-10-12", "2024-01-01", "2024-09-30", True),
    ("2023年1-9月份", "2024-10-12", "2023-01-01", "2023-09-30", True),
    ("4-6月", "2024-07-02", "2024-04-01", "2024-06-30", False),
    ("上半年", "2023-07-20", "2023-01-01", "2023-06-30", True),
    ("下半年", "2023-07-20", "2023-07-01", "2023-12-31", False),
    ("前三季度", "2023-10-20", "2023-01-01", "2023-09-30", True),
    ("一季度", "2024-04-10", "2024-01-01", "2024-03-31", True),
    ("第一季度", "2024-04-10", "2024-01-01", "2024-03-31", True),
    ("二季度", "2024-07-01", "2024-04-01", "2024-06-30", False),
    ("截至9月底", "2023-10-09", "2023-01-01", "2023-09-30", True),
    ("截止9月末", "2023-10-09", "2023-01-01", "2023-09-30", True),
    ("截至十月底", "2023-11-09", "2023-01-01", "2023-10-31", True),
    ("截至9月20日", "2023-10-09", "2023-01-01", "2023-09-20", True),
    ("截至2023年底", "2024-01-05", "2023-01-01", "2023-12-31", True),
    ("截至目前", "2024-05-08", None, "2024-05-08", True),
    ("截止目前", "2024-05-08", None, "2024-05-08", True),
    ("今年以来", "2024-05-08", "2024-01-01", "2024-05-08", True),
    # 今年 alone in a June bulletin is the year so far, not January to December
    ("今年", "2023-06-12", "2023-01-01", "2023-06-12", True),
    ("今年全年", "2023-06-12", "2023-01-01", "2023-12-31", True),
    ("全年", "2024-03-01", "2024-01-01", "2024-12-31", True),
    ("年内", "2024-03-01", "2024-01-01", "2024-12-31", True),
    ("2023年", "2024-01-02", "2023-01-01", "2023-12-31", True),
    ("去年", "2024-02-03", "2023-01-01", "2023-12-31", True),
    ("九月份", "2024-10-01", "2024-09-01", "2024-09-30", False),
    ("1月", "2024-02-03", "2024-01-01", "2024-01-31", True),  # a January is year-to-date
    ("本月", "2024-06-18", "2024-06-01", "2024-06-30", False),
    # a January bulletin reports last year's months
    ("1-12月", "2024-01-15", "2023-01-01", "2023-12-31", True),
    ("12月", "2024-01-03", "2023-12-01", "2023-12-31", False),
    # a stated year needs no anchor
    ("2022年1-9月", None, "2022-01-01", "2022-09-30", True),
    ("2021-2025年", None, "2021-01-01", "2025-12-31", False),
]


@pytest.mark.parametrize(("phrase", "anchor", "start", "end", "cumulative"), CASES)
def test_period_phrases_become_calendar_spans(
    phrase: str, anchor: str | None, start: str | None, end: str, cumulative: bool
) -> None:
    assert normalize_period(phrase, anchor) == Period(start, end, cumulative)


@pytest.mark.parametrize(
    ("phrase", "anchor"),
    [
        ("去年同期", "2024-05-01"),  # relative to another period
        ("近年来", "2024-05-01"),
        ("1-9月", None),  # no year stated and no anchor: never guessed
        ("截至目前", None),
        ("今年以来", None),
        ("13月", "2024-05-01"),
        ("9-3月", "2024-10-01"),
        ("截至2月30日", "2024-05-01"),
        ("", "2024-05-01"),
        (None, "2024-05-01"),
        ("重点项目", "2024-05-01"),
    ],
)
def test_phrases_that_are_no_calendar_span_give_none(
    phrase: str | None, anchor: str | None
) -> None:
    assert normalize_period(phrase, anchor) is None


def test_anchor_may_be_a_date_or_a_timestamp_string() -> None:
    a = normalize_period("上半年", date(2022, 8, 1))
    b = normalize_period("上半年", "2022-08-01T09:30:00")
    assert a == b == Period("2022-01-01", "2022-06-30", True)
    assert normalize_period("上半年", "not a date") is None


def test_extracted_periods_with_dashes_and_spaces_reach_the_figure() -> None:
    import briefing

    doc = briefing.read_text("1—9 月份，全区完成投资12.5亿元。1至6月，全区完成投资8.2亿元。")
    periods = {f.text: f.period for f in briefing.extract(doc) if f.kind == "money"}
    assert normalize_period(periods["12.5亿元"], "2024-10-08") == Period(
        "2024-01-01", "2024-09-30", True
    )
    assert normalize_period(periods["8.2亿元"], "2024-10-08") == Period(
        "2024-01-01", "2024-06-30", True
    )


# ---------------------------------------------------------------------------
# A figure's period: found in its clause or sentence, else inherited from the period
# that leads an earlier sentence of its paragraph; normalised on the document's date.
# Invented sentences in the shape of statistics and progress bulletins.
# ---------------------------------------------------------------------------

FIGURE_PERIODS = [
    # text, figure, period phrase (norm text), anchor, start, end, cumulative
    ("1—9 月份，全区完成固定资产投资86.4亿元。", "86.4亿元", "1—9 月份", "2024-10-12",
     "2024-01-01", "2024-09-30", True),
    ("1至9月，全县新增市场主体3200户。", "3200户", "1至9月", "2024-10-12",
     "2024-01-01", "2024-09-30", True),
    ("前三季度，全区地区生产总值增长6.1%。", "6.1%", "前三季度", "2024-10-25",
     "2024-01-01", "2024-09-30", True),
    ("截至10月底，累计发放创业担保贷款4.56亿元。", "4.56亿元", "截至10月底", "2024-11-08",
     "2024-01-01", "2024-10-31", True),
    ("上半年，全市一般公共预算收入完成28.3亿元。", "28.3亿元", "上半年", "2024-07-15",
     "2024-01-01", "2024-06-30", True),
    ("第12周（3月18日—3月24日），全市共受理群众诉求1520件。", "1520件",
     "第12周（3月18日—3月24日）", "2024-03-26", "2024-03-18", "2024-03-24", False),
    ("3月18日至24日，热线共转办工单230件。", "230件", "3月18日至24日", "2024-03-26",
     "2024-03-18", "2024-03-24", False),
    ("今年以来，共开展安全生产督查检查15次。", "15次", "今年以来", "2024-05-08",
     "2024-01-01", "2024-05-08", True),
    ("年初以来，全县累计完成造林3.2万亩。", "3.2万亩", "年初以来", "2024-05-08",
     "2024-01-01", "2024-05-08", True),
    ("1-10月累计完成投资88亿元。", "88亿元", "1-10月", "2024-11-08",
     "2024-01-01", "2024-10-31", True),
    ("截至2024年10月末，各项存款余额1200亿元。", "1200亿元", "截至2024年10月末", None,
     "2024-01-01", "2024-10-31", True),
    ("截至10月31日，全市已完成投资33亿元。", "33亿元", "截至10月31日", "2024-11-08",
     "2024-01-01", "2024-10-31", True),
    ("今年前10个月，全市接待游客1500万人次。", "1500万人次", "今年前10个月", "2024-11-08",
     "2024-01-01", "2024-10-31", True),
    ("一至九月，全市新签约项目56个。", "56个", "一至九月", "2024-10-12",
     "2024-01-01", "2024-09-30", True),
    # traditional characters and full-width dashes: the norm text is simplified
    ("截至10月底，全縣累計完成投資45.6億元。", "45.6億元", "截至10月底", "2024-11-08",
     "2024-01-01", "2024-10-31", True),
    ("1－10月份，規模以上工業增加值增長7.5%。", "7.5%", "1-10月份", "2024-11-08",
     "2024-01-01", "2024-10-31", True),
    # inherited from the paragraph's lead sentence
    ("2024年1-10月，全市进出口总额210亿元。其中，出口150亿元。", "150亿元", "2024年1-10月", None,
     "2024-01-01", "2024-10-31", True),
    ("全市1-10月完成投资100亿元。其中工业投资40亿元，增长8%。", "8%", "1-10月", "2024-11-08",
     "2024-01-01", "2024-10-31", True),
    # a comparison base is not the figure's period; a later period of its own is
    ("1-10月，全市完成投资100亿元，比去年同期增长9%。", "9%", "1-10月", "2024-11-08",
     "2024-01-01", "2024-10-31", True),
    ("1-10月，完成投资100亿元。去年同期为91.7亿元。", "91.7亿元", "去年同期", "2024-11-08",
     None, None, None),
    ("1-10月，完成投资100亿元，占全年计划的85%。", "85%", "1-10月", "2024-11-08",
     "2024-01-01", "2024-10-31", True),
    ("上半年，全市完成投资50亿元。三季度完成投资30亿元。", "30亿元", "三季度", "2024-10-20",
     "2024-07-01", "2024-09-30", False),
    # no date and no year stated: the phrase is kept, the span is never guessed
    ("1-9月，全县完成投资12亿元。", "12亿元", "1-9月", None, None, None, None),
]  # fmt: skip


@pytest.mark.parametrize(
    ("text", "figure", "phrase", "anchor", "start", "end", "cumulative"), FIGURE_PERIODS
)
def test_each_figure_gets_the_period_that_scopes_it(
    text: str,
    figure: str,
    phrase: str,
    anchor: str | None,
    start: str | None,
    end: str | None,
    cumulative: bool | None,
) -> None:
    import briefing

    doc = briefing.read_text(text)
    doc.meta.date = anchor
    (f,) = [f for f in briefing.extract(doc) if f.text == figure]
    assert f.period is not None
    assert f.period.replace(" ", "") == phrase.replace(" ", "")
    assert (f.period_start, f.period_end, f.period_cumulative) == (start, end, cumulative)
    assert f.to_dict()["period_end"] == end


@pytest.mark.parametrize(
    "text",
    [
        "1—9 月份，全市完成投资12亿元。",
        "今年前10个月，全市接待游客1500万人次。",
        "一至九月，全市新签约项目56个。",
        "第12周（3月18日—3月24日），受理诉求1520件。",
        "截至10月底，累计发放贷款4.5亿元。",
    ],
)
def test_periods_are_never_quantities(text: str) -> None:
    from briefing.extraction import QUANTITY_KINDS, extract_text

    quantities = [f.text for f in extract_text(text) if f.kind in QUANTITY_KINDS]
    assert len(quantities) == 1, quantities


def test_a_lead_period_does_not_reach_into_the_next_paragraph() -> None:
    import briefing

    doc = briefing.read_text("1-10月，全市完成投资100亿元。\n\n全市共有规上企业560家。")
    periods = {f.text: f.period for f in briefing.extract(doc)}
    assert periods["100亿元"] == "1-10月"
    assert periods["560家"] is None


def test_extract_jsonl_carries_the_normalised_period(tmp_path) -> None:  # type: ignore[no-untyped-def]
    import json
    import subprocess
    import sys

    src = tmp_path / "b.txt"
    src.write_text(
        "发布日期：2024-11-08\n截至10月底，全县累计完成投资45.6亿元。\n", encoding="utf-8"
    )
    out = subprocess.run(
        [sys.executable, "-m", "briefing.cli", "extract", str(src), "--format", "jsonl"],
        capture_output=True, text=True, check=True,
    )  # fmt: skip
    rows = [json.loads(line) for line in out.stdout.splitlines() if line.strip()]
    (row,) = [r for r in rows if r["text"] == "45.6亿元"]
    assert (row["period"], row["period_start"], row["period_end"], row["period_cumulative"]) == (
        "截至10月底", "2024-01-01", "2024-10-31", True,
    )  # fmt: skip
