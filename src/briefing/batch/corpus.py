"""``briefing.read_corpus``: many bulletins as linked pandas DataFrames.

    >>> corpus = briefing.read_corpus("archive/**/*.txt")
    >>> corpus.figures.merge(corpus.documents[["doc_id", "date"]], on="doc_id")

Tables and their columns: docs/schemas.md.  Rows come in input order (paths
sorted), identical for every engine.
"""

from __future__ import annotations

import glob
import os
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from briefing.batch.rows import TABLES, empty_rows, frame
from briefing.errors import UsageError

if TYPE_CHECKING:
    import pandas as pd


@dataclass
class Corpus:
    """Five linked tables; ``doc_id`` joins them (see docs/schemas.md)."""

    documents: pd.DataFrame
    figures: pd.DataFrame
    relations: pd.DataFrame
    findings: pd.DataFrame
    errors: pd.DataFrame

    def tables(self) -> dict[str, pd.DataFrame]:
        return {t: getattr(self, t) for t in TABLES}

    def __repr__(self) -> str:
        counts = ", ".join(f"{t}={len(getattr(self, t))}" for t in TABLES)
        return f"Corpus({counts})"


def expand(path_or_glob: str | Path | Sequence[str | Path]) -> Iterator[str]:
    """Files named by a path, a folder (recursive), a glob pattern, or a list of these."""
    from briefing.io.inputs import iter_inputs

    if isinstance(path_or_glob, (list, tuple)):
        for p in path_or_glob:
            yield from expand(p)
        return
    s = os.fspath(path_or_glob)  # type: ignore[arg-type]
    if os.path.exists(s):
        yield from iter_inputs([s])
        return
    if glob.has_magic(s):
        matches = sorted(m for m in glob.glob(s, recursive=True) if os.path.isfile(m))
        if not matches:
            raise UsageError(s, "the pattern matches no files")
        yield from matches
        return
    raise UsageError(s, "no such file or folder")


def read_corpus(
    path_or_glob: str | Path | Sequence[str | Path],
    jobs: int | None = None,
    engine: str = "local",
    scheduler: str | None = None,
) -> Corpus:
    """Read, extract and check every bulletin under ``path_or_glob`` into DataFrames.

    ``jobs`` processes (default: one per core; 1 runs in this process);
    ``engine="dask"`` maps the same function on a Dask cluster (``scheduler``
    address, or a LocalCluster of ``jobs`` workers).  Unreadable files become
    rows of ``errors``; they never stop the others.
    """
    from briefing.batch.convert import iter_results

    paths = list(expand(path_or_glob))
    if engine == "local" and jobs is None and len(paths) <= 8:
        jobs = 1  # starting processes costs more than a handful of documents
    rows = empty_rows()
    for result in iter_results(paths, engine=engine, jobs=jobs, scheduler=scheduler):
        for t in TABLES:
            rows[t].extend(result[t])
    return Corpus(**{t: frame(t, rows[t]) for t in TABLES})
