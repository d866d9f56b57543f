"""Batch conversion and the corpus API: rows, schemas, errors, resume, atomic parts."""

from __future__ import annotations

import io
import json
import os
import random
import signal
import subprocess
import sys
import time
from collections.abc import Callable
from pathlib import Path
from types import CodeType, FrameType
from typing import Any

import pandas as pd
import pytest

import briefing
from briefing.batch.convert import MANIFEST, Progress, convert, read_table
from briefing.batch.corpus import read_corpus
from briefing.batch.rows import (
    SCHEMAS,
    TABLES,
    Rows,
    content_hash,
    empty_rows,
    frame,
    make_doc_id,
    process_file,
)

# A made-up bulletin (our own words) whose figures vary with the seed.
TEMPLATE = """示范市政务信息
第{issue}期
示范市人民政府办公室编　　　　{year}年{month}月{day}日

{district}区扎实推进重点项目建设

今年以来，{district}区共谋划重点项目{total}个，其中新开工项目{a}个、续建项目{b}个、竣工项目{c}个，计划总投资{plan}亿元。
一、投资完成情况
截至{month}月底，全区重点项目累计完成投资{done}亿元，占年度计划{plan}亿元的{pct}%。
二、下一步工作
一是强化要素保障。二是优化营商环境。三是加强督导考核。
"""

DISTRICTS = ["东城", "西城", "南湖", "北山", "中原", "河滨", "新港", "高新"]


def make_bulletin(seed: int, wrong: bool = False) -> str:
    rng = random.Random(seed)
    a, b, c = rng.randint(1, 30), rng.randint(1, 30), rng.randint(1, 30)
    plan = rng.randint(20, 90)
    done = round(plan * rng.uniform(0.1, 0.9), 1)
    pct = done / plan * 100 + (7 if wrong else 0)
    return TEMPLATE.format(
        issue=seed + 1,
        year=2020 + seed % 5,
        month=1 + seed % 12,
        day=1 + seed % 28,
        district=DISTRICTS[seed % len(DISTRICTS)],
        total=a + b + c,
        a=a,
        b=b,
        c=c,
        plan=plan,
        done=done,
        pct=f"{pct:.1f}",
    )


def make_corpus(root: Path, n: int, *, start: int = 0, bad: bool = True) -> Path:
    """``n`` bulletins in two sub-folders, plus (``bad``) three unreadable files."""
    root.mkdir(parents=True, exist_ok=True)
    for i in range(start, start + n):
        sub = root / ("a" if i % 2 else "b")
        sub.mkdir(exist_ok=True)
        (sub / f"bulletin_{i:04d}.txt").write_text(make_bulletin(i, wrong=i % 5 == 0), "utf-8")
    if bad:
        (root / "empty.txt").write_bytes(b"")
        (root / "broken.docx").write_bytes(b"PK\x03\x04 this is not a zip archive")
        (root / "broken.pdf").write_bytes(b"%PDF-1.4\n garbage without objects")
    return root


def tables_of(outdir: Path) -> dict[str, pd.DataFrame]:
    return {t: read_table(outdir, t) for t in TABLES}


def assert_same_tables(a: dict[str, pd.DataFrame], b: dict[str, pd.DataFrame]) -> None:
    for t in TABLES:
        pd.testing.assert_frame_equal(
            a[t].reset_index(drop=True), b[t].reset_index(drop=True), obj=t
        )


# -- the per-document function ----------------------------------------------------


def test_doc_id_links_content_and_path() -> None:
    h = content_hash(b"abc")
    assert make_doc_id(h, "x/a.txt") == make_doc_id(h, "x/a.txt")
    assert make_doc_id(h, "x/a.txt") != make_doc_id(h, "y/a.txt")
    assert make_doc_id(h, "x/a.txt") != make_doc_id(content_hash(b"abd"), "x/a.txt")
    assert len(make_doc_id(h, "x/a.txt")) == 16


