"""Same-length normalization: the ``Document.norm`` view of ``Document.text``.

Every character maps to exactly one character, so offsets found in the
normalized text are offsets into the original:

* traditional → simplified characters (table ``data/t2s.txt``, from OpenCC);
* full-width digits, Latin letters and ``．％＋－／～`` → ASCII;
* ASCII punctuation used in Chinese text → its full-width Chinese form
  (``,`` ``;`` ``:`` ``?`` ``!`` ``(`` ``)``), except a comma or colon between two
  digits (``1,234``; ``12:30``), which stays ASCII;
* ideographic space and no-break spaces → ASCII space.
"""

from __future__ import annotations

from functools import lru_cache
from importlib import resources

_PUNCT_TO_CJK = {",": "，", ";": "；", ":": "：", "?": "？", "!": "！", "(": "（", ")": "）"}


@lru_cache(maxsize=1)
def _table() -> dict[int, str]:
    table: dict[int, str] = {}
    raw = resources.files("briefing.data").joinpath("t2s.txt").read_text(encoding="utf-8")
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


def normalize(text: str) -> str:
    """Return the same-length normalized form of ``text``."""
    out = text.translate(_table())
    if any(c in out for c in _PUNCT_TO_CJK):
        chars = list(out)
        n = len(chars)
        for i, c in enumerate(chars):
            rep = _PUNCT_TO_CJK.get(c)
            if rep is None:
                continue
            if c in ",:" and 0 < i < n - 1 and chars[i - 1].isdigit() and chars[i + 1].isdigit():
                continue
            if c in "()" and not _near_cjk(chars, i):
                continue
            chars[i] = rep
        out = "".join(chars)
    assert len(out) == len(text)
    return out


def _near_cjk(chars: list[str], i: int) -> bool:
    """True if a bracket at ``i`` sits in Chinese text (a CJK character within 12 chars)."""
    lo, hi = max(0, i - 12), min(len(chars), i + 13)
    return any("\u3400" <= c <= "\u9fff" for c in chars[lo:hi])


def detect_script(text: str) -> str:
    """'traditional', 'simplified' or 'mixed' by counting characters that t2s would change."""
    trad = _traditional_set()
    n_trad = sum(1 for c in text if c in trad)
    n_cjk = sum(1 for c in text if "\u4e00" <= c <= "\u9fff")
    if n_cjk == 0 or n_trad == 0:
        return "simplified"
    ratio = n_trad / n_cjk
    if ratio > 0.08:
        return "traditional"
    return "mixed" if ratio > 0.01 else "simplified"
