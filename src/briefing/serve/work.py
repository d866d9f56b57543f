"""The work behind the page: read and check one uploaded file, render its downloads.

Plain functions, run off the event loop: in worker processes (``anyio.to_process``,
the default) or threads.  In a worker process each file gets a CPU-time budget
(:func:`briefing.batch.budget.cpu_budget`, a SIGPROF timer of the worker's main
thread), so a hostile file is stopped (E030) instead of holding a worker for ever;
in a thread the budget cannot be enforced and is skipped.  A file that cannot be read
becomes a :class:`Result` with a Chinese message naming the problem; it never stops
the other files of its upload.
"""

from __future__ import annotations

import dataclasses
import os
from dataclasses import dataclass
from pathlib import Path

from briefing.errors import BriefingError, LimitError, internal_error
from briefing.model import Document, Figure, Report


@dataclass(slots=True)
class Result:
    """One uploaded file: its document, figures and findings, or the reason it failed."""

    n: int
    name: str
    path: Path | None
    doc: Document | None = None
    figures: list[Figure] = dataclasses.field(default_factory=list)
    report: Report | None = None
    problem: str | None = None

    @property
    def ok(self) -> bool:
        return self.doc is not None and self.report is not None

    def shown(self) -> Document:
        """The document as the page shows it: named by the uploaded file's name."""
        assert self.doc is not None
        return dataclasses.replace(self.doc, path=self.name)


def analyse(
    n: int, name: str, path: Path, severity: str = "warning", time_limit: float | None = None
) -> Result:
    """Read and check ``path`` (uploaded as ``name``); findings below ``severity`` dropped;
    at most ``time_limit`` seconds of CPU time where a budget can be enforced."""
    from briefing.batch.budget import OverBudget, cpu_budget, enforceable, warm_up
    from briefing.checks import check, figures_for
    from briefing.commands.check import at_least
    from briefing.io import read

    if time_limit and enforceable():
        warm_up()  # tables built before the budget runs (see briefing.batch.budget)
    try:
        with cpu_budget(time_limit):
            doc = read(path)
            figures = figures_for(doc)
            report = at_least(check(doc, figures), severity)
    except OverBudget:
        return Result(
            n,
            name,
            path,
            problem=f"处理超时：超过 {time_limit:g} 秒 CPU 时间，已跳过"
            f"（took more than {time_limit:g} s of CPU time）[E030]",
        )
    except LimitError as e:
        return Result(n, name, path, problem=f"文件超出处理上限（{e.cause}）[{e.code}]")
    except BriefingError as e:
        return Result(n, name, path, problem=f"无法读取此文件（{e.cause}）[{e.code}]")
    except (KeyboardInterrupt, SystemExit):
        raise
    except BaseException as e:  # a bug on this file: say so, the other files go on
        if os.environ.get("BRIEFING_DEBUG"):
            raise
        err = internal_error(name, e)
        return Result(n, name, path, problem=f"处理时出现内部错误（{err.cause}）[{err.code}]")
    return Result(n, name, path, doc=doc, figures=figures, report=report)


def stem(name: str) -> str:
    return os.path.splitext(name)[0] or "document"


def write_review_copy(result: Result, out: Path) -> Path:
    """The review copy: the submitted .docx (or the standard rendering) with comments."""
    from briefing.rendering.review import write_review

    assert result.doc is not None and result.report is not None
    return _atomic(out, lambda tmp: write_review(result.doc, result.report, tmp))  # type: ignore[arg-type]


def write_briefing(result: Result, out: Path) -> Path:
    """The standardized briefing (GB/T 9704 layout, default template)."""
    from briefing.rendering import render

    assert result.doc is not None
    return _atomic(out, lambda tmp: render(result.doc, tmp))  # type: ignore[arg-type]


def _atomic(out: Path, write: object) -> Path:
    """Write through a temporary name, so a half-written file is never served."""
    if out.is_file():
        return out
    out.parent.mkdir(mode=0o700, exist_ok=True)
    tmp = out.with_name(f".{out.stem}.part.docx")
    write(tmp)  # type: ignore[operator]
    os.replace(tmp, out)
    return out
