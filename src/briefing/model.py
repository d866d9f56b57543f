"""The document model: every span indexes ``Document.text``.

``Document.text`` is the plain text a reader produced after repairs (page-break
joins, portal chrome removal, pinyin debris removal).  ``Document.norm`` is the
same text, character for character, with traditional characters mapped to
simplified ones and full-width digits/letters/punctuation mapped to ASCII; it
has exactly the same length, so an offset found by matching ``norm`` is an
offset into ``text``.  Extractors match ``norm`` and report ``text`` slices.
"""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass, field
from typing import Any, Literal

BlockKind = Literal["masthead", "title", "meta", "heading", "paragraph", "table", "imprint"]


@dataclass(slots=True)
class Span:
    """A character range ``[start, end)`` of ``Document.text``."""

    start: int
    end: int


@dataclass(slots=True)
class Meta:
    """Document metadata.  Absent fields are ``None``, never guessed."""

    masthead: str | None = None  # 刊名, e.g. 安阳政务信息
    issue: str | None = None  # 期号, e.g. "143"
    issuer: str | None = None  # 编发单位
    date: str | None = None  # ISO yyyy-mm-dd
    column: str | None = None  # 栏目
    title: str | None = None
    source: str | None = None  # 来源 / 根据…材料整理
    site: str | None = None
    url: str | None = None
    recipients: dict[str, list[str]] = field(default_factory=dict)  # {"送": [...], "发": [...]}
    editor: str | None = None  # 责任编辑
    copies: int | None = None  # 共印N份
    # where the date came from: masthead, meta (the portal 时间/来源 line), label (发布日期：…
    # elsewhere), stamp (a short line holding a date), signature (a date line at the end),
    # dateline (（2021年3月5日） alone or closing a title line), hint
    date_source: str | None = None


@dataclass(slots=True)
class Block:
    """A block of the document: heading, paragraph, table, masthead line, 版记 line.

    ``level`` is set for headings: 1 for 一、, 2 for （一）, 3 for 1., 4 for （1）.
    ``marker`` is the numbering as written ("一、", "（二）").
    For tables ``rows`` holds cell spans (row-major); the block span covers all cells.
    """

    kind: BlockKind
    start: int
    end: int
    level: int | None = None
    marker: str | None = None
    style: str | None = None
    rows: list[list[Span]] | None = None


@dataclass(slots=True)
class Lead:
    """An inline lead inside a paragraph: 一是…/二是…, or a bold lead sentence."""

    start: int  # start of the marker (一是)
    end: int  # end of the lead phrase (bold span or the marker itself)
    ordinal: int | None  # 1 for 一是, None for an un-numbered bold lead
    marker: str | None  # "一是"
    block: int  # index into Document.blocks


@dataclass(slots=True)
class Sentence:
    """A sentence: its character range, the index of its block and its clauses."""

    start: int
    end: int
    block: int
    clauses: list[Span] = field(default_factory=list)


class SectionWalk:
    """:meth:`Document.section_path` for offsets asked in nondecreasing order: the
    blocks are walked once for all of them, not once for each."""

    __slots__ = ("doc", "i", "stack")

    def __init__(self, doc: Document) -> None:
        self.doc = doc
        self.i = 0
        self.stack: list[tuple[int, str]] = []

    def at(self, offset: int) -> str | None:
        """The section path at ``offset`` (not below an offset asked before)."""
        blocks, stack, text = self.doc.blocks, self.stack, self.doc.text
        i = self.i
        while i < len(blocks) and blocks[i].start <= offset:
            b = blocks[i]
            i += 1
            if b.level is not None and b.kind in ("heading", "paragraph"):
                label = text[b.start : b.end]
                if b.kind == "paragraph":  # a run-in heading: （一）一个引领：…。
                    cut = min((k for k in (label.find(c) for c in "：:。") if k > 0), default=30)
                    label = label[:cut]
                while stack and stack[-1][0] >= b.level:
                    stack.pop()
                stack.append((b.level, label))
        self.i = i
        if not stack:
            return None
        return " / ".join(label for _, label in stack)


