"""Convert an archive of bulletins to tables, streaming, resumable and atomic.

Output layout (``OUTDIR``)::

    documents/part-00000.parquet   one part per chunk of documents, for every table
    figures/part-00000.parquet     (.csv or .jsonl with --format csv|jsonl)
    relations/…  relation_operands/…  findings/…  errors/…
    archive_findings/part-00000.parquet   checks across the documents, recomputed each run
    manifest.jsonl                 the commit record: one line per part, listing its files
    summary.json                   counts and timing of the last run
    tables.xlsx                    --format xlsx only (parts then live in .parts/)
    docx/                          --docx: one rendered bulletin per document

A part is written under a temporary name in its folder and moved into place with
:func:`os.replace`; its manifest line is appended only after all five tables'
parts are in place (with Ctrl-C deferred meanwhile).  So whenever the run stops,
every ``part-*`` file is complete and listed in the manifest, and ``--resume``
continues from there.  Part files not in the manifest are removed on resume.
Temporaries are registered before they are created and removed by the writer or,
whichever moment Ctrl-C lands, by the SIGINT handler (see :mod:`briefing.batch.atomic`),
so an interrupted run leaves no ``.tmp-*`` file behind.

``pd.read_parquet(OUTDIR / "figures")`` reads a table back whole.
"""

from __future__ import annotations

import contextlib
import json
import os
import sys
import time
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import asdict, dataclass, field
from functools import partial
from pathlib import Path
from typing import Any, TextIO

from briefing.batch.atomic import critical, interrupts_clean_up, temporaries, temporary
from briefing.batch.engines import batched, default_jobs, map_ordered
from briefing.batch.rows import (
    ARCHIVE_TABLE,
    TABLES,
    Rows,
    content_hash,
    empty_rows,
    error_row,
    frame,
    make_doc_id,
    process_batch,
)
from briefing.errors import ReadError, UsageError

FORMATS = ("parquet", "csv", "jsonl", "xlsx")
MANIFEST = "manifest.jsonl"
SUMMARY = "summary.json"
XLSX_NAME = "tables.xlsx"
PARTS_HIDDEN = ".parts"
#: Documents per part (env BRIEFING_CHUNK overrides; tests use small parts).
CHUNK_DOCS = 200
#: A part is also committed after this many seconds, so a slow run keeps its progress.
CHUNK_SECONDS = 60.0
#: Files per task sent to a worker.
TASK_FILES = 4
XLSX_MAX_ROWS = 1_048_575


@dataclass
class Summary:
    files: int = 0
    ok: int = 0
    errors: int = 0
    skipped: int = 0
    figures: int = 0
    relations: int = 0
    findings: int = 0
    error_findings: int = 0
    archive_findings: int = 0
    bytes: int = 0
    seconds: float = 0.0
    parts: int = 0
    engine: str = "local"
    jobs: int = 1
    format: str = "parquet"
    output: str = ""
    extra: dict[str, Any] = field(default_factory=dict)

    @property
    def files_per_s(self) -> float:
        return self.files / self.seconds if self.seconds > 0 else 0.0

    @property
    def mb_per_s(self) -> float:
        return self.bytes / 1e6 / self.seconds if self.seconds > 0 else 0.0

    def line(self) -> str:
        skipped = f", {self.skipped} skipped (already done)" if self.skipped else ""
        return (
            f"{self.files} files: {self.ok} ok, {self.errors} errors{skipped}; "
            f"{self.figures} figures, {self.findings} findings "
            f"({self.error_findings} of severity error); "
            f"{self.seconds:.1f} s, {self.files_per_s:.1f} files/s, "
            f"{self.mb_per_s:.2f} MB/s → {self.output}"
        )


# ---------------------------------------------------------------------------
# progress bar
# ---------------------------------------------------------------------------


#: Seconds between two progress lines when stderr is not a terminal (a log, a pipe).
LINE_EVERY = 10.0


