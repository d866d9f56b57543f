"""Differences stated in 个百分点 between two rates, read with evidence (to be built).

``工业投资增长24.0%，高于全部投资增速14.9个百分点`` (全部投资 9.1%): 24.0 − 9.1 = 14.9.
"""

from __future__ import annotations

from collections.abc import Iterator

from briefing.checks.engine import Context, Judged

CODE = "BR105"
NAME = "ppoint"


def propose(ctx: Context) -> Iterator[Judged]:
    """Gaps in percentage points between two stated rates (to be built)."""
    return iter(())
