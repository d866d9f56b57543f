"""The per-document unit every engine maps: a file path → rows for each table.

:func:`process_file` is pure (apart from the optional ``.docx`` it renders): given
the same file it returns the same rows, whichever process, pool or Dask worker runs
it.  It never raises for a bad document: the failure becomes one row of the
``errors`` table and the other tables get no rows for that file.

Table schemas (column → pandas dtype) are :data:`SCHEMAS`; docs/schemas.md
describes every column.  Keys:

* ``doc_id`` — the first 16 hex digits of ``sha256(sha256(content) + "\\0" + path)``:
  the content hash *and* the path, so the same file at two paths gives two
  documents (with the same ``sha256``), and an edited file gets a new ``doc_id``.
  Every table carries it.
* ``figure_id`` — ``Figure.id`` (``f12``), unique within a document; relations and
  findings list the ids of the figures they involve in ``figure_ids``.
"""

from __future__ import annotations

import dataclasses
import hashlib
import json
import math
import os
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from briefing.batch.atomic import temporary
from briefing.errors import InternalError
from briefing.io.base import MAX_INPUT_BYTES
from briefing.model import Meta

Row = dict[str, Any]
Rows = dict[str, list[Row]]

TABLES: tuple[str, ...] = ("documents", "figures", "relations", "findings", "errors")

#: Meta's scalar fields, in model order (recipients and copies get columns of their own)
_META_FIELDS = tuple(
    f.name for f in dataclasses.fields(Meta) if f.name not in ("recipients", "copies")
)

#: column → pandas dtype, in column order.  Stable: change only with docs/schemas.md.
SCHEMAS: dict[str, tuple[tuple[str, str], ...]] = {
    "documents": (
        ("doc_id", "string"),
        ("path", "string"),
        ("sha256", "string"),
        ("bytes", "Int64"),
        ("format", "string"),
        ("encoding", "string"),
        ("script", "string"),
        ("chars", "Int64"),
        *((name, "string") for name in _META_FIELDS),
        ("copies", "Int64"),
        ("recipients", "string"),
        ("n_blocks", "Int64"),
        ("n_sentences", "Int64"),
        ("n_figures", "Int64"),
        ("n_relations", "Int64"),
        ("n_inconsistent", "Int64"),
        ("n_findings", "Int64"),
        ("n_errors", "Int64"),
        ("n_warnings", "Int64"),
        ("docx", "string"),
    ),
    "figures": (
        ("doc_id", "string"),
        ("figure_id", "string"),
        ("start", "Int64"),
        ("end", "Int64"),
        ("text", "string"),
        ("kind", "string"),
        ("value", "string"),
        ("value_float", "float64"),
        ("upper", "string"),
        ("unit", "string"),
        ("base_value", "string"),
        ("base_value_float", "float64"),
        ("base_unit", "string"),
        ("decimals", "Int64"),
        ("qualifier", "string"),
        ("negative", "bool"),
        ("metric", "string"),
        ("subject", "string"),
        ("period", "string"),
        ("sentence", "Int64"),
        ("section", "string"),
    ),
    "relations": (
        ("doc_id", "string"),
        ("relation_no", "Int64"),
        ("rule", "string"),
        ("status", "string"),
        ("code", "string"),
        ("formula", "string"),
        ("start", "Int64"),
        ("end", "Int64"),
        ("implied", "string"),
        ("figure_ids", "string"),
        ("figures", "string"),
    ),
    "findings": (
        ("doc_id", "string"),
        ("finding_no", "Int64"),
        ("code", "string"),
        ("severity", "string"),
        ("rule", "string"),
        ("message", "string"),
        ("message_en", "string"),
        ("start", "Int64"),
        ("end", "Int64"),
        ("stated", "string"),
        ("expected", "string"),
        ("figure_ids", "string"),
        ("figures", "string"),
    ),
    "errors": (
        ("doc_id", "string"),
        ("path", "string"),
        ("stage", "string"),
        ("code", "string"),
        ("exception", "string"),
        ("message", "string"),
    ),
}

#: Error code of a failure that is not a :class:`~briefing.errors.BriefingError` (a bug).
INTERNAL_ERROR = InternalError.code


def empty_rows() -> Rows:
    return {t: [] for t in TABLES}


