"""Exception tree.

    BriefingError (Exception)
     ├── ReadError (BriefingError, ValueError)   a file could not be read; names file and cause
     └── UsageError (BriefingError, ValueError)  bad options or arguments

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
