"""``briefing.read_corpus``: many bulletins as linked pandas DataFrames.

    >>> corpus = briefing.read_corpus("archive/**/*.txt")
    >>> corpus.figures.merge(corpus.documents[["doc_id", "date"]], on="doc_id")
    >>> corpus = briefing.read_corpus(pages_df, text="text")   # texts held in a DataFrame
    >>> corpus = briefing.read_corpus("pages.jsonl")            # one JSON object a line

Tables and their columns: docs/schemas.md.  Rows come in input order (paths
sorted; rows of a table as given), identical for every engine.  A table of texts
(DataFrame, JSON lines, CSV or Parquet) carries its other columns (id, url, date,
region …) into every table as metadata.
"""

from __future__ import annotations

import glob
import os
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from briefing.batch.rows import ARCHIVE_TABLE, SCHEMAS, TABLES, Rows, empty_rows, frame
from briefing.errors import ReadError, UsageError

if TYPE_CHECKING:
    import pandas as pd

#: File suffixes read as a table of texts (one bulletin a row), not as one bulletin.
TABLE_SUFFIXES = (".jsonl", ".ndjson", ".csv", ".parquet")
#: Prefix of a metadata column whose name is already a column of some table.
META_PREFIX = "meta_"
_TAKEN = frozenset(c for schema in SCHEMAS.values() for c, _ in schema)


@dataclass
class Corpus:
    """Linked tables; ``doc_id`` joins them (see docs/schemas.md).  ``archive_findings``
    holds the checks across documents (:func:`briefing.check_corpus`)."""

    documents: pd.DataFrame
    figures: pd.DataFrame
    relations: pd.DataFrame
    relation_operands: pd.DataFrame
    findings: pd.DataFrame
    errors: pd.DataFrame
    archive_findings: pd.DataFrame

    def tables(self) -> dict[str, pd.DataFrame]:
        return {t: getattr(self, t) for t in (*TABLES, ARCHIVE_TABLE)}

    def __repr__(self) -> str:
        counts = ", ".join(f"{t}={len(getattr(self, t))}" for t in (*TABLES, ARCHIVE_TABLE))
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
    source: str | Path | Sequence[str | Path] | pd.DataFrame,
    jobs: int | None = None,
    engine: str = "local",
    scheduler: str | None = None,
    *,
    text: str = "text",
    archive: bool = True,
) -> Corpus:
    """Read, extract and check every bulletin of ``source`` into DataFrames.

    ``source`` is a path, a folder (recursive), a glob, a list of these, a pandas
    DataFrame with a ``text`` column, or a table file (.jsonl, .csv, .parquet) with
    one.  A table's other columns are metadata: they are added to every table (a name
    that is already a column, such as ``date`` or ``url``, gets the prefix ``meta_``);
    ``id`` names the document (else ``url``, else its row number) and ``date`` anchors
    its periods when the text states no date.

    ``jobs`` processes (default: one per core; 1 runs in this process);
    ``engine="dask"`` maps the same function on a Dask cluster (``scheduler``
    address, or a LocalCluster of ``jobs`` workers).  Unreadable files become
    rows of ``errors``; they never stop the others.  ``archive`` runs the checks
    across documents into ``archive_findings``.
    """
    if _is_table(source):
        return _read_table_corpus(source, jobs, engine, scheduler, text, archive)
    from briefing.batch.convert import iter_results

    paths = list(expand(source))  # type: ignore[arg-type]
    if engine == "local" and jobs is None and len(paths) <= 8:
        jobs = 1  # starting processes costs more than a handful of documents
    rows = empty_rows()
    for result in iter_results(paths, engine=engine, jobs=jobs, scheduler=scheduler):
        for t in TABLES:
            rows[t].extend(result[t])
    return _corpus(rows, None, archive)


def _is_table(source: Any) -> bool:
    if hasattr(source, "columns") and hasattr(source, "iterrows"):
        return True
    if isinstance(source, (str, os.PathLike)):
        s = os.fspath(source)
        return s.lower().endswith(TABLE_SUFFIXES) and os.path.isfile(s)
    return False


def _load_table(source: Any, text: str) -> pd.DataFrame:
    import pandas as pd

    if hasattr(source, "columns"):
        df = source
        where = "the DataFrame"
    else:
        where = os.fspath(source)
        try:
            if where.lower().endswith(".parquet"):
                df = pd.read_parquet(where)
            elif where.lower().endswith(".csv"):
                df = pd.read_csv(where, dtype=str, keep_default_na=False, na_values=[""])
            else:
                df = pd.read_json(where, lines=True, dtype=False)
        except (ValueError, OSError) as e:
            raise ReadError(where, f"not a readable table of texts ({e})") from None
    if text not in df.columns:
        cols = ", ".join(map(str, df.columns[:12])) or "none"
        raise UsageError(where, f"no {text!r} column with the texts (columns: {cols})")
    return df


