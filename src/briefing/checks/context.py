"""What rules see: the document, its quantities, sentences and paragraphs (Context)."""

from __future__ import annotations

import bisect
import itertools
import re
from array import array
from collections import defaultdict
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass
from typing import Any

from briefing.checks.intervals import _START, Q, quantity
from briefing.model import Document, Figure

# ---------------------------------------------------------------------------
# Context: the document, its figures and its segmentation
# ---------------------------------------------------------------------------

_SENT_END = re.compile(r"[。！？!?\n]+")
_PARENS = re.compile(r"[(（)）]")


def paren_depth(norm: str, a: int, b: int) -> int:
    """Bracket depth at ``b`` counted from ``a`` (a closer with none open is ignored).

    A short span is scanned; a long one is answered from the document's bracket index
    (:class:`_Brackets`, built once per text), so that asking for the depth of every
    figure of a long sentence costs a lookup each, not a scan each.
    """
    if a < 0 or b < 0:  # slice semantics: count from the end
        return paren_depth(norm, *slice(a, b).indices(len(norm))[:2])
    if b - a > _SCAN_SPAN:
        return _brackets(norm).depth(a, b)
    d = 0
    for m in _PARENS.finditer(norm, a, b):
        if m.group() in "(（":
            d += 1
        elif d:
            d -= 1
    return d


_SCAN_SPAN = 48  # spans up to this long are scanned


class _Brackets:
    """The brackets of a text as a walk: ``level[k]`` is the number of openers minus
    closers up to and including the k-th bracket.  The depth at ``b`` counted from
    ``a`` with unmatched closers ignored is the walk's end minus its lowest point over
    the span (``level`` before ``a`` included), read from a sparse table of minima."""

    __slots__ = ("level", "mins", "pos")

    def __init__(self, norm: str) -> None:
        self.pos: list[int] = []
        self.level: list[int] = []
        d = 0
        for m in _PARENS.finditer(norm):
            d += 1 if m.group() in "(（" else -1
            self.pos.append(m.start())
            self.level.append(d)
        self.mins: list[list[int]] = [self.level]
        width = 1
        while 2 * width <= len(self.level):
            prev = self.mins[-1]
            self.mins.append([min(x, y) for x, y in zip(prev, prev[width:], strict=False)])
            width *= 2

    def _min(self, i: int, j: int) -> int:
        """min(level[i:j]) for i < j."""
        k = (j - i).bit_length() - 1
        row = self.mins[k]
        return min(row[i], row[j - (1 << k)])

    def depth(self, a: int, b: int) -> int:
        i = bisect.bisect_left(self.pos, a)
        j = bisect.bisect_left(self.pos, b)
        if i >= j:
            return 0
        base = self.level[i - 1] if i else 0
        return self.level[j - 1] - min(base, self._min(i, j))


def bracket_positions(norm: str) -> list[int]:
    """The offsets of the brackets ``()（）`` of ``norm``, in order (do not modify)."""
    return _brackets(norm).pos


_BRACKET_CACHE: list[tuple[str, _Brackets]] = []


def _brackets(norm: str) -> _Brackets:
    """The bracket index of ``norm`` (the last few texts' indexes are kept)."""
    for text, index in _BRACKET_CACHE:
        if text is norm:
            return index
    index = _Brackets(norm)
    _BRACKET_CACHE.insert(0, (norm, index))
    del _BRACKET_CACHE[4:]
    return index


_LABEL_BREAKS = frozenset('，,；;：:。！？\n、()（）“”"')
_LABEL_BREAK_CHARS = "".join(sorted(_LABEL_BREAKS))


@dataclass(slots=True)
class Sent:
    """A sentence's character range and the index of its block."""

    start: int
    end: int
    block: int


def _disjoint(spans: Sequence[tuple[int, int]]) -> bool:
    """Are the spans in order and non-overlapping (so a bisection finds the one holding an
    offset)?"""
    return all(a <= b for a, b in spans) and all(
        spans[i][1] <= spans[i + 1][0] for i in range(len(spans) - 1)
    )


