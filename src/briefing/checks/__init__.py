"""Arithmetic cross-checks: ``check(doc, figures=None) -> Report``.

Each rule lives in its own module with its BR code (see :data:`engine.REGISTRY`);
rules yield relations (judged within reported precision) and findings.
"""

from __future__ import annotations

from collections.abc import Sequence

from briefing.checks import (  # noqa: F401  (importing registers the rules)
    average,
    brackets,
    complements,
    containment,
    duration,
    enumeration,
    gaps,
    growth,
    headers,
    levels,
    mirror,
    ordinal,
    pairing,
    partition,
    ranges,
    ratio,
    repeat,
    restate,
    shares100,
    subset,
    sums,
    tables,
    time_progress,
    typos,
)
from briefing.checks.engine import REGISTRY, Judged, to_finding
from briefing.model import Document, Figure, Finding, Relation, Report

__all__ = ["REGISTRY", "check", "figures_for"]


def figures_for(doc: Document) -> list[Figure]:
    """Figures of ``doc`` from figure extraction (``briefing.extract``)."""
    from briefing.extraction import extract

    return extract(doc)


def _selected(code: str, select: Sequence[str] | None, ignore: Sequence[str] | None) -> bool:
    if select and not any(code.startswith(s) for s in select):
        return False
    return not (ignore and any(code.startswith(s) for s in ignore))


def check(
    doc: Document,
    figures: Sequence[Figure] | None = None,
    *,
    select: Sequence[str] | None = None,
    ignore: Sequence[str] | None = None,
) -> Report:
    """Cross-check the arithmetic of ``doc``: every relation recognised and the findings."""
    figs = list(figures) if figures is not None else figures_for(doc)
    # the cells of recognised tables are judged by the table rules alone (tables.py): the
    # prose rules would pair cells of different rows and columns
    ctx, table_ctx = tables.contexts(doc, figs)
    relations: list[Relation] = []
    findings: list[Finding] = []
    judged: list[Judged] = []
    for code, keys in _plan():
        if not _selected(code, select, ignore):
            continue
        items = list(REGISTRY[code].func(ctx))
        for key in keys:
            # readings ranked with arithmetic as evidence, reconciled with the rule's own
            items.extend(PROPOSERS[key](table_ctx if key in _TABLE_KEYS else ctx))
        for item in items:
            if isinstance(item, Judged):
                judged.append(item)
            else:
                findings.append(item)
    judged, findings = _reconcile(judged, findings)
    for item in judged:
        if item.relation.status == "unverifiable" and item.relation.rule == "ratio":
            # an implied whole is a note for the editor (info), not a relation found:
            # nothing was checked, and its part is often not the share's part at all
            f = to_finding(item)
            if f is not None:
                findings.append(f)
            continue
        relations.append(item.relation)
        f = to_finding(item)
        if f is not None:
            findings.append(f)
    relations.sort(key=lambda r: (r.start, r.end))
    findings = _merge_repeats(doc, findings)
    findings.sort(key=lambda f: (f.start, f.code))
    return Report(doc=doc.path, relations=relations, findings=findings)


#: readings ranked with arithmetic as evidence, by the BR code whose rule they extend
PROPOSERS = {
    pairing.CODE: pairing.propose,
    partition.CODE: partition.propose_sums,
    partition.CODE + "l": levels.propose,
    partition.CODE + "h": headers.propose,
    partition.CODE + "k": complements.propose,
    shares100.CODE + "b": shares100.propose,
    partition.SUBSET_CODE: partition.propose_subsets,
    partition.SUBSET_CODE + "c": containment.propose,
    gaps.CODE: gaps.propose,
    restate.CODE: restate.propose,
    restate.CODE + "m": mirror.propose,  # English translations of Chinese passages
    repeat.CODE + "s": repeat.propose_slipped,  # after restate: its reading of a pair wins
    average.CODE + "a": average.propose,
    # tables: 合计 rows/columns, share and rate columns, area × yield, prose vs table
    tables.SUM_CODE + "t": tables.propose_sums,
    tables.RATIO_CODE + "t": tables.propose_ratios,
    tables.REPEAT_CODE + "t": tables.propose_restated,
}

_TABLE_KEYS = frozenset(k for k in PROPOSERS if k.endswith("t"))

_PLANS: dict[tuple[tuple[str, ...], tuple[str, ...]], list[tuple[str, list[str]]]] = {}


def _plan() -> list[tuple[str, list[str]]]:
    """The rules' codes in order, each with the keys of its proposers in order (worked
    out once for the registry and proposers as they stand, not on every check)."""
    key = (tuple(REGISTRY), tuple(PROPOSERS))
    plan = _PLANS.get(key)
    if plan is None:
        keys = sorted(PROPOSERS)
        plan = [(code, [k for k in keys if k.startswith(code)]) for code in sorted(REGISTRY)]
        _PLANS.clear()
        _PLANS[key] = plan
    return plan


_STATED_ROLES = ("rate", "total", "gap", "stated")


def _stated(rel: Relation) -> tuple[str, int, int] | None:
    for r in rel.figures:
        if r.role in _STATED_ROLES:
            return rel.rule, r.start, r.end
    return None


def _reconcile(judged: list[Judged], findings: list[Finding]) -> tuple[list[Judged], list[Finding]]:
    """Arithmetic as evidence across readings: when several readings of one stated figure
    (a rate, a total, a gap) were proposed and one agrees, the others are dropped (unless
    their words alone pin them: :attr:`Judged.pinned`), and so are warnings about that
    figure that no reading agreed.  Identical readings count once."""
    agreed: set[tuple[str, int, int]] = set()
    for j in judged:
        key = _stated(j.relation)
        if key is not None and j.relation.status == "consistent":
            agreed.add(key)
    out: list[Judged] = []
    seen: set[tuple[str, tuple[tuple[int, int, str], ...]]] = set()
    for j in judged:
        rel = j.relation
        key = _stated(rel)
        if key is not None and key in agreed and rel.status != "consistent" and not j.pinned:
            continue
        ident = (rel.rule, tuple(sorted((f.start, f.end, f.role) for f in rel.figures)))
        if ident in seen:
            continue
        seen.add(ident)
        out.append(j)
    kept = []
    for f in findings:
        rate = next((r for r in f.figures if r.role == "rate"), None)
        if (
            f.severity == "warning"
            and rate is not None
            and (f.rule, rate.start, rate.end) in agreed
            and f.expected is None
        ):
            continue
        kept.append(f)
    return out, kept


def _merge_repeats(doc: Document, findings: list[Finding]) -> list[Finding]:
    """The same slip copied to several places is one finding (naming how often it occurs)."""
    seen: dict[tuple[str, str, str | None, str | None], Finding] = {}
    out: list[Finding] = []
    for f in findings:
        key = (f.code, f.message, f.stated, f.expected)
        first = seen.get(key)
        if first is None:
            seen[key] = f
            out.append(f)
            continue
        n = (
            int(first.message.rsplit("（同一问题在文中出现", 1)[1].split("次")[0])
            if "（同一问题在文中出现" in first.message
            else 1
        )
        base = first.message.split("（同一问题在文中出现")[0]
        first.message = f"{base}（同一问题在文中出现{n + 1}次）"
        first.message_en = first.message_en.split(" (occurs")[0] + f" (occurs {n + 1} times)"
    return out
