"""Context of a figure: metric, subject, period, sentence and section.

Rules over sentences and clauses, not a model: the domain phrase lists in
``data/metrics.txt`` and ``data/context.toml`` are matched once over the whole
norm text (trie-shaped regexes), and each figure looks up the nearest phrase
before it in its clause (metric) or sentence (subject, period) by bisection.

A period is the nearest period phrase before the figure in its sentence that scopes
it: a comparison base (比去年同期, 较2023年) or a target's period (全年计划) does not.
A sentence without one inherits the period that leads the last earlier sentence of
its paragraph that has one (``1-10月，全市…。其中，工业投资…``).
"""

from __future__ import annotations

import bisect
import itertools
import re
from collections.abc import Sequence

from briefing.extraction.figures import RawFigure
from briefing.extraction.rules import rules
from briefing.model import Document, SectionWalk, Span

_SENT_END_RE = re.compile(r"[。！？；\n]+")
_CLAUSE_END_RE = re.compile(r"[，；：。！？\n]")
_NOUN_AFTER_RE = re.compile(r"[\u4e00-\u9fff]{2,10}")
_NOUN_STOP = "的已和及与、是在为共其完成均被将对于到"
_CHANGE_WORDS = ("同比增长", "同比下降", "增长", "下降", "同比增加", "同比减少", "增加", "减少")


class _Index:
    """Matches of one pattern over the text, sorted, for nearest-before lookups."""

    def __init__(
        self,
        pattern: re.Pattern[str],
        text: str,
        rate: re.Pattern[str] | None = None,
        stop: frozenset[str] = frozenset(),
    ) -> None:
        self.spans = [m.span() for m in pattern.finditer(text)]
        if rate is not None:
            # generic rates (投产率, 民间投资占比): the CJK characters before the rate word,
            # up to a function word (增长的贡献率 → 贡献率)
            for m in rate.finditer(text):
                s = m.start()
                while (
                    s > m.start() - 4
                    and s > 0
                    and "\u4e00" <= text[s - 1] <= "\u9fff"
                    and text[s - 1] not in stop
                ):
                    s -= 1
                self.spans.append((s, m.end()))
            self.spans.sort(key=lambda x: (x[1], x[1] - x[0]))
        self.ends = [e for _, e in self.spans]

    def last_before(self, lo: int, hi: int) -> tuple[int, int] | None:
        """The match ending last at or before ``hi`` and starting at or after ``lo``."""
        i = bisect.bisect_right(self.ends, hi) - 1
        if i >= 0:
            s, e = self.spans[i]
            if s >= lo:
                return s, e
        return None

    def previous(self, span: tuple[int, int]) -> tuple[int, int] | None:
        i = bisect.bisect_left(self.ends, span[1]) - 1
        return self.spans[i] if i >= 0 else None


def fallback_sentences(norm: str) -> list[Span]:
    """Sentences by end punctuation, for Documents built without a sentence splitter."""
    out: list[Span] = []
    start = 0
    for m in _SENT_END_RE.finditer(norm):
        if m.end() > start:
            out.append(Span(start, m.end()))
        start = m.end()
    if start < len(norm):
        out.append(Span(start, len(norm)))
    return out


def _clause_start(
    doc: Document,
    norm: str,
    sent_start: int,
    clauses: Sequence[Span],
    pos: int,
    starts: list[int] | None = None,
) -> int:
    """The start of the clause holding ``pos``: the first of ``clauses`` that holds it
    (by bisection on ``starts``, their starts, when given: clauses sorted and disjoint),
    else the previous clause mark of the sentence."""
    if starts is not None:
        i = bisect.bisect_right(starts, pos) - 1
        if i >= 0 and pos < clauses[i].end:
            return clauses[i].start
    else:
        for c in clauses:
            if c.start <= pos < c.end:
                return c.start
    # no clause info: back up to the previous clause mark within the sentence
    i = pos - 1
    while i >= sent_start:
        if _CLAUSE_END_RE.match(norm, i):
            return i + 1
        i -= 1
    return sent_start


def _ordered_starts(clauses: Sequence[Span]) -> list[int] | None:
    """The starts of ``clauses`` when they are sorted and disjoint (then the one holding
    a position is found by bisection), else None."""
    if len(clauses) < 8:
        return None  # a short list is scanned
    if any(a.end > b.start for a, b in itertools.pairwise(clauses)):
        return None
    return [c.start for c in clauses]


#: (metric, subject, period, sentence index, section path) of one figure.
Context = tuple[str | None, str | None, str | None, int | None, str | None]