@dataclass(slots=True)
class Document:
    """A bulletin as read: text, normalized view, blocks, sentences and metadata."""

    text: str
    norm: str
    path: str = "-"
    format: str = "txt"
    meta: Meta = field(default_factory=Meta)
    blocks: list[Block] = field(default_factory=list)
    leads: list[Lead] = field(default_factory=list)
    sentences: list[Sentence] = field(default_factory=list)
    emphasis: list[Span] = field(default_factory=list)  # bold runs
    script: Literal["simplified", "traditional", "mixed"] = "simplified"
    encoding: str | None = None
    #: repairs the reader made, each ending in its code (``[W001]``…, see briefing.errors)
    notes: list[str] = field(default_factory=list)

    def __post_init__(self) -> None:
        if len(self.norm) != len(self.text):
            raise ValueError("Document.norm must have the same length as Document.text")

    # -- navigation -----------------------------------------------------------
    def block_at(self, offset: int) -> int | None:
        """Index of the block containing ``offset`` (binary search)."""
        lo, hi = 0, len(self.blocks)
        while lo < hi:
            mid = (lo + hi) // 2
            b = self.blocks[mid]
            if b.end <= offset:
                lo = mid + 1
            elif b.start > offset:
                hi = mid
            else:
                return mid
        return None

    def sentence_at(self, offset: int) -> int | None:
        lo, hi = 0, len(self.sentences)
        while lo < hi:
            mid = (lo + hi) // 2
            s = self.sentences[mid]
            if s.end <= offset:
                lo = mid + 1
            elif s.start > offset:
                hi = mid
            else:
                return mid
        return None

    def section_path(self, offset: int) -> str | None:
        """The innermost heading text above ``offset`` joined with its parents by " / "."""
        return SectionWalk(self).at(offset)

    @property
    def headings(self) -> list[Block]:
        return [b for b in self.blocks if b.kind == "heading"]

    @property
    def paragraphs(self) -> list[Block]:
        return [b for b in self.blocks if b.kind == "paragraph"]

    def to_dict(self) -> dict[str, Any]:
        d = {
            "path": self.path,
            "format": self.format,
            "script": self.script,
            "encoding": self.encoding,
            "notes": list(self.notes),
            "meta": dataclasses.asdict(self.meta),
            "blocks": [
                {
                    "kind": b.kind,
                    "start": b.start,
                    "end": b.end,
                    "level": b.level,
                    "marker": b.marker,
                    "style": b.style,
                    "text": self.text[b.start : b.end],
                    **(
                        {"rows": [[self.text[c.start : c.end] for c in row] for row in b.rows]}
                        if b.rows is not None
                        else {}
                    ),
                }
                for b in self.blocks
            ],
            "leads": [dataclasses.asdict(x) for x in self.leads],
            "sentences": [
                {
                    "start": s.start,
                    "end": s.end,
                    "block": s.block,
                    "clauses": [[c.start, c.end] for c in s.clauses],
                }
                for s in self.sentences
            ],
            "emphasis": [[e.start, e.end] for e in self.emphasis],
            "text": self.text,
        }
        return d

    def to_json(self, indent: int | None = 2) -> str:
        import json

        return json.dumps(self.to_dict(), ensure_ascii=False, indent=indent)


# ---------------------------------------------------------------------------
# Figures, relations, findings (contracts in DESIGN.md)
# ---------------------------------------------------------------------------

FigureKind = Literal[
    "money",
    "count",
    "percent",
    "ppoint",
    "area",
    "mass",
    "length",
    "energy",
    "volume",
    "duration",
    "yield",
    "price",
    "per_capita",
    "rate_per_day",
    "intensity",
    "speed",
    "density",
    "multiple",
    "ratio",
    "date",
    "ordinal",
    "name",
    "other",
]
Qualifier = Literal["approx", "over", "under", "at_least"]