def content_hash(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def make_doc_id(sha256: str, path: str) -> str:
    """The key linking every table: content hash and path, 16 hex digits."""
    return hashlib.sha256(f"{sha256}\0{path}".encode()).hexdigest()[:16]


def file_doc_id(path: str) -> str | None:
    """``doc_id`` of the file at ``path`` now, or ``None`` when it cannot be read."""
    try:
        with open(path, "rb") as fh:
            data = fh.read(MAX_INPUT_BYTES + 1)
    except OSError:
        return None
    return make_doc_id(content_hash(data), path)


def _float(s: str | None) -> float:
    if s is None:
        return math.nan
    try:
        return float(s)
    except ValueError:
        return math.nan


def _refs(refs: Sequence[Any], ids: dict[tuple[int, int], str]) -> tuple[str | None, str]:
    figure_ids = [ids[(r.start, r.end)] for r in refs if (r.start, r.end) in ids]
    as_json = json.dumps([r.to_dict() for r in refs], ensure_ascii=False)
    return (" ".join(figure_ids) if figure_ids else None), as_json


def error_row(doc_id: str | None, path: str, stage: str, exc: BaseException) -> Row:
    from briefing.errors import BriefingError

    if isinstance(exc, BriefingError):
        code, message = exc.code, exc.cause
    elif isinstance(exc, OSError):
        code, message = "E001", exc.strerror or str(exc)
    else:  # a bug: say where, so the row is enough to report it
        import traceback

        code, message = INTERNAL_ERROR, str(exc) or type(exc).__name__
        frames = traceback.extract_tb(exc.__traceback__)
        if frames:
            where = frames[-1]
            message += f" (at {Path(where.filename).name}:{where.lineno} in {where.name})"
    return {
        "doc_id": doc_id,
        "path": path,
        "stage": stage,
        "code": code,
        "exception": type(exc).__name__,
        "message": message[:500],
    }


def docx_name(path: str, doc_id: str) -> str:
    """File name of the rendered bulletin: the input's stem and format, plus 8 digits of its
    id so that same-named inputs in different folders never collide."""
    p = Path(path)
    fmt = p.suffix.lstrip(".").lower() or "txt"
    return f"{p.stem}.{fmt}.{doc_id[:8]}.docx"


def process_file(path: str, docx_dir: str | None = None) -> Rows:
    """Read, extract and check one file; rows for every table (see module doc)."""
    from briefing import check, extract, read, render

    rows = empty_rows()
    try:
        size = os.stat(path).st_size
        if size > MAX_INPUT_BYTES:
            read(path)  # raises the reader's own "file too large" error
        with open(path, "rb") as fh:
            data = fh.read(MAX_INPUT_BYTES + 1)
    except Exception as e:  # every failure becomes an error row
        rows["errors"].append(error_row(None, path, "read", e))
        return rows
    sha = content_hash(data)
    doc_id = make_doc_id(sha, path)
    stage = "read"
    try:
        doc = read(data, name=path)
        stage = "extract"
        figures = extract(doc)
        stage = "check"
        report = check(doc, figures)
    except Exception as e:
        rows["errors"].append(error_row(doc_id, path, stage, e))
        return rows

    docx: str | None = None
    if docx_dir is not None:
        target = os.path.join(docx_dir, docx_name(path, doc_id))
        tmp = os.path.join(docx_dir, f".tmp-{os.getpid()}-{os.path.basename(target)}")
        try:
            # registered before render() creates it: removed on any exception or Ctrl-C
            with temporary(Path(tmp)):
                render(doc, tmp)
                os.replace(tmp, target)
            docx = os.path.basename(target)
        except Exception as e:  # the tables still get this document
            rows["errors"].append(error_row(doc_id, path, "render", e))

    m = doc.meta
    findings = report.findings
    rows["documents"].append(
        {
            "doc_id": doc_id,
            "path": path,
            "sha256": sha,
            "bytes": len(data),
            "format": doc.format,
            "encoding": doc.encoding,
            "script": doc.script,
            "chars": len(doc.text),
            **{name: getattr(m, name) for name in _META_FIELDS},
            "copies": m.copies,
            "recipients": json.dumps(m.recipients, ensure_ascii=False) if m.recipients else None,
            "n_blocks": len(doc.blocks),
            "n_sentences": len(doc.sentences),
            "n_figures": len(figures),
            "n_relations": len(report.relations),
            "n_inconsistent": sum(r.status == "inconsistent" for r in report.relations),
            "n_findings": len(findings),
            "n_errors": sum(f.severity == "error" for f in findings),
            "n_warnings": sum(f.severity == "warning" for f in findings),
            "docx": docx,
        }
    )
    ids: dict[tuple[int, int], str] = {}
    for f in figures:
        ids.setdefault((f.start, f.end), f.id)
        rows["figures"].append(
            {
                "doc_id": doc_id,
                "figure_id": f.id,
                "start": f.start,
                "end": f.end,
                "text": f.text,
                "kind": f.kind,
                "value": f.value,
                "value_float": _float(f.value),
                "upper": f.upper,
                "unit": f.unit,
                "base_value": f.base_value,
                "base_value_float": _float(f.base_value),
                "base_unit": f.base_unit,
                "decimals": f.decimals,
                "qualifier": f.qualifier,
                "negative": bool(f.negative),
                "metric": f.metric,
                "subject": f.subject,
                "period": f.period,
                "sentence": f.sentence,
                "section": f.section,
            }
        )
    for i, r in enumerate(report.relations):
        fig_ids, fig_json = _refs(r.figures, ids)
        rows["relations"].append(
            {
                "doc_id": doc_id,
                "relation_no": i,
                "rule": r.rule,
                "status": r.status,
                "code": r.code,
                "formula": r.formula,
                "start": r.start,
                "end": r.end,
                "implied": r.implied,
                "figure_ids": fig_ids,
                "figures": fig_json,
            }
        )
    for i, fd in enumerate(findings):
        fig_ids, fig_json = _refs(fd.figures, ids)
        rows["findings"].append(
            {
                "doc_id": doc_id,
                "finding_no": i,
                "code": fd.code,
                "severity": fd.severity,
                "rule": fd.rule,
                "message": fd.message,
                "message_en": fd.message_en,
                "start": fd.start,
                "end": fd.end,
                "stated": fd.stated,
                "expected": fd.expected,
                "figure_ids": fig_ids,
                "figures": fig_json,
            }
        )
    return rows


def process_batch(paths: Sequence[str], docx_dir: str | None = None) -> list[Rows]:
    """:func:`process_file` over a few paths: one task for a pool or a Dask worker."""
    return [process_file(p, docx_dir) for p in paths]


def frame(table: str, rows: Sequence[Row]) -> Any:
    """A DataFrame with the table's exact columns and dtypes (also when empty)."""
    import pandas as pd

    schema = SCHEMAS[table]
    cols = [c for c, _ in schema]
    if not rows:
        return pd.DataFrame({c: pd.Series(dtype=d) for c, d in schema})
    df = pd.DataFrame.from_records(list(rows), columns=cols)
    return df.astype(dict(schema))