def annotate(doc: Document, raw: list[RawFigure]) -> list[Context]:
    """(metric, subject, period, sentence, section) for each raw figure (same order).

    ``raw`` must be sorted by start (as :func:`~briefing.extraction.figures.scan`
    returns it): sentences are then walked with one pointer instead of a search per figure.
    """
    if not raw:
        return []
    norm = doc.norm
    r = rules()
    metrics = _Index(r.metric_re, norm, r.rate_re, r.metric_stop)
    subjects = _Index(r.subject_re, norm)
    periods = _Index(r.period_re, norm)
    _drop_non_scopes(
        periods, norm, r.period_comparison_before, r.period_target_share, r.period_target_after
    )
    sents = doc.sentences
    if sents:
        s_starts = [s.start for s in sents]
        s_ends = [s.end for s in sents]
    else:
        fb = fallback_sentences(norm)
        s_starts = [s.start for s in fb]
        s_ends = [s.end for s in fb]
    n_sent = len(s_starts)
    inherited = _inherited_periods(doc, norm, periods, r.period_lead_re) if sents else None
    section_cache: dict[int, str | None] = {}
    walk = SectionWalk(doc)  # figures come in order: the blocks are walked once
    heading_starts = [b.start for b in doc.blocks if b.kind == "heading"]
    n_head = len(heading_starts)
    hi = 0
    si = 0
    m_prev = metrics.previous
    # nearest-before lookups walk one pointer per index (figures come sorted by start):
    # *_j = number of matches ending at or before the current figure's start
    m_spans, m_ends, m_n, m_j = metrics.spans, metrics.ends, len(metrics.ends), 0
    u_spans, u_ends, u_n, u_j = subjects.spans, subjects.ends, len(subjects.ends), 0
    p_spans, p_ends, p_n, p_j = periods.spans, periods.ends, len(periods.ends), 0
    out: list[Context] = []
    append = out.append
    cl_of: Sequence[Span] | None = None
    cl_starts: list[int] | None = None
    for f in raw:
        fs = f.start
        # sentence: sentences are sorted and disjoint, figures sorted by start
        while si < n_sent and s_ends[si] <= fs:
            si += 1
        sent_i: int | None
        if sents:
            if si < n_sent and s_starts[si] <= fs:
                sent_i = si
                s_start = s_starts[si]
                clauses: Sequence[Span] = sents[si].clauses
            else:
                sent_i = None
                s_start, clauses = _line_start(norm, fs), ()
        else:
            sent_i = None
            j = si if si < n_sent and s_starts[si] <= fs else si - 1
            s_start = s_starts[j] if j >= 0 else 0
            clauses = ()
        # section: the heading path above the figure (cached per preceding heading)
        while hi < n_head and heading_starts[hi] <= fs:
            hi += 1
        if hi in section_cache:
            section = section_cache[hi]
        else:
            section = section_cache[hi] = walk.at(fs) if heading_starts else None
        kind = f.kind
        if kind == "name" or kind == "ordinal":
            append((None, None, None, sent_i, section))
            continue
        metric = subject = period = None
        if clauses is not cl_of:  # a new sentence: its clauses' starts, when ordered
            cl_of, cl_starts = clauses, _ordered_starts(clauses)
        c_start = _clause_start(doc, norm, s_start, clauses, fs, cl_starts)
        while m_j < m_n and m_ends[m_j] <= fs:
            m_j += 1
        hit = m_spans[m_j - 1] if m_j and m_spans[m_j - 1][0] >= c_start else None
        if hit is not None:
            prev = m_prev(hit)
            if prev is not None and prev[1] == hit[0] and prev[0] >= c_start:
                if norm[hit[0] : hit[1]] in _CHANGE_WORDS:
                    hit = (prev[0], hit[1])
            metric = norm[hit[0] : hit[1]]
        elif kind == "count":
            m = _NOUN_AFTER_RE.match(norm, f.end)
            if m is not None:
                noun = m.group()
                for i, ch in enumerate(noun):
                    if ch in _NOUN_STOP and i >= 2:
                        noun = noun[:i]
                        break
                if noun[0] not in _NOUN_STOP:
                    metric = noun
        while u_j < u_n and u_ends[u_j] <= fs:
            u_j += 1
        if u_j:
            us, ue = u_spans[u_j - 1]
            if us >= s_start:
                subject = norm[us:ue]
        if kind != "date":
            while p_j < p_n and p_ends[p_j] <= fs:
                p_j += 1
            if p_j:
                ps, pe = p_spans[p_j - 1]
                if ps >= s_start:
                    period = norm[ps:pe]
            if period is None and inherited is not None and sent_i is not None:
                lead = inherited[sent_i]
                if lead is not None:
                    period = norm[lead[0] : lead[1]]
        append((metric, subject, period, sent_i, section))
    return out


def _line_start(norm: str, pos: int) -> int:
    i = norm.rfind("\n", 0, pos)
    return i + 1


def _drop_non_scopes(
    index: _Index,
    norm: str,
    comparison_before: tuple[str, ...],
    share: tuple[str, ...],
    target: tuple[str, ...],
) -> None:
    """Period matches that are a comparison base (比去年同期) or a target's period
    (占全年计划的) leave the index: they scope no figure."""
    keep = [
        (s, e)
        for s, e in index.spans
        if not norm.endswith(comparison_before, max(0, s - 2), s)
        and not (norm.endswith(share, max(0, s - 2), s) and norm.startswith(target, e))
    ]
    if len(keep) != len(index.spans):
        index.spans = keep
        index.ends = [e for _, e in keep]


def _inherited_periods(
    doc: Document, norm: str, periods: _Index, lead_re: re.Pattern[str]
) -> list[tuple[int, int] | None]:
    """For each sentence, the period leading the last earlier sentence of its paragraph
    (block) that is led by one, or None."""
    starts = [s for s, _ in periods.spans]
    n = len(starts)
    out: list[tuple[int, int] | None] = []
    block = -1
    lead: tuple[int, int] | None = None
    for sent in doc.sentences:
        if sent.block != block:
            block, lead = sent.block, None
        out.append(lead)
        j = bisect.bisect_left(starts, sent.start)
        if j < n:
            ps, pe = periods.spans[j]
            if pe <= sent.end and lead_re.fullmatch(norm, sent.start, ps):
                lead = (ps, pe)
    return out
