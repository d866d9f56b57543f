"""The rule registry, relations and their findings (Relation → Finding)."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass
from fractions import Fraction

from briefing.checks.context import Context
from briefing.checks.intervals import Q, Verdict, fmt
from briefing.model import FigureRef, Finding, Relation

# ---------------------------------------------------------------------------
# Registry
# ---------------------------------------------------------------------------


RuleFunc = Callable[["Context"], Iterable["Judged | Finding"]]


@dataclass(frozen=True, slots=True)
class RuleInfo:
    """A registered check rule: code, name, severity, summary and function."""

    code: str
    name: str
    severity: str  # severity of an inconsistent relation / a finding of this rule
    summary: str
    func: RuleFunc


REGISTRY: dict[str, RuleInfo] = {}


def rule(
    code: str, name: str, severity: str, summary: str
) -> Callable[
    [RuleFunc],
    RuleFunc,
]:
    """Register a rule function under its BR code."""

    def deco(fn: RuleFunc) -> RuleFunc:
        REGISTRY[code] = RuleInfo(code, name, severity, summary, fn)
        return fn

    return deco


def ref(q: Q, role: str) -> FigureRef:
    return FigureRef(q.start, q.end, q.text, role)


def span_ref(ctx: Context, start: int, end: int, role: str) -> FigureRef:
    return FigureRef(start, end, ctx.text[start:end], role)


@dataclass(slots=True)
class Msg:
    """Message pieces carried from a rule to the Finding it becomes."""

    zh: str
    en: str
    stated: str | None = None
    expected: str | None = None
    at: tuple[int, int] | None = None  # where the finding points, if not the whole relation


def relation(
    code: str,
    name: str,
    status: str,
    formula: str,
    refs: list[FigureRef],
    msg: Msg | None = None,
    implied: str | None = None,
) -> Judged:
    start = min(r.start for r in refs)
    end = max(r.end for r in refs)
    rel = Relation(
        rule=name,
        status=status,  # type: ignore[arg-type]
        formula=formula,
        figures=refs,
        start=start,
        end=end,
        implied=implied,
        code=code,
    )
    return Judged(rel, msg)


@dataclass(slots=True)
class Judged:
    """A relation and, when it is not consistent, the message of its finding.

    ``pinned``: the words alone pin this reading (a breakdown in parentheses right after
    its total): it stands though another reading of its stated figure agrees."""

    relation: Relation
    msg: Msg | None = None
    pinned: bool = False


def to_finding(j: Judged) -> Finding | None:
    """Inconsistent → error; rounding/truncation → warning; unverifiable → info."""
    rel, msg = j.relation, j.msg
    if rel.status == "consistent" or msg is None or rel.code is None:
        return None
    info = REGISTRY.get(rel.code)
    severity = {
        "inconsistent": info.severity if info else "error",
        "rounding": "warning",
        "unverifiable": "info",
    }[rel.status]
    return Finding(
        code=rel.code,
        severity=severity,  # type: ignore[arg-type]
        rule=rel.rule,
        message=msg.zh,
        message_en=msg.en,
        start=msg.at[0] if msg.at else rel.start,
        end=msg.at[1] if msg.at else rel.end,
        figures=list(rel.figures),
        stated=msg.stated,
        expected=msg.expected,
    )


def verdict_relation(
    code: str,
    name: str,
    verdict: Verdict,
    expr: str,
    computed: str,
    stated_text: str,
    refs: list[FigureRef],
    en: str,
) -> Judged:
    """Build a relation (and its finding message) from a verdict of :func:`judge`.

    ``expr`` is the arithmetic (``9.9 ÷ 25.75``), ``computed`` its result as an
    editor would write it, ``stated_text`` the stated figure.
    """
    formula = f"{expr} = {computed}（文中 {stated_text}）"
    st = verdict.status
    if st == "consistent":
        return relation(code, name, "consistent", formula, refs)
    if st == "rounding":
        ops = "、".join(q.text for q in verdict.rounded)
        zh = (
            f"{expr} = {computed}，文中为 {stated_text}：仅当{ops}为约数"
            f"（末位四舍五入，可差 ±{_half_text(verdict.rounded[0])}）时才成立"
        )
        return relation(
            code, name, "rounding", formula, refs,
            Msg(zh, f"{en}: holds only if {ops} is a rounded figure", stated_text, computed),
        )  # fmt: skip
    if st == "truncation":
        zh = f"{expr} = {computed}，文中为 {stated_text}：文中数字为截尾而非四舍五入"
        return relation(
            code, name, "rounding", formula, refs,
            Msg(zh, f"{en}: the stated figure is truncated, not rounded", stated_text, computed),
        )  # fmt: skip
    zh = f"{expr} = {computed}，文中为 {stated_text}"
    return relation(
        code, name, "inconsistent", formula, refs,
        Msg(zh, f"{en}: computed {computed}, stated {stated_text}", stated_text, computed),
    )  # fmt: skip


def _half_text(q: Q) -> str:
    return f"{fmt(Fraction(1, 2), 1)}{q.unit}"
