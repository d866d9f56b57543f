"""Canonical metric keys: when two metric phrases name the same measure.

``年度计划投资``, ``年度投资计划``, ``年计划投资`` and ``全年计划投资`` are one metric;
``累计完成投资`` and ``完成投资`` are one metric; ``总投资`` is another.  A phrase is cut
into atoms (longest spelling first, from ``data/metric_keys.toml``); fillers and verbs
that do not change what is measured (累计, 完成, 已, 的) drop out; every other
character is an atom of its own.  The key is the sorted atoms, so word order does not
matter::

    >>> metric_key("完成年度投资计划") == metric_key("年计划投资")
    True
    >>> metric_key("累计完成投资") == metric_key("完成投资")
    True
    >>> metric_key("总投资") == metric_key("年度计划投资")
    False
"""

from __future__ import annotations

import re
from functools import lru_cache
from pathlib import Path

from briefing import recache

DATA = Path(__file__).resolve().parents[1] / "data" / "metric_keys.toml"
_HAN = re.compile(r"[\u4e00-\u9fff]")


@lru_cache(maxsize=1)
def _table() -> tuple[re.Pattern[str], dict[str, str], frozenset[str]]:
    data = recache.toml(DATA.read_text(encoding="utf-8"))
    spell: dict[str, str] = {}
    for atom, spellings in data["atoms"].items():
        for s in spellings:
            spell.setdefault(s, atom)
    alts = sorted(spell, key=len, reverse=True)
    pat = re.compile("|".join(re.escape(a) for a in alts) + r"|[\u4e00-\u9fff]")
    return pat, spell, frozenset(data["whole_of"]["lend"])


@lru_cache(maxsize=8192)
def atoms(phrase: str | None) -> frozenset[str]:
    """The canonical atoms of a metric phrase (empty for None or no Chinese)."""
    if not phrase:
        return frozenset()
    pat, spell, _ = _table()
    out = set()
    for m in pat.finditer(phrase):
        a = spell.get(m.group(), m.group())
        if a:
            out.add(a)
    return frozenset(out)


def metric_key(phrase: str | None) -> str:
    """A stable key for a metric phrase: its atoms, sorted and joined with ``+``."""
    return "+".join(sorted(atoms(phrase)))


def lendable() -> frozenset[str]:
    """Atoms a part lends to a whole named by a plan word alone (完成投资 → 年度计划)."""
    return _table()[2]


@lru_cache(maxsize=1)
def total_aliases() -> tuple[tuple[str, str], ...]:
    """(label measure, whole measure) pairs of totals that name one thing (总资金 = 总投资)."""
    data = recache.toml(DATA.read_text(encoding="utf-8"))
    return tuple((a, b) for a, b in data["whole_of"].get("total_alias", []))


def as_total_of(label: frozenset[str], target: frozenset[str]) -> frozenset[str]:
    """A total's label with the measure the whole names when the two are aliases:
    ``总资金`` read for ``总投资``."""
    if "总" not in label or "总" not in target:
        return label
    out = set(label)
    for have, want in total_aliases():
        if have in label and want in target and want not in label:
            out.add(want)
    return frozenset(out)


def whole_atoms(phrase: str, part_metric: str | None) -> frozenset[str]:
    """The atoms of a share's whole: the phrase's own, plus what the part measures when
    the phrase names only a plan or a total (``完成年度计划的`` after ``完成投资``)."""
    own = atoms(phrase)
    lend = lendable()
    if own & lend:
        return own
    return own | (atoms(part_metric) & lend)


def similarity(a: frozenset[str], b: frozenset[str]) -> float:
    """Jaccard similarity of two atom sets (0 when either is empty)."""
    if not a or not b:
        return 0.0
    return len(a & b) / len(a | b)