class Progress:
    """A one-line progress bar with files/s and ETA; silent unless ``enabled``.

    ``lines=True`` (stderr is a log or a pipe, not a terminal): a plain line at most
    every :data:`LINE_EVERY` seconds and one for the last file, instead of a redrawn bar.
    """

    def __init__(
        self,
        total: int | None,
        enabled: bool,
        stream: TextIO | None = None,
        clock: Callable[[], float] = time.perf_counter,
        *,
        lines: bool = False,
    ) -> None:
        self.total = total
        self.enabled = enabled
        self.stream = stream or sys.stderr
        self.clock = clock
        self.lines = lines
        self.done = 0
        self.t0 = clock()
        self._last = -float("inf") if not lines else self.t0

    def update(self, n: int = 1) -> None:
        self.done += n
        if not self.enabled:
            return
        now = self.clock()
        every = LINE_EVERY if self.lines else 0.1
        if now - self._last < every and (self.total is None or self.done < self.total):
            return
        self._last = now
        elapsed = max(now - self.t0, 1e-9)
        rate = self.done / elapsed
        if self.lines:
            of = f"/{self.total}" if self.total else ""
            eta = ""
            if self.total and rate > 0:
                eta = f", ETA {_clock(max(self.total - self.done, 0) / rate)}"
            self.stream.write(f"briefing convert: {self.done}{of} files, {rate:.1f} files/s{eta}\n")
            self.stream.flush()
            return
        if self.total:
            left = max(self.total - self.done, 0)
            eta = _clock(left / rate) if rate > 0 else "?"
            width = 24
            filled = int(width * min(self.done / self.total, 1.0))
            bar = "█" * filled + "·" * (width - filled)
            msg = f"\r{bar} {self.done}/{self.total} files  {rate:.1f} files/s  ETA {eta} "
        else:
            msg = f"\r{self.done} files  {rate:.1f} files/s "
        self.stream.write(msg)
        self.stream.flush()

    def close(self) -> None:
        if self.enabled and not self.lines:
            self.stream.write("\n")
            self.stream.flush()


def _clock(seconds: float) -> str:
    s = int(seconds + 0.5)
    return f"{s // 3600}:{s // 60 % 60:02d}:{s % 60:02d}"


# ---------------------------------------------------------------------------
# atomic part writer + manifest
# ---------------------------------------------------------------------------


def _write_table(df: Any, path: str, fmt: str) -> None:
    if fmt == "parquet":
        df.to_parquet(path, index=False, engine="pyarrow")
    elif fmt == "csv":
        from briefing.io.sheets import write_csv

        write_csv(df, path)  # BOM for Excel, formula prefixes neutralised
    elif fmt == "jsonl":
        df.to_json(path, orient="records", lines=True, force_ascii=False)
    else:  # pragma: no cover - guarded by FORMATS
        raise ValueError(fmt)