@pytest.mark.parametrize(
    ("name", "content", "stage", "code"),
    [
        ("missing.txt", None, "read", "E001"),
        ("empty.txt", b"", "read", "E001"),
        ("broken.docx", b"PK\x03\x04 not a zip", "read", "E001"),
        ("old.doc.docx", b"\xd0\xcf\x11\xe0" + b"\0" * 100, "read", "E001"),
    ],
)
def test_unreadable_file_becomes_one_error_row(
    tmp_path: Path, name: str, content: bytes | None, stage: str, code: str
) -> None:
    path = tmp_path / name
    if content is not None:
        path.write_bytes(content)
    rows = process_file(str(path))
    assert {t: len(rows[t]) for t in TABLES} == {t: int(t == "errors") for t in TABLES}
    err = rows["errors"][0]
    assert (err["path"], err["stage"], err["code"]) == (str(path), stage, code)
    assert err["message"]
    assert (err["doc_id"] is None) == (content is None)


def test_rows_of_a_real_bulletin_match_the_api(real_004: Path) -> None:
    rows = process_file(str(real_004))
    assert not rows["errors"]
    from briefing.checks import check
    from briefing.extraction import extract
    from briefing.io import read

    doc = read(str(real_004))
    figures = extract(doc)
    report = check(doc, figures)
    (d,) = rows["documents"]
    assert d["sha256"] == content_hash(real_004.read_bytes())
    assert d["doc_id"] == make_doc_id(d["sha256"], str(real_004))
    assert d["issue"] == "143" and d["date"] == "2020-09-08"
    assert d["n_figures"] == len(figures) == len(rows["figures"])
    assert len(rows["relations"]) == len(report.relations)
    assert len(rows["findings"]) == len(report.findings)
    for row in rows["figures"]:
        assert doc.text[row["start"] : row["end"]] == row["text"]
        assert row["doc_id"] == d["doc_id"]
    money = [r for r in rows["figures"] if r["kind"] == "money" and r["value"]]
    assert money, "the bulletin states sums of money"
    for r in money:
        assert r["value_float"] == pytest.approx(float(r["value"]))
    ids = {r["figure_id"] for r in rows["figures"]}
    for r in rows["relations"]:
        assert set((r["figure_ids"] or "").split()) <= ids
        assert isinstance(json.loads(r["figures"]), list)


@pytest.mark.parametrize("table", TABLES)
def test_frames_have_the_schema_when_empty_and_full(table: str, real_000: Path) -> None:
    expected = [(c, d) for c, d in SCHEMAS[table]]
    empty = frame(table, [])
    assert [(c, str(t)) for c, t in empty.dtypes.items()] == expected
    rows = process_file(str(real_000))[table] or process_file("/nonexistent.txt")[table]
    full = frame(table, rows)
    assert [(c, str(t)) for c, t in full.dtypes.items()] == expected


# -- corpus API ------------------------------------------------------------------------


def test_read_corpus_links_tables_by_doc_id(real_corpus: Path) -> None:
    corpus = briefing.read_corpus(str(real_corpus / "*.txt"), jobs=1)
    docs = corpus.documents
    assert len(docs) == 2 and corpus.errors.empty
    assert list(docs["path"]) == sorted(str(p) for p in real_corpus.glob("*.txt"))
    assert docs["doc_id"].is_unique
    for t in ("figures", "relations", "findings"):
        assert set(getattr(corpus, t)["doc_id"]) <= set(docs["doc_id"])
    per_doc = corpus.figures.groupby("doc_id").size()
    assert (docs.set_index("doc_id")["n_figures"] == per_doc.reindex(docs["doc_id"])).all()


def test_read_corpus_folder_with_bad_files(tmp_path: Path) -> None:
    make_corpus(tmp_path / "in", 6)
    corpus = read_corpus(tmp_path / "in", jobs=1)
    assert len(corpus.documents) == 6
    assert sorted(Path(p).name for p in corpus.errors["path"]) == [
        "broken.docx",
        "broken.pdf",
        "empty.txt",
    ]
    assert (corpus.errors["code"] == "E001").all()
    # the wrong percentages (every fifth bulletin) are found as BR101 errors
    wrong = corpus.documents[corpus.documents["path"].str.contains("bulletin_0000")]
    flagged = corpus.findings[corpus.findings["doc_id"].isin(wrong["doc_id"])]
    assert "BR101" in set(flagged["code"])
    right = corpus.documents[corpus.documents["path"].str.contains("bulletin_0001")]
    assert right["n_errors"].tolist() == [0]


