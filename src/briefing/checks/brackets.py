"""BR202 brackets: unbalanced quotes or brackets within a paragraph.

What it does
    Counts “ ” 〝 〞 「 」 『 』 《 》 （ ） ( ) 【 】 〔 〕 in each paragraph and flags an
    opener without its closer or a closer without its opener.  When a closer meets a
    different opener on top of the stack but its own further down, the opener left
    open is the one reported (a missing 〕 before a ）), not the closer.

Why is this bad?
    A missing closing quote makes a slogan swallow the rest of the sentence.

Example
    ``推动“项目攻坚年活动走深走实。``

Use instead
    ``推动“项目攻坚年”活动走深走实。``
"""

from __future__ import annotations

import bisect
import re
from collections.abc import Iterator

from briefing.checks.engine import Context, rule, span_ref
from briefing.model import Finding

CODE = "BR202"
#: Quotation marks (the rest of the pairs are brackets), for the message's wording.
_QUOTE_MARKS = frozenset("“”‘’「」『』\"'")
NAME = "brackets"

_PAIRS = {
    "“": "”", "《": "》", "（": "）", "(": ")", "【": "】", "〔": "〕",
    "〝": "〞", "「": "」", "『": "』",  # vertical-text and traditional quotation marks
}  # fmt: skip
_SAME = {"(": "（", ")": "）"}
_CLOSERS = {v: k for k, v in _PAIRS.items()}
_MARKS = re.compile("[" + re.escape("".join(_PAIRS) + "".join(_PAIRS.values())) + "]")


@rule(CODE, NAME, "warning", "unbalanced quotes or brackets")
def check(ctx: Context) -> Iterator[Finding]:
    text = ctx.text
    closers = _CLOSERS
    # where the brackets are (found once), then each paragraph's share by bisection
    marks = [m.start() for m in _MARKS.finditer(text)]
    if not marks:
        return
    for ps, pe in ctx.paras:
        lo = bisect.bisect_left(marks, ps)
        hi = bisect.bisect_left(marks, pe, lo) if pe >= ps else lo
        if lo == hi:
            continue  # no bracket in this paragraph: nothing to report
        stack: list[tuple[str, int]] = []
        bad: list[tuple[str, int]] = []
        for i in marks[lo:hi]:
            ch = _SAME.get(text[i], text[i])
            if ch in _PAIRS:
                stack.append((ch, i))
            elif ch in closers:
                if stack and stack[-1][0] == closers[ch]:
                    stack.pop()
                    continue
                # （某办函〔2023 7号）: the 〕 is what is missing, not the ） — when an
                # opener further down matches, the openers above it are the unclosed ones
                k = len(stack) - 1
                while k >= 0 and stack[k][0] != closers[ch]:
                    k -= 1
                if k >= 0:
                    bad.extend(stack[k + 1 :])
                    del stack[k:]
                else:
                    bad.append((ch, i))
        bad.extend(stack)
        for ch, i in bad[:1]:
            yield Finding(
                CODE, "warning", NAME,
                f"{'引号' if ch in _QUOTE_MARKS else '括号'}{ch}未配对（本段缺少与之成对的"
                f"{_PAIRS.get(ch) or closers.get(ch)}）",
                f"unbalanced '{ch}' in this paragraph",
                i, i + 1, [span_ref(ctx, i, i + 1, "text")], ch, _PAIRS.get(ch) or closers.get(ch),
            )  # fmt: skip