def _names(df: pd.DataFrame, text: str) -> list[str]:
    """A name per row (its ``id``, else ``url``, else ``row-N``), unique."""
    key = next((c for c in ("id", "url") if c in df.columns and c != text), None)
    names: list[str] = []
    seen: dict[str, int] = {}
    for i, v in enumerate(df[key] if key else [None] * len(df)):
        name = str(v) if v is not None and v == v and str(v) else f"row-{i}"
        k = seen.get(name, 0)
        seen[name] = k + 1
        names.append(name if k == 0 else f"{name}#{k}")
    return names


def _iso(value: Any) -> str | None:
    import pandas as pd

    if value is None or (isinstance(value, float) and value != value):
        return None
    try:
        ts = pd.Timestamp(value)
    except (ValueError, TypeError):
        return None
    return None if ts is pd.NaT else ts.date().isoformat()


def _read_table_corpus(
    source: Any, jobs: int | None, engine: str, scheduler: str | None, text: str, archive: bool
) -> Corpus:
    import pandas as pd

    from briefing.batch.engines import batched, map_ordered
    from briefing.batch.rows import process_texts

    df = _load_table(source, text).reset_index(drop=True)
    names = _names(df, text)
    dates = [_iso(v) for v in df["date"]] if "date" in df.columns else [None] * len(df)
    rows = empty_rows()
    records: list[tuple[str, str, str | None]] = []
    doc_ids: list[str | None] = []
    for name, value, anchor in zip(names, df[text], dates, strict=True):
        records.append((value if isinstance(value, str) else "", name, anchor))
    if engine == "local" and jobs is None and len(records) <= 8:
        jobs = 1
    results = map_ordered(
        process_texts, batched(records, 8), engine=engine, jobs=jobs, scheduler=scheduler
    )
    for batch in results:
        for result in batch:
            for t in TABLES:
                rows[t].extend(result[t])
            ids = [r["doc_id"] for r in result["documents"] or result["errors"]]
            doc_ids.append(ids[0] if ids else None)
    meta = df.drop(columns=[text])
    meta.columns = [f"{META_PREFIX}{c}" if c in _TAKEN else str(c) for c in meta.columns]
    meta.insert(0, "doc_id", pd.Series(doc_ids, dtype="string", index=meta.index))
    meta = meta.dropna(subset=["doc_id"]).drop_duplicates("doc_id")
    return _corpus(rows, meta, archive)


def _corpus(rows: Rows, meta: pd.DataFrame | None, archive: bool) -> Corpus:
    tables = {t: frame(t, rows[t]) for t in TABLES}
    if meta is not None and len(meta.columns) > 1:
        tables = {t: df.merge(meta, on="doc_id", how="left") for t, df in tables.items()}
    if archive:
        tables[ARCHIVE_TABLE] = archive_table(tables["documents"], tables["figures"], meta)
    else:
        tables[ARCHIVE_TABLE] = frame(ARCHIVE_TABLE, [])
    return Corpus(**tables)


def archive_table(
    documents: pd.DataFrame, figures: pd.DataFrame, meta: pd.DataFrame | None = None
) -> pd.DataFrame:
    """The ``archive_findings`` table: BR301-BR303 across the documents
    (:mod:`briefing.checks.archive`)."""
    from briefing.checks.archive import check_archive

    found = check_archive(documents, figures, meta)
    return frame(ARCHIVE_TABLE, [{"finding_no": i, **f.to_dict()} for i, f in enumerate(found)])


def tables_for(items: Sequence[tuple[Any, Any, Any]]) -> dict[str, pd.DataFrame]:
    """The tables of documents already read and checked: ``(Document, figures, Report)``
    triples, as ``briefing check`` holds them (``doc_id`` from each file's bytes when it
    can be read again, else from its text)."""
    from briefing.batch.rows import _document_rows, content_hash, file_doc_id, make_doc_id

    rows = empty_rows()
    for doc, figures, report in items:
        sha = content_hash(doc.text.encode("utf-8"))
        doc_id = file_doc_id(doc.path) or make_doc_id(sha, doc.path)
        nbytes = len(doc.text.encode("utf-8"))
        _document_rows(rows, doc, figures, report, doc_id, doc.path, sha, nbytes, None, None)
    return {t: frame(t, rows[t]) for t in TABLES}