def test_read_corpus_rejects_a_pattern_matching_nothing(tmp_path: Path) -> None:
    with pytest.raises(briefing.UsageError, match="matches no files"):
        read_corpus(str(tmp_path / "*.nothing"))


def test_read_corpus_pool_equals_single_process(tmp_path: Path) -> None:
    make_corpus(tmp_path / "in", 12)
    one = read_corpus(tmp_path / "in", jobs=1).tables()
    two = read_corpus(tmp_path / "in", jobs=2).tables()
    assert_same_tables(one, two)


# -- convert -----------------------------------------------------------------------------


def test_convert_writes_partitioned_parquet_equal_to_read_corpus(tmp_path: Path) -> None:
    src = make_corpus(tmp_path / "in", 25)
    out = tmp_path / "out"
    # parts by count only (chunk_seconds=None): the number of parts is the same however
    # slow the machine is
    summary = convert([str(src)], out, jobs=2, chunk_docs=10, chunk_seconds=None, progress=False)
    assert (summary.files, summary.ok, summary.errors) == (28, 25, 3)
    assert summary.parts == 3
    for t in TABLES:
        parts = sorted((out / t).glob("part-*.parquet"))
        assert [p.name for p in parts] == [f"part-{i:05d}.parquet" for i in range(3)]
    assert not list(out.rglob(".tmp-*"))
    got = tables_of(out)
    assert_same_tables(got, read_corpus(src, jobs=1).tables())
    # a whole table reads back in one call, typed
    assert len(pd.read_parquet(out / "figures")) == len(got["figures"])
    record = json.loads((out / "summary.json").read_text("utf-8"))
    assert record["files"] == 28 and record["errors"] == 3


@pytest.mark.parametrize("fmt", ["csv", "jsonl", "xlsx"])
def test_convert_other_formats_hold_the_same_rows(tmp_path: Path, fmt: str) -> None:
    src = make_corpus(tmp_path / "in", 5)
    convert([str(src)], tmp_path / "pq", jobs=1, progress=False)
    convert([str(src)], tmp_path / fmt, fmt=fmt, jobs=1, progress=False)
    if fmt == "xlsx":
        assert (tmp_path / fmt / "tables.xlsx").is_file()
    else:
        assert list((tmp_path / fmt / "figures").glob(f"part-*.{fmt}"))
    assert_same_tables(tables_of(tmp_path / fmt), tables_of(tmp_path / "pq"))


def test_resume_converts_only_new_files(tmp_path: Path) -> None:
    src = make_corpus(tmp_path / "in", 8, bad=False)
    out = tmp_path / "out"
    first = convert([str(src)], out, jobs=1, chunk_seconds=None, progress=False)
    assert first.files == 8
    make_corpus(src, 4, start=8, bad=False)
    again = convert([str(src)], out, jobs=1, resume=True, chunk_seconds=None, progress=False)
    assert (again.files, again.skipped) == (4, 8)
    assert len((out / MANIFEST).read_text("utf-8").splitlines()) == 2
    fresh = tmp_path / "fresh"
    convert([str(src)], fresh, jobs=1, progress=False)
    key = {"documents": ["path"], "figures": ["doc_id", "start"], "errors": ["path"]}
    for t in TABLES:
        a, b = tables_of(out)[t], tables_of(fresh)[t]
        cols = key.get(t, ["doc_id", a.columns[1]])
        pd.testing.assert_frame_equal(
            a.sort_values(cols).reset_index(drop=True), b.sort_values(cols).reset_index(drop=True)
        )
    # nothing left to do: resume is a no-op
    assert convert([str(src)], out, jobs=1, resume=True, progress=False).files == 0


def test_resume_converts_an_edited_file_again(tmp_path: Path) -> None:
    src = make_corpus(tmp_path / "in", 3, bad=False)
    out = tmp_path / "out"
    convert([str(src)], out, jobs=1, progress=False)
    edited = src / "a" / "bulletin_0001.txt"
    edited.write_text(make_bulletin(101), "utf-8")
    again = convert([str(src)], out, jobs=1, resume=True, progress=False)
    assert (again.files, again.skipped) == (1, 2)


