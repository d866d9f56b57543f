"""A figure's clause never reaches back past where its rule bounds it (the start of its
sentence, or 30 characters): a clause break missing from that stretch must not make the
clause the whole document before the figure (wrong words read, and quadratic time on a
long document).  All inputs are invented."""

from __future__ import annotations

import briefing
from briefing.checks import partition, shares100
from briefing.checks.context import Context


def _ctx(text: str) -> Context:
    doc = briefing.read_text(text)
    return Context(doc, briefing.extract(doc))


def test_a_share_clause_starts_at_its_sentence_when_no_break_precedes_it() -> None:
    ctx = _ctx("全县共有项目40个，已完成10个。推进中的占比62.5%，其余未启动。")
    q = next(q for q in ctx.qs if q.written == "62.5")
    sent = next(s for s in ctx.sents if s.start <= q.start < s.end)
    assert sent.start > 0
    assert shares100._clause_start(ctx, sent.start, q.start) == sent.start


def test_a_change_word_further_back_than_the_clause_reach_is_not_read() -> None:
    text = (
        "全县工业产值下降3%。"
        + "全县各乡镇统筹推进重点项目建设工作稳步有序开展整体态势良好" * 2
        + "12%"
    )
    ctx = _ctx(text)
    q = next(q for q in ctx.qs if q.written == "12")
    assert "，" not in ctx.norm[q.start - 30 : q.start]  # no break within the reach
    assert partition.change_direction(ctx, q) == "?"  # 下降 lies before the reach
