"""The editor's review copy: the bulletin with a Word comment on every suspect figure.

When the input was a .docx, the submitted file itself is opened (so the district's own
formatting is kept); otherwise the standard rendering (:func:`briefing.render`) is used.

Offsets in a :class:`~briefing.model.Report` index ``Document.text``, which the reader
built from the body paragraphs and table cells (joined by "\\n", whitespace collapsed,
portal chrome and pinyin debris dropped, page-broken paragraphs re-joined).  To find a
figure in the Word file we walk the body in the reader's order, and match every block of
``Document.text`` (every table cell) to one or more consecutive Word paragraphs by their
non-whitespace characters; exact matches map character to character, anything else is
aligned with :class:`difflib.SequenceMatcher`.  Each character of ``Document.text`` then
knows its run and its position in the run.

Runs are split at the figure's exact offsets (each piece a deep copy of the run, so its
``w:rPr`` is identical) and a comment is anchored on exactly the figure's runs with
python-docx's comments API.  Error findings also get a yellow ``w:highlight`` on their
figures.  Nothing else in the document changes.
"""

from __future__ import annotations

import bisect
import copy
import difflib
import re
import unicodedata
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from briefing.model import Document, FigureRef, Finding, Relation, Report

AUTHOR = "briefing"
INITIALS = "BR"
_W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
_MC_FALLBACK = "{http://schemas.openxmlformats.org/markup-compatibility/2006}Fallback"
_XML_SPACE = "{http://www.w3.org/XML/1998/namespace}space"
_ZERO_WIDTH = "\u200b\u200c\u200d\u2060\ufeff\u00ad"
# The figure a comment is anchored on: the stated result of the relation first.
_ROLE_PRIORITY = (
    "rate",
    "stated",
    "result",
    "growth",
    "gap",
    "total",
    "duration",
    "count",
    "part",
    "whole",
)
_RPR_ORDER = (
    "rStyle rFonts b bCs i iCs caps smallCaps strike dstrike outline shadow emboss imprint "
    "noProof snapToGrid vanish webHidden color spacing w kern position sz szCs highlight u "
    "effect bdr shd fitText vertAlign rtl cs em lang eastAsianLayout specVanish oMath"
).split()
_TEXT_TAGS = {_W + t for t in ("t", "tab", "br", "cr", "noBreakHyphen", "ptab")}


@dataclass(slots=True)
class ReviewStats:
    """What :func:`annotate` did: comments anchored and findings it could not place."""

    comments: int = 0
    highlighted_runs: int = 0
    unplaced: list[str] = field(default_factory=list)


# ---------------------------------------------------------------------------
# public entry points
# ---------------------------------------------------------------------------


def write_review(
    doc: Document, report: Report, out: str | Path, all_relations: bool = False
) -> Path:
    """Write the review copy of ``doc`` with a comment per finding to ``out``.

    With ``all_relations`` consistent relations get a short "已核对：<formula>" comment too.
    """
    out = Path(out)
    document = open_review_base(doc, out)
    annotate(document, doc, report, all_relations=all_relations)
    out.parent.mkdir(parents=True, exist_ok=True)
    document.save(str(out))
    return out


def open_review_base(doc: Document, out: Path) -> Any:
    """The python-docx Document to annotate: the submitted .docx, or the standard rendering."""
    import docx

    src = Path(doc.path) if doc.path and doc.path != "-" else None
    if doc.format == "docx" and src is not None and src.is_file():
        return docx.Document(str(src))
    from briefing.rendering import render

    out.parent.mkdir(parents=True, exist_ok=True)
    render(doc, out)
    return docx.Document(str(out))


