"""Input names from what a user gives: files, folders (recursive, sorted) and ``-``."""

from __future__ import annotations

import os
import stat
from collections.abc import Iterator, Sequence
from pathlib import Path

from briefing.errors import ReadError, UsageError

#: suffixes picked up when a folder is given (.md is readable by name but folders hold READMEs)
SUPPORTED_SUFFIXES = (".txt", ".text", ".docx", ".html", ".htm", ".shtml", ".pdf")


def iter_inputs(paths: Sequence[str], errors: list[tuple[str, str]] | None = None) -> Iterator[str]:
    """Expand files, folders (recursively, sorted) and ``-`` into input names.

    Unreadable folders or missing paths are appended to ``errors`` when given,
    otherwise raise :class:`UsageError`.  Inside a folder, what is not a regular file
    (a FIFO, a socket, a device, a broken link) is never opened: it goes to ``errors``
    too (otherwise :class:`ReadError`).  A path named directly is yielded as given.
    """
    for p in paths:
        if p == "-":
            yield p
            continue
        path = Path(p)
        if path.is_dir():
            found = False
            for root, dirs, files in os.walk(path, onerror=lambda e: _walk_error(e, errors)):
                dirs.sort()
                for f in sorted(files):
                    if f.lower().endswith(SUPPORTED_SUFFIXES) and not f.startswith("."):
                        found = True
                        full = os.path.join(root, f)
                        problem = not_regular(full)
                        if problem is None:
                            yield full
                        elif errors is not None:
                            errors.append((full, problem))
                        else:
                            raise ReadError(full, problem)
            if not found and errors is None:
                raise UsageError(p, "folder holds no .txt, .docx, .html or .pdf files")
        elif path.exists():
            yield p
        else:
            if errors is not None:
                errors.append((p, "no such file or folder"))
            else:
                raise UsageError(p, "no such file or folder")


def not_regular(path: str) -> str | None:
    """Why ``path`` is not a regular file to read, or ``None`` when it is one."""
    try:
        st = os.stat(path)  # follows links: a link to a regular file is fine
    except OSError as e:
        return e.strerror or str(e)
    if stat.S_ISREG(st.st_mode):
        return None
    kinds = (
        (stat.S_ISFIFO, "a FIFO"),
        (stat.S_ISSOCK, "a socket"),
        (stat.S_ISCHR, "a character device"),
        (stat.S_ISBLK, "a block device"),
        (stat.S_ISDIR, "a folder"),
    )
    kind = next((name for test, name in kinds if test(st.st_mode)), "not a file")
    return f"not a regular file ({kind}); skipped"


def _walk_error(exc: OSError, errors: list[tuple[str, str]] | None) -> None:
    msg = exc.strerror or str(exc)
    if errors is not None:
        errors.append((str(exc.filename), msg))
    else:
        raise UsageError(str(exc.filename), msg)


def refuse_overwriting_inputs(outputs: list[str | None], inputs: list[str]) -> None:
    """An output path that names one of the inputs is refused (E032) before any work."""
    from briefing.errors import OverwriteError

    existing = [p for p in inputs if p != "-" and os.path.exists(p)]
    for out in outputs:
        if not out or not os.path.exists(out):
            continue
        for p in existing:
            if os.path.samefile(out, p):
                raise OverwriteError(out, f"is an input ({p}); refusing to overwrite it")
