"""Archives to data: the corpus API, batch conversion and its engines (local, Dask).

* :func:`briefing.batch.corpus.read_corpus` — many bulletins → pandas DataFrames.
* :func:`briefing.batch.convert.convert` — ``briefing convert``: streamed, resumable,
  atomic Parquet/CSV/JSONL/XLSX output.
* :func:`briefing.batch.rows.process_file` — the one per-document function every
  engine maps; :data:`briefing.batch.rows.SCHEMAS` — the table schemas.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from briefing.batch.rows import SCHEMAS, TABLES, process_file

__all__ = ["SCHEMAS", "TABLES", "process_file"]


def __getattr__(name: str) -> Any:
    # imported on first use: ``check`` needs briefing.batch.budget, not the row builders
    if name in __all__:
        from briefing.batch import rows

        return getattr(rows, name)
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
