"""Exception tree and every error and note code, in one place.

    BriefingError (Exception)
     ├── ReadError (BriefingError, ValueError)   E001 a file could not be read; names file and cause
     │    ├── LimitError                           E003 over a size limit (file, part, stream, text)
     │    └── UnsafeInputError                     E004 refused by a safety guard (DTD, entities)
     ├── UsageError (BriefingError, ValueError)  E002 bad options or arguments
     ├── WriteError (BriefingError, OSError)     E005 an output could not be written
     ├── InternalError (BriefingError)           E900 a bug met on one input (the run goes on)
     ├── TimeLimitError (BriefingError)          E030 a file over its per-file CPU budget
     ├── OutputBusyError (BriefingError)         E031 an output folder locked by another run
     ├── OverwriteError (BriefingError)          E032 an output path that names an input
     └── MissingFontError (plotting)             E040 no CJK font for plots

Errors carry a stable code (``E001``…) so users can search for them, and pickle
intact so they cross process pools.  :data:`CODES` lists every code with its meaning
(the README's Errors section is generated from the same list); :data:`NOTES` lists the
codes of warnings a reader records in ``Document.notes`` when it repaired the input.

Exit codes of the ``briefing`` command are in :data:`EXIT_CODES`.
"""

from __future__ import annotations

#: every error code: (code, meaning).  Kept in step with the README's Errors section
#: (tests/hostile/test_errors.py compares them).
CODES: dict[str, str] = {
    "E001": "unreadable input: missing, empty, binary, damaged, encrypted, undecodable, "
    "not a regular file",
    "E002": "bad usage: options or arguments",
    "E003": "input over a limit: file size, inflated .docx part, PDF stream, page or text size",
    "E004": "unsafe input refused: a DTD or entity declaration in a document part",
    "E005": "output not written: missing or read-only folder, a file where a folder is "
    "expected, disk full",
    "E030": "a file over its CPU-time budget (--time-limit): reported, the others processed",
    "E031": "the output folder is being written by another run (its lock is held)",
    "E032": "an output path names an input: refused before any work",
    "E040": "no CJK font installed for plots (install fonts-noto-cjk)",
    "E900": "internal error on one input (a bug; the run goes on with the other inputs)",
}

#: codes of the notes a reader leaves in ``Document.notes`` when it repaired the input
NOTES: dict[str, str] = {
    "W001": "invalid bytes in a UTF-8 text replaced by U+FFFD (the first offset is named)",
    "W002": "characters that Word and Excel files cannot hold removed (controls, U+FFFE, U+FFFF)",
    "W003": "UTF-16 text without a byte-order mark, detected by its zero bytes",
}

#: exit status of ``briefing`` commands
EXIT_CODES: dict[int, str] = {
    0: "clean",
    1: "findings of severity error (check)",
    2: "bad usage, or an input that could not be read (the other inputs were processed)",
    3: "internal error on an input (the other inputs were processed)",
    4: "an output could not be written",
    130: "interrupted",
}


_UNPRINTABLE = None


def printable(text: str) -> str:
    """``text`` safe for a terminal: control characters (C0, DEL, C1, so escape sequences),
    bidirectional overrides and line separators shown as ``\\xNN``/``\\uNNNN`` escapes."""
    import re

    global _UNPRINTABLE
    if _UNPRINTABLE is None:
        _UNPRINTABLE = re.compile("[\x00-\x1f\x7f-\x9f\u2028\u2029\u202a-\u202e\u2066-\u2069]")
    return _UNPRINTABLE.sub(lambda m: ascii(m.group())[1:-1], text)


class BriefingError(Exception):
    code = "E000"

    def __init__(self, path: str | None, cause: str) -> None:
        super().__init__(path, cause)
        self.path = path
        self.cause = cause

    def __str__(self) -> str:
        where = f"{printable(self.path)}: " if self.path else ""
        return f"{where}{printable(self.cause)} [{self.code}]"

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


class LimitError(ReadError):
    """The input is over a size limit (checked while streaming, before memory is spent)."""

    code = "E003"


class UnsafeInputError(ReadError):
    """A safety guard refused the input (a DTD or entity declaration in an XML part)."""

    code = "E004"


class WriteError(BriefingError, OSError):
    """An output file or folder could not be written."""

    code = "E005"

    def __init__(self, path: str | None, cause: str) -> None:
        BriefingError.__init__(self, path, cause)

    def __str__(self) -> str:
        return BriefingError.__str__(self)


class InternalError(BriefingError):
    """A bug met while processing one input; carries the exception type and where it rose."""

    code = "E900"


def write_error(path: object, exc: OSError) -> WriteError:
    """A :class:`WriteError` naming ``path`` and the system's reason, in plain words."""
    import errno

    reasons = {
        errno.ENOENT: "folder does not exist",
        errno.ENOTDIR: "a file stands where a folder is expected",
        errno.EISDIR: "is a folder, not a file",
        errno.EEXIST: "a file of that name stands where a folder is expected",
        errno.EACCES: "permission denied",
        errno.EPERM: "permission denied",
        errno.EROFS: "read-only file system",
        errno.ENOSPC: "no space left on device",
        errno.EDQUOT: "disk quota exceeded",
        errno.ENAMETOOLONG: "file name too long",
    }
    cause = reasons.get(exc.errno or -1) or exc.strerror or str(exc) or type(exc).__name__
    where = exc.filename if exc.filename is not None else path
    return WriteError(str(where), f"cannot write output: {cause}")


def internal_error(path: str | None, exc: BaseException) -> InternalError:
    """An :class:`InternalError` for an unexpected exception: its type, message and place."""
    import traceback
    from pathlib import Path

    message = f"{type(exc).__name__}: {str(exc)[:160]}" if str(exc) else type(exc).__name__
    frames = traceback.extract_tb(exc.__traceback__)
    if frames:
        last = frames[-1]
        message += f" (at {Path(last.filename).name}:{last.lineno} in {last.name})"
    return InternalError(path, f"internal error: {message}")
