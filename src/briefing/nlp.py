"""spaCy pipeline: blank Chinese + jieba (domain dictionary only) + ``briefing_figures``.

    nlp = briefing.nlp.load()
    doc = nlp("完成投资9.9亿元，占年度计划的38.45%")
    [(s.text, s._.kind, s._.value, s._.unit, s._.metric) for s in doc.spans["figures"]]
    # displacy.render(doc, style="span", options={"spans_key": "figures"})

spaCy and jieba are imported only here.  jieba is given the shipped domain
dictionary (``data/jieba_user.txt`` plus the metric phrases) as its *only*
dictionary, so its 20 MB main dictionary is never loaded; unknown words fall back
to jieba's HMM.  The tokenizer also splits at figure boundaries, so every figure
is exactly a span of tokens.
"""

from __future__ import annotations

import itertools
from functools import lru_cache
from typing import TYPE_CHECKING, Any

from briefing.data import data_text
from briefing.extraction import extract
from briefing.model import Document, Figure
from briefing.text.normalize import normalize

if TYPE_CHECKING:
    from spacy.language import Language
    from spacy.tokens import Doc

SPANS_KEY = "figures"
_ATTRS = ("value", "unit", "kind", "metric", "base_value", "base_unit", "qualifier", "period")


@lru_cache(maxsize=1)
def domain_tokenizer() -> Any:
    """A jieba.Tokenizer whose whole dictionary is the domain word list (fast to load)."""
    import jieba

    from briefing.extraction.rules import rules

    entries: dict[str, int] = {}
    raw = data_text("jieba_user.txt")
    for line in raw.splitlines():
        if not line.strip() or line.startswith("#"):
            continue
        parts = line.split()
        entries[parts[0]] = int(parts[1]) if len(parts) > 1 and parts[1].isdigit() else 500
    for m in rules().metrics:
        entries.setdefault(m, 500)
    freq: dict[str, int] = {}
    total = 0
    for word, f in entries.items():
        freq[word] = f
        total += f
        for i in range(1, len(word)):
            freq.setdefault(word[:i], 0)
    tk = jieba.Tokenizer()
    tk.FREQ, tk.total, tk.initialized = freq, max(total, 1), True
    return tk


def cut(text: str) -> list[str]:
    """Segment ``text`` with the domain tokenizer (HMM for unknown words)."""
    return list(domain_tokenizer().cut(text, HMM=True))


def figures_of(text: str) -> list[Figure]:
    return extract(Document(text=text, norm=normalize(text)))


class FigureTokenizer:
    """spaCy tokenizer: jieba segments between figure boundaries."""

    def __init__(self, vocab: Any) -> None:
        self.vocab = vocab

    def __call__(self, text: str) -> Doc:
        from spacy.tokens import Doc

        figs = figures_of(text)
        cuts = sorted({0, len(text), *(f.start for f in figs), *(f.end for f in figs)})
        words: list[str] = []
        for a, b in itertools.pairwise(cuts):
            if b <= a:
                continue
            piece = text[a:b]
            if any(f.start == a and f.end == b for f in figs):
                words.append(piece)
            else:
                words.extend(w for w in cut(piece) if w)
        doc = Doc(self.vocab, words=words, spaces=[False] * len(words))
        doc.user_data["briefing_figures"] = figs
        return doc


def _ensure_extensions() -> None:
    from spacy.tokens import Span

    for a in (*_ATTRS, "figure"):
        if not Span.has_extension(a):
            Span.set_extension(a, default=None)


def _figures_component(doc: Doc) -> Doc:
    figs: list[Figure] = doc.user_data.get("briefing_figures") or figures_of(doc.text)
    spans = []
    for f in figs:
        span = doc.char_span(f.start, f.end, label=f.kind, alignment_mode="expand")
        if span is None:
            continue
        for a in _ATTRS:
            span._.set(a, getattr(f, a))
        span._.set("figure", f)
        spans.append(span)
    doc.spans[SPANS_KEY] = spans
    return doc


@lru_cache(maxsize=1)
def load() -> Language:
    """The pipeline: ``spacy.blank("zh")`` + figure-aware jieba tokenizer + ``briefing_figures``."""
    import spacy
    from spacy.language import Language

    _ensure_extensions()
    if "briefing_figures" not in Language.factories:
        Language.component("briefing_figures", func=_figures_component)
    nlp = spacy.blank("zh")
    nlp.tokenizer = FigureTokenizer(nlp.vocab)
    nlp.add_pipe("briefing_figures")
    return nlp
