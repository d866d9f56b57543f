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

A part is written under a temporary name and moved into place with
:func:`os.replace`; its manifest line is appended only after all five tables'
parts are in place (with Ctrl-C deferred meanwhile).  So whenever the run stops,
every ``part-*`` file is complete and listed in the manifest, and ``--resume``
continues from there.  Part files not in the manifest are removed on resume.
Temporaries are registered before they are created and removed by the writer or,
whichever moment Ctrl-C lands, by the SIGINT handler (see :mod:`briefing.batch.atomic`),
so an interrupted run leaves no ``.tmp-*`` file behind.

Who does what: the files are cut into parts (``BRIEFING_CHUNK``/``chunk_docs`` files
each, fewer when the whole input is small so that every worker gets a share).  A
worker (a pool process, a Dask worker, or this process with ``jobs=1``) reads,
extracts and checks the files of a part, turns the rows into Arrow tables and writes
the part's five files into this run's staging folder ``OUTDIR/.tmp-<run>/``; the parent
only moves them into place, in input order, and appends the manifest line.  So the
parent neither unpickles rows nor builds tables, and the parts (and their numbers) come
out in input order whichever worker finished first.  The staging folder is registered
as a temporary (removed on exit and by the SIGINT handler) and swept on the next run.

A run holds a lock on ``OUTDIR/.lock`` (``flock``; released by the kernel whatever
way the process ends): a second ``convert`` into the same folder fails at once with
E031 instead of mixing its parts with the first one's.

Each file gets at most ``time_limit`` seconds of CPU time (default
:data:`~briefing.batch.budget.DEFAULT_TIME_LIMIT`): a file over it becomes an error row
(E030, stage ``time``) and the run goes on (see :mod:`briefing.batch.budget`).

Test hook: with ``BRIEFING_STEP_FD=N`` in the environment, the parent reads one byte
from file descriptor ``N`` after committing each part and waits until it can (end of
file: no more waiting).  A test holding the other end of a pipe thus stops a real run
at a known point — between two parts, with work still to do — and sends its real
SIGINT there, with no dependence on the machine's speed.

