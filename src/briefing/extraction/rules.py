"""Language data for extraction, loaded once from ``briefing/data``."""

from __future__ import annotations

import re
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from functools import lru_cache
from typing import Any

from briefing import recache
from briefing.data import data_text


def _lines(name: str) -> list[str]:
    raw = data_text(name)
    out = []
    for line in raw.splitlines():
        line = line.strip()
        if line and not line.startswith("#"):
            out.append(line)
    return out


def alternation(words: Sequence[str]) -> str:
    """A trie-shaped regex for a word list: longest match first, fast in ``re``."""
    return recache.memo("alternation", "\n".join(words), lambda: _build_alternation(list(words)))


def _build_alternation(words: list[str]) -> str:
    trie: dict[str, Any] = {}
    for w in set(words):
        node = trie
        for ch in w:
            node = node.setdefault(ch, {})
        node[""] = {}
    return _trie_re(trie)


def _trie_re(node: dict[str, Any]) -> str:
    ends = "" in node
    branches = [re.escape(ch) + _trie_re(sub) for ch, sub in sorted(node.items()) if ch]
    if not branches:
        return ""
    body = branches[0] if len(branches) == 1 else "(?:" + "|".join(branches) + ")"
    if ends:
        return f"(?:{body})?"
    return body


def _first_chars(pattern: str) -> str | None:
    """Possible first characters of an alternation of simple patterns (None if unknown)."""
    return recache.memo("first-chars", pattern, lambda: _find_first_chars(pattern))


def _find_first_chars(pattern: str) -> str | None:
    from re import _parser as sre_parse  # type: ignore[attr-defined]

    chars: set[str] = set()

    def walk(items: list) -> bool:  # type: ignore[type-arg]
        if not items:
            return False
        op, av = items[0]
        name = str(op)
        if name == "LITERAL":
            chars.add(chr(av))
            return True
        if name == "IN":
            for o, a in av:
                if str(o) == "LITERAL":
                    chars.add(chr(a))
                elif str(o) == "RANGE":
                    if a[1] - a[0] > 200:
                        return False
                    chars.update(chr(c) for c in range(a[0], a[1] + 1))
                else:
                    return False
            return True
        if name == "ASSERT" or name == "ASSERT_NOT":
            return walk(items[1:])  # consumes nothing: the next item starts the match
        if name == "BRANCH":
            return all(walk(list(b)) for b in av[1])
        if name == "SUBPATTERN":
            return walk(list(av[3]))
        if name == "MAX_REPEAT" or name == "MIN_REPEAT":
            lo, _hi, sub = av
            if lo == 0:
                return walk(list(sub)) and walk(items[1:])
            return walk(list(sub))
        return False

    try:
        ok = walk(list(sre_parse.parse(pattern)))
    except Exception:  # pragma: no cover - defensive
        return None
    return "".join(sorted(chars)) if ok and chars else None


def _fast(pattern: str) -> re.Pattern[str]:
    """Compile with a leading lookahead on the first characters: ``re`` then skips fast.

    Only for alternations whose branches start with groups or classes.  A trie of
    literals (:func:`alternation`) needs no help: ``re`` already derives a first-character
    set from it, and a leading lookahead would hide that set (measured 1.5x slower).
    """
    first = _first_chars(pattern)
    if first is None:
        return re.compile(pattern)
    cls = "".join(re.escape(c) for c in first)
    return re.compile(f"(?=[{cls}])(?:{pattern})")


#: ASCII characters that mark inserted mirror-site noise (the ``junk`` test of a family).
JUNK_CHARS = frozenset("$^{}\\@+_|&*#<>=~![]'\"`")


