"""Standardize text for the house layout without changing its content.

What changes: ASCII punctuation in Chinese context becomes full-width (``,`` → ``，``,
``:`` → ``：``, ``(…)`` → ``（…）``, ``"…"`` → ``“…”``), stray whitespace goes (spaces
between Chinese characters, around figures in Chinese text, leading full-width
spaces, line breaks inside a paragraph), heading markers take the layout's form
(一、 （一） 1. （1）), and page debris lines (``— 2 —``, ``第2页``) are recognised.

What never changes: digits, decimal points, units, names and wording.  Every
replacement is one character for one character or a deletion of whitespace, and
:func:`standardize` returns an offset map so bold spans (inline leads) can be
carried over.
"""

from __future__ import annotations

import re

_FULL = {",": "，", ";": "；", ":": "：", "?": "？", "!": "！"}
_SPACES = " \t\r\n\u3000\u00a0\u2002\u2003\u2009\u200b"
_CN_NUM = "一二三四五六七八九十百零〇两"

_DEBRIS = re.compile(
    r"^\s*(?:[-—–－―]+\s*\d{1,4}\s*[-—–－―]+|\d{1,4}|第\s*\d{1,4}\s*页(?:\s*[，,/]?\s*共\s*\d{1,4}\s*页)?"
    r"|\d{1,4}\s*/\s*\d{1,4})\s*$"
)

_MARKERS: tuple[tuple[re.Pattern[str], str], ...] = (
    # 一、  一.  一．  一，  一 (space)
    (re.compile(rf"^([{_CN_NUM}]+)\s*([、.．,，]|\s)"), "cn"),
    # （一）  (一)
    (re.compile(rf"^[（(]\s*([{_CN_NUM}]+)\s*[）)]"), "cn_paren"),
    # 1.  1、  1．  1，  1 (space) — but not a decimal such as 1.5
    (re.compile(r"^(\d{1,2})\s*([、.．,，](?!\d)|\s)"), "num"),
    # （1）  (1)
    (re.compile(r"^[（(]\s*(\d{1,2})\s*[）)]"), "num_paren"),
)


def is_cjk(ch: str) -> bool:
    o = ord(ch)
    return (
        0x4E00 <= o <= 0x9FFF
        or 0x3400 <= o <= 0x4DBF
        or 0xF900 <= o <= 0xFAFF
        or 0x3000 <= o <= 0x303F  # CJK punctuation
        or 0xFF00 <= o <= 0xFFEF  # full-width forms
        or 0x2018 <= o <= 0x201D  # curly quotes
        or o in (0x2014, 0x2026)  # — …
    )


def _is_cjk_letter(ch: str) -> bool:
    o = ord(ch)
    return 0x4E00 <= o <= 0x9FFF or 0x3400 <= o <= 0x4DBF or 0xF900 <= o <= 0xFAFF


def is_debris(text: str) -> bool:
    """A line that is only page furniture: ``— 2 —``, ``-3-``, ``2``, ``第2页 共5页``."""
    return bool(_DEBRIS.match(text))


def _ascii_word(ch: str) -> bool:
    return ch.isascii() and (ch.isalnum() or ch in "%.-_/+")


