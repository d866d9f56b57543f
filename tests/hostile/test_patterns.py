"""Patterns that run on untrusted text take time linear in its length.

Each case builds an adversarial string at length n and 4n in a child process (under a
CPU and memory limit, so an exponential pattern is killed, not waited for) and measures
the CPU time of the call: the best of five runs, each repeated until the small size
takes at least 50 ms (shorter runs let a busy machine's noise into the ratio).  Linear code gives a ratio near 4; the bound is 8, while a
quadratic pattern gives 16 and an exponential one never finishes.  The cases are the
shapes ``scripts/audit_patterns.py`` found, plus the two from the adversarial run
(an 81-character breadcrumb-like line; a line of ``【打印】`` tokens).
"""

from __future__ import annotations

import json
import textwrap

import pytest
from hostile_support import briefing, run_limited

RATIO_BOUND = 8.0
ABSOLUTE_S = 3.0  # for the 4n call, repeated ``reps`` times

_MEASURE = """
import json, math, time
{setup}
def cpu(s, reps):
    best = math.inf
    for _ in range(5):
        t = time.process_time()
        for _ in range(reps):
            fn(s)
        best = min(best, time.process_time() - t)
    return best
s1, s4 = make({n}), make(4 * {n})
reps = 1
while cpu(s1, reps) < 0.05 and reps < 1 << 14:
    reps *= 2
t1, t4 = cpu(s1, reps), cpu(s4, reps)
print(json.dumps({{"t1": t1, "t4": t4, "reps": reps}}))
"""

CASES = {
    # structure: many short lines shaped like a breadcrumb that fails at its end
    "breadcrumb_lines": (
        """
from briefing.io import read_string
LINE = ("a" + " " * 9 + ">" + " " * 9) * 4 + "。"  # 81 characters, fails at its end
def make(n):
    return "\\n".join([LINE] * (n // 80))
fn = read_string
""",
        4000,
    ),
    # structure: the breadcrumb test itself on one long line
    "breadcrumb_long_line": (
        """
from briefing.structure import _is_chrome, vocab
import briefing.structure as st
test = getattr(st, "is_breadcrumb", None) or st._patterns()["breadcrumb"].match
def make(n):
    return ("a" + " " * 9 + ">" + " " * 9) * (n // 20) + "!"
fn = test
""",
        40000,
    ),
    # html: a line of 【打印】 tokens separated by spaces, failing at its end
    "html_chrome_tokens": (
        """
from briefing.io.html import _CHROME_LINE
def make(n):
    return "【打印】 " * (n // 5) + "x"
fn = _CHROME_LINE.match
""",
        20000,
    ),
    # html: the 相关阅读 line test on a long run of spaces
    "html_related_spaces": (
        """
from briefing.io.html import _RELATED
def make(n):
    return " " * n + "!"
fn = _RELATED.match
""",
        20000,
    ),
    # html: splitting a title at its site suffix, a long run of spaces in it
    "html_site_suffix_spaces": (
        """
from briefing.io.html import _SITE_SUFFIX
def make(n):
    return "标题" + " " * n + "x"
fn = _SITE_SUFFIX.split
""",
        20000,
    ),
    # docx: a layout-table cell of repeated 共印 without 份
    "docx_layout_copies": (
        """
from briefing.io.docx import is_layout_table
def make(n):
    return [[["共印" * (n // 2)]]]
fn = is_layout_table
""",
        20000,
    ),
    # docx: a layout-table cell of whitespace (the runs between optional tokens)
    "docx_layout_spaces": (
        """
from briefing.io.docx import is_layout_table
def make(n):
    return [[[" " * n + "x"]]]
fn = is_layout_table
""",
        20000,
    ),
    # structure: a table cell with a long run of spaces and no line break
    "table_cell_spaces": (
        """
from briefing.io.base import RawBlock, RawDocument
from briefing.structure import assemble
def make(n):
    cell = "甲" + " " * n + "乙"
    return RawDocument(blocks=[RawBlock(text=cell, kind_hint="table", rows=[[cell, "丙"]])], format="docx")
fn = lambda raw: assemble(raw, "t")
""",
        20000,
    ),
    # structure: the site part of a 时间/来源 line that is one long word
    "meta_line_site_word": (
        """
from briefing.model import Meta
from briefing.structure import _parse_meta_line
def make(n):
    return "a1" * (n // 2) + " 来源：某某市人民政府"
fn = lambda t: _parse_meta_line(t, Meta())
""",
        20000,
    ),
}


@pytest.mark.parametrize("case", sorted(CASES))
def test_pattern_time_grows_linearly(case: str) -> None:
    setup, n = CASES[case]
    code = _MEASURE.format(setup=textwrap.dedent(setup), n=n)
    out = run_limited(["-c", code], cpu=40, wall=120)
    assert out.returncode == 0 and not out.killed, out.describe()
    m = json.loads(out.stdout.strip().splitlines()[-1])
    ratio = m["t4"] / max(m["t1"], 1e-9)
    assert m["t4"] <= ABSOLUTE_S, m
    assert ratio <= RATIO_BOUND, m


def test_breadcrumb_like_line_reads_in_time(tmp_path) -> None:
    """The line from the adversarial run: 81 and 101 characters (40 s and 120 s before)."""
    for reps in (4, 5):
        line = ("a" + " " * 9 + ">" + " " * 9) * reps + "。"
        f = tmp_path / f"crumb{reps}.txt"
        f.write_text(f"首页 > 新闻\n{line}\n全市完成投资12亿元。\n", encoding="utf-8")
        out = briefing("check", str(f))
        assert out.returncode in (0, 1) and out.within_limits(), out.describe()
        assert out.cpu_s < 5, out.describe()


def test_print_token_line_reads_in_time(tmp_path) -> None:
    """An HTML page whose paragraph holds 28 【打印】 tokens (39 s before)."""
    page = (
        "<html><body><div id='zoom'><p>全市完成投资12亿元。</p><p>"
        + "【打印】 " * 28
        + "x</p></div></body></html>"
    )
    f = tmp_path / "print.html"
    f.write_text(page, encoding="utf-8")
    out = briefing("check", str(f))
    assert out.returncode in (0, 1) and out.within_limits(), out.describe()
    assert out.cpu_s < 5, out.describe()


def test_breadcrumb_scan_accepts_what_the_old_pattern_accepted() -> None:
    """The scan that replaced the exponential pattern gives the same answers on short lines
    (random lines of separators, spaces, 。 and steps of 1 and 19 characters)."""
    import random
    import re
    import sys

    from hostile_support import SRC

    sys.path.insert(0, str(SRC))
    from briefing.structure import is_breadcrumb

    old = re.compile(r"^(?:[^>＞»›]{1,20}\s*[>＞»›]\s*){1,8}[^>＞»›。]{0,30}$")
    rng = random.Random(5)
    alphabet = ["a", " ", ">", "»", "。", "\u3000", "首页", "b" * 19]
    seen = {True: 0, False: 0}
    for _ in range(20000):
        line = "".join(rng.choice(alphabet) for _ in range(rng.randint(0, 10)))[:32]
        expected = bool(old.match(line))
        assert is_breadcrumb(line) == expected, repr(line)
        seen[expected] += 1
    assert min(seen.values()) > 1000  # both answers were exercised