def check_corpus(
    source: Corpus | str | Path | Sequence[str | Path] | pd.DataFrame, **options: Any
) -> pd.DataFrame:
    """The checks across documents (BR301-BR303) of a :class:`Corpus`, or of whatever
    :func:`read_corpus` reads (``options`` go to it): the ``archive_findings`` table."""
    if isinstance(source, Corpus):
        meta_cols = [c for c in source.documents.columns if c not in dict(SCHEMAS["documents"])]
        meta = source.documents[["doc_id", *meta_cols]] if meta_cols else None
        return archive_table(source.documents, source.figures, meta)
    return read_corpus(source, **options).archive_findings


def write_archive_table(outdir: Path, root: Path, fmt: str) -> int:
    """``briefing convert``: the ``archive_findings`` table of the whole converted folder
    (every committed part, resumed runs included), recomputed and replaced atomically as
    ``root/archive_findings/part-00000.<fmt>``; returns its number of rows."""
    from briefing.batch.atomic import temporary
    from briefing.batch.convert import _write_table, read_table, write_rows

    folder = root / ARCHIVE_TABLE
    folder.mkdir(parents=True, exist_ok=True)
    ext = {"parquet": ".parquet", "csv": ".csv", "jsonl": ".jsonl"}[fmt]
    target = folder / f"part-00000{ext}"
    if fmt == "parquet":  # no pandas on this path (see _archive_inputs)
        # a converted folder's tables have no metadata columns
        from briefing.checks.archive import check_archive_parts

        documents, figure_parts = _archive_inputs(root)
        found = check_archive_parts(documents, figure_parts)
        rows = [{"finding_no": i, **f.to_dict()} for i, f in enumerate(found)]
        with temporary(folder / f".tmp-{target.name}") as tmp:
            write_rows(ARCHIVE_TABLE, rows, str(tmp), fmt)
            os.replace(tmp, target)
        return len(rows)
    documents = read_table(outdir, "documents")
    figures = read_table(outdir, "figures")
    meta_cols = [c for c in documents.columns if c not in dict(SCHEMAS["documents"])]
    table = archive_table(
        documents, figures, documents[["doc_id", *meta_cols]] if meta_cols else None
    )
    with temporary(folder / f".tmp-{target.name}") as tmp:
        _write_table(table, str(tmp), fmt)
        os.replace(tmp, target)
    return len(table)


def _archive_inputs(root: Path) -> tuple[list[Any], Iterator[list[Any]]]:
    """The ``documents`` and ``figures`` of the Parquet parts under ``root`` as far as
    :func:`~briefing.checks.archive.check_archive` reads them: its columns only, and of
    the figures those of the kinds it compares (with a metric) only, one part at a time
    in part order; as records (named tuples of Python values, ``None`` for a missing
    cell), the rows :meth:`pandas.DataFrame.itertuples` gives of the same columns.

    The same findings as from :func:`~briefing.batch.convert.read_table`'s whole tables,
    for a fraction of the memory and time: a whole figures table is never held, no
    DataFrame is built (nor pandas imported), and cells are read column by column.
    """
    from collections import namedtuple

    import pyarrow as pa
    import pyarrow.compute as pc
    import pyarrow.parquet as pq

    from briefing.checks.archive import DOCUMENT_COLUMNS, FIGURE_COLUMNS, compared_kinds

    kinds = pa.array(sorted(compared_kinds()), type=pa.string())
    document = namedtuple("document", DOCUMENT_COLUMNS)  # type: ignore[misc]
    figure = namedtuple("figure", FIGURE_COLUMNS)  # type: ignore[misc]

    def records(t: pa.Table, record: Any) -> list[Any]:
        columns = [t.column(c).to_pylist() for c in record._fields]
        return list(map(record._make, zip(*columns, strict=True)))

    def parts(table: str) -> list[Path]:
        return sorted((root / table).glob("part-*.parquet"))

    docs = [pq.read_table(p, columns=list(DOCUMENT_COLUMNS)) for p in parts("documents")]
    documents = records(pa.concat_tables(docs), document) if docs else []

    def figures() -> Iterator[list[Any]]:
        for p in parts("figures"):
            t = pq.read_table(p, columns=list(FIGURE_COLUMNS))
            keep = pc.and_(
                pc.is_in(t.column("kind"), value_set=kinds), pc.is_valid(t.column("metric"))
            )
            yield records(t.filter(keep), figure)

    return documents, figures()
