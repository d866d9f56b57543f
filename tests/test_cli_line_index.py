"""`briefing check`'s text output names each finding's line and column from an index of
line starts (issue 16: counting the line breaks before each finding rescanned a long
document once per finding).  The index gives the answers of the scan."""

from __future__ import annotations

import io
import random

import briefing
from briefing.commands.check import _Lines, write_text


def _line_col_by_scan(text: str, offset: int) -> tuple[int, int]:
    line = text.count("\n", 0, offset) + 1
    col = offset - (text.rfind("\n", 0, offset) + 1) + 1
    return line, col


def test_line_index_gives_the_line_and_column_the_scan_gives() -> None:
    rng = random.Random(16)
    for _ in range(200):
        text = "".join(rng.choice("ab\n增长。") for _ in range(rng.randrange(0, 60)))
        lines = _Lines(text)
        for offset in range(len(text) + 1):
            assert lines.line_col(offset) == _line_col_by_scan(text, offset), (text, offset)


def test_text_output_names_each_findings_line_and_column() -> None:
    text = (
        "全区工业\n\n"
        "全区规模以上企业共有120个，其中国有企业50个、民营企业60个。\n"
        "上述各项均按时完成。\n"
    )
    doc = briefing.read_text(text, name="lines.txt")
    report = briefing.check(doc, briefing.extract(doc))
    assert report.findings
    out = io.StringIO()
    write_text(doc, report, out, colour=False)
    heads = [ln.split()[0] for ln in out.getvalue().splitlines() if ln[2:3].isdigit()]
    want = ["{}:{}".format(*_line_col_by_scan(doc.text, f.start)) for f in report.findings]
    assert heads == want
    assert heads[0] == "2:11"  # the second line of the text kept, eleventh character
