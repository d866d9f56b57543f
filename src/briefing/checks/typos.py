"""BR201 typos: a character written twice by mistake (产业业, 的的).

What it does
    Flags a two-character domain word whose last character is repeated where no
    word starting with that character follows (``传统产业业高位嫁接``, but not
    ``产业业态``), and doubled function characters (的的, 了了) outside the
    correct AA forms listed in data/checks.toml.

Why is this bad?
    A doubled character is the most common slip of fast typing and of
    copy-editing by deletion.

Example
    ``提升传统产业业高位嫁接``

Use instead
    ``提升传统产业高位嫁接``
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from functools import lru_cache

from briefing.checks.engine import Context, config, rule, span_ref
from briefing.model import Finding

CODE = "BR201"
NAME = "typo"


@lru_cache(maxsize=1)
def _patterns() -> tuple[frozenset[str], re.Pattern[str], list[tuple[str, re.Pattern[str]]]]:
    """The typo patterns of data/checks.toml, compiled once."""
    cfg = config()["typos"]
    words = "|".join(map(re.escape, cfg["words"]))
    doubled = [(ch, re.compile(re.escape(ch * 2))) for ch in cfg["doubled"]]
    return frozenset(cfg["continuations"]), re.compile(rf"(?:{words})"), doubled


_DOUBLED_HAN = re.compile(r"([\u4e00-\u9fff])\1")
_HAN = re.compile(r"[\u4e00-\u9fff]")


@lru_cache(maxsize=1)
def _han_only() -> bool:
    """Do all patterns end in a doubled Chinese character (so a text without one has no
    typo of this rule)?"""
    cfg = config()["typos"]
    return all(_HAN.fullmatch(x[-1]) for x in [*cfg["words"], *cfg["doubled"]])


@rule(CODE, NAME, "warning", "repeated character / typo pattern")
def check(ctx: Context) -> Iterator[Finding]:
    cfg = config()["typos"]
    norm = ctx.norm
    if _han_only() and not _DOUBLED_HAN.search(norm):
        return  # every finding below is a Chinese character written twice
    cont, words, doubled = _patterns()
    for m in words.finditer(norm):
        w = m.group(0)
        e = m.end()
        if e < len(norm) and norm[e] == w[-1]:
            nxt = norm[e : e + 2]
            if nxt in cont or (e + 1 < len(norm) and norm[e + 1] == w[-1]):
                continue
            yield Finding(
                CODE, "warning", NAME,
                f"“{w}{w[-1]}”疑多一“{w[-1]}”字，应为“{w}”",
                f"'{w}{w[-1]}': the character {w[-1]} seems doubled",
                m.start(), e + 1, [span_ref(ctx, m.start(), e + 1, "text")], w + w[-1], w,
            )  # fmt: skip
    white = cfg["whitelist"]
    for ch, pat in doubled:
        if ch not in norm:
            continue
        for m in pat.finditer(norm):
            around = norm[max(0, m.start() - 2) : m.end() + 2]
            if any(x in around for x in white):
                continue
            yield Finding(
                CODE, "warning", NAME,
                f"“{ch}{ch}”疑为重复字",
                f"'{ch}{ch}' looks like a doubled character",
                m.start(), m.end(), [span_ref(ctx, m.start(), m.end(), "text")], ch * 2, ch,
            )  # fmt: skip