# A sentence longer than this (in characters or figures) is read by the rules as
# pieces cut at clause breaks: real bulletins' longest sentences hold about 1,100
# characters and 30 figures, and rules that pair the figures of a sentence cost the
# square of its length.
MAX_SENT_CHARS = 2048
MAX_SENT_FIGURES = 64
_CLAUSE_BREAKS = "，,；;、：:"


def _bounded(sents: list[Sent], norm: str, starts: Sequence[int]) -> list[Sent]:
    """``sents`` with every sentence over :data:`MAX_SENT_CHARS` characters or
    :data:`MAX_SENT_FIGURES` figures cut into pieces within both bounds, each cut after
    the last clause break before the bound (or at the bound when there is none, but
    never inside a figure)."""
    out: list[Sent] = []
    for s in sents:
        a = s.start
        while True:
            i = bisect.bisect_left(starts, a)
            limit = min(s.end, a + MAX_SENT_CHARS)
            if i + MAX_SENT_FIGURES < len(starts):
                limit = min(limit, starts[i + MAX_SENT_FIGURES])
            if limit >= s.end:
                out.append(Sent(a, s.end, s.block))
                break
            cut = max(norm.rfind(c, a, limit) for c in _CLAUSE_BREAKS) + 1
            if cut <= a:
                cut = limit
                k = bisect.bisect_left(starts, cut) - 1
                # a cut between a figure's start and the next figure: move it before it
                if k >= 0 and starts[k] > a and starts[k] < cut:
                    cut = starts[k]
            out.append(Sent(a, cut, s.block))
            a = cut
    return out


_SHORT_SPAN = 64  # rfind_any scans spans up to this long instead of indexing the document
_LAST: dict[str, re.Pattern[str]] = {}


def last_of(chars: str) -> re.Pattern[str]:
    """A pattern whose match from ``lo`` (within ``hi``) ends right after the last of
    ``chars`` there: ``max(norm.rfind(c, lo, hi) for c in chars)`` is its end - 1."""
    pat = _LAST.get(chars)
    if pat is None:
        pat = _LAST[chars] = re.compile("(?s).*[" + re.escape(chars) + "]")
    return pat


