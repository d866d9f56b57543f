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
import stat
from collections.abc import Sequence
from functools import lru_cache
from pathlib import Path
from typing import Any

from briefing.batch.atomic import temporary
from briefing.errors import InternalError, ReadError
from briefing.io.base import MAX_INPUT_BYTES
from briefing.model import FigureRef, Meta

Row = dict[str, Any]
Rows = dict[str, list[Row]]

TABLES: tuple[str, ...] = (
    "documents",
    "figures",
    "relations",
    "relation_operands",
    "findings",
    "errors",
)

#: The table computed over a whole corpus, not per document (:mod:`briefing.checks.archive`).
ARCHIVE_TABLE = "archive_findings"

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
        ("place", "string"),
        ("anchor_date", "string"),
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
        ("metric_key", "string"),
        ("place", "string"),
        ("period_start", "string"),
        ("period_end", "string"),
        ("period_cumulative", "boolean"),
        ("context", "string"),
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
    "relation_operands": (
        ("doc_id", "string"),
        ("relation_no", "Int64"),
        ("operand_no", "Int64"),
        ("rule", "string"),
        ("status", "string"),
        ("role", "string"),
        ("figure_id", "string"),
        ("start", "Int64"),
        ("end", "Int64"),
        ("text", "string"),
        ("kind", "string"),
        ("value", "string"),
        ("value_float", "float64"),
        ("unit", "string"),
        ("base_value_float", "float64"),
        ("base_unit", "string"),
        ("metric", "string"),
        ("metric_key", "string"),
        ("period", "string"),
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
    "archive_findings": (
        ("finding_no", "Int64"),
        ("code", "string"),
        ("severity", "string"),
        ("rule", "string"),
        ("message", "string"),
        ("message_en", "string"),
        ("scope", "string"),
        ("metric_key", "string"),
        ("period_start", "string"),
        ("period_end", "string"),
        ("doc_id", "string"),
        ("figure_id", "string"),
        ("path", "string"),
        ("start", "Int64"),
        ("end", "Int64"),
        ("text", "string"),
        ("other_doc_id", "string"),
        ("other_figure_id", "string"),
        ("other_path", "string"),
        ("other_start", "Int64"),
        ("other_end", "Int64"),
        ("other_text", "string"),
        ("stated", "string"),
        ("expected", "string"),
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
        if not stat.S_ISREG(os.stat(path).st_mode):  # a FIFO or device is never opened
            return None
        with open(path, "rb") as fh:
            data = fh.read(MAX_INPUT_BYTES + 1)
    except OSError:
        return None
    return make_doc_id(content_hash(data), path)


#: ``json.dumps(obj, ensure_ascii=False)`` without building an encoder per call.
_to_json = json.JSONEncoder(ensure_ascii=False).encode

#: How ``_to_json`` writes a string (the encoder's own function for ``ensure_ascii=False``).
_json_str = json.encoder.encode_basestring


@lru_cache(maxsize=4096)
def _float(s: str | None) -> float:
    if s is None:
        return math.nan
    try:
        return float(s)
    except ValueError:
        return math.nan


def _ref_json(r: Any) -> str:
    """``_to_json(r.to_dict())``, formatted directly for a plain :class:`FigureRef`."""
    start, end, text, role = r.start, r.end, r.text, r.role
    if (
        type(r) is FigureRef
        and type(start) is int
        and type(end) is int
        and type(text) is str
        and type(role) is str
    ):
        return f'{{"start": {start}, "end": {end}, "text": {_json_str(text)}, "role": {_json_str(role)}}}'
    return _to_json(r.to_dict())


def _refs(refs: Sequence[Any], ids: dict[tuple[int, int], str]) -> tuple[str | None, str]:
    figure_ids = [ids[(r.start, r.end)] for r in refs if (r.start, r.end) in ids]
    # a list encodes as its items joined by ", " (the encoder's item separator)
    as_json = "[" + ", ".join([_ref_json(r) for r in refs]) + "]"
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


def process_file(path: str, docx_dir: str | None = None, time_limit: float | None = None) -> Rows:
    """Read, extract and check one file; rows for every table (see module doc).

    ``time_limit``: seconds of CPU time the file may take (see
    :mod:`briefing.batch.budget`); a file over it gets one error row (code E030).
    """
    if not time_limit:
        return _process_file(path, docx_dir)
    from briefing.batch.budget import OverBudget, cpu_budget, over_budget, warm_up

    warm_up()  # loaded before the budget runs: an interrupt never lands in a loader
    try:
        with cpu_budget(time_limit):
            return _process_file(path, docx_dir)
    except OverBudget:
        rows = empty_rows()
        error = over_budget(path, time_limit)
        rows["errors"].append(error_row(file_doc_id(path), path, "time", error))
        return rows


def _regular(path: str) -> os.stat_result:
    """``os.stat`` of ``path``, refusing what is not a regular file (never opened)."""
    from briefing.errors import ReadError
    from briefing.io.inputs import not_regular

    st = os.stat(path)
    if not stat.S_ISREG(st.st_mode):
        raise ReadError(path, not_regular(path) or "not a regular file")
    return st


def _process_file(path: str, docx_dir: str | None) -> Rows:
    from briefing import read

    rows = empty_rows()
    try:
        size = _regular(path).st_size
        if size > MAX_INPUT_BYTES:
            read(path)  # raises the reader's own "file too large" error
        with open(path, "rb") as fh:
            data = fh.read(MAX_INPUT_BYTES + 1)
    except Exception as e:  # every failure becomes an error row
        rows["errors"].append(error_row(None, path, "read", e))
        return rows
    sha = content_hash(data)
    doc_id = make_doc_id(sha, path)
    return _process(lambda: read(data, name=path), path, sha, doc_id, len(data), docx_dir, None)


def process_text(text: str, name: str, anchor_date: str | None = None) -> Rows:
    """:func:`process_file` for a text held in memory (a row of a DataFrame or JSONL):
    ``name`` stands for the path; ``anchor_date`` (ISO) anchors the periods when the
    text states no date of its own."""
    from briefing import read_text

    data = text.encode("utf-8")
    sha = content_hash(data)
    doc_id = make_doc_id(sha, name)
    if not text.strip():
        rows = empty_rows()
        rows["errors"].append(error_row(doc_id, name, "read", ReadError(name, "no text")))
        return rows
    return _process(
        lambda: read_text(text, name=name), name, sha, doc_id, len(data), None, anchor_date
    )


def process_texts(records: Sequence[tuple[str, str, str | None]]) -> list[Rows]:
    """:func:`process_text` over a few ``(text, name, anchor_date)`` records: one task."""
    return [process_text(t, n, a) for t, n, a in records]


def _process(
    load: Any,
    path: str,
    sha: str,
    doc_id: str,
    nbytes: int,
    docx_dir: str | None,
    anchor_date: str | None,
) -> Rows:
    from briefing.collector import paused

    rows = empty_rows()
    try:
        doc = load()
    except Exception as e:
        rows["errors"].append(error_row(doc_id, path, "read", e))
        return rows
    # Extraction, the checks and the rows make no reference cycles (see
    # briefing.collector): the collector is paused until the document and all that was
    # derived from it are dropped, so none of it is ever walked by a pass.  (Cycles the
    # rendering of a .docx may make are collected after the pause.)
    with paused():
        _derive(rows, doc, path, sha, doc_id, nbytes, docx_dir, anchor_date)
        del doc
    return rows


def _derive(
    rows: Rows,
    doc: Any,
    path: str,
    sha: str,
    doc_id: str,
    nbytes: int,
    docx_dir: str | None,
    anchor_date: str | None,
) -> None:
    """Extract, check (and render) a document read, and add its rows to ``rows``."""
    from briefing import check, extract, render

    stage = "extract"
    try:
        figures = extract(doc)
        stage = "check"
        report = check(doc, figures)
    except Exception as e:
        rows["errors"].append(error_row(doc_id, path, stage, e))
        return

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
    _document_rows(rows, doc, figures, report, doc_id, path, sha, nbytes, docx, anchor_date)


def document_place(meta: Meta) -> str | None:
    """The place a document reports on: the leading place name of its 来源, else of its
    title, else of its 编发单位 (东城区发展和改革局 → 东城区)."""
    from briefing.extraction.places import leading_place

    for value in (meta.source, meta.title, meta.issuer):
        place = leading_place(value)
        if place:
            return place
    return None


def _document_rows(
    rows: Rows,
    doc: Any,
    figures: Sequence[Any],
    report: Any,
    doc_id: str,
    path: str,
    sha: str,
    nbytes: int,
    docx: str | None,
    anchor_date: str | None,
) -> None:
    from briefing.extraction.metric_keys import metric_key
    from briefing.extraction.periods import normalize_period
    from briefing.extraction.places import places_before

    m = doc.meta
    findings = report.findings
    anchor = m.date or anchor_date
    rows["documents"].append(
        {
            "doc_id": doc_id,
            "path": path,
            "sha256": sha,
            "bytes": nbytes,
            "format": doc.format,
            "encoding": doc.encoding,
            "script": doc.script,
            "chars": len(doc.text),
            **{name: getattr(m, name) for name in _META_FIELDS},
            "copies": m.copies,
            "recipients": _to_json(m.recipients) if m.recipients else None,
            "n_blocks": len(doc.blocks),
            "n_sentences": len(doc.sentences),
            "n_figures": len(figures),
            "n_relations": len(report.relations),
            "n_inconsistent": sum(r.status == "inconsistent" for r in report.relations),
            "n_findings": len(findings),
            "n_errors": sum(f.severity == "error" for f in findings),
            "n_warnings": sum(f.severity == "warning" for f in findings),
            "docx": docx,
            "place": document_place(m),
            "anchor_date": anchor,
        }
    )
    ids: dict[tuple[int, int], str] = {}
    by_id: dict[str, Row] = {}
    norm = doc.norm
    sentences = doc.sentences
    # where each figure's sentence starts, and the figures of each sentence: the places
    # before them are found with one scan of the sentence
    s_starts: list[int] = []
    at: dict[int, list[int]] = {}  # sentence start → indices of its figures
    for i, f in enumerate(figures):
        j = doc.sentence_at(f.start)
        s_start = sentences[j].start if j is not None else max(0, f.start - CONTEXT_CHARS)
        s_starts.append(s_start)
        at.setdefault(s_start, []).append(i)
    places: list[str | None] = [None] * len(figures)
    for s_start, members in at.items():
        found = places_before(norm, s_start, [figures[i].start for i in members])
        for i, place in zip(members, found, strict=True):
            places[i] = place
    # per document: the same phrase gives the same key and span
    keys: dict[str | None, str | None] = {}
    periods: dict[str, Any] = {}
    for f, s_start, place in zip(figures, s_starts, places, strict=True):
        ids.setdefault((f.start, f.end), f.id)
        phrase = f.period
        if phrase:
            if phrase in periods:
                period = periods[phrase]
            else:
                period = periods[phrase] = normalize_period(phrase, anchor)
        else:
            period = None
        metric = f.metric
        if metric in keys:
            key = keys[metric]
        else:
            key = keys[metric] = metric_key(metric) or None
        base_value = f.base_value
        row: Row = {
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
            "base_value": base_value,
            "base_value_float": _float(base_value),
            "base_unit": f.base_unit,
            "decimals": f.decimals,
            "qualifier": f.qualifier,
            "negative": bool(f.negative),
            "metric": metric,
            "subject": f.subject,
            "period": phrase,
            "sentence": f.sentence,
            "section": f.section,
            "metric_key": key,
            "place": place,
            "period_start": period.start if period else None,
            "period_end": period.end if period else None,
            "period_cumulative": period.cumulative if period else None,
            "context": norm[max(s_start, f.start - CONTEXT_CHARS) : f.start] or None,
        }
        rows["figures"].append(row)
        by_id.setdefault(f.id, row)
    # the columns an operand copies from its figure's row, once per figure
    operand_columns: dict[str | None, Row] = {None: _NO_FIGURE}
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
        for k, ref in enumerate(r.figures):
            fid = ids.get((ref.start, ref.end))
            copied = operand_columns.get(fid)
            if copied is None:
                fr = by_id.get(fid) if fid is not None else None
                copied = operand_columns[fid] = (
                    {c: fr[c] for c in _OPERAND_FIGURE_COLUMNS} if fr is not None else _NO_FIGURE
                )
            rows["relation_operands"].append(
                {
                    "doc_id": doc_id,
                    "relation_no": i,
                    "operand_no": k,
                    "rule": r.rule,
                    "status": r.status,
                    "role": ref.role,
                    "figure_id": fid,
                    "start": ref.start,
                    "end": ref.end,
                    "text": ref.text,
                    **copied,
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


#: Characters of the sentence before a figure kept in ``figures.context``.
CONTEXT_CHARS = 40

#: Columns of ``relation_operands`` copied from the operand's row of ``figures``.
_OPERAND_FIGURE_COLUMNS = (
    "kind",
    "value",
    "value_float",
    "unit",
    "base_value_float",
    "base_unit",
    "metric",
    "metric_key",
    "period",
)

#: The operand columns of an operand that is not a figure of the table.
_NO_FIGURE: Row = dict.fromkeys(_OPERAND_FIGURE_COLUMNS)


def process_batch(
    paths: Sequence[str], docx_dir: str | None = None, time_limit: float | None = None
) -> list[Rows]:
    """:func:`process_file` over a few paths: one task for a pool or a Dask worker."""
    return [process_file(p, docx_dir, time_limit) for p in paths]


def frame(table: str, rows: Sequence[Row]) -> Any:
    """A DataFrame with the table's exact columns and dtypes (also when empty)."""
    import pandas as pd

    schema = SCHEMAS[table]
    cols = [c for c, _ in schema]
    if not rows:
        return pd.DataFrame({c: pd.Series(dtype=d) for c, d in schema})
    df = pd.DataFrame.from_records(list(rows), columns=cols)
    return df.astype(dict(schema))