def annotate(
    document: Any, doc: Document, report: Report, all_relations: bool = False
) -> ReviewStats:
    """Add the comments and highlights for ``report`` to an open python-docx ``document``."""
    stats = ReviewStats()
    index = _TextIndex(document, doc)
    plans: list[tuple[list[tuple[int, int]], str, bool]] = []  # spans, text, highlight
    for finding in report.findings:
        spans = _finding_spans(finding, index)
        if not spans:
            stats.unplaced.append(f"{finding.code}@{finding.start}")
            continue
        plans.append((spans, comment_text(finding, report.relations), finding.severity == "error"))
    if all_relations:
        for rel in report.relations:
            if rel.status != "consistent":
                continue
            spans = _relation_spans(rel, index)
            if spans:
                plans.append((spans[:1], f"已核对：{rel.formula}", False))
    # split every boundary first, so later splits cannot move an existing comment range
    for spans, _, highlight in plans:
        for i, (s, e) in enumerate(spans):
            if i == 0 or highlight:
                index.split_at(s)
                index.split_at(e - 1, after=True)
    for spans, text, highlight in plans:
        s, e = spans[0]
        runs = index.runs_between(s, e)
        if not runs:
            continue
        document.add_comment(
            [index.run_obj(runs[0]), index.run_obj(runs[-1])],
            text=text,
            author=AUTHOR,
            initials=INITIALS,
        )
        stats.comments += 1
        if highlight:
            for hs, he in spans:
                for r in index.runs_between(hs, he):
                    _set_highlight(r, "yellow")
                    stats.highlighted_runs += 1
    return stats


#: How a comment (and the triage sheet) names a finding's severity.
SEVERITY_TAGS = {"error": "【错误】", "warning": "【警告】", "info": "【提示】"}


def _squash(s: str) -> str:
    return re.sub(r"\s+", "", s)


def comment_text(finding: Finding, relations: Sequence[Relation] = ()) -> str:
    """``【错误】BR101 <message>`` with the arithmetic of the relation the finding came from.

    The arithmetic is added only where the message does not already show it, and a note
    (info: an implied value, nothing stated) is never worded as a correction.
    """
    tag = SEVERITY_TAGS.get(finding.severity, "")
    text = f"{tag}{finding.code} {finding.message}".strip()
    rel = _relation_for(finding, relations)
    has_arithmetic = any(c in finding.message for c in "=＝")
    if rel is not None and rel.formula and not has_arithmetic:
        if _squash(rel.formula) not in _squash(finding.message):
            text += f"（{rel.formula}）"
    elif (
        rel is None
        and finding.severity != "info"
        and finding.stated
        and finding.expected
        and finding.expected not in text
        and finding.stated not in finding.message  # the message already says it
    ):
        text += f"（文中为{finding.stated}，应为{finding.expected}）"
    return text


def _relation_for(finding: Finding, relations: Sequence[Relation]) -> Relation | None:
    want = {(f.start, f.end) for f in finding.figures}
    if not want:
        return None
    best: Relation | None = None
    for rel in relations:
        have = {(f.start, f.end) for f in rel.figures}
        if have == want:
            return rel
        if best is None and rel.status != "consistent" and want <= have:
            best = rel
    return best


def primary_figure(figures: Sequence[FigureRef]) -> FigureRef | None:
    """The figure a comment goes on: the stated rate/result/count before the operands."""
    for role in _ROLE_PRIORITY:
        for f in figures:
            if f.role == role:
                return f
    return figures[-1] if figures else None


def _finding_spans(finding: Finding, index: _TextIndex) -> list[tuple[int, int]]:
    """Anchor span first, then the other figures (for highlighting); located spans only."""
    first = primary_figure(finding.figures)
    ordered = ([first] if first else []) + [f for f in finding.figures if f is not first]
    spans = [sp for f in ordered if (sp := index.locate(f.start, f.end)) is not None]
    if not spans:
        sp = index.locate(finding.start, finding.end)
        if sp is not None:
            spans.append(sp)
    return spans


def _relation_spans(rel: Relation, index: _TextIndex) -> list[tuple[int, int]]:
    first = primary_figure(rel.figures)
    spans = []
    if first is not None:
        sp = index.locate(first.start, first.end)
        if sp is not None:
            spans.append(sp)
    return spans


# ---------------------------------------------------------------------------
# Word body walk in the reader's order
# ---------------------------------------------------------------------------


def _is_space(ch: str) -> bool:
    return ch.isspace() or ch in "\u3000\u00a0" or unicodedata.category(ch) == "Cc"


def _is_key_char(ch: str) -> bool:
    return not _is_space(ch) and ch not in _ZERO_WIDTH


@dataclass(slots=True)
class _Unit:
    """One Word paragraph: its key characters and where each sits (run, index in run)."""

    p: Any
    key: str
    pos: list[tuple[Any, int]]