def test_resume_refuses_another_format(tmp_path: Path) -> None:
    src = make_corpus(tmp_path / "in", 2, bad=False)
    convert([str(src)], tmp_path / "out", jobs=1, progress=False)
    with pytest.raises(briefing.UsageError, match="--format csv"):
        convert([str(src)], tmp_path / "out", fmt="csv", resume=True, progress=False)


def test_convert_without_resume_starts_over(tmp_path: Path) -> None:
    src = make_corpus(tmp_path / "in", 6, bad=False)
    out = tmp_path / "out"
    convert([str(src)], out, jobs=1, chunk_docs=2, progress=False)
    (out / "notes.txt").write_text("mine", "utf-8")
    convert([str(src)], out, jobs=1, chunk_docs=6, chunk_seconds=None, progress=False)
    assert [p.name for p in (out / "documents").iterdir()] == ["part-00000.parquet"]
    assert (out / "notes.txt").read_text("utf-8") == "mine"


def test_parts_are_also_committed_by_time(tmp_path: Path) -> None:
    src = make_corpus(tmp_path / "in", 3, bad=False)
    out = tmp_path / "out"
    # every document is at least 0 s after the last commit: a part each
    summary = convert([str(src)], out, jobs=1, chunk_docs=100, chunk_seconds=0, progress=False)
    assert summary.parts == 3
    assert len((out / MANIFEST).read_text("utf-8").splitlines()) == 3


class FakeClock:
    """A clock the test moves by hand (no sleeping, no dependence on the machine's speed)."""

    def __init__(self) -> None:
        self.now = 1000.0

    def __call__(self) -> float:
        return self.now


def test_progress_bar_shows_rate_and_eta() -> None:
    buf = io.StringIO()
    clock = FakeClock()
    bar = Progress(10, True, buf, clock=clock)
    clock.now += 2.5
    bar.update(5)  # 5 files in 2.5 s: 2 files/s, 5 left → 2.5 s → "0:00:03" (rounded)
    assert buf.getvalue().endswith("5/10 files  2.0 files/s  ETA 0:00:03 ")
    clock.now += 0.05
    bar.update()  # less than 0.1 s after the last redraw: not drawn
    assert "6/10" not in buf.getvalue()
    clock.now += 1.95
    bar.update(4)  # the last file is always drawn
    bar.close()
    text = buf.getvalue()
    assert "10/10 files  2.2 files/s  ETA 0:00:00 \n" in text
    assert text.count("\r") == 2
    unknown = io.StringIO()
    bar = Progress(None, True, unknown, clock=clock)
    clock.now += 4
    bar.update(8)
    assert unknown.getvalue() == "\r8 files  2.0 files/s "
    quiet = io.StringIO()
    Progress(10, False, quiet).update()
    assert quiet.getvalue() == ""


# -- the command -------------------------------------------------------------------------


def _briefing(*args: str, **kw: Any) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "briefing.cli", *args],
        capture_output=True,
        text=True,
        timeout=300,
        **kw,
    )


def test_cli_convert_reports_unreadable_files_and_finishes_the_rest(tmp_path: Path) -> None:
    src = make_corpus(tmp_path / "in", 4)
    missing = str(tmp_path / "no-such-folder")
    r = _briefing("convert", str(src), missing, "-o", str(tmp_path / "out"), "--jobs", "2")
    assert r.returncode == 2, r.stderr
    assert "\r" not in r.stderr  # no progress bar when stderr is a pipe
    assert "8 files: 4 ok, 4 errors" in r.stderr
    errors = read_table(tmp_path / "out", "errors")
    assert sorted(Path(p).name for p in errors["path"]) == [
        "broken.docx",
        "broken.pdf",
        "empty.txt",
        "no-such-folder",
    ]
    assert len(read_table(tmp_path / "out", "documents")) == 4


