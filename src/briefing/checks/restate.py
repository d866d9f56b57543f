"""BR107 restatements read with evidence: the same figure stated again (headline and
body, summary and detail) is one relation over every copy.

Two figures restate each other when they are of one family, equal within their
precision, in different sentences, and their labels say the same thing (most of their
canonical atoms shared; a percentage or a one-digit count, equal by chance more often,
needs a wider label too) and their periods agree.  A copy whose digits differ is a
warning when its words are the same as the first one's, or when it is one slip away from
it (:func:`briefing.checks.evidence.slip_to`).

Example::

    全县新签约项目126个，签约金额385.6亿元。… 全县新签约项目126个，签约金额358.6亿元
    → 385.6亿元 ≠ 358.6亿元: a warning
"""

from __future__ import annotations

from collections.abc import Iterator

from briefing.checks.engine import Context, Judged, Msg, Q, ref, relation
from briefing.checks.evidence import (
    iv,
    label_atoms,
    overlap,
    same_value,
    sig_digits,
    slip_to,
    wide_label,
)

CODE = "BR107"
NAME = "repeat"
_REPEAT_FAMILIES_SKIP = frozenset(("pp",))


def _restates(ctx: Context, a: Q, la: frozenset[str], b: Q, lb: frozenset[str]) -> bool:
    """Do two equal figures state the same thing?  Their labels share most words (a
    percentage or a one-digit count, common by chance, needs more of them and a wider
    label) and their periods agree."""
    pa, pb = a.fig.period, b.fig.period
    if pa and pb and pa != pb:
        return False
    common = len(la & lb)
    sig = sig_digits(a)
    if a.family in ("%", "pp") or sig <= 1:
        wa, wb = wide_label(ctx, a), wide_label(ctx, b)
        return len(wa & wb) >= 4 and overlap(wa, wb) >= 0.75 and overlap(la, lb) >= 0.75
    need = 0.5 if sig >= 3 else 0.75
    return common >= 2 and overlap(la, lb) >= need


def propose(ctx: Context) -> Iterator[Judged]:
    """A figure stated again in another sentence: the same family, a label that says the
    same thing (most of its words shared) → one consistent relation over every copy
    when the values agree within their precision; an inconsistent one (a warning) when
    two labels are nearly the same, of the same period and subject, and the values
    differ."""
    qs = [q for q in ctx.qs if q.family not in _REPEAT_FAMILIES_SKIP and q.qualifier is None]
    by_family: dict[str, list[Q]] = {}
    for q in qs:
        by_family.setdefault(q.family, []).append(q)
    paired: set[int] = set()
    for group in by_family.values():
        if len(group) < 2 or len(group) > 400:
            continue
        labels = [label_atoms(ctx, q) for q in group]
        for i, a in enumerate(group):
            if a.start in paired:
                continue
            sa = ctx.sentence_index(a.start)
            la = labels[i]
            if len(la) < 2:
                continue
            copies: list[Q] = []
            differ: Q | None = None
            for j in range(i + 1, len(group)):
                b = group[j]
                lb = labels[j]
                if len(lb) < 2 or ctx.sentence_index(b.start) == sa or b.start in paired:
                    continue
                if same_value(a, b):
                    if _restates(ctx, a, la, b, lb):
                        copies.append(b)
                elif (
                    differ is None
                    and not copies
                    and a.unit == b.unit
                    and la != lb
                    and _restates(ctx, a, la, b, lb)
                    and slip_to(b, *iv(a)) is not None
                ):
                    differ = b
                elif (
                    differ is None
                    and not copies
                    and la == lb
                    and a.unit == b.unit
                    and a.family not in ("%", "pp")
                ):
                    # a copy whose digits changed: the same words before it, a
                    # different value (two figures of parallel clauses differ in words)
                    wa, wb = wide_label(ctx, a), wide_label(ctx, b)
                    if (
                        wa == wb
                        and len(wa) >= 5
                        and a.fig.period == b.fig.period
                        and a.fig.subject == b.fig.subject
                    ):
                        differ = b
            if copies:
                paired.update(q.start for q in copies)
                refs = [ref(a, "first"), *[ref(q, "stated") for q in copies]]
                formula = " = ".join(q.text for q in [a, *copies])
                yield relation(CODE, NAME, "consistent", formula, refs)
            elif differ is not None:
                b = differ
                zh = f"同一指标前后不一致：前文为 {a.text}，此处为 {b.text}，请核对"
                en = f"the same figure is stated as {a.text} and as {b.text}"
                yield relation(
                    CODE, NAME, "inconsistent", f"{a.text} ≠ {b.text}",
                    [ref(a, "first"), ref(b, "stated")],
                    Msg(zh, en, b.text, a.text),
                )  # fmt: skip