def _paragraph_runs(p: Any) -> Iterator[Any]:
    for child in p.iterchildren():
        if child.tag == _W + "r":
            yield child
        elif child.tag == _W + "hyperlink":
            yield from child.iterchildren(_W + "r")


def _run_pieces(r: Any) -> Iterator[tuple[Any, str]]:
    """(child, text) for each text-bearing child of a run, as python-docx's Run.text reads it."""
    for child in r.iterchildren():
        if child.tag in _TEXT_TAGS:
            yield child, str(child)


def _unit(p: Any) -> _Unit:
    key: list[str] = []
    pos: list[tuple[Any, int]] = []
    for r in _paragraph_runs(p):
        i = 0
        for _, text in _run_pieces(r):
            for ch in text:
                if _is_key_char(ch):
                    key.append(ch)
                    pos.append((r, i))
                i += 1
    return _Unit(p, "".join(key), pos)


def _walk(element: Any) -> Iterator[Any]:
    """Paragraph elements in the order the .docx reader reads them."""
    for child in element.iterchildren():
        tag = child.tag
        if tag == _W + "p":
            for tb in child.iter(_W + "txbxContent"):
                if any(anc.tag == _MC_FALLBACK for anc in tb.iterancestors()):
                    continue
                yield from _walk(tb)
            yield child
        elif tag == _W + "tbl":
            for tr in child.iterchildren(_W + "tr"):
                for tc in tr.iterchildren(_W + "tc"):
                    yield from _walk(tc)
        elif tag == _W + "sdt":
            content = child.find(_W + "sdtContent")
            if content is not None:
                yield from _walk(content)
        elif tag in (_W + "customXml", _W + "ins", _W + "smartTag"):
            yield from _walk(child)


class _TextIndex:
    """Document.text offsets → (run element, index in its text), with run splitting."""

    def __init__(self, document: Any, doc: Document) -> None:
        self.document = document
        self.units = [u for u in (_unit(p) for p in _walk(document.element.body)) if u.key]
        self.where: dict[int, tuple[Any, int]] = {}
        # original run element -> sorted piece starts and piece elements
        self.pieces: dict[Any, tuple[list[int], list[Any]]] = {}
        self._map(doc)

    # -- alignment -------------------------------------------------------------
    def _segments(self, doc: Document) -> Iterator[tuple[int, int]]:
        for b in doc.blocks:
            if b.kind == "table" and b.rows:
                for row in b.rows:
                    for cell in row:
                        if cell.end > cell.start:
                            yield cell.start, cell.end
            elif b.end > b.start:
                yield b.start, b.end

    def _map(self, doc: Document) -> None:
        text = doc.text
        cursor = 0
        for s, e in self._segments(doc):
            offs = [i for i in range(s, e) if _is_key_char(text[i])]
            key = "".join(text[i] for i in offs)
            if not key:
                continue
            hit = self._exact(key, cursor)
            if hit is None:
                hit = self._exact(key, 0, cursor)
            if hit is not None:
                u0, u1 = hit
                pos = [p for u in self.units[u0:u1] for p in u.pos]
                for off, where in zip(offs, pos, strict=True):
                    self.where[off] = where
                cursor = u1
                continue
            fuzzy = self._fuzzy(key, cursor)
            if fuzzy is None:
                continue
            u, blocks = fuzzy
            unit = self.units[u]
            for a, b, n in blocks:
                for k in range(n):
                    self.where[offs[a + k]] = unit.pos[b + k]
            cursor = u + 1

    def _exact(self, key: str, lo: int, hi: int | None = None) -> tuple[int, int] | None:
        units = self.units
        hi = len(units) if hi is None else hi
        for u in range(lo, hi):
            if not key.startswith(units[u].key):
                continue
            n = len(units[u].key)
            v = u + 1
            while n < len(key) and v < len(units) and key.startswith(units[v].key, n):
                n += len(units[v].key)
                v += 1
            if n == len(key):
                return u, v
        return None

    def _fuzzy(self, key: str, cursor: int) -> tuple[int, list[tuple[int, int, int]]] | None:
        best: tuple[float, int] | None = None
        for u in range(cursor, min(len(self.units), cursor + 40)):
            sm = difflib.SequenceMatcher(None, key, self.units[u].key, autojunk=False)
            if sm.real_quick_ratio() < 0.5 or sm.quick_ratio() < 0.5:
                continue
            ratio = sm.ratio()
            if ratio >= 0.6 and (best is None or ratio > best[0]):
                best = (ratio, u)
        if best is None:
            return None
        u = best[1]
        sm = difflib.SequenceMatcher(None, key, self.units[u].key, autojunk=False)
        return u, [tuple(b) for b in sm.get_matching_blocks() if b.size]  # type: ignore[misc]

    def locate(self, start: int, end: int) -> tuple[int, int] | None:
        """The located part of ``[start, end)``: first and last mapped characters (+1)."""
        first = next((i for i in range(start, end) if i in self.where), None)
        if first is None:
            return None
        last = next(i for i in range(end - 1, start - 1, -1) if i in self.where)
        return first, last + 1

    # -- run pieces --------------------------------------------------------------
    def _piece(self, r: Any, i: int) -> tuple[Any, int, int]:
        """(piece element, piece index, offset within piece) for char ``i`` of original run ``r``."""
        starts, els = self.pieces.setdefault(r, ([0], [r]))
        k = bisect.bisect_right(starts, i) - 1
        return els[k], k, i - starts[k]

    def split_at(self, offset: int, after: bool = False) -> None:
        """Make a run start at mapped character ``offset`` (or just after it, with ``after``)."""
        where = self.where.get(offset)
        if where is None:
            return
        r, i = where
        i += after
        el, k, j = self._piece(r, i)
        if j == 0 or j >= _run_len(el):
            return
        right = _split_run(el, j)
        starts, els = self.pieces[r]
        starts.insert(k + 1, starts[k] + j)
        els.insert(k + 1, right)

    def runs_between(self, start: int, end: int) -> list[Any]:
        """Run pieces covering the mapped characters of ``[start, end)``, in order."""
        out: list[Any] = []
        for i in range(start, end):
            w = self.where.get(i)
            if w is None:
                continue
            el, _, _ = self._piece(*w)
            if not out or out[-1] is not el:
                if el not in out:
                    out.append(el)
        return out

    def run_obj(self, r: Any) -> Any:
        from docx.text.run import Run

        return Run(r, None)  # type: ignore[arg-type]