class Context:
    """What rules see: the document, its quantities, sentences and paragraphs.

    The indexes rules look things up in (figures by offset, the sentence and paragraph
    holding an offset, a figure's label) are built once per document here, so that a
    rule's lookups cost a bisection, not a scan of the document.
    """

    def __init__(self, doc: Document, figures: Sequence[Figure]) -> None:
        self.doc = doc
        self.text = doc.text
        self.norm = doc.norm
        self.figures = list(figures)
        qs = [quantity(f) for f in figures]
        self.qs: list[Q] = sorted((q for q in qs if q is not None), key=_START)
        self.sents = _bounded(self._sentences(), self.norm, [q.start for q in self.qs])
        self.paras = self._paragraphs()
        # analyses shared by several rules; a name not yet stored reads as an empty dict
        # (a table, see :meth:`table`)
        self.cache: defaultdict[str, Any] = defaultdict(dict)
        # (the lookup itself, no Python frame: rules ask for a table tens of thousands
        # of times per document)
        self.table: Callable[[str], dict[Any, Any]] = self.cache.__getitem__
        self._q_starts = [q.start for q in self.qs]
        ends = [q.end for q in self.qs]
        # in start order the ends usually rise too: then the figures of a span that end in
        # it are a prefix of those that start in it, found by bisection
        self._q_ends_in_order = ends if all(a <= b for a, b in itertools.pairwise(ends)) else None
        self._q_ends = sorted(ends)
        spans = [(s.start, s.end) for s in self.sents]
        self._sent_starts = [a for a, _ in spans] if _disjoint(spans) else None
        self._para_starts = [a for a, _ in self.paras] if _disjoint(self.paras) else None
        self._labels: dict[tuple[int, int | None], str] = {}
        self._labels0: dict[int, str] = {}  # the labels with no floor, by start
        self._sent_of: dict[int, int | None] = {}
        self._marks: dict[str, array[int]] = {}  # by the characters as asked
        self._mark_sets: dict[str, array[int]] = {}  # by the set of characters
        self._scans: dict[str, int] = {}
        self._sent_qs: list[list[Q]] | None = None
        self._index: dict[int, int] | None = None

    def sentence_figures(self) -> list[list[Q]]:
        """The figures of each sentence (``in_span`` of each of ``sents``), built once and
        shared by the rules that walk sentence by sentence: do not modify the lists."""
        sq = self._sent_qs
        if sq is None:
            sq = self._sent_qs = [self.in_span(s.start, s.end) for s in self.sents]
        return sq

    def rfind_any(self, chars: str, lo: int, hi: int) -> int:
        """``max(norm.rfind(c, lo, hi) for c in chars)`` for single characters, by bisecting
        the positions of ``chars`` (found once per document) instead of scanning back."""
        pos = self._marks.get(chars)
        if pos is None:
            if 0 <= lo and 0 <= hi <= lo + _SHORT_SPAN:
                # a short span: scanning it costs less than indexing the document, until
                # the scans of these characters add up to more than one index (a scan is
                # one match, some hundred times cheaper than indexing a 1,000-character text)
                n = self._scans[chars] = self._scans.get(chars, 0) + 1
                if n < 64 + len(self.norm) // 100:
                    # the last of them, by one match of a greedy run (backtracking in C)
                    m = last_of(chars).match(self.norm, lo, hi)
                    return m.end() - 1 if m is not None else -1
            # one index per set of characters, however the callers order them; offsets
            # as machine integers (a list of int objects took a tenth of a long
            # document's check memory: nine such indexes of the clause breaks)
            canon = "".join(sorted(set(chars)))
            pos = self._mark_sets.get(canon)
            if pos is None:
                pat = re.compile("[" + re.escape(canon) + "]")
                pos = self._mark_sets[canon] = array(
                    "q", [m.start() for m in pat.finditer(self.norm)]
                )
            self._marks[chars] = pos
        if lo < 0 or hi < 0:  # slice semantics (larger bounds change nothing below)
            lo, hi, _ = slice(lo, hi).indices(len(self.norm))
        i = bisect.bisect_left(pos, hi) - 1  # the last position p with p + 1 <= hi
        return pos[i] if i >= 0 and pos[i] >= lo else -1

    def _paragraphs(self) -> list[tuple[int, int]]:
        if self.doc.blocks:
            return [(b.start, b.end) for b in self.doc.blocks]
        out, pos = [], 0
        for m in re.finditer(r"\n+", self.norm):
            if m.start() > pos:
                out.append((pos, m.start()))
            pos = m.end()
        if pos < len(self.norm):
            out.append((pos, len(self.norm)))
        return out

    def _sentences(self) -> list[Sent]:
        if self.doc.sentences:
            return [Sent(s.start, s.end, s.block) for s in self.doc.sentences]
        out, pos = [], 0
        for m in _SENT_END.finditer(self.norm):
            end = m.start() + (1 if self.norm[m.start()] != "\n" else 0)
            if end > pos and self.norm[pos:end].strip():
                out.append(Sent(pos, end, 0))
            pos = m.end()
        if pos < len(self.norm) and self.norm[pos:].strip():
            out.append(Sent(pos, len(self.norm), 0))
        return out

    def in_span(self, start: int, end: int) -> list[Q]:
        """The figures inside norm[start:end], in order (a new list)."""
        starts = self._q_starts
        lo = bisect.bisect_left(starts, start)
        hi = bisect.bisect_right(starts, end, lo)  # q.end <= end implies q.start <= end
        ends = self._q_ends_in_order
        if ends is not None:
            return self.qs[lo : bisect.bisect_right(ends, end, lo, hi)]
        return [q for q in self.qs[lo:hi] if q.end <= end]

    def index_of(self, q: Q) -> int:
        """The position of ``q`` in ``qs`` (by identity; for a figure that is not one of
        ``qs``, where its start would be)."""
        pos = self._index
        if pos is None:
            pos = self._index = {id(x): i for i, x in enumerate(self.qs)}
        i = pos.get(id(q))
        if i is None:
            i = min(bisect.bisect_left(self._q_starts, q.start), max(0, len(self.qs) - 1))
        return i

    def near(self, q: Q, start: int, end: int, k: int) -> list[Q]:
        """``in_span(start, end)`` restricted to the ``k`` figures before ``q`` and the
        ``k`` after it in ``qs`` (``q`` included when inside): a bounded neighbourhood,
        however many figures the span holds."""
        i = self.index_of(q)
        starts = self._q_starts
        lo = bisect.bisect_left(starts, start, max(0, i - k), i + 1)
        hi = bisect.bisect_right(starts, end, i, min(len(starts), i + k + 1))
        ends = self._q_ends_in_order
        if ends is not None and lo <= hi:  # those that end in the span: a prefix
            return self.qs[lo : bisect.bisect_right(ends, end, lo, hi)]
        return [x for x in self.qs[lo:hi] if x.end <= end]

    def last_in_span(self, start: int, end: int, k: int) -> list[Q]:
        """The last ``k`` figures of ``in_span(start, end)`` (fewer, when the figures'
        ends do not rise with their starts), without listing the others."""
        starts = self._q_starts
        hi = bisect.bisect_right(starts, end)
        lo = max(bisect.bisect_left(starts, start, 0, hi), hi - k)
        return [q for q in self.qs[lo:hi] if q.end <= end]

    def starting_from(self, pos: int) -> Iterator[Q]:
        """The figures (of ``qs``, in order) that start at ``pos`` or after it, one at a
        time: for a walk that stops early, without listing the rest of the document."""
        return itertools.islice(self.qs, bisect.bisect_left(self._q_starts, pos), None)

    def starting_before(self, pos: int, k: int) -> list[Q]:
        """The last ``k`` figures (of ``qs``, in order) that start before ``pos``."""
        i = bisect.bisect_left(self._q_starts, pos)
        return self.qs[max(0, i - k) : i]

    def count_at_most(self, start: int, end: int) -> int:
        """An upper bound of ``len(in_span(start, end))``, by bisection alone."""
        starts = self._q_starts
        return bisect.bisect_right(starts, end) - bisect.bisect_left(starts, start)

    def label(self, q: Q, lo: int | None = None) -> str:
        """The words right before a figure, back to a clause break or another figure."""
        if lo is None:  # the common call: keyed by the start alone (no tuple made)
            hit = self._labels0.get(q.start)
        else:
            hit = self._labels.get((q.start, lo))
        if hit is not None:
            return hit
        floor = q.start - 16 if lo is None else lo
        i = q.start
        k = bisect.bisect_right(self._q_ends, q.start)
        prev_end = self._q_ends[k - 1] if k else 0
        stop = max(floor, prev_end, 0)
        norm = self.norm
        if i > stop:  # back to the last break after ``stop``: one match over the last
            near = max(stop, i - _SHORT_SPAN)  # characters (a match runs over its whole
            m = last_of(_LABEL_BREAK_CHARS).match(norm, near, i)  # span), then a walk
            i = m.end() if m is not None else near
            while i > stop and norm[i - 1] not in _LABEL_BREAKS:
                i -= 1
        out = norm[i : q.start]
        if lo is None:
            self._labels0[q.start] = out
        else:
            self._labels[(q.start, lo)] = out
        return out

    def sentence_index(self, offset: int) -> int | None:
        hit = self._sent_of.get(offset, -1)  # (one lookup: None is a stored answer)
        if hit != -1:
            return hit
        found: int | None = None
        if self._sent_starts is not None:
            i = bisect.bisect_right(self._sent_starts, offset) - 1
            if i >= 0 and offset < self.sents[i].end:
                found = i
        else:
            found = next((i for i, s in enumerate(self.sents) if s.start <= offset < s.end), None)
        self._sent_of[offset] = found
        return found

    #: ``table(name)``: the per-document lookup table ``name`` that a rule fills as it
    #: goes (a value per figure position, say), created empty on first use (set per
    #: context in ``__init__``: the cache's own lookup)
    table: Callable[[str], dict[Any, Any]]

    def para_of(self, offset: int) -> tuple[int, int]:
        if self._para_starts is not None:
            i = bisect.bisect_right(self._para_starts, offset) - 1
            if i >= 0 and offset < self.paras[i][1]:
                return self.paras[i]
            return (0, len(self.norm))
        for p in self.paras:
            if p[0] <= offset < p[1]:
                return p
        return (0, len(self.norm))
