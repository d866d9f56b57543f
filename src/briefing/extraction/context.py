"""Context of a figure: metric, subject, period, sentence and section.

Rules over sentences and clauses, not a model: the domain phrase lists in
``data/metrics.txt`` and ``data/context.toml`` are matched once over the whole
norm text (trie-shaped regexes), and each figure looks up the nearest phrase
before it in its clause (metric) or sentence (subject, period) by bisection.
"""

from __future__ import annotations

import bisect
import re
from collections.abc import Sequence

from briefing.extraction.figures import RawFigure
from briefing.extraction.rules import rules
from briefing.model import Document, Span

_SENT_END_RE = re.compile(r"[。！？；\n]+")
_CLAUSE_END_RE = re.compile(r"[，；：。！？\n]")
_NOUN_AFTER_RE = re.compile(r"[\u4e00-\u9fff]{2,10}")
_NOUN_STOP = "的已和及与、是在为共其完成均被将对于到"
_CHANGE_WORDS = ("同比增长", "同比下降", "增长", "下降", "同比增加", "同比减少", "增加", "减少")


class _Index:
    """Matches of one pattern over the text, sorted, for nearest-before lookups."""

    def __init__(
        self, pattern: re.Pattern[str], text: str, rate: re.Pattern[str] | None = None
    ) -> None:
        self.spans = [(m.start(), m.end()) for m in pattern.finditer(text)]
        if rate is not None:
            # generic rates (投产率, 民间投资占比): the CJK characters before the rate word
            for m in rate.finditer(text):
                s = m.start()
                while s > m.start() - 4 and s > 0 and "\u4e00" <= text[s - 1] <= "\u9fff":
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
    doc: Document, norm: str, sent_start: int, clauses: Sequence[Span], pos: int
) -> int:
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


def annotate(doc: Document, raw: list[RawFigure]) -> list[dict[str, object]]:
    """metric/subject/period/sentence/section for each raw figure (same order)."""
    norm = doc.norm
    r = rules()
    metrics = _Index(r.metric_re, norm, r.rate_re)
    subjects = _Index(r.subject_re, norm)
    periods = _Index(r.period_re, norm)
    sents = doc.sentences
    fallback = fallback_sentences(norm) if not sents else None
    fb_starts = [s.start for s in fallback] if fallback else []
    section_cache: dict[int, str | None] = {}
    heading_starts = [b.start for b in doc.blocks if b.kind == "heading"]
    out: list[dict[str, object]] = []
    for f in raw:
        ctx: dict[str, object] = {
            "metric": None,
            "subject": None,
            "period": None,
            "sentence": None,
            "section": None,
        }
        if sents:
            si = doc.sentence_at(f.start)
            if si is not None:
                sent = sents[si]
                s_start, clauses = sent.start, sent.clauses
                ctx["sentence"] = si
            else:
                s_start, clauses = _line_start(norm, f.start), []
        else:
            assert fallback is not None
            i = bisect.bisect_right(fb_starts, f.start) - 1
            s_start = fallback[i].start if i >= 0 else 0
            clauses = []
        # section: the heading path above the figure (cached per preceding heading)
        hi = bisect.bisect_right(heading_starts, f.start)
        if hi not in section_cache:
            section_cache[hi] = doc.section_path(f.start) if heading_starts else None
        ctx["section"] = section_cache[hi]
        if f.kind in ("name", "ordinal"):
            out.append(ctx)
            continue
        c_start = _clause_start(doc, norm, s_start, clauses, f.start)
        hit = metrics.last_before(c_start, f.start)
        if hit is not None:
            prev = metrics.previous(hit)
            if prev is not None and prev[1] == hit[0] and prev[0] >= c_start:
                if norm[hit[0] : hit[1]] in _CHANGE_WORDS:
                    hit = (prev[0], hit[1])
            ctx["metric"] = norm[hit[0] : hit[1]]
        elif f.kind == "count":
            m = _NOUN_AFTER_RE.match(norm, f.end)
            if m is not None:
                noun = m.group()
                for i, ch in enumerate(noun):
                    if ch in _NOUN_STOP and i >= 2:
                        noun = noun[:i]
                        break
                if noun[0] not in _NOUN_STOP:
                    ctx["metric"] = noun
        hit = subjects.last_before(s_start, f.start)
        if hit is not None:
            ctx["subject"] = norm[hit[0] : hit[1]]
        if f.kind != "date":
            hit = periods.last_before(s_start, f.start)
            if hit is not None:
                ctx["period"] = norm[hit[0] : hit[1]]
        out.append(ctx)
    return out


def _line_start(norm: str, pos: int) -> int:
    i = norm.rfind("\n", 0, pos)
    return i + 1
