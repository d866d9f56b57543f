"""briefing: Chinese government information bulletins as data.

    read(path) -> Document -> extract(doc) -> [Figure] -> check(doc) -> Report -> render(doc, out)

Heavy dependencies (python-docx, pandas, spaCy, jieba) are imported only by the
functions that need them.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from briefing import bytecode

# with PYTHONDONTWRITEBYTECODE (python -B) the package's modules would be compiled from
# source in every process: their code is kept in the cache folder instead
bytecode.install()

if TYPE_CHECKING:
    from pathlib import Path

    from briefing.batch.corpus import Corpus
    from briefing.errors import BriefingError, ReadError, UsageError
    from briefing.model import (
        Block,
        Document,
        Enumeration,
        Figure,
        Finding,
        Meta,
        Relation,
        Report,
        Sentence,
    )

# The classes are imported on first use (PEP 562), not with the package: the
# ``briefing`` command sets up its caches (briefing.recache) before the model's
# dataclasses are built.
_LAZY = {
    **dict.fromkeys(("BriefingError", "ReadError", "UsageError"), "briefing.errors"),
    **dict.fromkeys(
        ("Block", "Document", "Enumeration", "Figure", "Finding", "Meta", "Relation", "Report",
         "Sentence"),
        "briefing.model",
    ),
}  # fmt: skip


def __getattr__(name: str) -> Any:
    module = _LAZY.get(name)
    if module is None:
        raise AttributeError(f"module 'briefing' has no attribute {name!r}")
    import importlib

    value = getattr(importlib.import_module(module), name)
    globals()[name] = value
    return value


def __dir__() -> list[str]:
    return sorted({*globals(), *_LAZY})


__version__ = "0.1.0"

__all__ = [
    "Block",
    "BriefingError",
    "Document",
    "Enumeration",
    "Figure",
    "Finding",
    "Meta",
    "ReadError",
    "Relation",
    "Report",
    "Sentence",
    "UsageError",
    "__version__",
    "check",
    "check_corpus",
    "extract",
    "process",
    "read",
    "read_corpus",
    "read_text",
    "render",
]


def read(
    source: str | Path | bytes, *, format: str | None = None, name: str | None = None
) -> Document:
    """Read a bulletin from a path, ``"-"`` (stdin) or bytes into a :class:`Document`.

    ``format`` is one of txt, docx, html, pdf; by default it is detected from the
    file name and its content.  Raises :class:`ReadError` naming the file and cause.
    """
    from briefing.io import read as _read

    return _read(source, format=format, name=name)


def read_text(text: str, *, name: str = "<string>") -> Document:
    """Build a :class:`Document` from a plain-text string (as the .txt reader would)."""
    from briefing.io import read_string

    return read_string(text, name=name)


def extract(doc: Document) -> list[Figure]:
    """Every figure in ``doc`` with unit, precision, qualifier, metric, subject and period."""
    from briefing.extraction import extract as _extract

    return _extract(doc)


def check(doc: Document, figures: list[Figure] | None = None) -> Report:
    """Cross-check the arithmetic of ``doc``: relations found and findings raised."""
    from briefing.checks import check as _check

    return _check(doc, figures)


def render(
    doc: Document, path: str | Path, template: str | Path = "zhengwu", **options: Any
) -> Path:
    """Write ``doc`` as a standardized Word briefing to ``path``; returns the path."""
    from briefing.rendering import render as _render

    return _render(doc, path, template=template, **options)


def process(
    source: str | Path | bytes, *, name: str | None = None
) -> tuple[Document, list[Figure], Report]:
    """The unit every engine maps over: read, extract, check."""
    doc = read(source, name=name)
    figures = extract(doc)
    return doc, figures, check(doc, figures)


def read_corpus(
    source: Any,
    jobs: int | None = None,
    engine: str = "local",
    scheduler: str | None = None,
    *,
    text: str = "text",
    archive: bool = True,
) -> Corpus:
    """Read many bulletins into linked pandas DataFrames (documents, figures, relations,
    relation_operands, findings, errors, archive_findings; docs/schemas.md).

    ``source``: paths, folders or globs; a pandas DataFrame with a ``text`` column; or a
    .jsonl/.csv/.parquet table of texts.  A table's other columns (id, url, date,
    region …) travel into every table.  ``engine`` is "local" (a process pool of
    ``jobs`` workers) or "dask" (``scheduler`` address of a running cluster, else a
    LocalCluster).
    """
    from briefing.batch.corpus import read_corpus as _read_corpus

    return _read_corpus(
        source, jobs=jobs, engine=engine, scheduler=scheduler, text=text, archive=archive
    )


def check_corpus(source: Any, **options: Any) -> Any:
    """Check an archive against itself (BR301 same figure restated differently, BR302 a
    running total that falls, BR303 a 同比 rate against last year's bulletin).

    ``source`` is a :class:`~briefing.batch.corpus.Corpus` or anything
    :func:`read_corpus` reads; returns the ``archive_findings`` DataFrame.
    """
    from briefing.batch.corpus import check_corpus as _check_corpus

    return _check_corpus(source, **options)
