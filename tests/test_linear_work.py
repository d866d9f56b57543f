"""Work grows in proportion to the input (issues 16 and 17), measured by counting, not
by timing: how many figures the checks are handed by the context's span lookups
(``in_span``, ``near``, ``last_in_span``, ``starting_before``), how many clause
lookups the extraction makes, how many intervals are compared and periods read, for
an input of size n and of size 4n.  Linear work is
about 4 times as much; quadratic work, 16 times.  Counts do not depend on the machine,
so the bound can be tight (6).  All inputs are invented."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import Any

import pytest

import briefing
from briefing.checks import time_progress
from briefing.checks.context import Context
from briefing.checks.intervals import Interval
from briefing.extraction import context as extraction_context

BOUND = 6.0  # for 4 times the input: linear ~4, quadratic ~16


@contextmanager
def _counting(monkeypatch: pytest.MonkeyPatch) -> Iterator[list[int]]:
    seen = [0]

    def counted(fn: Callable[..., Any]) -> Callable[..., Any]:
        def wrapper(*args: Any, **kwargs: Any) -> Any:
            out = fn(*args, **kwargs)
            seen[0] += 1 + len(out)
            return out

        return wrapper

    with monkeypatch.context() as m:
        for name in ("in_span", "near", "last_in_span", "starting_before"):
            m.setattr(Context, name, counted(getattr(Context, name)))
        original = extraction_context._clause_start

        def clause_start(doc: Any, norm: str, lo: int, clauses: Any, pos: int, *a: Any) -> int:
            starts = a[0] if a else None
            # a scan of the clauses costs one step per clause before the hit; bisection one
            seen[0] += 1 if starts is not None else 1 + sum(c.start <= pos for c in clauses)
            return original(doc, norm, lo, clauses, pos, *a)

        m.setattr(extraction_context, "_clause_start", clause_start)
        # interval comparisons and period readings: one each per comparison made
        for owner, name in ((Interval, "meets"), (time_progress, "_months")):
            m.setattr(owner, name, _tally(getattr(owner, name), seen))
        yield seen


def _tally(fn: Callable[..., Any], seen: list[int]) -> Callable[..., Any]:
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        seen[0] += 1
        return fn(*args, **kwargs)

    return wrapper


def _work(monkeypatch: pytest.MonkeyPatch, text: str) -> int:
    with _counting(monkeypatch) as seen:
        doc = briefing.read_text(text, name="work.txt")
        briefing.check(doc, briefing.extract(doc))
    return seen[0]


def _growth(monkeypatch: pytest.MonkeyPatch, make: Callable[[int], str], n: int) -> float:
    return _work(monkeypatch, make(4 * n)) / _work(monkeypatch, make(n))


def test_a_long_sentence_of_qizhong_repeats_takes_linear_work(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    def make(n: int) -> str:
        return "全区共有企业500个，" + "其中1个，" * n + "其余正常。"

    ratio = _growth(monkeypatch, make, 250)
    assert ratio < BOUND, f"4× the sentence took {ratio:.1f}× the work"


def test_a_long_line_of_figures_without_punctuation_takes_linear_work(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    unit = "1-6月累计完成投资12.5亿元其中新建项目36个续建8个（技改5个）同比增长8.3%占比41.2%"
    ratio = _growth(monkeypatch, lambda n: unit * n, 40)
    assert ratio < BOUND, f"4× the line took {ratio:.1f}× the work"


def test_many_short_bulletin_paragraphs_take_linear_work(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    para = (
        "全县规模以上工业企业共有120个，其中国有企业50个、民营企业70个。"
        "全县完成固定资产投资53.2亿元，同比增长6.4%，占年度计划的55.8%。\n"
    )
    ratio = _growth(monkeypatch, lambda n: para * n, 40)
    assert ratio < BOUND, f"4× the paragraphs took {ratio:.1f}× the work"


def test_many_time_progress_gaps_take_linear_work(monkeypatch: pytest.MonkeyPatch) -> None:
    # every gap used to be compared with every other gap of the document, and every
    # period looked for the report's period among all the periods before it
    # (gaps off the calendar's 50%: the other gaps are asked for the same baseline)
    para = (
        "全县完成固定资产投资53.2亿元，完成年度计划的55.8%，超时间进度8.8个百分点。"
        "全县工业增加值完成年度目标的47.1%，低于时间进度0.9个百分点。\n"
    )
    ratio = _growth(monkeypatch, lambda n: "1-6月全县经济运行情况\n" + para * n, 40)
    assert ratio < BOUND, f"4× the paragraphs took {ratio:.1f}× the work"


def test_compound_sums_look_at_the_figures_within_reach_not_the_whole_document(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    # a total whose label joins two categories (新增改善灌溉面积) is sought parts for among
    # the figures of its neighbourhood only: every such total scanned every figure before
    from briefing.checks import partition

    unit = (
        "全县新增改善灌溉面积已超过9万亩，其中新增灌溉面积3.6万亩，改善灌溉面积5.8万亩。"
        "全县累计完成水利投资3.2亿元，同比增长8.5%。\n"
    )

    def count(n: int) -> int:
        doc = briefing.read_text(unit * n)
        ctx = Context(doc, briefing.extract(doc))
        seen = [0]
        with monkeypatch.context() as m:
            # each figure weighed for a total costs one distance: count them
            m.setattr(partition, "abs", _tally(abs, seen), raising=False)
            list(partition._compound_sums(ctx, set()))
        return seen[0]

    small, large = count(40), count(160)
    assert small > 0
    assert large <= BOUND * small, (small, large)


def test_failed_lists_are_judged_without_copying_the_documents_readings(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    # each list whose parts add up to no total was handed the figures read as parts and
    # totals anywhere in the document as a fresh set (``used | inner``): a copy that grew
    # with the document, once per such list.  Count the figures copied (a membership
    # view without a length costs one).
    from briefing.checks import partition

    para = (
        "全镇接待游客95.4万人次。老街景区接待游客41.2万人次；湿地景区接待游客30.1万人次；"
        "森林景区接待游客24.1万人次。\n"
        "全镇新建项目38个。东片新建项目11个；西片新建项目15个；南片新建项目9个。\n"
    )
    original = partition._failed_list

    def count(n: int) -> int:
        seen = [0]

        def failed_list(ctx: Any, lst: Any, key: Any, used: Any, *a: Any) -> Any:
            seen[0] += len(used) if hasattr(used, "__len__") else 1
            return original(ctx, lst, key, used, *a)

        with monkeypatch.context() as m:
            m.setattr(partition, "_failed_list", failed_list)
            doc = briefing.read_text(para * n)
            briefing.check(doc, briefing.extract(doc))
        return seen[0]

    small, large = count(10), count(40)
    assert small > 0
    assert large <= BOUND * small, (small, large)
