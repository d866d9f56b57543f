"""Time grows in proportion to the input on hostile and long inputs (issues 16 and 17).

Each test runs the same work on an input of size n and of size 4n, in this process,
and compares CPU time (``time.process_time``, which load from other processes does not
inflate).  Linear work takes about 4 times as long; the bound is 8, which quadratic
work (16 times) exceeds by a factor of two.  The sizes make the small run take a few
tenths of a second at least, so that timer resolution and cache effects cannot decide,
and each large run must also finish under an absolute cap far above what linear work
needs, so a runaway is caught even if the small run was slow too.

Inputs (all invented): one long sentence of ``其中1个，`` repeats (pairwise breakdowns),
the invented bulletins of corpora/ repeated (a long document), one long line of
figures without any punctuation (one sentence, one paragraph), and ``1.1.1.…`` for the
renderer's standardization and for the checker.
"""

from __future__ import annotations

import gc
import time
from collections.abc import Callable
from pathlib import Path

import briefing
from briefing.rendering.standardize import standardize

CORPORA = Path(__file__).resolve().parents[1] / "corpora"
GROWTH_BOUND = 8.0  # for 4 times the input: linear ~4, quadratic ~16
ABSOLUTE_CAP = 10.0  # CPU seconds for the larger input


def _cpu(fn: Callable[[], object]) -> float:
    """CPU time of ``fn()`` with the cyclic garbage collector paused: a collection that
    happens to fall in one run (its cost depends on everything the test process holds)
    would otherwise decide the ratio by chance."""
    gc.collect()
    gc.disable()
    try:
        t0 = time.process_time()
        fn()
        return time.process_time() - t0
    finally:
        gc.enable()


def _growth(make: Callable[[int], str], run: Callable[[str], object], n: int) -> float:
    """CPU time of ``run(make(4n))`` over that of ``run(make(n))``, each the best of
    several runs (the larger run under :data:`ABSOLUTE_CAP`)."""
    small, large = make(n), make(4 * n)
    run(make(max(1, n // 8)))  # warm-up: data files load, patterns compile
    t_small = min(_cpu(lambda: run(small)) for _ in range(3))
    t_large = min(_cpu(lambda: run(large)) for _ in range(2))
    assert t_large < ABSOLUTE_CAP, f"{len(large)} characters took {t_large:.1f} s CPU"
    return t_large / max(t_small, 1e-3)


def _pipeline(text: str) -> object:
    doc = briefing.read_text(text, name="hostile.txt")
    return briefing.check(doc, briefing.extract(doc))


def _bulletins() -> str:
    texts = [
        p.read_text(encoding="utf-8")
        for p in sorted(CORPORA.glob("*.txt"))
        if not p.name.endswith(".gb18030.txt")
    ]
    assert len(texts) >= 5
    # each as the reader keeps it: after a portal page's 相关阅读 line the reader drops
    # the rest of the document, which would leave the copies after it unread
    docs = [briefing.read_text(t) for t in texts]
    return "\n\n".join("\n".join(d.text[b.start : b.end] for b in d.blocks) for d in docs) + "\n\n"


def test_a_long_sentence_of_qizhong_repeats_is_checked_in_linear_time() -> None:
    ratio = _growth(
        lambda n: "全区共有企业500个，" + "其中1个，" * n + "其余正常。", _pipeline, 600
    )
    assert ratio < GROWTH_BOUND, f"4× the sentence took {ratio:.1f}× the time"


def test_a_repeated_bulletin_is_checked_in_linear_time() -> None:
    one = _bulletins()
    assert len(briefing.read_text(one * 2).blocks) > 1.9 * len(briefing.read_text(one).blocks)
    ratio = _growth(lambda n: one * n, _pipeline, 3)
    assert ratio < GROWTH_BOUND, f"4× the document took {ratio:.1f}× the time"


def test_a_long_line_without_punctuation_is_checked_in_linear_time() -> None:
    unit = "1-6月累计完成投资12.5亿元其中新建项目36个续建8个（技改5个）同比增长8.3%占比41.2%"
    ratio = _growth(lambda n: unit * n, _pipeline, 60)
    assert ratio < GROWTH_BOUND, f"4× the line took {ratio:.1f}× the time"


def test_numbered_dots_are_checked_in_linear_time() -> None:
    ratio = _growth(lambda n: "1." * n + "\n", _pipeline, 30000)
    assert ratio < GROWTH_BOUND, f"4× the line took {ratio:.1f}× the time"


def test_render_standardizes_numbered_dots_in_linear_time() -> None:
    ratio = _growth(lambda n: "1." * n + "增长", standardize, 80000)
    assert ratio < GROWTH_BOUND, f"4× the paragraph took {ratio:.1f}× the time"


def test_render_standardizes_nested_brackets_in_linear_time() -> None:
    ratio = _growth(lambda n: "(" * n + "一" + ")" * n, standardize, 100000)
    assert ratio < GROWTH_BOUND, f"4× the brackets took {ratio:.1f}× the time"


def test_standardize_still_converts_punctuation_in_chinese_context() -> None:
    # the prefix sums behind the linear scan give the answers the scan gave
    assert standardize('收入(一)增长"快"，(a)与"x"不变。句末.')[0] == (
        '收入（一）增长“快”，（a）与"x"不变。句末。'
    )
    assert standardize("(a(b)c)汉(d)")[0] == "（a(b)c）汉（d）"
