"""BR108 duration: a stated duration that does not match its dates.

What it does
    ``从去年10月15日开工，到今年6月15日建成，仅用了8个月时间``: counts the months
    (or days) between the two dates and compares with the stated duration.

Why is this bad?
    Speed records (“项目速度”) are quoted; a wrong count undermines them.

Example
    ``从去年10月1日…到今年7月1日…用了8个月``

Use instead
    ``…用了9个月`` (October → July = 9 months).
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterator

from briefing.checks.engine import Context, Judged, Msg, relation, rule, span_ref

CODE = "BR108"
NAME = "duration"

_DATE = r"(?P<{p}y>去年|今年|前年|明年|\d{{4}}年)?(?P<{p}m>\d{{1,2}})月(?:(?P<{p}d>\d{{1,2}})日)?"
_PAT = re.compile(
    r"从" + _DATE.format(p="a") + r"[^。；]{0,30}?(?:到|至)" + _DATE.format(p="b")
    + r"[^。；]{0,30}?(?:用了|用时|历时|仅用|只用了|耗时|花了)(?P<n>\d{1,3}|[一二两三四五六七八九十]{1,3})(?:个)?(?P<u>月|天|日)"
)  # fmt: skip
_REL = {"前年": -2, "去年": -1, "今年": 0, "明年": 1, None: 0}


def _year(tok: str | None) -> int:
    if tok and tok[0].isdigit():
        return int(tok[:4])
    return 2000 + _REL.get(tok, 0)


@rule(CODE, NAME, "error", "duration ≠ dates")
def check(ctx: Context) -> Iterator[Judged]:
    from briefing.extraction.numbers import cn_to_int as cn_int

    for m in _PAT.finditer(ctx.norm):
        ya, yb = _year(m.group("ay")), _year(m.group("by"))
        if m.group("by") is None and m.group("ay") is not None:
            yb = ya
        ma, mb = int(m.group("am")), int(m.group("bm"))
        n_txt = m.group("n")
        n = int(n_txt) if n_txt.isdigit() else cn_int(n_txt)
        if n is None:
            continue
        months = (yb - ya) * 12 + (mb - ma)
        refs = [span_ref(ctx, m.start(), m.end(), "span")]
        if m.group("u") == "月":
            da, db = int(m.group("ad") or 1), int(m.group("bd") or 1)
            exact = (db - da) == 0
            ok = n == months or (not exact and n in (months, months + 1, months - 1))
            formula = f"{ma}月 → {mb}月 = {months} 个月（文中 {n} 个月）"
        else:
            try:
                a = dt.date(ya, ma, int(m.group("ad") or 1))
                b = dt.date(yb, mb, int(m.group("bd") or 1))
            except ValueError:
                continue
            months = (b - a).days
            ok = n in (months, months + 1)
            formula = f"{a:%m-%d} → {b:%m-%d} = {months} 天（文中 {n} 天）"
        if ok:
            yield relation(CODE, NAME, "consistent", formula, refs)
        else:
            unit = "个月" if m.group("u") == "月" else "天"
            zh = f"两日期相隔{months}{unit}，文中为{n_txt}{unit}"
            yield relation(
                CODE,
                NAME,
                "inconsistent",
                formula,
                refs,
                Msg(zh, f"the dates are {months} apart; stated {n}", str(n), str(months)),
            )
