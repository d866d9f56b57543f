"""BR107 restatements across languages: an English translation that follows a Chinese
passage on a bilingual page restates its figures in the same order (``新增就业736万人，
完成全年800万人目标的92%`` … ``7.36 million … 92% of the target of 8 million``).

The evidence that the two passages are one text is linguistic and holds whatever one
figure reads: a run of English prose (:data:`_MIN_WORDS` Latin words or more, no Chinese
character) after Chinese text, whose figures (English numerals read by
:func:`briefing.extraction.english.english_numbers`, percentages by the main scanner)
follow the Chinese figures of the passage before it kind by kind (amount or count,
percentage, percentage point) in order.  A translation may stop early (an excerpt cut
mid-page) or start after an untranslated title, so the English figures are matched
against a window of consecutive Chinese figures; among the windows whose kinds agree,
the one where every figure agrees, or all but one, is the reading (it must be the only
such window).  Figure by figure the copies are then one relation each: consistent when
the two values meet at the precision each was written at, a warning (status
``rounding``) when one copy differs — a translation that restates every other figure
of its passage and not this one.

Example::

    全市新增就业12.6万人，完成全年目标的63%。 … New urban jobs reached 162,000, or 63% of
    the annual target.
    → 12.6万人 ≠ 162,000: a warning; 63% = 63%
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from fractions import Fraction

from briefing.checks.engine import Context, Judged, Msg, Q, ref, relation, span_ref
from briefing.extraction.english import english_numbers

CODE = "BR107"
NAME = "repeat"
# an English passage: a run without Chinese characters holding this many Latin words
_MIN_WORDS = 12
# the fewest figures a translation must restate before its figures are paired
_MIN_FIGURES = 3
_NO_CJK = re.compile(r"[^\u3400-\u9fff\uf900-\ufaff\u3000-\u303f\uff00-\uffef]+")
_LATIN_WORD = re.compile(r"[A-Za-z]{2,}")
_RATES = frozenset(("%", "pp"))
_ZH_STOP = re.compile(r"[。！？\n]")
_EN_STOP = re.compile(r"[.!?](?=\s|$)|\n")


def _passages(text: str) -> list[tuple[int, int]]:
    """The spans of English prose in ``text``."""
    out = []
    for m in _NO_CJK.finditer(text):
        if len(_LATIN_WORD.findall(m.group())) >= _MIN_WORDS:
            out.append((m.start(), m.end()))
    return out


class _Item:
    """A figure of either passage: its span, kind and interval at its precision (of a
    Chinese figure worked out when first asked: most are never paired)."""

    __slots__ = ("_hi", "_lo", "end", "kind", "q", "start", "text")

    def __init__(
        self,
        start: int,
        end: int,
        text: str,
        kind: str,
        lo: Fraction | None,
        hi: Fraction | None,
        q: Q | None,
    ) -> None:
        self.start, self.end, self.text, self.kind = start, end, text, kind
        self._lo, self._hi, self.q = lo, hi, q

    def _bounds(self) -> None:
        assert self.q is not None
        iv = self.q.interval("strict", True)
        self._lo = iv.lo
        self._hi = iv.hi if iv.hi is not None else Fraction(10) ** 30

    @property
    def lo(self) -> Fraction:
        if self._lo is None:
            self._bounds()
        assert self._lo is not None
        return self._lo

    @property
    def hi(self) -> Fraction:
        if self._hi is None:
            self._bounds()
        assert self._hi is not None
        return self._hi


def _from_q(q: Q) -> _Item:
    kind = q.family if q.family in _RATES else "n"
    return _Item(q.start, q.end, q.text, kind, None, None, q)


def _meet(a: _Item, b: _Item) -> bool:
    return a.lo <= b.hi and b.lo <= a.hi


def _groups(text: str, items: list[_Item], stops: re.Pattern[str]) -> list[list[_Item]]:
    """``items`` by sentence (``stops`` ends one), sentences without figures left out."""
    out: list[list[_Item]] = []
    cur: list[_Item] = []
    pos = 0
    for x in items:
        if stops.search(text, pos, x.start) is not None and cur:
            out.append(cur)
            cur = []
        cur.append(x)
        pos = x.end
    if cur:
        out.append(cur)
    return out


def _kinds(group: list[_Item]) -> list[str]:
    return sorted(x.kind for x in group)


def _pairs(zh: list[list[_Item]], en: list[list[_Item]]) -> list[tuple[_Item, _Item]]:
    """Sentence by sentence, the k-th figure of a kind in one with the k-th of that kind
    in the other (a translation may move a percentage before the amount it is of)."""
    out: list[tuple[_Item, _Item]] = []
    for a, b in zip(zh, en, strict=True):
        for kind in sorted({x.kind for x in a}):
            out.extend(
                zip([x for x in a if x.kind == kind], [x for x in b if x.kind == kind], strict=True)
            )
    return out


def _window(zh: list[list[_Item]], en: list[list[_Item]]) -> list[tuple[_Item, _Item]] | None:
    """The pairs of the one window of consecutive Chinese sentences whose figures follow
    the English sentences kind by kind and agree with them in all places but one."""
    n = len(en)
    kinds = [_kinds(g) for g in en]
    found: list[list[tuple[_Item, _Item]]] = []
    for k in range(len(zh) - n + 1):
        win = zh[k : k + n]
        if [_kinds(g) for g in win] != kinds:
            continue
        pairs = _pairs(win, en)
        agree = sum(1 for a, b in pairs if _meet(a, b))
        if agree >= len(pairs) - 1:
            found.append(pairs)
    return found[0] if len(found) == 1 else None


def propose(ctx: Context) -> Iterator[Judged]:
    """Each Chinese figure and its English copy in a translation that follows it: one
    relation per pair, consistent when the two agree at their precision, a warning when
    they do not."""
    text = ctx.text
    if not re.search(r"[A-Za-z]{3,}", text):
        return
    spans = _passages(text)
    prev = 0
    for s, e in spans:
        zh = [_from_q(q) for q in ctx.in_span(prev, s)]  # (by bisection: no rescan)
        prev = e
        en: list[_Item] = []
        for x in english_numbers(text, s, e):
            half = Fraction(x.step) / 2
            en.append(_Item(x.start, x.end, x.text, "n", x.value - half, x.value + half, None))
        en += [_from_q(q) for q in ctx.in_span(s, e) if q.family in _RATES]
        en.sort(key=lambda x: x.start)
        if len(en) < _MIN_FIGURES or len(zh) < len(en):
            continue
        # Chinese sentences end at the normalized marks (a "." typed for "。" included)
        pairs = _window(_groups(ctx.norm, zh, _ZH_STOP), _groups(text, en, _EN_STOP))
        if pairs is None:
            continue
        for a, b in pairs:
            assert a.q is not None
            refs = [ref(a.q, "first"), span_ref(ctx, b.start, b.end, "stated")]
            if _meet(a, b):
                yield relation(CODE, NAME, "consistent", f"{a.text} = {b.text}", refs)
                continue
            zh_msg = f"中英文对照中同一数字不一致：{a.text} 与 {b.text}，请核对"
            en_msg = f"the translation states {a.text} as {b.text}"
            yield relation(
                CODE, NAME, "rounding", f"{a.text} ≠ {b.text}", refs,
                Msg(zh_msg, en_msg, b.text, None, (b.start, b.end)),
            )  # fmt: skip
