"""Same-length normalization: the ``Document.norm`` view of ``Document.text``.

Every character maps to exactly one character, so offsets found in the
normalized text are offsets into the original:

* traditional → simplified characters (table ``data/t2s.txt``, from OpenCC);
* full-width digits, Latin letters and ``．％＋－／～`` → ASCII;
* ASCII punctuation used in Chinese text → its full-width Chinese form
  (``,`` ``;`` ``:`` ``?`` ``!`` ``(`` ``)``), except a comma or colon between two
  digits (``1,234``; ``12:30``), which stays ASCII; a ``.`` after a Chinese character
  (or after a closing mark, not before a digit) and not before a letter or a dot is a
  full stop ``。``;
* ideographic space and no-break spaces → ASCII space.
"""

from __future__ import annotations

import re
from functools import lru_cache

from briefing import recache
from briefing.data import data_text

_PUNCT_TO_CJK = {
    ",": "，",
    ";": "；",
    ":": "：",
    "?": "？",
    "!": "！",
    "(": "（",
    ")": "）",
    ".": "。",
}


@lru_cache(maxsize=1)
def _table() -> dict[int, str]:
    raw = data_text("t2s.txt")
    return recache.memo("t2s", raw, lambda: _build_table(raw))


def _build_table(raw: str) -> dict[int, str]:
    table: dict[int, str] = {}
    for line in raw.splitlines():
        if len(line) == 2 and not line.startswith("#"):
            table[ord(line[0])] = line[1]
    # full-width ASCII variants: digits, letters and the symbols used in figures
    for cp in range(0xFF10, 0xFF1A):
        table[cp] = chr(cp - 0xFEE0)
    for cp in list(range(0xFF21, 0xFF3B)) + list(range(0xFF41, 0xFF5B)):
        table[cp] = chr(cp - 0xFEE0)
    for ch in "．％＋－／～＝＜＞":
        table[ord(ch)] = chr(ord(ch) - 0xFEE0)
    table[0x3000] = " "
    table[0x00A0] = " "
    table[0x2002] = " "
    table[0x2003] = " "
    table[0x2212] = "-"  # minus sign
    table[0x2014] = "—"
    table[0x201C] = "“"
    return table


@lru_cache(maxsize=1)
def _traditional_set() -> frozenset[str]:
    t = _table()
    return frozenset(chr(k) for k, v in t.items() if 0x3400 <= k <= 0x9FFF or 0xF900 <= k <= 0xFAFF)


# A full stop typed as ``.``: after a Chinese character or ``%`` (a decimal point
# follows a digit), or after a closing mark and not before a digit; never before a letter or
# another dot (9.9亿元, www.gov.cn and ``...`` stay).
# The pattern begins with the one character it matches and tests the context after it
# (lookbehinds that include the character): a pattern that begins with a character
# class lets the regex engine skip to the candidates, four times faster on long texts
# than trying every alternative's lookbehind at every position.
_ASCII_PUNCT = re.compile(
    r"[;?!,:().]"
    r"(?:(?<=[;?!()])"
    r"|(?<=[,:])(?<!\d[,:])|(?<=[,:])(?!\d)"  # not between two digits
    r"|(?<=[\u3400-\u9fff%％]\.)(?![A-Za-z.])"
    r"|(?<=[)）”’」』》]\.)(?![0-9A-Za-z.])"
    # a line that ends in a figure and "." (见图1.): at most three digits after Chinese
    r"|(?:(?<=[\u3400-\u9fff]\d\.)|(?<=[\u3400-\u9fff]\d\d\.)|(?<=[\u3400-\u9fff]\d\d\d\.))"
    r"(?=\n|$))"
)
_CJK_NEAR = re.compile(r"[\u3400-\u9fff]")


def normalize(text: str) -> str:
    """Return the same-length normalized form of ``text``."""
    if len(text) <= 512:
        return _normalize_short(text)
    return _normalize(text)


@lru_cache(maxsize=4096)
def _normalize_short(text: str) -> str:
    # block-sized strings are normalized repeatedly while a document is assembled
    return _normalize(text)


@lru_cache(maxsize=1)
def _changed_re() -> re.Pattern[str]:
    """The characters the table changes (a class ``re`` scans at C speed)."""
    raw = data_text("t2s.txt")
    chars = recache.memo(
        "t2s-changed",
        raw,
        lambda: "".join(sorted(chr(k) for k, v in _table().items() if chr(k) != v)),
    )
    return re.compile("[" + re.escape(chars) + "]")


def _translate(text: str) -> str:
    """``text.translate(_table())``, at a fraction of its cost on the common text: a
    per-character dict lookup is skipped where a scan finds no character to change, and
    a few changed characters are replaced one by one."""
    rx = _changed_re()
    first = rx.search(text)
    if first is None:
        return text
    i = first.start()
    if len(rx.findall(text, i, i + 256)) > 24:  # dense (traditional text): the table
        return text.translate(_table())
    table = _table()
    return rx.sub(lambda m: table[ord(m.group())], text)


def _normalize(text: str) -> str:
    out = _translate(text)
    if _ASCII_PUNCT.search(out) is None:
        return out

    def repl(m: re.Match[str]) -> str:
        c = m.group(0)
        if c in "()":
            i = m.start()
            if _CJK_NEAR.search(out, max(0, i - 12), i + 13) is None:
                return c
        return _PUNCT_TO_CJK[c]

    result = _ASCII_PUNCT.sub(repl, out)
    assert len(result) == len(text)
    return result


@lru_cache(maxsize=1)
def _traditional_re() -> re.Pattern[str]:
    raw = data_text("t2s.txt")
    chars = recache.memo("t2s-chars", raw, lambda: "".join(sorted(_traditional_set())))
    return re.compile("[" + re.escape(chars) + "]")


_CJK_RUN = re.compile(r"[\u4e00-\u9fff]+")


def detect_script(text: str) -> str:
    """'traditional', 'simplified' or 'mixed' by counting characters that t2s would change."""
    if _changed_re().search(text) is None:
        return "simplified"  # no character the table changes (its pattern is built anyway)
    n_trad = len(_traditional_re().findall(text))
    if n_trad == 0:
        return "simplified"  # (the common case: the Chinese characters are not counted)
    n_cjk = sum(map(len, _CJK_RUN.findall(text)))  # by runs: a short list
    if n_cjk == 0:
        return "simplified"
    ratio = n_trad / n_cjk
    if ratio > 0.08:
        return "traditional"
    return "mixed" if ratio > 0.01 else "simplified"