class PartWriter:
    """Writes chunks of rows as numbered parts of every table, atomically."""

    def __init__(self, outdir: Path, fmt: str, resume: bool) -> None:
        self.outdir = outdir
        self.fmt = fmt
        # xlsx cannot be appended to in parts: keep Parquet parts aside, build at the end
        self.part_fmt = "parquet" if fmt == "xlsx" else fmt
        self.root = outdir / PARTS_HIDDEN if fmt == "xlsx" else outdir
        self.ext = {"parquet": ".parquet", "csv": ".csv", "jsonl": ".jsonl"}[self.part_fmt]
        self.manifest_path = outdir / MANIFEST
        self.done: set[str] = set()
        self.next_part = 0
        outdir.mkdir(parents=True, exist_ok=True)
        if resume:
            self._load_manifest()
        else:
            self._clear()
        for t in TABLES:
            (self.root / t).mkdir(parents=True, exist_ok=True)
        self._sweep_orphans()

    # -- state ----------------------------------------------------------------
    def _load_manifest(self) -> None:
        if not self.manifest_path.exists():
            return
        with self.manifest_path.open(encoding="utf-8") as fh:
            for line in fh:
                if not line.strip():
                    continue
                try:
                    rec = json.loads(line)
                except json.JSONDecodeError:
                    break  # a torn last line cannot happen with append+fsync, but be safe
                if rec.get("format") != self.fmt:
                    raise UsageError(
                        str(self.outdir),
                        f"--resume with --format {self.fmt}, but the folder holds "
                        f"{rec.get('format')} output (convert to a new folder instead)",
                    )
                self.next_part = max(self.next_part, int(rec["part"]) + 1)
                self.done.update(d for d in rec["docs"] if d)

    def _clear(self) -> None:
        """Remove what an earlier run wrote here (only our own files)."""
        for root in {self.outdir, self.outdir / PARTS_HIDDEN}:
            for t in TABLES:
                d = root / t
                if d.is_dir():
                    for p in d.iterdir():
                        if p.name.startswith(("part-", ".tmp-")):
                            p.unlink()
        for name in (MANIFEST, SUMMARY, XLSX_NAME):
            with contextlib.suppress(FileNotFoundError):
                (self.outdir / name).unlink()

    def _committed_names(self) -> set[str]:
        names: set[str] = set()
        if self.manifest_path.exists():
            with self.manifest_path.open(encoding="utf-8") as fh:
                for line in fh:
                    with contextlib.suppress(json.JSONDecodeError, KeyError):
                        names.add(json.loads(line)["name"])
        return names

    def _sweep_orphans(self) -> None:
        """Delete temporaries and parts that never made it into the manifest."""
        committed = self._committed_names()
        for t in TABLES:
            for p in (self.root / t).iterdir():
                if p.name.startswith(".tmp-"):
                    p.unlink()
                elif p.name.startswith("part-") and p.name.split(".")[0] not in committed:
                    p.unlink()

    # -- writing --------------------------------------------------------------
    def write(self, rows: Rows, doc_ids: Sequence[str | None]) -> None:
        """Write one part of every table; all of it is committed, or none of it.

        The five temporaries are registered before the first is created, so whether
        Ctrl-C lands before, during or after writing any of them, they are removed
        (here on the way out, or by the SIGINT handler); the moves into place and the
        manifest line happen with Ctrl-C held.
        """
        name = f"part-{self.next_part:05d}"
        record: dict[str, Any] = {"part": self.next_part, "name": name, "format": self.fmt}
        record["docs"] = list(doc_ids)
        line = json.dumps(record, ensure_ascii=False) + "\n"
        finals = [self.root / t / f"{name}{self.ext}" for t in TABLES]
        with temporaries(f.with_name(f".tmp-{f.name}") for f in finals) as tmps:
            for t, tmp in zip(TABLES, tmps, strict=True):
                _write_table(frame(t, rows[t]), str(tmp), self.part_fmt)
            with critical():
                moved: list[Path] = []
                try:
                    for tmp, final in zip(tmps, finals, strict=True):
                        os.replace(tmp, final)
                        moved.append(final)
                    with self.manifest_path.open("a", encoding="utf-8") as fh:
                        fh.write(line)
                        fh.flush()
                        os.fsync(fh.fileno())
                except BaseException:
                    if not _listed(self.manifest_path, line):  # not committed: undo the moves
                        for final in moved:
                            with contextlib.suppress(FileNotFoundError):
                                final.unlink()
                    raise
                self.done.update(d for d in doc_ids if d)
                self.next_part += 1

    def part_files(self, table: str) -> list[Path]:
        return sorted((self.root / table).glob(f"part-*{self.ext}"))

    def finish_xlsx(self) -> Path:
        """Stream every Parquet part into one workbook (a sheet per table), atomically."""
        import pandas as pd
        from openpyxl import Workbook

        from briefing.io.sheets import write_only_row

        target = self.outdir / XLSX_NAME
        wb = Workbook(write_only=True)
        with temporary(self.outdir / f".tmp-{XLSX_NAME}") as tmp:
            for t in (*TABLES, ARCHIVE_TABLE):
                ws = wb.create_sheet(t)
                cols = None
                n = 0
                for part in self.part_files(t):
                    df = pd.read_parquet(part)
                    if cols is None:
                        cols = list(df.columns)
                        ws.append(cols)
                    n += len(df)
                    if n > XLSX_MAX_ROWS:
                        raise UsageError(
                            str(target),
                            f"the {t} table has more than {XLSX_MAX_ROWS} rows, "
                            "more than a worksheet holds; use --format parquet or csv",
                        )
                    for rec in df.astype(object).itertuples(index=False, name=None):
                        ws.append(write_only_row(ws, rec))  # text never becomes a formula
                if cols is None:
                    ws.append([c for c in frame(t, []).columns])
            wb.save(tmp)
            os.replace(tmp, target)
        return target


def _listed(manifest: Path, line: str) -> bool:
    """Whether ``line`` made it to the end of the manifest."""
    try:
        with manifest.open("rb") as fh:
            fh.seek(0, os.SEEK_END)
            data = line.encode("utf-8")
            fh.seek(max(fh.tell() - len(data), 0))
            return fh.read() == data
    except OSError:
        return False


