"""Input names from what a user gives: files, folders (recursive, sorted) and ``-``."""

from __future__ import annotations

import os
from collections.abc import Iterator, Sequence
from pathlib import Path

from briefing.errors import UsageError

#: suffixes picked up when a folder is given (.md is readable by name but folders hold READMEs)
SUPPORTED_SUFFIXES = (".txt", ".text", ".docx", ".html", ".htm", ".shtml", ".pdf")


def iter_inputs(paths: Sequence[str], errors: list[tuple[str, str]] | None = None) -> Iterator[str]:
    """Expand files, folders (recursively, sorted) and ``-`` into input names.

    Unreadable folders or missing paths are appended to ``errors`` when given,
    otherwise raise :class:`UsageError`.
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
                        yield os.path.join(root, f)
            if not found and errors is None:
                raise UsageError(p, "folder holds no .txt, .docx, .html or .pdf files")
        elif path.exists():
            yield p
        else:
            if errors is not None:
                errors.append((p, "no such file or folder"))
            else:
                raise UsageError(p, "no such file or folder")


def _walk_error(exc: OSError, errors: list[tuple[str, str]] | None) -> None:
    msg = exc.strerror or str(exc)
    if errors is not None:
        errors.append((str(exc.filename), msg))
    else:
        raise UsageError(str(exc.filename), msg)