@dataclass(slots=True, frozen=True)
class FamilyPattern:
    """One pattern of a family, with the cheap test a text must pass before it runs."""

    source: str  # the pattern, compiled on first use (most texts skip most patterns)
    need: tuple[str, ...]  # one of these literals must occur in the text, or ()
    need_source: str | None  # ... and this pattern must match somewhere, or None
    anchor: tuple[str, ...] = ()  # run only in windows around these literals, or ()
    window: int = 0  # characters each side of an anchor

    @property
    def pattern(self) -> re.Pattern[str]:
        return _compiled(self.source)

    @property
    def need_re(self) -> re.Pattern[str] | None:
        return None if self.need_source is None else _compiled(self.need_source)

    def applies(self, text: str) -> bool:
        if self.need and not any(w in text for w in self.need):
            return False
        need_re = self.need_re
        return need_re is None or need_re.search(text) is not None

    def finditer(self, text: str) -> Iterator[re.Match[str]]:
        """Matches in ``text``: everywhere, or in the merged windows around the anchors
        (a C-speed ``str.find`` skips the rest; lookbehinds still see the whole text)."""
        if not self.anchor:
            return self.pattern.finditer(text)
        return self._windows(text)

    def _windows(self, text: str) -> Iterator[re.Match[str]]:
        spans: list[tuple[int, int]] = []
        w, n = self.window, len(text)
        for a in self.anchor:
            i = text.find(a)
            while i >= 0:
                spans.append((max(0, i - w), min(n, i + len(a) + w)))
                i = text.find(a, i + 1)
        spans.sort()
        pattern = self.pattern
        last = 0
        k = 0
        while k < len(spans):
            lo, hi = spans[k]
            k += 1
            while k < len(spans) and spans[k][0] <= hi:
                hi = max(hi, spans[k][1])
                k += 1
            for m in pattern.finditer(text, max(lo, last), hi):
                last = m.end()
                yield m


@dataclass(slots=True, frozen=True)
class Family:
    """A non-quantity family of ``data/nonquantities.toml`` (hotlines, document numbers…)."""

    name: str
    kind: str  # "skip" (claim, no figure), "date" (a stamp) or "ratio"
    need: tuple[str, ...]  # one of these literals must occur in the text, or ()
    patterns: tuple[FamilyPattern, ...]
    junk: int  # minimum count of JUNK_CHARS in a match (0: no test)
    examples: tuple[str, ...]


_COMPILED: dict[str, re.Pattern[str]] = {}


def _compiled(source: str) -> re.Pattern[str]:
    """The compiled family pattern ``source`` (compiled once, when a text first needs it:
    a cold start compiles only the patterns its text gets to)."""
    pat = _COMPILED.get(source)
    if pat is None:
        pat = _COMPILED[source] = re.compile(source)
    return pat


def _family_pattern(p: str | dict[str, Any]) -> FamilyPattern:
    if isinstance(p, str):
        return FamilyPattern(p, (), None)
    need_re = p.get("need_re")
    return FamilyPattern(
        p["re"],
        tuple(p.get("need", ())),
        need_re or None,
        tuple(p.get("anchor", ())),
        int(p.get("window", 24)),
    )


def _families() -> tuple[Family, ...]:
    raw = data_text("nonquantities.toml")
    out = []
    for f in recache.toml(raw)["family"]:
        if f["kind"] not in ("skip", "date", "ratio"):
            raise ValueError(
                f"nonquantities.toml: family {f['name']!r}: unknown kind {f['kind']!r}"
            )
        out.append(
            Family(
                name=f["name"],
                kind=f["kind"],
                need=tuple(f.get("need", ())),
                patterns=tuple(_family_pattern(p) for p in f["patterns"]),
                junk=int(f.get("junk", 0)),
                examples=tuple(f.get("examples", ())),
            )
        )
    return tuple(out)