``pd.read_parquet(OUTDIR / "figures")`` reads a table back whole.
"""

from __future__ import annotations

import contextlib
import gc
import json
import os
import secrets
import sys
import time
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import asdict, dataclass, field
from functools import partial
from pathlib import Path
from typing import Any, TextIO

from briefing.batch.atomic import critical, interrupts_clean_up, temporaries, temporary
from briefing.batch.budget import DEFAULT_TIME_LIMIT
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
    process_file,
)
from briefing.errors import OutputBusyError, OverwriteError, ReadError, UsageError

FORMATS = ("parquet", "csv", "jsonl", "xlsx")
MANIFEST = "manifest.jsonl"
SUMMARY = "summary.json"
XLSX_NAME = "tables.xlsx"
PARTS_HIDDEN = ".parts"
#: Documents per part (env BRIEFING_CHUNK overrides; tests use small parts).
CHUNK_DOCS = 200
#: A part is also committed after this many seconds, so a slow run keeps its progress.
CHUNK_SECONDS = 60.0
#: Files per task sent to a worker by :func:`iter_results` (rows come back whole).
TASK_FILES = 4
LOCK = ".lock"
#: Test hook: see the module doc.
STEP_FD_ENV = "BRIEFING_STEP_FD"
XLSX_MAX_ROWS = 1_048_575


@dataclass
class Summary:
    """What a conversion did: files seen, converted, failed and skipped; rows written."""

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


_ARROW_SCHEMAS: dict[str, Any] = {}


def arrow_schema(table: str) -> Any:
    """The Arrow schema of ``table``, with pandas metadata: ``pd.read_parquet`` gives
    back the exact dtypes of :func:`~briefing.batch.rows.frame` (string, Int64…)."""
    schema = _ARROW_SCHEMAS.get(table)
    if schema is None:
        import pyarrow as pa

        schema = pa.Schema.from_pandas(frame(table, []), preserve_index=False)
        _ARROW_SCHEMAS[table] = schema
    return schema


def write_rows(table: str, rows: Sequence[dict[str, Any]], path: str, fmt: str) -> None:
    """Write one table's rows to ``path``: Parquet straight from an Arrow record batch
    (no DataFrame); CSV and JSON lines through pandas."""
    if fmt == "parquet":
        import pyarrow as pa
        import pyarrow.parquet as pq

        schema = arrow_schema(table)
        batch = pa.RecordBatch.from_pylist(list(rows), schema=schema)
        pq.write_table(pa.Table.from_batches([batch], schema=schema), path)
    else:
        _write_table(frame(table, rows), path, fmt)


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
        #: this run's name for its temporaries (two runs never share one)
        self.run = f"{os.getpid():x}{secrets.token_hex(3)}"
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
        import shutil

        committed = self._committed_names()
        for t in TABLES:
            for p in (self.root / t).iterdir():
                if p.name.startswith(".tmp-"):
                    p.unlink()
                elif p.name.startswith("part-") and p.name.split(".")[0] not in committed:
                    p.unlink()
        # staging folders of runs that were killed (the lock says none is running)
        for p in self.outdir.glob(".tmp-*"):
            if p.is_dir() and not p.is_symlink():
                shutil.rmtree(p, ignore_errors=True)

    # -- writing --------------------------------------------------------------
    def staging(self) -> contextlib.AbstractContextManager[Path]:
        """This run's staging folder for workers' parts (a registered temporary)."""
        return _staging(self.outdir / f".tmp-{self.run}")

    def stage_name(self, key: str, table: str) -> str:
        return f"{key}-{table}{self.ext}"

    def write(self, rows: Rows, doc_ids: Sequence[str | None]) -> None:
        """Write one part of every table here and commit it: all of it, or none of it.

        The five temporaries are registered before the first is created, so whether
        Ctrl-C lands before, during or after writing any of them, they are removed
        (here on the way out, or by the SIGINT handler); the moves into place and the
        manifest line happen with Ctrl-C held (:meth:`commit`).
        """
        name = f"part-{self.next_part:05d}"
        tmp_names = [self.root / t / f".tmp-{self.run}-{name}{self.ext}" for t in TABLES]
        with temporaries(tmp_names) as tmps:
            for t, tmp in zip(TABLES, tmps, strict=True):
                write_rows(t, rows[t], str(tmp), self.part_fmt)
            self.commit(tmps, doc_ids)

    def commit(self, staged: Sequence[Path | str], doc_ids: Sequence[str | None]) -> None:
        """Move a written part (one file per table, in :data:`TABLES` order) into place
        as the next part and append its manifest line, with Ctrl-C held meanwhile."""
        name = f"part-{self.next_part:05d}"
        record: dict[str, Any] = {"part": self.next_part, "name": name, "format": self.fmt}
        record["docs"] = list(doc_ids)
        line = json.dumps(record, ensure_ascii=False) + "\n"
        finals = [self.root / t / f"{name}{self.ext}" for t in TABLES]
        with critical():
            moved: list[Path] = []
            try:
                for tmp, final in zip(staged, finals, strict=True):
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
        with temporary(self.outdir / f".tmp-{self.run}-{XLSX_NAME}") as tmp:
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
    with temporary(path.with_name(f".tmp-{os.getpid():x}-{path.name}")) as tmp:
        tmp.write_text(text, encoding="utf-8")
        os.replace(tmp, path)


@contextlib.contextmanager
def _staging(folder: Path) -> Iterator[Path]:
    """A run's staging folder, registered before it is created and removed on exit
    (and by the SIGINT handler) with whatever workers left in it."""
    with temporary(folder) as tmp:
        tmp.mkdir()
        yield tmp


@contextlib.contextmanager
def folder_lock(outdir: Path) -> Iterator[None]:
    """Hold ``OUTDIR/.lock`` for the run; another holder → :class:`OutputBusyError`.

    ``flock`` on an open file: the kernel releases it when the process ends, however
    it ends, so a killed run never leaves the folder locked.  (No lock on systems
    without ``fcntl``.)
    """
    try:
        import fcntl
    except ImportError:  # pragma: no cover - Windows
        yield
        return
    path = outdir / LOCK
    fd = os.open(path, os.O_RDWR | os.O_CREAT, 0o644)
    try:
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except OSError:
            holder = os.pread(fd, 64, 0).decode("ascii", "replace").strip()
            who = f" (process {holder})" if holder.isdigit() else ""
            raise OutputBusyError(
                str(outdir),
                f"another briefing convert is writing into this folder{who}; "
                "wait for it to finish or choose another output folder",
            ) from None
        os.ftruncate(fd, 0)
        os.pwrite(fd, f"{os.getpid()}\n".encode("ascii"), 0)
        yield
    finally:
        os.close(fd)  # releases the lock


def _refuse_output_among_inputs(inputs: Sequence[str], out: Path, docx: bool) -> None:
    """An output must never replace an input, nor (with --docx) be read back as one."""
    real_out = os.path.realpath(out)
    for given in inputs:
        if given == "-" or not os.path.exists(given):
            continue
        real_in = os.path.realpath(given)
        if real_in == real_out or (
            os.path.isfile(given) and os.path.commonpath([real_in, real_out]) == real_out
        ):
            raise OverwriteError(str(out), f"the output folder holds the input {given}")
        if docx and os.path.isdir(given) and os.path.commonpath([real_in, real_out]) == real_in:
            raise OverwriteError(
                str(out),
                f"the output folder is inside the input folder {given}: the rendered "
                ".docx files would be read as inputs; choose a folder outside it",
            )


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


def _pending(paths: Iterable[str], done: frozenset[str], skipped: list[int]) -> Iterator[str]:
    """Paths not yet converted (by content hash + path); counts the ones skipped.

    ``done`` is what the manifest held when the run began: empty without ``--resume``,
    and then no file is read here (parts this run commits never need checking).
    """
    if not done:
        yield from paths
        return
    from briefing.io.inputs import not_regular

    for p in paths:
        did: str | None = None
        if not_regular(p) is None:
            try:
                with open(p, "rb") as fh:
                    did = make_doc_id(content_hash(fh.read()), p)
            except OSError:
                did = None
        if did in done:
            skipped[0] += 1
            continue
        yield p


@dataclass
class Task:
    """One part's worth of work for a worker."""

    key: str
    paths: list[str]
    missing: list[tuple[str, str]] = field(default_factory=list)