def test_cli_convert_clean_folder_exits_0(tmp_path: Path) -> None:
    src = make_corpus(tmp_path / "in", 3, bad=False)
    r = _briefing("convert", str(src), "-o", str(tmp_path / "out"), "--format", "csv")
    assert r.returncode == 0, r.stderr
    assert "3 files: 3 ok, 0 errors" in r.stderr
    assert len(read_table(tmp_path / "out", "documents")) == 3


def test_cli_convert_bad_jobs_is_a_usage_error(tmp_path: Path) -> None:
    src = make_corpus(tmp_path / "in", 1, bad=False)
    r = _briefing("convert", str(src), "-o", str(tmp_path / "out"), "--jobs", "0")
    assert r.returncode == 2
    assert "--jobs must be at least 1" in r.stderr and "Traceback" not in r.stderr


def _default_sigint() -> None:
    # the child gets Python's KeyboardInterrupt whatever this test run inherited (a
    # shell starts background jobs with SIGINT ignored, and Python keeps it so)
    signal.signal(signal.SIGINT, signal.SIG_DFL)


def assert_only_committed_parts(
    out: Path, complete: Callable[[Path], bool] | None = None
) -> list[dict[str, object]]:
    """No temporaries; every part file complete and listed; every listed part present."""
    assert not list(out.rglob(".tmp-*"))
    manifest = out / MANIFEST
    lines = manifest.read_text("utf-8").splitlines() if manifest.exists() else []
    committed = [json.loads(x) for x in lines]
    names = {c["name"] for c in committed}
    for t in TABLES:
        parts = list((out / t).glob("part-*"))
        assert {p.name.split(".")[0] for p in parts} == names, t
        for p in parts:
            if complete is None:
                pd.read_parquet(p)  # complete, readable Parquet
            else:
                assert complete(p), p
    return committed


def start_convert(
    src: Path, out: Path, *args: str, whole_group: bool = False, chunk: int = 10
) -> tuple[subprocess.Popen[str], int]:
    """Start ``briefing convert`` held by the step hook: it waits after each part until
    the test writes a byte into the returned pipe end (closing it lets the run go)."""
    read_end, write_end = os.pipe()
    env = {**os.environ, "BRIEFING_CHUNK": str(chunk), "BRIEFING_STEP_FD": str(read_end)}
    try:
        proc = subprocess.Popen(
            [sys.executable, "-m", "briefing.cli", "convert", str(src), "-o", str(out), *args],
            stderr=subprocess.PIPE,
            text=True,
            env=env,
            pass_fds=(read_end,),
            preexec_fn=_default_sigint,
            start_new_session=whole_group,
        )
    finally:
        os.close(read_end)
    return proc, write_end


def wait_for_parts(proc: subprocess.Popen[str], out: Path, n: int) -> None:
    """Wait until the run has committed ``n`` parts (it then waits for the test)."""
    manifest = out / MANIFEST
    # The run cannot finish meanwhile (it waits on the pipe), so this only waits for it
    # to get there; the deadline is for a run that fails, not a race.
    deadline = time.monotonic() + 300
    while not (manifest.exists() and len(manifest.read_text("utf-8").splitlines()) >= n):
        if proc.poll() is not None or time.monotonic() > deadline:
            _, err = proc.communicate()
            pytest.fail(f"no {n} parts written: {proc.returncode=}\n{err}")
        time.sleep(0.02)


def interrupt_convert(
    tmp_path: Path, *, whole_group: bool, engine: str = "local", n: int = 60
) -> tuple[Path, Path, set[str]]:
    """Start ``briefing convert`` on ``n`` bulletins (parts of 10) and Ctrl-C it once two
    parts are in, while it waits between parts with work still to do (the step hook:
    the signal always lands mid-run, however fast or slow the machine)."""
    src = make_corpus(tmp_path / "in", n, bad=False)
    out = tmp_path / "out"
    args = ("--jobs", "2", "--engine", engine)
    proc, step = start_convert(src, out, *args, whole_group=whole_group)
    try:
        os.write(step, b"x")  # after the first part: go on to the second
        wait_for_parts(proc, out, 2)
        if whole_group:  # Ctrl-C in a terminal: the parent and its pool workers
            os.killpg(proc.pid, signal.SIGINT)
        else:
            proc.send_signal(signal.SIGINT)
        _, err = proc.communicate(timeout=300)
    finally:
        os.close(step)
        if proc.poll() is None:
            proc.kill()
            proc.wait()
    assert proc.returncode == 130, err
    assert "Traceback" not in err, err[max(0, err.find("Traceback") - 300) :][:4000]
    committed = assert_only_committed_parts(out)
    assert len(committed) == 2, "the run was interrupted after its second part"
    done = {d for c in committed for d in c["docs"]}  # type: ignore[attr-defined]
    assert set(read_table(out, "documents")["doc_id"]) == done
    return src, out, done