@dataclass(slots=True, frozen=True)
class Rules:
    """The compiled language knowledge the figure extractor uses (loaded once)."""

    slogans: list[str]
    slogan_re: re.Pattern[str]
    metrics: list[str]
    metric_re: re.Pattern[str]
    rate_re: re.Pattern[str]  # generic rate words: 投产率 = up to 4 characters + 率
    period_re: re.Pattern[str]
    period_comparison_before: tuple[str, ...]  # 比去年同期: a comparison base, not a period
    period_target_share: tuple[str, ...]  # 占全年计划的45%: a target's period …
    period_target_after: tuple[str, ...]  # … between these two
    period_lead_re: re.Pattern[str]  # what may stand before a period that leads a sentence
    subject_re: re.Pattern[str]
    list_openers: list[str]
    one_not_count_before: frozenset[str]
    not_count_after: frozenset[str]
    approx_word_before: frozenset[str]  # 履约, 签约: 约 there is no qualifier
    one_indefinite_units: frozenset[str]  # 一批 = 'a number of'
    duration_not_after: frozenset[str]  # 这十年: a span named, not measured
    bare_count_re: re.Pattern[str]  # 就业, 用户: nouns counted by a bare 万/亿 number
    bare_count_after: tuple[str, ...]  # 1700多万困难群众: people nouns after the number
    money_scale_re: re.Pattern[str]  # 资金9.2亿: money metrics whose 元 may be left out
    one_indefinite_after: tuple[str, ...]  # 走出了一条: 一 is "a"
    place_suffixes: frozenset[str]  # 三元区: numeral + unit + place ending is a name
    place_name_units: frozenset[str]  # … for these units only (元, 里)
    qualifier_links: frozenset[str]  # 至少有25个
    slogan_suffix_re: str
    families: tuple[Family, ...]  # non-quantity families, in the order they claim text
    metric_stop: frozenset[str]  # function words a generic rate name never reaches over


@lru_cache(maxsize=1)
def rules() -> Rules:
    slogans = _lines("slogans.txt")
    metrics = _lines("metrics.txt")
    ctx: dict[str, Any] = recache.toml(data_text("context.toml"))
    return Rules(
        slogans=slogans,
        slogan_re=re.compile(alternation(slogans)),
        metrics=metrics,
        metric_re=re.compile(alternation(metrics)),
        rate_re=re.compile("率|占比|比重|增速"),
        period_re=_fast("|".join(f"(?:{p})" for p in ctx["periods"])),
        period_comparison_before=tuple(ctx["period_comparison_before"]),
        period_target_share=tuple(ctx["period_target_share"]),
        period_target_after=tuple(ctx["period_target_after"]),
        period_lead_re=re.compile(
            r"[\s　]*(?:[一二三四五六七八九十]{1,3}是|（[一二三四五六七八九十\d]{1,3}）"
            r"|[一二三四五六七八九十]{1,3}、|\d{1,2}[.、])?[，,\s]*(?:(?:"
            + alternation(ctx["period_lead_prefixes"])
            + r")[，,\s]*){0,2}"
        ),
        subject_re=_fast("|".join(f"(?:{p})" for p in ctx["subjects"])),
        list_openers=list(ctx["list_openers"]),
        one_not_count_before=frozenset(ctx["one_not_count_before"]),
        not_count_after=frozenset(ctx["not_count_after"]),
        approx_word_before=frozenset(ctx["approx_word_before"]),
        one_indefinite_units=frozenset(ctx["one_indefinite_units"]),
        duration_not_after=frozenset(ctx["duration_not_after"]),
        bare_count_re=re.compile(alternation(ctx["bare_count_nouns"])),
        bare_count_after=tuple(ctx["bare_count_nouns_after"]),
        money_scale_re=re.compile(alternation(ctx["money_bare_scale_words"])),
        one_indefinite_after=tuple(ctx["one_indefinite_after"]),
        place_suffixes=frozenset(ctx["place_suffixes"]),
        place_name_units=frozenset(ctx["place_name_units"]),
        qualifier_links=frozenset(ctx["qualifier_links"]),
        slogan_suffix_re=alternation(ctx["slogan_suffixes"]),
        families=_families(),
        metric_stop=frozenset(ctx["metric_stop_chars"]),
    )