def standardize(text: str, *, heading: bool = False) -> tuple[str, list[int]]:
    """Standardized ``text`` and a map ``pos`` with ``pos[i]`` = new offset of old offset ``i``.

    ``pos`` has ``len(text) + 1`` entries, so a span ``(s, e)`` maps to ``(pos[s], pos[e])``.
    With ``heading=True`` the leading numbering marker is normalised.
    """
    n = len(text)
    chars = list(text)
    keep = [True] * n

    # 1. whitespace: drop it unless it separates two ASCII words (keep one plain space)
    i = 0
    while i < n:
        if text[i] in _SPACES:
            j = i
            while j < n and text[j] in _SPACES:
                j += 1
            prev = text[i - 1] if i > 0 else ""
            nxt = text[j] if j < n else ""
            sep = bool(prev) and bool(nxt) and _ascii_word(prev) and _ascii_word(nxt)
            for k in range(i, j):
                keep[k] = False
            if sep:
                keep[i] = True
                chars[i] = " "
            i = j
        else:
            i += 1

    def neighbour(idx: int, step: int) -> str:
        k = idx + step
        while 0 <= k < n and not keep[k]:
            k += step
        return text[k] if 0 <= k < n else ""

    # 2. heading marker
    if heading:
        _normalise_marker(text, chars, keep)

    # 3. punctuation in Chinese context
    cjk = _cjk_prefix(text)  # letters before each offset: "any CJK letter in a span" by lookup
    chinese = cjk[-1] > 0
    for idx, ch in enumerate(text):
        if not keep[idx] or chars[idx] != ch:
            continue
        if ch in _FULL:
            prev, nxt = neighbour(idx, -1), neighbour(idx, 1)
            if prev.isdigit() and nxt.isdigit():
                continue  # 10:30, 1,000
            if (prev and is_cjk(prev)) or (nxt and _is_cjk_letter(nxt)):
                chars[idx] = _FULL[ch]
        elif ch == "." and idx > 0:
            prev, nxt = neighbour(idx, -1), neighbour(idx, 1)
            ends = not nxt or (is_cjk(nxt) and not prev.isdigit())
            if chinese and prev and (_is_cjk_letter(prev) or prev in "%）)”") and ends:
                chars[idx] = "。"
            elif chinese and prev.isdigit() and not nxt and idx > 1:
                chars[idx] = "。"  # …增长7.9. at the end of a sentence
    _pair(text, chars, keep, "(", ")", "（", "）", cjk)
    _quotes(text, chars, keep, cjk)

    out: list[str] = []
    pos: list[int] = []
    for idx in range(n):
        pos.append(len(out))
        if keep[idx]:
            out.append(chars[idx])
    pos.append(len(out))
    return "".join(out), pos


def _normalise_marker(text: str, chars: list[str], keep: list[bool]) -> None:
    start = 0
    while start < len(text) and text[start] in _SPACES:
        start += 1
    s = text[start:]
    for rx, kind in _MARKERS:
        m = rx.match(s)
        if not m:
            continue
        if kind in ("cn", "num"):
            sep = start + m.start(2)
            chars[sep] = "、" if kind == "cn" else "."
            keep[sep] = True
            # whitespace between the numeral and its separator goes
            for k in range(start + m.end(1), sep):
                keep[k] = False
        else:
            opening = start
            closing = start + m.end() - 1
            chars[opening], chars[closing] = "（", "）"
        return


def _cjk_prefix(text: str) -> list[int]:
    """``out[i]`` = the number of CJK letters in ``text[:i]`` (``len(text) + 1`` entries)."""
    out = [0] * (len(text) + 1)
    n = 0
    for i, c in enumerate(text):
        if _is_cjk_letter(c):
            n += 1
        out[i + 1] = n
    return out


def _pair(
    text: str,
    chars: list[str],
    keep: list[bool],
    op: str,
    cl: str,
    fop: str,
    fcl: str,
    cjk: list[int] | None = None,
) -> None:
    cjk = cjk if cjk is not None else _cjk_prefix(text)
    stack: list[int] = []
    for idx, ch in enumerate(text):
        if not keep[idx] or chars[idx] != ch:
            continue
        if ch == op:
            stack.append(idx)
        elif ch == cl and stack:
            o = stack.pop()
            before = text[o - 1] if o > 0 else ""
            after = text[idx + 1] if idx + 1 < len(text) else ""
            if (
                cjk[idx] > cjk[o + 1]  # a CJK letter inside
                or (before and _is_cjk_letter(before))
                or (after and _is_cjk_letter(after))
            ):
                chars[o], chars[idx] = fop, fcl


def _quotes(text: str, chars: list[str], keep: list[bool], cjk: list[int] | None = None) -> None:
    cjk = cjk if cjk is not None else _cjk_prefix(text)
    idxs = [i for i, ch in enumerate(text) if ch == '"' and keep[i]]
    if len(idxs) % 2:
        return  # unbalanced: leave as written (BR202 reports it)
    for a, b in zip(idxs[::2], idxs[1::2], strict=True):
        if cjk[b] > cjk[a + 1]:
            chars[a], chars[b] = "“", "”"


def marker_level(text: str) -> int | None:
    """Heading level implied by a leading marker: 一、→1, （一）→2, 1.→3, （1）→4."""
    s = text.lstrip(_SPACES)
    for (rx, _kind), level in zip(_MARKERS, (1, 2, 3, 4), strict=True):
        if rx.match(s):
            return level
    return None
