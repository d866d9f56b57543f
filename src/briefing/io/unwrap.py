"""Undo hard line wrapping and drop page-number lines in plain text.

Text copied out of a PDF, or saved by a tool that wraps at a fixed width, arrives with a
line break every N characters wherever it falls (inside a number, a unit, a word) and
with page numbers (``- 3 -``, ``—3—``, ``第3页 共5页``) between the lines.  The reader
would otherwise take each piece for a paragraph.

A text is *wrapped* when many of its lines that run on into a next line share one
length (counted in characters, or in display width for tools that wrap by width:
CJK characters 2, others 1) and no line is longer; a line of that length ("full")
then continues on the next line unless the next line opens a paragraph (indented
where the text indents, or a heading number after a finished sentence).
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Callable, Sequence

#: a line holding nothing but a page number, as PDF text layers and print copies show it
PAGE_NUMBER_LINE = re.compile(
    r"[—–\-－―~～·•]{1,3}\s{0,3}\d{1,4}\s{0,3}[—–\-－―~～·•]{1,3}"
    r"|第\s{0,2}\d{1,4}\s{0,2}页(?:\s{0,2}[,，/]?\s{0,2}共\s{0,2}\d{1,4}\s{0,2}页)?"
)
_HEADING_START = re.compile(
    r"[零〇一二两三四五六七八九十]{1,3}[、是]"
    r"|[（(][零〇一二两三四五六七八九十\d]{1,3}[)）]"
    r"|\d{1,2}[、．.](?!\d)"
    r"|第[零〇一二两三四五六七八九十\d]{1,3}[章节条部]"
)
_SENTENCE_END = "。！？；：!?;:…"
_BLANKS = " \t\u3000\u00a0\ufeff"
#: lines shorter than this carry no information on the wrap width
_MIN_LEN = 8
#: the narrowest wrap taken for one (characters; display width is twice this)
_MIN_WRAP = 16


# characters whose East Asian width is W or F in every Unicode version (CJK symbols and
# punctuation, hiragana, katakana, CJK unified ideographs, fullwidth forms): counted
# by one pattern, the rest of a line asked of unicodedata one character at a time
_SURE_WIDE = re.compile("[\u3000-\u303e\u3040-\u30ff\u4e00-\u9fff\uff01-\uff60\uffe0-\uffe6]")


def _width(s: str) -> int:
    """The display width of ``s``: 2 for a wide (W) or fullwidth (F) character, else 1."""
    rest = _SURE_WIDE.sub("", s)
    wide = len(s) - len(rest)
    if not rest.isascii():  # (no ASCII character is wide)
        wide += sum(1 for c in rest if unicodedata.east_asian_width(c) in "WF")
    return len(s) + wide


def is_page_number(line: str) -> bool:
    """``- 3 -``, ``—3—``, ``第3页``, ``第3页 共5页`` alone on a line."""
    return PAGE_NUMBER_LINE.fullmatch(line.strip(_BLANKS)) is not None


def _wrap_width(values: Sequence[int], tol: int, least: int) -> int | None:
    """The length (at least ``least``) that many run-on lines reach and none exceeds."""
    vals = [v for v in values if v >= _MIN_LEN]
    if len(vals) < 3:
        return None
    top = max(vals)
    if top < least:
        return None
    # among the lines of at least half that length (short lines are list items, table
    # cells, a paragraph's last line), many reach it
    long = [v for v in vals if 2 * v >= top]
    full = sum(1 for v in long if v >= top - tol)
    if full >= max(3, 0.3 * len(long)):
        return top
    return None


def unwrap_lines(lines: Sequence[str]) -> list[str]:
    """``lines`` with page-number lines dropped and, when the text is hard-wrapped, each
    wrapped paragraph joined back into one line.  Blank lines are kept as they are."""
    kept = [ln for ln in lines if not is_page_number(ln)]
    dropped = len(kept) != len(lines)
    stripped = [ln.strip(_BLANKS) for ln in kept]
    # lines that run on into a next non-blank line
    runon = [i for i in range(len(kept) - 1) if stripped[i] and stripped[i + 1]]
    if len(runon) < 3:
        return kept if dropped else list(lines)
    measures: list[tuple[Callable[[str], int], int, int]] = [
        (len, 0, _MIN_WRAP),
        (_width, 3, 2 * _MIN_WRAP),
    ]
    full: set[int] = set()
    for measure, tol, least in measures:
        w = _wrap_width([measure(kept[i]) for i in runon], tol, least)
        if w is None:
            continue
        cand = {i for i in runon if measure(kept[i]) >= w - tol}
        # wrapped lines end anywhere: lines that mostly end a sentence, or all end in
        # the same character (a list: 第1页, 第2页 …), are not wrapped
        lasts = [stripped[i][-1] for i in cand]
        ends = sum(1 for c in lasts if c in _SENTENCE_END)
        same = max(lasts.count(c) for c in set(lasts))
        if ends <= 0.5 * len(cand) and same <= max(2, 0.5 * len(cand)):
            full = cand
            break
    if not full:
        return kept if dropped else list(lines)
    indented = [_indented(ln) for ln, s in zip(kept, stripped, strict=True) if s]
    indent_marks_paragraphs = 0 < sum(indented) < 0.8 * len(indented)
    out: list[str] = []
    joining = False
    for i, ln in enumerate(kept):
        s = stripped[i]
        if joining:
            prev = out[-1]
            opens = (indent_marks_paragraphs and _indented(ln)) or (
                _HEADING_START.match(s) is not None and prev[-1:] in _SENTENCE_END
            )
            if not opens:
                # a space between two Latin words survives the join: "the" + " year"
                gap = " " if _latin_gap(kept[i - 1], ln) else ""
                out[-1] = prev + gap + s
                joining = i in full
                continue
        out.append(s if i in full else ln)
        joining = i in full
    return out


def _indented(line: str) -> bool:
    """A paragraph indent: a full-width space, a tab, or two spaces or more."""
    return line[:1] in "\u3000\t" or line[:2] == "  "


def _latin_gap(prev: str, line: str) -> bool:
    a, b = prev.rstrip(_BLANKS), line.lstrip(_BLANKS)
    spaced = prev[-1:] == " " or line[:1] == " "
    return spaced and bool(a) and bool(b) and a[-1].isascii() and b[0].isascii()