def _atomic_write_text(path: Path, text: str) -> None:
    with temporary(path.with_name(f".tmp-{path.name}")) as tmp:
        tmp.write_text(text, encoding="utf-8")
        os.replace(tmp, path)


# ---------------------------------------------------------------------------
# the conversion
# ---------------------------------------------------------------------------


def _chunk_docs() -> int:
    env = os.environ.get("BRIEFING_CHUNK")
    if env:
        try:
            return max(1, int(env))
        except ValueError:
            raise UsageError(None, f"BRIEFING_CHUNK must be a number, not {env!r}") from None
    return CHUNK_DOCS


def _pending(paths: Iterable[str], done: set[str], skipped: list[int]) -> Iterator[str]:
    """Paths not yet converted (by content hash + path); counts the ones skipped."""
    for p in paths:
        if done:
            try:
                with open(p, "rb") as fh:
                    did = make_doc_id(content_hash(fh.read()), p)
            except OSError:
                did = None
            if did in done:
                skipped[0] += 1
                continue
        yield p


def iter_results(
    paths: Iterable[str],
    *,
    engine: str = "local",
    jobs: int | None = None,
    scheduler: str | None = None,
    docx_dir: str | None = None,
) -> Iterator[Rows]:
    """Rows for each path, in input order, on the chosen engine."""
    task = partial(process_batch, docx_dir=docx_dir)
    size = 16 if engine == "dask" else TASK_FILES
    for batch in map_ordered(
        task, batched(paths, size), engine=engine, jobs=jobs, scheduler=scheduler
    ):
        yield from batch


def convert(
    inputs: Sequence[str],
    outdir: str | Path,
    *,
    fmt: str = "parquet",
    jobs: int | None = None,
    engine: str = "local",
    scheduler: str | None = None,
    resume: bool = False,
    docx: bool = False,
    progress: bool | None = None,
    chunk_docs: int | None = None,
    chunk_seconds: float | None = CHUNK_SECONDS,
    on_result: Callable[[Rows], None] | None = None,
) -> Summary:
    """Convert every bulletin under ``inputs`` into tables in ``outdir``; see module doc.

    A part is committed every ``chunk_docs`` documents, and also once ``chunk_seconds``
    have passed since the last commit (``None``: by count only).
    """
    if fmt not in FORMATS:
        raise UsageError(None, f"unknown format {fmt!r} (use one of {', '.join(FORMATS)})")
    with interrupts_clean_up():
        return _convert(
            inputs,
            Path(outdir),
            fmt=fmt,
            jobs=jobs,
            engine=engine,
            scheduler=scheduler,
            resume=resume,
            docx=docx,
            progress=progress,
            chunk_docs=chunk_docs,
            chunk_seconds=chunk_seconds,
            on_result=on_result,
        )


