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
from pathlib import Path

import pandas as pd
import pytest

import briefing
from briefing.batch.convert import MANIFEST, Progress, convert, read_table
from briefing.batch.corpus import read_corpus
from briefing.batch.rows import (
    SCHEMAS,
    TABLES,
    content_hash,
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
    assert [len(rows[t]) for t in TABLES] == [0, 0, 0, 0, 1]
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
    summary = convert([str(src)], out, jobs=2, chunk_docs=10, progress=False)
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
    first = convert([str(src)], out, jobs=1, progress=False)
    assert first.files == 8
    make_corpus(src, 4, start=8, bad=False)
    again = convert([str(src)], out, jobs=1, resume=True, progress=False)
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
    convert([str(src)], out, jobs=1, chunk_docs=6, progress=False)
    assert [p.name for p in (out / "documents").iterdir()] == ["part-00000.parquet"]
    assert (out / "notes.txt").read_text("utf-8") == "mine"


def test_progress_bar_shows_rate_and_eta() -> None:
    buf = io.StringIO()
    bar = Progress(10, True, buf)
    for _ in range(10):
        bar.update()
        time.sleep(0.011)
    bar.close()
    text = buf.getvalue()
    assert "10/10 files" in text and "files/s" in text and "ETA 0:00:00" in text
    quiet = io.StringIO()
    Progress(10, False, quiet).update()
    assert quiet.getvalue() == ""


# -- the command -------------------------------------------------------------------------


def _briefing(*args: str, **kw: object) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "briefing.cli", *args],
        capture_output=True,
        text=True,
        timeout=300,
        **kw,  # type: ignore[arg-type]
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


def test_sigint_leaves_only_complete_parts_and_resume_finishes(tmp_path: Path) -> None:
    src = make_corpus(tmp_path / "in", 300, bad=False)
    out = tmp_path / "out"
    env = {**os.environ, "BRIEFING_CHUNK": "10"}
    proc = subprocess.Popen(
        [sys.executable, "-m", "briefing.cli", "convert", str(src), "-o", str(out), "--jobs", "2"],
        stderr=subprocess.PIPE,
        text=True,
        env=env,
    )
    manifest = out / MANIFEST
    deadline = time.monotonic() + 120
    while time.monotonic() < deadline:
        if manifest.exists() and len(manifest.read_text("utf-8").splitlines()) >= 2:
            break
        time.sleep(0.02)
    proc.send_signal(signal.SIGINT)
    _, err = proc.communicate(timeout=60)
    assert proc.returncode == 130, err
    assert "Traceback" not in err
    assert not list(out.rglob(".tmp-*"))
    committed = [json.loads(x) for x in manifest.read_text("utf-8").splitlines()]
    assert 2 <= len(committed) < 30, "the run was interrupted midway"
    names = {c["name"] for c in committed}
    done = {d for c in committed for d in c["docs"]}
    for t in TABLES:
        parts = list((out / t).glob("part-*"))
        assert {p.name.split(".")[0] for p in parts} == names
        for p in parts:
            pd.read_parquet(p)  # complete, readable Parquet
    assert set(read_table(out, "documents")["doc_id"]) == done

    r = _briefing("convert", str(src), "-o", str(out), "--resume", env=env)
    assert r.returncode == 0, r.stderr
    assert f"{len(done)} skipped" in r.stderr
    docs = read_table(out, "documents")
    assert len(docs) == 300 and docs["doc_id"].is_unique


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