def _run_len(r: Any) -> int:
    return sum(len(t) for _, t in _run_pieces(r))


def _split_run(r: Any, k: int) -> Any:
    """Split run ``r`` at text offset ``k``: ``r`` keeps text[:k], a deep copy after it holds the rest."""
    right = copy.deepcopy(r)
    pos = 0
    left_children = [c for c in r.iterchildren() if c.tag != _W + "rPr"]
    right_children = [c for c in right.iterchildren() if c.tag != _W + "rPr"]
    for lc, rc in zip(left_children, right_children, strict=True):
        n = len(str(lc)) if lc.tag in _TEXT_TAGS else 0
        if lc.tag in _TEXT_TAGS and n:
            if pos + n <= k:  # wholly left
                right.remove(rc)
            elif pos >= k:  # wholly right
                r.remove(lc)
            else:  # a w:t straddling the split point
                cut = k - pos
                lc.text, rc.text = lc.text[:cut], lc.text[cut:]
                lc.set(_XML_SPACE, "preserve")
                rc.set(_XML_SPACE, "preserve")
        else:  # zero-width children (fldChar, drawing, bookmarks) stay on their side
            if pos < k:
                right.remove(rc)
            else:
                r.remove(lc)
        pos += n
    r.addnext(right)
    return right


def _set_highlight(r: Any, color: str) -> None:
    rpr = r.find(_W + "rPr")
    if rpr is None:
        rpr = r.makeelement(_W + "rPr", {})
        r.insert(0, rpr)
    hl = rpr.find(_W + "highlight")
    if hl is None:
        hl = rpr.makeelement(_W + "highlight", {})
        rank = _RPR_ORDER.index("highlight")
        after = [
            c
            for c in rpr.iterchildren()
            if c.tag.startswith(_W) and c.tag[len(_W) :] in _RPR_ORDER[rank + 1 :]
        ]
        if after:
            after[0].addprevious(hl)
        else:
            rpr.append(hl)
    hl.set(_W + "val", color)
