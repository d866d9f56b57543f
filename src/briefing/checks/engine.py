"""Check engine: the rule registry, interval arithmetic and Relation → Finding.

Split by responsibility; this module gathers the three for the rules:

- :mod:`briefing.checks.intervals`: quantities, intervals and judgement within reported
  precision (exact, with a float pre-filter of proven error bounds), number formatting;
- :mod:`briefing.checks.context`: the document as rules see it (figures, sentences,
  paragraphs, labels, bracket depth);
- :mod:`briefing.checks.registry`: the rule registry, relations, messages, findings.
"""

from __future__ import annotations

from briefing.checks.context import Context, Sent, paren_depth
from briefing.checks.intervals import (
    CHANGE_WORD_END,
    INF,
    QIZHONG,
    SEMI,
    Interval,
    Q,
    Verdict,
    add_all,
    at_most,
    config,
    corners,
    fmt,
    fmt_implied,
    fmt_q,
    fmt_sum,
    holds,
    implied_decimals,
    intervals_meet,
    judge,
    judge_exact,
    lo_at_most_hi,
    quantity,
    share_of,
    w,
)
from briefing.checks.registry import (
    REGISTRY,
    Judged,
    Msg,
    RuleFunc,
    RuleInfo,
    ref,
    relation,
    rule,
    span_ref,
    to_finding,
    verdict_relation,
)

__all__ = [
    "CHANGE_WORD_END", "INF", "QIZHONG", "REGISTRY", "SEMI", "Context", "Interval", "Judged",
    "Msg", "Q", "RuleFunc", "RuleInfo", "Sent", "Verdict", "add_all", "at_most", "config",
    "corners", "fmt", "fmt_implied", "fmt_q", "fmt_sum", "holds", "implied_decimals", "intervals_meet",
    "judge",
    "judge_exact", "lo_at_most_hi", "paren_depth", "quantity", "ref", "relation", "rule",
    "share_of", "span_ref", "to_finding", "verdict_relation", "w",
]  # fmt: skip
