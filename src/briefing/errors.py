"""Exception tree.

    BriefingError (Exception)
     ├── ReadError (BriefingError, ValueError)   a file could not be read; names file and cause
     ├── UsageError (BriefingError, ValueError)  bad options or arguments
     ├── TimeLimitError (E030)                    a file over its per-file CPU budget
     ├── OutputBusyError (E031)                   an output folder locked by another run
     └── OverwriteError (E032)                    an output path that names an input

Errors carry a stable code (``E001``…) so users can search for them, and pickle
intact so they cross process pools.
"""

from __future__ import annotations


class BriefingError(Exception):
    code = "E000"

    def __init__(self, path: str | None, cause: str) -> None:
        super().__init__(path, cause)
        self.path = path
        self.cause = cause

    def __str__(self) -> str:
        where = f"{self.path}: " if self.path else ""
        return f"{where}{self.cause} [{self.code}]"

    def __reduce__(self) -> tuple[type, tuple[str | None, str]]:
        return (type(self), (self.path, self.cause))


class ReadError(BriefingError, ValueError):
    code = "E001"


class UsageError(BriefingError, ValueError):
    code = "E002"


class TimeLimitError(BriefingError):
    """A file took more than its CPU-time budget (``--time-limit``); the run goes on."""

    code = "E030"


class OutputBusyError(BriefingError):
    """Another run is writing into the same output folder (its lock is held)."""

    code = "E031"


class OverwriteError(BriefingError):
    """An output path names one of the inputs: refused, the input is never overwritten."""

    code = "E032"