@dataclass
class Staged:
    """A part a worker has written into the staging folder, ready to be committed."""

    files: list[str]  # one per table, in TABLES order
    ids: list[str | None]
    #: per file: ok, bytes, figures, relations, findings, findings of severity error
    stats: list[tuple[int, int, int, int, int, int]]


def _plan(
    paths: Iterable[str], missing: list[tuple[str, str]], chunk: int, workers: int
) -> Iterator[Task]:
    """Cut the paths into tasks of ``chunk`` files (one part each, in input order).

    When the whole input is smaller than a chunk for every worker, the parts are made
    smaller so that every worker gets a share.  Paths that do not exist (``missing``,
    filled while ``paths`` is walked) come last, as a part of their own.
    """
    it = iter(paths)
    head: list[str] = []
    for p in it:
        head.append(p)
        if len(head) >= chunk * workers:
            break
    else:  # the whole input is in ``head``
        chunk = max(1, min(chunk, -(-len(head) // workers)))
    n = 0

    def tasks() -> Iterator[list[str]]:
        yield from batched(head, chunk)
        yield from batched(it, chunk)

    for group in tasks():
        yield Task(f"{n:06d}", group)
        n += 1
    if missing:
        yield Task(f"{n:06d}", [], list(missing))


def stage_part(
    task: Task,
    *,
    staging: str,
    fmt: str,
    ext: str,
    docx_dir: str | None = None,
    time_limit: float | None = None,
    chunk_seconds: float | None = None,
) -> list[Staged]:
    """(worker) Convert a task's files and write its part(s) into ``staging``.

    A task is one part, or several when ``chunk_seconds`` pass while it runs (so a slow
    worker still commits its progress).  Files a worker leaves behind when it fails are
    removed with the staging folder.
    """
    out: list[Staged] = []
    rows = empty_rows()
    ids: list[str | None] = []
    stats: list[tuple[int, int, int, int, int, int]] = []
    started = time.perf_counter()

    def flush() -> None:
        nonlocal rows, ids, stats, started
        files = [os.path.join(staging, f"{task.key}-{len(out):04d}-{t}{ext}") for t in TABLES]
        try:
            for t, f in zip(TABLES, files, strict=True):
                write_rows(t, rows[t], f, fmt)
        except OSError:  # FileNotFoundError from Arrow, OSError from pandas
            if os.path.isdir(staging):
                raise
            # the run was interrupted and its staging folder removed (a Ctrl-C to the
            # parent): nothing of this part is wanted, and no traceback either
            rows, ids, stats = empty_rows(), [], []
            return
        out.append(Staged(files, ids, stats))
        rows, ids, stats, started = empty_rows(), [], [], time.perf_counter()

    for path in task.paths:
        result = process_file(path, docx_dir, time_limit)
        for t in TABLES:
            rows[t].extend(result[t])
        if result["documents"]:
            d = result["documents"][0]
            ids.append(d["doc_id"])
            stats.append(
                (
                    1,
                    int(d["bytes"]),
                    int(d["n_figures"]),
                    int(d["n_relations"]),
                    int(d["n_findings"]),
                    int(d["n_errors"]),
                )
            )
        else:
            ids.append(result["errors"][0]["doc_id"])
            stats.append((0, 0, 0, 0, 0, 0))
        if chunk_seconds is not None and time.perf_counter() - started >= chunk_seconds:
            flush()
    for path, cause in task.missing:
        rows["errors"].append(error_row(None, path, "read", ReadError(path, cause)))
        ids.append(None)
        stats.append((0, 0, 0, 0, 0, 0))
    if ids:
        flush()
    return out


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


def _stepper() -> Callable[[], None]:
    """The test hook of the module doc: wait for a byte on ``BRIEFING_STEP_FD``."""
    env = os.environ.get(STEP_FD_ENV)
    if not env:
        return lambda: None
    try:
        fd = int(env)
    except ValueError:
        raise UsageError(None, f"{STEP_FD_ENV} must be a file descriptor, not {env!r}") from None
    open_ = [True]

    def step() -> None:
        if open_[0] and not os.read(fd, 1):
            open_[0] = False  # the other end closed: run freely from now on

    return step


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
    time_limit: float | None = DEFAULT_TIME_LIMIT,
) -> Summary:
    """Convert every bulletin under ``inputs`` into tables in ``outdir``; see module doc.

    A part holds at most ``chunk_docs`` documents; a worker also closes its part once
    ``chunk_seconds`` have passed since it began it (``None``: by count only).
    ``time_limit``: CPU seconds a file may take (``None``: no limit).
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
            time_limit=time_limit,
        )


def _freeze_loaded() -> bool:
    """Move every object alive now (the loaded pipeline, its compiled patterns and data,
    pandas and Arrow) out of the cyclic garbage collector's sight for the run
    (:func:`gc.freeze`; :func:`gc.unfreeze` after it): they live as long as the process,
    and each full collection would otherwise walk them all again (a tenth of the CPU a
    file takes).  Forked pool workers inherit the frozen set.  Not when the collector
    is off (then nothing walks them anyway) or already frozen by the caller."""
    if not gc.isenabled() or gc.get_freeze_count():
        return False
    gc.freeze()
    return True


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
    time_limit: float | None,
) -> Summary:
    from briefing.batch.budget import warm_up
    from briefing.io.inputs import iter_inputs

    if out.exists() and not out.is_dir():
        raise UsageError(str(out), "output exists and is not a folder")
    _refuse_output_among_inputs(inputs, out, docx)
    out.mkdir(parents=True, exist_ok=True)
    step = _stepper()
    with folder_lock(out):
        writer = PartWriter(out, fmt, resume)
        docx_dir: str | None = None
        if docx:
            docx_dir = str((out / "docx").resolve())
            os.makedirs(docx_dir, exist_ok=True)
        # progress: a bar on a terminal, plain lines in a log or a pipe (False: none)
        lines = progress is None and not sys.stderr.isatty()
        show = True if progress is None else progress
        chunk = chunk_docs or _chunk_docs()
        workers = jobs or default_jobs()

        missing: list[tuple[str, str]] = []
        total: int | None = None
        if show:  # a cheap first walk for the ETA (names only; nothing kept but the count)
            total = sum(1 for _ in iter_inputs(inputs, []))
        skipped = [0]
        paths = _pending(iter_inputs(inputs, missing), frozenset(writer.done), skipped)

        summary = Summary(
            engine=engine,
            jobs=workers,
            format=fmt,
            output=str(out / XLSX_NAME if fmt == "xlsx" else out),
        )
        bar = Progress(total, show, lines=lines)
        t0 = time.perf_counter()
        if engine == "local":
            # loaded once here: forked pool workers inherit the loaded pipeline and the
            # Arrow schemas instead of each loading them again
            warm_up()
            if writer.part_fmt == "parquet":
                for t in TABLES:
                    arrow_schema(t)
        frozen = _freeze_loaded()
        try:
            with writer.staging() as staging:
                work = partial(
                    stage_part,
                    staging=str(staging.resolve()),  # workers may have another cwd
                    fmt=writer.part_fmt,
                    ext=writer.ext,
                    docx_dir=docx_dir,
                    time_limit=time_limit,
                    chunk_seconds=chunk_seconds,
                )
                results = map_ordered(
                    work,
                    _plan(paths, missing, chunk, workers),
                    engine=engine,
                    jobs=jobs,
                    scheduler=scheduler,
                    window=2 * workers,
                    init=warm_up if time_limit else None,
                )
                # closed before the staging folder goes: no worker still writes into it
                with contextlib.closing(results):  # type: ignore[type-var]
                    for staged in results:
                        for part in staged:
                            writer.commit(part.files, part.ids)
                            summary.parts += 1
                            for ok, size, nfig, nrel, nfind, nerr in part.stats:
                                summary.files += 1
                                summary.ok += ok
                                summary.errors += 1 - ok
                                summary.bytes += size
                                summary.figures += nfig
                                summary.relations += nrel
                                summary.findings += nfind
                                summary.error_findings += nerr
                            bar.update(len(part.ids))
                            step()
        finally:
            bar.close()
            if frozen:
                gc.unfreeze()
        summary.skipped = skipped[0]
        from briefing.batch.corpus import write_archive_table

        summary.archive_findings = write_archive_table(out, writer.root, writer.part_fmt)
        summary.seconds = time.perf_counter() - t0
        if fmt == "xlsx":
            writer.finish_xlsx()
        record = asdict(summary)
        record.pop("extra")
        record.update(files_per_s=summary.files_per_s, mb_per_s=summary.mb_per_s)
        text = json.dumps(record, ensure_ascii=False, indent=2) + "\n"
        _atomic_write_text(out / SUMMARY, text)
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
