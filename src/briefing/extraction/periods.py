"""Normalised periods: a figure's period phrase as a calendar span.

    >>> normalize_period("1-9月", "2024-10-12")
    Period(start='2024-01-01', end='2024-09-30', cumulative=True)
    >>> normalize_period("上半年", "2023-07-20").end
    '2023-06-30'
    >>> normalize_period("截至目前", "2024-05-08")
    Period(start=None, end='2024-05-08', cumulative=True)

The phrases and what they mean live in ``data/periods.toml`` (forms tried in order);
this module only applies them.  The document's date is the anchor: it gives the year
when the phrase does not state one (今年1-9月, 前三季度) and the end of the spans that
run up to the document (截至目前, 今年以来).  Without an anchor and without a stated
year there is no span (``None``), never a guessed one.

``cumulative`` is true for a running total: from the start of the year (1-9月, 截至9月底,
上半年, 前三季度, 全年, 今年以来, and a single January) or from a start not stated
(截至目前: ``start`` is then ``None``); false for a month, a quarter or a half that does
not start in January.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date
from functools import lru_cache
from pathlib import Path
from typing import Any

from briefing import recache

DATA = Path(__file__).resolve().parents[1] / "data" / "periods.toml"


@dataclass(frozen=True, slots=True)
class Period:
    """A calendar span as ISO dates (``None`` when not stated) and whether it is a
    running total."""

    start: str | None
    end: str | None
    cumulative: bool


@dataclass(frozen=True, slots=True)
class _Form:
    """One shape of period phrase of data/periods.toml, compiled."""

    name: str
    pattern: re.Pattern[str]
    first: int | None
    last: int | None
    cumulative: str
    open_start: bool
    to_anchor: bool
    past: bool
    skip: bool
    this_month: bool


@lru_cache(maxsize=1)
def _config() -> tuple[list[_Form], dict[str, int], re.Pattern[str], re.Pattern[str]]:
    data: dict[str, Any] = recache.toml(DATA.read_text(encoding="utf-8"))
    years: dict[str, int] = data["years"]
    words = sorted(years, key=len, reverse=True)
    year_alt = "|".join([r"\d{4}", *map(re.escape, words)])
    forms = [
        _Form(
            name=f["name"],
            pattern=re.compile(f["re"].replace("YEAR", year_alt)),
            first=f.get("from"),
            last=f.get("to"),
            cumulative=f.get("cumulative", "no"),
            open_start=f.get("open_start", False),
            to_anchor=f.get("to_anchor", False),
            past=f.get("past", False),
            skip=f.get("skip", False),
            this_month=f.get("this_month", False),
        )
        for f in data["form"]
    ]
    months: dict[str, int] = data["months"]
    month_alt = "|".join(sorted(map(re.escape, months), key=len, reverse=True))
    dashes = "".join(re.escape(c) for c in data["dashes"]["chars"])
    month_re = re.compile(rf"(?<![\d一二三四五六七八九十])({month_alt})(?=个?月|[{dashes}])")
    dash_re = re.compile(rf"([\d日])[{dashes}](\d)")
    return forms, years, month_re, dash_re


def _simplify(phrase: str) -> str:
    """Spaces dropped, Chinese month numerals in digits, a range's dash written "-"."""
    _, _, month_re, dash_re = _config()
    s = _SPACE.sub("", phrase)
    s = month_re.sub(lambda m: str(_month_words()[m.group(1)]), s)
    return dash_re.sub(r"\1-\2", s)


_SPACE = re.compile(r"\s+")


@lru_cache(maxsize=1)
def _month_words() -> dict[str, int]:
    months: dict[str, int] = recache.toml(DATA.read_text(encoding="utf-8"))["months"]
    return months


def _anchor(anchor: str | date | None) -> date | None:
    if anchor is None:
        return None
    if isinstance(anchor, date):
        return anchor
    try:
        return date.fromisoformat(str(anchor)[:10])
    except ValueError:
        return None


_MONTH_DAYS = (31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31)


def days_in_month(year: int, month: int) -> int:
    """The number of days of ``month`` (1-12) in ``year`` of the Gregorian calendar, as
    ``calendar.monthrange(year, month)[1]`` (without importing calendar and locale)."""
    if month == 2 and year % 4 == 0 and (year % 100 != 0 or year % 400 == 0):
        return 29
    return _MONTH_DAYS[month - 1]


def _last_day(year: int, month: int) -> int:
    return days_in_month(year, month)


@lru_cache(maxsize=4096)
def _normalize(phrase: str, anchor: date | None) -> Period | None:
    forms, years, _, _ = _config()
    s = _simplify(phrase)
    for form in forms:
        m = form.pattern.match(s)
        if m is None:
            continue
        if form.skip:
            return None
        groups = m.groupdict()
        year_word = groups.get("year")
        year: int | None
        if year_word is None:
            year = anchor.year if anchor is not None else None
            stated_year = False
        elif year_word.isdigit():
            year, stated_year = int(year_word), True
        else:
            if anchor is None:
                return None
            year, stated_year = anchor.year + years[year_word], True
        first = int(groups["m1"]) if groups.get("m1") else form.first
        last = int(groups["m2"]) if groups.get("m2") else (form.last or first)
        if groups.get("m1") and not groups.get("m2"):
            last = first
        if form.this_month or (form.to_anchor and last is None):
            if anchor is None:
                return None
            last = anchor.month
            if form.this_month:
                first = last
        if year is None or last is None or not 1 <= last <= 12:
            return None
        if first is not None and not (1 <= first <= last):
            return None
        if form.past and not stated_year and anchor is not None and last > anchor.month:
            year -= 1  # a January bulletin's 1-12月 is last year's
        year2 = int(groups["year2"]) if groups.get("year2") else year
        if year2 < year:
            return None
        if form.to_anchor and anchor is not None and not form.this_month:
            if year != anchor.year:
                end = date(year, 12, 31)
            else:
                end = anchor
        else:
            day = int(groups["day"]) if groups.get("day") else _last_day(year2, last)
            if not 1 <= day <= _last_day(year2, last):
                return None
            end = date(year2, last, day)
        day1 = int(groups["day1"]) if groups.get("day1") else 1
        if first is not None and not 1 <= day1 <= _last_day(year, first):
            return None
        start = None if form.open_start or first is None else date(year, first, day1)
        if start is not None and start > end:
            return None
        if form.cumulative == "ytd":
            cumulative = first == 1 and day1 == 1
        else:
            cumulative = form.cumulative == "yes"
        return Period(start.isoformat() if start else None, end.isoformat(), cumulative)
    return None


def normalize_period(phrase: str | None, anchor: str | date | None = None) -> Period | None:
    """The calendar span of a period phrase; ``anchor`` is the document's date (ISO
    string or :class:`datetime.date`).  ``None`` when the phrase is not a calendar
    span (去年同期, 近年来), is unknown, or needs an anchor that is missing."""
    if not phrase:
        return None
    return _normalize(phrase, _anchor(anchor))