def test_sigint_leaves_only_complete_parts_and_resume_finishes(tmp_path: Path) -> None:
    src, out, done = interrupt_convert(tmp_path, whole_group=False, n=30)
    again = convert([str(src)], out, resume=True, jobs=1, chunk_docs=10, progress=False)
    assert (again.files, again.skipped) == (10, len(done)) == (10, 20)
    docs = read_table(out, "documents")
    assert len(docs) == 30 and docs["doc_id"].is_unique
    # the same rows, in the same order of parts, as one uninterrupted run
    fresh = tmp_path / "fresh"
    convert([str(src)], fresh, jobs=1, chunk_docs=10, chunk_seconds=None, progress=False)
    assert_same_tables(tables_of(out), tables_of(fresh))


def test_ctrl_c_to_the_process_group_stops_workers_quietly(tmp_path: Path) -> None:
    # the pool workers get the SIGINT too: they must neither print a traceback nor
    # leave anything behind, and the parent still stops cleanly
    interrupt_convert(tmp_path, whole_group=True)


def test_docx_renders_each_bulletin(tmp_path: Path) -> None:
    import docx

    src = make_corpus(tmp_path / "in", 2, bad=False)
    out = tmp_path / "out"
    summary = convert([str(src)], out, jobs=1, docx=True, progress=False)
    assert summary.errors == 0, read_table(out, "errors").to_dict("records")
    docs = read_table(out, "documents")
    names = sorted(docs["docx"])
    assert names == sorted(p.name for p in (out / "docx").glob("*.docx"))
    assert all(n.startswith("bulletin_") for n in names)
    body = "\n".join(p.text for p in docx.Document(str(out / "docx" / names[0])).paragraphs)
    assert "扎实推进重点项目建设" in body


# -- Ctrl-C at every moment, in process -----------------------------------------------
#
# The subprocess tests above interrupt at a random moment.  These interrupt at *each*
# line the writing code runs, one run per line: a real SIGINT (signal.raise_signal, so
# the installed handler runs as it would for Ctrl-C) raised from a trace function.


def _run_interrupted_at(
    line: int, traced: Callable[[CodeType], bool], fn: Callable[[], None]
) -> tuple[int, bool, str]:
    """Run ``fn``, raising SIGINT at its ``line``-th traced line.

    Returns the number of lines seen, whether ``fn`` was interrupted, and where.
    """
    seen = 0
    where = ""

    def local(frame: FrameType, event: str, arg: object) -> Any:
        nonlocal seen, where
        if event == "line":
            seen += 1
            if seen == line:
                code = frame.f_code
                where = f"{Path(code.co_filename).name}:{frame.f_lineno} ({code.co_name})"
                signal.raise_signal(signal.SIGINT)
        return local

    def trace(frame: FrameType, event: str, arg: object) -> Any:
        return local if traced(frame.f_code) else None

    interrupted = False
    sys.settrace(trace)
    try:
        fn()
        for _ in range(3):  # a loop's backward jump runs any handler still pending
            pass
    except KeyboardInterrupt:
        interrupted = True
    finally:
        sys.settrace(None)
    return seen, interrupted, where


@pytest.fixture(scope="module")
def two_parts(tmp_path_factory: pytest.TempPathFactory) -> list[tuple[Rows, list[str | None]]]:
    """Rows of two parts: three bulletins, then three unreadable files."""
    src = make_corpus(tmp_path_factory.mktemp("parts") / "in", 3)
    results = [process_file(str(p)) for p in sorted(src.rglob("*.*"))]
    parts = []
    for chunk in (results[:3], results[3:]):
        rows = empty_rows()
        ids: list[str | None] = []
        for r in chunk:
            for t in TABLES:
                rows[t].extend(r[t])
            ids.append((r["documents"] or r["errors"])[0]["doc_id"])
        parts.append((rows, ids))
    return parts


