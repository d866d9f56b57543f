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
