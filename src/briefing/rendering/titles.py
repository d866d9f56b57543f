"""Breaking a long title into balanced lines at phrase boundaries (GB/T 9704-2012 7.3.3).

A title wider than the type area is broken by the renderer, not by the word processor,
which would fill the first line and leave the rest (…项目发展 / 保驾护航).  The break points
and their preferences are language knowledge in ``data/title_breaks.toml``.
"""

from __future__ import annotations

import itertools
import math
import re
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources

from briefing import recache

_SPACE = "\u3000 "
#: Score of a break by its kind (lower is better) and per character of imbalance.
_KIND_COST = {"punct": 0.0, "space": 0.0, "word": 1.5, "plain": 10.0}
_IMBALANCE_COST = 1.0


@dataclass(frozen=True, slots=True)
class _Rules:
    """Where a title may be broken into lines."""

    after_chars: str
    no_line_start: str
    no_line_end: str
    before_words: tuple[str, ...]
    bound_modifiers: tuple[str, ...]


@lru_cache(maxsize=1)
def _rules() -> _Rules:
    raw = resources.files("briefing.data").joinpath("title_breaks.toml").read_text("utf-8")
    data = recache.toml(raw)
    words = sorted(set(data["before_words"]), key=len, reverse=True)
    return _Rules(
        data["after_chars"],
        data["no_line_start"],
        data["no_line_end"],
        tuple(words),
        tuple(data.get("bound_modifiers", ())),
    )


_PROTECTED = re.compile(
    r"“[^”]{0,30}”|‘[^’]{0,30}’|《[^》]{0,40}》|「[^」]{0,30}」|"
    # a number keeps its scale and its first unit character: 2024.56亿元, 12个, 30%
    r"[0-9][0-9.,%％．]*(?:[万亿千百]+)?(?:[\u4e00-\u9fff](?<![为的和与及是在])|)|[A-Za-z]+"
)


def _protected(text: str) -> list[bool]:
    """inside[i]: a break before position i would split a quotation, book title or number."""
    inside = [False] * (len(text) + 1)
    for m in _PROTECTED.finditer(text):
        for i in range(m.start() + 1, m.end()):
            inside[i] = True
    return inside


def _break_kinds(text: str) -> dict[int, str]:
    """{position: kind} of every allowed break (a break at i splits text[:i] | text[i:])."""
    r = _rules()
    inside = _protected(text)
    kinds: dict[int, str] = {}
    for i in range(1, len(text)):
        if inside[i] or text[i] in r.no_line_start or text[i - 1] in r.no_line_end:
            continue
        if any(text.endswith(w, 0, i) for w in r.bound_modifiers):
            continue
        if text[i - 1] in _SPACE or text[i] in _SPACE:
            kinds[i] = "space"
        elif text[i - 1] in r.after_chars:
            kinds[i] = "punct"
        elif any(text.startswith(w, i) for w in r.before_words):
            kinds[i] = "word"
        else:
            kinds[i] = "plain"
    return kinds


def title_lines(title: str, per_line: int) -> list[str]:
    """``title`` as balanced lines of at most ``per_line`` characters, broken at phrases.

    A title that fits stays one line.  Otherwise it takes the fewest lines that can hold
    it, and among the ways to break it the one with the best break kinds and the most
    even line lengths wins.  Spaces at a break are dropped.
    """
    text = title.strip()
    n = len(text)
    if per_line <= 0 or n <= per_line:
        return [text] if text else []
    kinds = _break_kinds(text)
    for k in range(math.ceil(n / per_line), n + 1):
        lines = _best(text, kinds, k, per_line)
        if lines is not None:
            return lines
    return [text]  # pragma: no cover - one character a line always fits


def _best(text: str, kinds: dict[int, str], k: int, per_line: int) -> list[str] | None:
    n = len(text)
    target = n / k
    points = [0, *sorted(kinds), n]
    inf = math.inf
    # cost[m][j]: best cost of m lines ending at points[j]
    cost = [[inf] * len(points) for _ in range(k + 1)]
    back = [[-1] * len(points) for _ in range(k + 1)]
    cost[0][0] = 0.0
    for m in range(1, k + 1):
        for j in range(1, len(points)):
            end = points[j]
            for i in range(j):
                if cost[m - 1][i] == inf:
                    continue
                start = points[i]
                length = len(text[start:end].strip(_SPACE))
                if length == 0 or length > per_line:
                    continue
                c = cost[m - 1][i] + _IMBALANCE_COST * abs(length - target)
                if end < n:
                    c += _KIND_COST[kinds[end]]
                if c < cost[m][j]:
                    cost[m][j], back[m][j] = c, i
    last = len(points) - 1
    if cost[k][last] == inf:
        return None
    cuts = [n]
    j = last
    for m in range(k, 0, -1):
        j = back[m][j]
        cuts.append(points[j])
    cuts.reverse()
    return [text[a:b].strip(_SPACE) for a, b in itertools.pairwise(cuts)]