def _convert(
    inputs: Sequence[str],
    out: Path,
    *,
    fmt: str,
    jobs: int | None,
    engine: str,
    scheduler: str | None,
    resume: bool,
    docx: bool,
    progress: bool | None,
    chunk_docs: int | None,
    chunk_seconds: float | None,
    on_result: Callable[[Rows], None] | None,
) -> Summary:
    from briefing.cli import iter_inputs

    if out.exists() and not out.is_dir():
        raise UsageError(str(out), "output exists and is not a folder")
    writer = PartWriter(out, fmt, resume)
    docx_dir: str | None = None
    if docx:
        docx_dir = str((out / "docx").resolve())
        os.makedirs(docx_dir, exist_ok=True)
    # progress: a bar on a terminal, plain lines in a log or a pipe (progress=False: none)
    lines = progress is None and not sys.stderr.isatty()
    show = True if progress is None else progress
    chunk = chunk_docs or _chunk_docs()

    missing: list[tuple[str, str]] = []
    total: int | None = None
    if show:  # a cheap first walk for the ETA (names only; nothing kept but the count)
        total = sum(1 for _ in iter_inputs(inputs, []))
    skipped = [0]
    paths = _pending(iter_inputs(inputs, missing), writer.done, skipped)

    summary = Summary(
        engine=engine,
        jobs=jobs or default_jobs(),
        format=fmt,
        output=str(out / XLSX_NAME if fmt == "xlsx" else out),
    )
    bar = Progress(total, show, lines=lines)
    buf = empty_rows()
    ids: list[str | None] = []
    last_commit = time.perf_counter()
    t0 = time.perf_counter()

    def commit() -> None:
        nonlocal buf, ids, last_commit
        if ids:
            writer.write(buf, ids)
            summary.parts += 1
        buf, ids, last_commit = empty_rows(), [], time.perf_counter()

    try:
        for rows in iter_results(
            paths, engine=engine, jobs=jobs, scheduler=scheduler, docx_dir=docx_dir
        ):
            if on_result is not None:
                on_result(rows)
            for t in TABLES:
                buf[t].extend(rows[t])
            summary.files += 1
            if rows["documents"]:
                d = rows["documents"][0]
                summary.ok += 1
                summary.bytes += int(d["bytes"])
                summary.figures += int(d["n_figures"])
                summary.relations += int(d["n_relations"])
                summary.findings += int(d["n_findings"])
                summary.error_findings += int(d["n_errors"])
                ids.append(d["doc_id"])
            else:
                summary.errors += 1
                ids.append(rows["errors"][0]["doc_id"])
            bar.update()
            if len(ids) >= chunk or (
                chunk_seconds is not None and time.perf_counter() - last_commit >= chunk_seconds
            ):
                commit()
        # paths that do not exist at all (named on the command line)
        for path, cause in missing:
            buf["errors"].append(error_row(None, path, "read", ReadError(path, cause)))
            ids.append(None)
            summary.files += 1
            summary.errors += 1
        commit()
    finally:
        bar.close()
    summary.skipped = skipped[0]
    from briefing.batch.corpus import write_archive_table

    summary.archive_findings = write_archive_table(out, writer.root, writer.part_fmt)
    summary.seconds = time.perf_counter() - t0
    if fmt == "xlsx":
        writer.finish_xlsx()
    record = asdict(summary)
    record.pop("extra")
    record.update(files_per_s=summary.files_per_s, mb_per_s=summary.mb_per_s)
    _atomic_write_text(out / SUMMARY, json.dumps(record, ensure_ascii=False, indent=2) + "\n")
    return summary


_TRUTH = {"true": True, "false": False}


def read_table(outdir: str | Path, table: str) -> Any:
    """Read one table of a converted folder back as a typed DataFrame."""
    import pandas as pd

    from briefing.batch.rows import SCHEMAS

    out = Path(outdir)
    if (out / XLSX_NAME).exists() and not (out / table).is_dir():
        strings = {c: object for c, d in SCHEMAS[table] if d == "string"}
        df = pd.read_excel(out / XLSX_NAME, sheet_name=table, dtype=strings)
        return df.astype(dict(SCHEMAS[table]))
    root = out / PARTS_HIDDEN if (out / PARTS_HIDDEN / table).is_dir() else out
    parts = sorted((root / table).glob("part-*"))
    if not parts:
        return frame(table, [])
    frames = []
    for p in parts:
        if p.suffix == ".parquet":
            frames.append(pd.read_parquet(p))
        elif p.suffix == ".csv":
            from briefing.io.sheets import read_csv

            frames.append(read_csv(p, dtype=str, keep_default_na=False, na_values=[""]))
        else:
            frames.append(pd.read_json(p, lines=True, dtype=False))
    schema = dict(SCHEMAS[table])
    # an empty JSON-lines part has no columns to read back
    frames = [f.reindex(columns=list(schema)) for f in frames if len(f.columns)]
    if not frames:
        return frame(table, [])
    df = pd.concat(frames, ignore_index=True)
    for col, dtype in schema.items():
        if dtype == "bool" and not pd.api.types.is_bool_dtype(df[col]):
            df[col] = df[col].map(lambda v: str(v).lower() == "true").astype(bool)
        elif dtype == "boolean" and not pd.api.types.is_bool_dtype(df[col]):
            # CSV and JSON lines give text; anything else is missing
            df[col] = df[col].map(lambda v: _TRUTH.get(str(v).lower(), pd.NA)).astype("boolean")
        elif dtype in ("Int64", "float64") and not pd.api.types.is_numeric_dtype(df[col]):
            df[col] = pd.to_numeric(df[col])
    return df.astype(schema)
