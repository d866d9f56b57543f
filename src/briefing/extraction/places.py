"""Place names: the district, county or town a figure or a document is about.

    >>> leading_place("青河市东城区发展和改革局")
    '东城区'
    >>> place_before("其中，东城区完成投资12亿元，南湖区完成8亿元", 0, 20)
    '南湖区'

A place name is two characters and an administrative suffix (``data/places.toml``);
a chain of them (青河市东城区) names its last, most specific member.  Words that end
like places and are not (城区, 开发区, 农村) are dropped.  Used to scope figures when
documents of an archive are compared (:mod:`briefing.checks.archive`): a place that is
missed only narrows what is compared; it never joins two places.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from functools import lru_cache
from pathlib import Path

from briefing import recache

DATA = Path(__file__).resolve().parents[1] / "data" / "places.toml"


@lru_cache(maxsize=1)
def _config() -> tuple[re.Pattern[str], tuple[str, ...]]:
    data = recache.toml(DATA.read_text(encoding="utf-8"))
    suffixes = "|".join(re.escape(s) for s in sorted(data["suffixes"], key=len, reverse=True))
    bad_first = "".join(re.escape(c) for c in data["not_first"])
    bad_second = "".join(re.escape(c) for c in data["not_second"])
    pattern = re.compile(
        rf"[^{bad_first}\W\d_a-zA-Z](?![{bad_second}])[\u4e00-\u9fff](?:{suffixes})"
    )
    return pattern, tuple(sorted(data["not_places"], key=len, reverse=True))


@lru_cache(maxsize=16)
def _not_places_from(n: int) -> tuple[str, ...]:
    """The words of ``not_places`` of at least ``n`` characters (a place name of ``n``
    characters may be the end of one of them), for one ``str.endswith`` call."""
    return tuple(w for w in _config()[1] if len(w) >= n)


def _places(text: str, start: int = 0, end: int | None = None) -> list[tuple[int, int, int]]:
    """(chain start, start, end) of the place names in ``text[start:end]``, a chain
    (青河市东城区) collapsed to its last member."""
    pattern = _config()[0]
    stop = len(text) if end is None else end
    found: list[tuple[int, int, int]] = []
    pos = start
    while True:
        m = pattern.search(text, pos, stop)
        if m is None:
            break
        s, e = m.span()
        # a place may not be the end of a non-place word (中心城区, 经济开发区, 大城市)
        window = text[max(start, e - 8) : e]
        if window.endswith(_not_places_from(e - s)):
            pos = s + 1
            continue
        if found and found[-1][2] == s:  # 青河市东城区: the chain names its last place
            found[-1] = (found[-1][0], s, e)
        else:
            found.append((s, s, e))
        pos = e
    return found


def leading_place(field: str | None) -> str | None:
    """The place a metadata field (来源, title, 编发单位) starts with, else ``None``:
    青河市东城区发展和改革局 → 东城区; 中共西山镇委员会 → 西山镇."""
    if not field:
        return None
    text = field.strip()
    if text.startswith("中共"):
        text = text[2:]
    spans = _places(text, 0, min(len(text), 12))
    if not spans or spans[0][0] != 0:
        return None
    return text[spans[0][1] : spans[0][2]]


def place_before(text: str, start: int, pos: int) -> str | None:
    """The nearest place name in ``text[start:pos]`` (a sentence up to a figure)."""
    spans = _places(text, start, pos)
    if not spans:
        return None
    _, s, e = spans[-1]
    return text[s:e]


_Span = tuple[int, int]


def _last_place(
    text: str,
    start: int,
    pos: int,
    stop: int,
    last: _Span | None,
    steps: list[tuple[int, int, _Span | None]] | None = None,
) -> _Span | None:
    """The scan of :func:`_places` over ``text[pos:stop]`` (not-place windows cut at
    ``start``), from the state ``last`` (the span of the last place found): the span of
    the last place after it.  ``steps`` gets (match start, match end, ``last`` before the
    match) for every match the scan looks at."""
    pattern = _config()[0]
    while True:
        m = pattern.search(text, pos, stop)
        if m is None:
            return last
        s, e = m.span()
        if steps is not None:
            steps.append((s, e, last))
        if text[max(start, e - 8) : e].endswith(_not_places_from(e - s)):
            pos = s + 1
            continue
        # a chain (青河市东城区) names its last member: only the last span matters
        last = (s, e)
        pos = e


def places_before(text: str, start: int, positions: Sequence[int]) -> list[str | None]:
    """``[place_before(text, start, p) for p in positions]`` with one scan of the text.

    The scan runs up to the last position; for a position ``p`` it agrees with the scan
    up to ``p`` until the first match that ends after ``p`` (the pattern has no
    look-behind and no look-ahead past its match, so a match ending by ``p`` is found
    the same with either end, and it is the leftmost).  From that match's start the scan
    up to ``p`` may differ (a shorter suffix ending by ``p``): that stretch, shorter than
    a place name, is scanned again for ``p`` alone.
    """
    if not positions:
        return []
    steps: list[tuple[int, int, _Span | None]] = []
    final = _last_place(text, start, start, max(positions), None, steps)
    out: list[str | None] = []
    for p in positions:
        span = final
        for s, e, before in steps:
            if e > p:
                span = _last_place(text, start, s, p, before) if s < p else before
                break
        out.append(text[span[0] : span[1]] if span is not None else None)
    return out