def test_ctrl_c_at_any_line_of_writing_parts_leaves_only_committed_parts(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, two_parts: list[tuple[Rows, list[str | None]]]
) -> None:
    from briefing.batch import atomic
    from briefing.batch import convert as convert_module

    # The tables' Parquet bytes, made once; the writer used in the runs writes them in
    # two halves from traced lines, so SIGINT also lands while a part is half written.
    blobs: dict[int, bytes] = {}
    expected: dict[tuple[str, str], bytes] = {}  # (table, part name) → its bytes
    for i, (rows, _) in enumerate(two_parts):
        for t in TABLES:
            buf = io.BytesIO()
            frame(t, rows[t]).to_parquet(buf, index=False, engine="pyarrow")
            blobs[id(rows[t])] = expected[t, f"part-{i:05d}"] = buf.getvalue()

    def complete(part: Path) -> bool:
        return part.read_bytes() == expected[part.parent.name, part.name.split(".")[0]]

    def write_in_two_halves(table: str, rows: Rows, path: str, fmt: str) -> None:
        blob = blobs[id(rows)]
        with open(path, "wb") as fh:
            fh.write(blob[: len(blob) // 2])
            fh.write(blob[len(blob) // 2 :])

    monkeypatch.setattr(convert_module, "write_rows", write_in_two_halves)
    monkeypatch.setattr(os, "fsync", lambda fd: None)  # durability is not under test here
    files = {convert_module.__file__, atomic.__file__}

    def traced(code: CodeType) -> bool:
        return code.co_filename in files or code is write_in_two_halves.__code__

    def run(out: Path) -> Callable[[], None]:
        writer = convert_module.PartWriter(out, "parquet", resume=False)

        def write_all() -> None:
            with atomic.interrupts_clean_up():
                for rows, ids in two_parts:
                    writer.write(rows, ids)
                convert_module._atomic_write_text(out / "summary.json", "{}\n")

        return write_all

    total, interrupted, _ = _run_interrupted_at(0, traced, run(tmp_path / "whole"))
    assert not interrupted and total > 50
    assert len(assert_only_committed_parts(tmp_path / "whole", complete)) == 2
    outcomes = []
    for line in range(1, total + 1):
        out = tmp_path / f"at-{line}"
        _, interrupted, where = _run_interrupted_at(line, traced, run(out))
        assert interrupted, f"SIGINT at {where} did not interrupt"
        # the handler is put back, and nothing is left held or registered
        assert signal.getsignal(signal.SIGINT) is signal.default_int_handler, where
        assert (atomic._deferring, atomic._pending, atomic._registered) == (0, [], set()), where
        committed = assert_only_committed_parts(out, complete)
        outcomes.append(len(committed))
        # and the folder resumes from exactly what was committed
        again = convert_module.PartWriter(out, "parquet", resume=True)
        assert again.next_part == len(committed)
        assert again.done == {d for c in committed for d in c["docs"] if d}  # type: ignore[attr-defined]
    assert outcomes == sorted(outcomes) and set(outcomes) == {0, 1, 2}


@pytest.mark.parametrize("fmt", ["parquet", "xlsx"])
def test_ctrl_c_while_finishing_leaves_no_temporary(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, fmt: str
) -> None:
    """The workbook and summary.json: Ctrl-C while either is half written."""
    from openpyxl import Workbook

    src = make_corpus(tmp_path / "in", 2, bad=False)
    out = tmp_path / "out"

    def write_then_ctrl_c(real: Callable[..., object]) -> Callable[..., None]:
        def write(self: object, *args: object, **kw: object) -> None:
            real(self, *args, **kw)
            signal.raise_signal(signal.SIGINT)

        return write

    if fmt == "xlsx":
        monkeypatch.setattr(Workbook, "save", write_then_ctrl_c(Workbook.save))
    else:
        monkeypatch.setattr(Path, "write_text", write_then_ctrl_c(Path.write_text))
    with pytest.raises(KeyboardInterrupt):
        convert([str(src)], out, fmt=fmt, jobs=1, progress=False)
    assert not list(out.rglob(".tmp-*"))
    assert not (out / "tables.xlsx").exists() and not (out / "summary.json").exists()
    assert signal.getsignal(signal.SIGINT) is signal.default_int_handler


def test_ctrl_c_while_rendering_a_docx_leaves_no_temporary(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from briefing.batch.atomic import interrupts_clean_up

    src = make_corpus(tmp_path / "in", 1, bad=False)
    docx_dir = tmp_path / "docx"
    docx_dir.mkdir()

    def render_then_ctrl_c(doc: object, path: str) -> None:
        Path(path).write_bytes(b"half a document")
        signal.raise_signal(signal.SIGINT)

    monkeypatch.setattr(briefing, "render", render_then_ctrl_c)
    (path,) = src.rglob("*.txt")
    with pytest.raises(KeyboardInterrupt), interrupts_clean_up():
        process_file(str(path), str(docx_dir))
    assert list(docx_dir.iterdir()) == []
    with pytest.raises(KeyboardInterrupt):  # and without the handler: the finally's work
        process_file(str(path), str(docx_dir))
    assert list(docx_dir.iterdir()) == []


def test_pool_workers_ignore_sigint_and_the_parent_keeps_it() -> None:
    from functools import partial

    from briefing.batch.engines import map_ordered

    ignored = list(map_ordered(signal.getsignal, [signal.SIGINT] * 4, jobs=2))
    assert ignored == [signal.SIG_IGN] * 4
    # born with SIGINT blocked (so a Ctrl-C cannot hit a half-started worker), then
    # unblocked once ignored
    masks = list(map_ordered(partial(signal.pthread_sigmask, signal.SIG_BLOCK), [[]] * 4, jobs=2))
    assert all(signal.SIGINT not in m for m in masks)
    assert signal.SIGINT not in signal.pthread_sigmask(signal.SIG_BLOCK, [])
    assert signal.getsignal(signal.SIGINT) is signal.default_int_handler


def test_a_worker_whose_staging_folder_was_removed_by_an_interrupt_stops_quietly(
    tmp_path: Path,
) -> None:
    from briefing.batch.convert import Task, stage_part

    sample = tmp_path / "a.txt"
    sample.write_text("全市完成投资9.9亿元，占年度计划投资25.75亿元的38.45%。", "utf-8")
    staging = tmp_path / ".tmp-run"
    staging.mkdir()
    parts = stage_part(Task("k", [str(sample)]), staging=str(staging), fmt="csv", ext=".csv")
    assert len(parts) == 1 and all(Path(f).is_file() for f in parts[0].files)
    # the parent's Ctrl-C handler removed the folder while this worker was converting
    gone = tmp_path / ".tmp-gone"
    for fmt in ("csv", "parquet"):
        assert stage_part(Task("k", [str(sample)]), staging=str(gone), fmt=fmt, ext=f".{fmt}") == []
    assert not gone.exists()


def test_convert_hides_what_is_loaded_from_the_collector_for_the_run_only(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The loaded pipeline is frozen (gc.freeze) while files are converted, and given
    back to the collector when the run ends; the tables do not change."""
    import gc

    import briefing.batch.convert as conv

    src = tmp_path / "in"
    src.mkdir()
    (src / "a.txt").write_text("本月完成投资36.5亿元，同比增长8.2%。\n", encoding="utf-8")
    seen: list[int] = []
    real = conv.process_file

    def spy(*args: Any, **kwargs: Any) -> Any:
        seen.append(gc.get_freeze_count())
        return real(*args, **kwargs)

    monkeypatch.setattr(conv, "process_file", spy)
    summary = convert([str(src)], tmp_path / "out", jobs=1, progress=False)
    assert summary.ok == 1 and len(read_table(tmp_path / "out", "figures")) == 2
    assert seen and seen[0] > 0
    assert gc.get_freeze_count() == 0