@dataclass(slots=True)
class Figure:
    """One figure of a document, with its value, unit, precision and context."""

    id: str
    start: int
    end: int
    text: str
    kind: str
    value: str | None  # number as written, Arabic digits, before its scale ("9.9")
    unit: str | None  # canonical simplified unit as written ("亿元")
    base_value: str | None  # exact Decimal string after the scale ("990000000")
    base_unit: str | None  # "元"
    decimals: int = 0
    qualifier: str | None = None
    metric: str | None = None
    subject: str | None = None
    period: str | None = None
    sentence: int | None = None
    section: str | None = None
    negative: bool = False  # 下降/减少 forms: value stays as written, direction here
    upper: str | None = None  # for ranges (10-15亿元): upper bound as written; value is the lower
    doc: str | None = None
    # ``period`` as a calendar span (briefing.extraction.periods), anchored on the
    # document's date: ISO start and end (None when not stated or not knowable) and
    # whether the figure is a running total (1-9月, 截至10月底, 今年以来)
    period_start: str | None = None
    period_end: str | None = None
    period_cumulative: bool | None = None

    def to_dict(self) -> dict[str, Any]:
        d = {
            "doc": self.doc,
            "id": self.id,
            "start": self.start,
            "end": self.end,
            "text": self.text,
            "kind": self.kind,
            "value": self.value,
            "unit": self.unit,
            "base_value": self.base_value,
            "base_unit": self.base_unit,
            "decimals": self.decimals,
            "qualifier": self.qualifier,
            "metric": self.metric,
            "subject": self.subject,
            "period": self.period,
            "period_start": self.period_start,
            "period_end": self.period_end,
            "period_cumulative": self.period_cumulative,
            "sentence": self.sentence,
            "section": self.section,
            "negative": self.negative,
            "upper": self.upper,
        }
        return d


@dataclass(slots=True)
class Enumeration:
    """A stated count followed by a list: 七个方向 → items."""

    start: int
    end: int
    count_figure: str | None  # Figure.id of the stated count
    stated: int
    noun: str  # 方向
    items: list[Span]
    item_texts: list[str]


@dataclass(slots=True)
class FigureRef:
    """A figure as a relation names it: its span, text and role in the relation."""

    start: int
    end: int
    text: str
    role: str  # part, whole, rate, total, item, stated, ...

    def to_dict(self) -> dict[str, Any]:
        return {"start": self.start, "end": self.end, "text": self.text, "role": self.role}


@dataclass(slots=True)
class Relation:
    """An arithmetic relation among figures, judged within reported precision."""

    rule: str
    status: Literal["consistent", "rounding", "inconsistent", "unverifiable"]
    formula: str
    figures: list[FigureRef]
    start: int
    end: int
    implied: str | None = None
    code: str | None = None

    def to_dict(self) -> dict[str, Any]:
        d: dict[str, Any] = {
            "rule": self.rule,
            "status": self.status,
            "formula": self.formula,
            "figures": [f.to_dict() for f in self.figures],
            "start": self.start,
            "end": self.end,
        }
        if self.implied is not None:
            d["implied"] = self.implied
        if self.code is not None:
            d["code"] = self.code
        return d


@dataclass(slots=True)
class Finding:
    """A problem found by a check: code, severity, message and where it is."""

    code: str
    severity: Literal["error", "warning", "info"]
    rule: str
    message: str
    message_en: str
    start: int
    end: int
    figures: list[FigureRef] = field(default_factory=list)
    stated: str | None = None
    expected: str | None = None

    def to_dict(self) -> dict[str, Any]:
        return {
            "code": self.code,
            "severity": self.severity,
            "rule": self.rule,
            "message": self.message,
            "message_en": self.message_en,
            "start": self.start,
            "end": self.end,
            "figures": [f.to_dict() for f in self.figures],
            "stated": self.stated,
            "expected": self.expected,
        }


@dataclass(slots=True)
class Report:
    """What checking one document found: its relations and findings."""

    doc: str
    relations: list[Relation] = field(default_factory=list)
    findings: list[Finding] = field(default_factory=list)

    @property
    def errors(self) -> list[Finding]:
        return [f for f in self.findings if f.severity == "error"]

    @property
    def warnings(self) -> list[Finding]:
        return [f for f in self.findings if f.severity == "warning"]

    def to_dict(self) -> dict[str, Any]:
        return {
            "doc": self.doc,
            "relations": [r.to_dict() for r in self.relations],
            "findings": [f.to_dict() for f in self.findings],
        }
