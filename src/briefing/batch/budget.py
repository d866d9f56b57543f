"""A per-file CPU-time budget: one hostile file cannot stall a whole run.

``convert`` and ``check`` give each file at most ``--time-limit`` seconds of CPU time
(read, extract, check and, with ``--docx``, render); a file over budget becomes an
error (code E030) and the run goes on with the next file.

The budget is a :data:`signal.ITIMER_PROF` timer (CPU time of the process, so a busy
machine does not push a file over it) whose SIGPROF handler raises
:class:`OverBudget`.  Python runs signal handlers between bytecodes and the regular
expression engine checks for signals while it backtracks, so even a pattern stuck in
catastrophic backtracking is stopped.  Signals only reach the main thread: in other
threads (a Dask worker's task threads) the budget is not enforced.

:class:`OverBudget` derives from :class:`BaseException`, so the pipeline's
``except Exception`` clauses let it through, while ``finally`` blocks (temporary files)
still run.  Because it can land anywhere, a process warms the pipeline up
(:func:`warm_up`: its lazily built tables and patterns) *before* the first budgeted
file, so an interrupt never leaves a half-built cache behind, and the first file is
not charged for loading them.
"""

from __future__ import annotations

import contextlib
from collections.abc import Iterator
from types import FrameType

from briefing.errors import TimeLimitError

#: Default budget of ``briefing convert`` (seconds of CPU time per file).
DEFAULT_TIME_LIMIT = 300.0

# A made-up bulletin (our own words) that touches every stage of the pipeline.
_WARM_UP_TEXT = """示范县政务信息
第1期
示范县人民政府办公室编　　　　2024年3月5日

示范县扎实推进重点项目建设

今年以来，全县共谋划重点项目30个，其中新开工项目12个、续建项目18个，计划总投资45.6亿元。
一、投资完成情况
截至2月底，累计完成投资9.1亿元，占年度计划的20.0%，同比增长12.5%，比上年同期提高3.2个百分点。
二、下一步工作
一是强化要素保障。二是加强督导考核。
"""

_warm = False


class OverBudget(BaseException):
    """Raised in the main thread when the file's CPU-time budget is spent."""


def _over(signum: int, frame: FrameType | None) -> None:
    raise OverBudget


def enforceable() -> bool:
    """Whether a budget can be enforced here (the main thread, a POSIX timer)."""
    import signal  # here, not at import: ``briefing check`` without a limit needs neither
    import threading

    return (
        hasattr(signal, "setitimer")
        and hasattr(signal, "SIGPROF")
        and threading.current_thread() is threading.main_thread()
    )


def warm_up() -> None:
    """Run the pipeline once on a small built-in bulletin (once per process)."""
    global _warm
    if _warm:
        return
    from briefing import check, extract, read

    doc = read(_WARM_UP_TEXT.encode("utf-8"), name="warm-up.txt")
    check(doc, extract(doc))
    _warm = True


@contextlib.contextmanager
def cpu_budget(seconds: float | None) -> Iterator[None]:
    """Raise :class:`OverBudget` in the block once it has used ``seconds`` of CPU time.

    ``None`` or ``0``: no budget.  Where a budget cannot be enforced
    (:func:`enforceable`), the block runs unbounded.
    """
    if not seconds or seconds <= 0 or not enforceable():
        yield
        return
    import signal

    previous = signal.signal(signal.SIGPROF, _over)
    signal.setitimer(signal.ITIMER_PROF, seconds)
    try:
        yield
    finally:
        signal.setitimer(signal.ITIMER_PROF, 0)
        signal.signal(signal.SIGPROF, previous)


def parse_time_limit(value: str | float | None) -> float | None:
    """``--time-limit`` → seconds (``0``, ``none`` or ``off``: no limit)."""
    from briefing.errors import UsageError

    if value is None:
        return None
    if isinstance(value, str) and value.strip().lower() in ("none", "off", ""):
        return None
    try:
        seconds = float(value)
    except ValueError:
        raise UsageError(None, f"--time-limit must be a number of seconds, not {value!r}") from None
    if seconds != seconds or seconds < 0:
        raise UsageError(None, f"--time-limit must be 0 (none) or more, not {value!r}")
    return seconds or None


def over_budget(path: str, seconds: float) -> TimeLimitError:
    """The error (E030) of a file that went over its budget of ``seconds``."""
    return TimeLimitError(
        path, f"took more than {seconds:g} s of CPU time; skipped (see --time-limit)"
    )
