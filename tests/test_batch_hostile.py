"""Careless and hostile use of the batch layer (issue 17): nothing lost, nothing stalls.

A lock on the output folder, per-run temporaries, FIFOs and devices skipped unopened,
workers that die with their parent, a per-file CPU budget, review copies named
uniquely, outputs that would overwrite inputs refused.  Real subprocesses and real
signals; every run that must be caught mid-way is held there by the step hook
(``BRIEFING_STEP_FD``), never by timing.
"""

from __future__ import annotations

import os
import select
import signal
import socket
import subprocess
import sys
from pathlib import Path

import pandas as pd
import pytest
from test_batch import (  # type: ignore[import-not-found]
    _briefing,
    assert_only_committed_parts,
    assert_same_tables,
    make_bulletin,
    make_corpus,
    start_convert,
    tables_of,
    wait_for_parts,
)

from briefing.batch import convert as convert_module
from briefing.batch.convert import MANIFEST, Task, _plan, convert, read_table
from briefing.batch.rows import TABLES, frame, process_file
from briefing.io.inputs import iter_inputs

# -- the output folder is locked ---------------------------------------------------------


def test_second_convert_into_a_busy_folder_fails_with_E031_and_the_first_finishes(
    tmp_path: Path,
) -> None:
    src = make_corpus(tmp_path / "in", 30, bad=False)
    out = tmp_path / "out"
    first, step = start_convert(src, out, "--jobs", "2")
    try:
        wait_for_parts(first, out, 1)  # the first run holds the folder, waiting on us
        second = _briefing("convert", str(src), "-o", str(out), "--jobs", "1")
        assert second.returncode == 2
        assert "[E031]" in second.stderr and "another briefing convert" in second.stderr
        assert f"(process {first.pid})" in second.stderr
        assert "Traceback" not in second.stderr
    finally:
        os.close(step)  # let the first run go on freely
    _, err = first.communicate(timeout=300)
    assert first.returncode == 0, err
    assert_only_committed_parts(out)
    fresh = tmp_path / "fresh"
    convert([str(src)], fresh, jobs=1, chunk_docs=10, chunk_seconds=None, progress=False)
    assert_same_tables(tables_of(out), tables_of(fresh))


def test_the_lock_is_released_when_a_run_is_killed(tmp_path: Path) -> None:
    src = make_corpus(tmp_path / "in", 30, bad=False)
    out = tmp_path / "out"
    proc, step = start_convert(src, out, "--jobs", "1")
    try:
        wait_for_parts(proc, out, 1)
        proc.kill()  # SIGKILL: no clean-up of ours runs
        proc.wait()
    finally:
        os.close(step)
    assert list(out.glob(".tmp-*")), "the killed run's staging folder is still there"
    again = convert([str(src)], out, jobs=1, resume=True, progress=False)
    assert again.skipped == 10 and again.files == 20
    assert not list(out.rglob(".tmp-*"))  # swept by the next run
    assert len(read_table(out, "documents")) == 30


def _children(pid: int) -> list[int]:
    kids = []
    for entry in os.listdir("/proc"):
        if entry.isdigit():
            try:
                stat = Path(f"/proc/{entry}/stat").read_text()
            except OSError:
                continue
            if int(stat.rsplit(")", 1)[1].split()[1]) == pid:
                kids.append(int(entry))
    return kids


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="PR_SET_PDEATHSIG is Linux's")
def test_pool_workers_die_with_their_parent(tmp_path: Path) -> None:
    src = make_corpus(tmp_path / "in", 40, bad=False)
    out = tmp_path / "out"
    proc, step = start_convert(src, out, "--jobs", "2")
    try:
        wait_for_parts(proc, out, 1)
        workers = _children(proc.pid)
        assert len(workers) >= 1, "the pool has started its workers"
        # pidfds: the kernel tells us when each worker has ended (no sleeping, no polling)
        fds = [os.pidfd_open(w) for w in workers]
        proc.kill()
        proc.wait()
        for fd in fds:
            ready, _, _ = select.select([fd], [], [], 120)
            assert ready, "a pool worker outlived its killed parent"
            os.close(fd)
    finally:
        os.close(step)


# -- FIFOs, sockets, devices ------------------------------------------------------------


def hostile_folder(root: Path) -> Path:
    """Two bulletins, a FIFO, a socket and a link to a device, all named like inputs."""
    src = make_corpus(root, 2, bad=False)
    os.mkfifo(src / "stuck.txt")  # opening it for reading would wait forever
    sock = socket.socket(socket.AF_UNIX)
    sock.bind(str(src / "sock.txt"))
    sock.close()
    (src / "null.txt").symlink_to("/dev/zero")  # reading it would never end
    return src


def test_iter_inputs_lists_fifos_sockets_and_devices_as_errors(tmp_path: Path) -> None:
    src = hostile_folder(tmp_path / "in")
    errors: list[tuple[str, str]] = []
    found = list(iter_inputs([str(src)], errors))
    assert sorted(Path(p).name for p in found) == ["bulletin_0000.txt", "bulletin_0001.txt"]
    causes = {Path(p).name: c for p, c in errors}
    assert causes == {
        "null.txt": "not a regular file (a character device); skipped",
        "sock.txt": "not a regular file (a socket); skipped",
        "stuck.txt": "not a regular file (a FIFO); skipped",
    }


def test_process_file_never_opens_a_fifo(tmp_path: Path) -> None:
    os.mkfifo(tmp_path / "stuck.txt")
    rows = process_file(str(tmp_path / "stuck.txt"))
    (err,) = rows["errors"]
    assert (err["code"], err["doc_id"]) == ("E001", None)
    assert "FIFO" in err["message"]


def test_convert_skips_fifos_and_devices_with_an_error_row_and_finishes(tmp_path: Path) -> None:
    src = hostile_folder(tmp_path / "in")
    out = tmp_path / "out"
    r = _briefing("convert", str(src), "-o", str(out), "--jobs", "2")
    assert r.returncode == 2, r.stderr
    assert "5 files: 2 ok, 3 errors" in r.stderr
    errors = read_table(out, "errors")
    assert sorted(Path(p).name for p in errors["path"]) == ["null.txt", "sock.txt", "stuck.txt"]
    assert set(errors["code"]) == {"E001"}
    assert len(read_table(out, "documents")) == 2


def test_check_skips_fifos_and_devices_and_checks_the_rest(tmp_path: Path) -> None:
    src = hostile_folder(tmp_path / "in")
    r = _briefing("check", str(src))
    assert r.returncode == 2
    assert "2 files," in r.stdout
    for name, kind in (("stuck.txt", "FIFO"), ("sock.txt", "socket"), ("null.txt", "device")):
        assert f"{name}: not a regular file" in r.stderr and kind in r.stderr
    assert r.stderr.count("[E001]") == 3 and "Traceback" not in r.stderr


# -- per-file time budget -------------------------------------------------------------------


@pytest.fixture(scope="module")
def slow_folder(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """Small bulletins (milliseconds each) and one 8 MB file that takes many seconds
    of CPU however fast the pipeline becomes (≥ 8 s at 1 MB/s): a budget of 0.5 s
    separates them by an order of magnitude on either side."""
    src = make_corpus(tmp_path_factory.mktemp("slow") / "in", 4, bad=False)
    big = "\n".join(make_bulletin(i) for i in range(16_000))
    (src / "a" / "huge.txt").write_text(big, "utf-8")
    assert (src / "a" / "huge.txt").stat().st_size > 8_000_000
    return src


@pytest.mark.parametrize("jobs", ["1", "2"])
def test_a_file_over_the_time_limit_becomes_an_error_row_and_the_run_goes_on(
    slow_folder: Path, tmp_path: Path, jobs: str
) -> None:
    out = tmp_path / "out"
    r = _briefing(
        "convert", str(slow_folder), "-o", str(out), "--jobs", jobs, "--time-limit", "0.5"
    )
    assert r.returncode == 2, r.stderr
    assert "5 files: 4 ok, 1 errors" in r.stderr
    (err,) = read_table(out, "errors").to_dict("records")
    assert Path(err["path"]).name == "huge.txt"
    assert (err["code"], err["stage"], err["exception"]) == ("E030", "time", "TimeLimitError")
    assert "0.5 s of CPU time" in err["message"]
    assert err["doc_id"]  # the file was read: its key is known, so --resume skips it
    assert len(read_table(out, "documents")) == 4


def test_check_reports_a_file_over_the_time_limit_and_checks_the_others(
    slow_folder: Path,
) -> None:
    r = _briefing("check", str(slow_folder), "--time-limit", "0.5", "--format", "json")
    assert r.returncode == 2
    assert "huge.txt: took more than 0.5 s of CPU time" in r.stderr and "[E030]" in r.stderr
    assert len(r.stdout.splitlines()) == 4  # a report for every other file
    assert "Traceback" not in r.stderr


def test_time_limit_must_be_a_number(tmp_path: Path) -> None:
    src = make_corpus(tmp_path / "in", 1, bad=False)
    r = _briefing("convert", str(src), "-o", str(tmp_path / "out"), "--time-limit", "soon")
    assert r.returncode == 2 and "--time-limit must be a number" in r.stderr


# -- outputs never overwrite inputs; review copies named uniquely ------------------------------


def test_review_copies_of_same_named_inputs_get_unique_names(tmp_path: Path) -> None:
    src = tmp_path / "in"
    for sub in ("a", "b"):
        (src / sub).mkdir(parents=True)
        (src / sub / "n1.txt").write_text(make_bulletin(1), "utf-8")
    (src / "a" / "n1.text").write_text(make_bulletin(2), "utf-8")
    (src / "b" / "n2.txt").write_text(make_bulletin(3), "utf-8")
    reviews = tmp_path / "reviews"
    r = _briefing("check", str(src), "--review", f"{reviews}/")
    assert r.returncode in (0, 1), r.stderr
    written = sorted(str(p.relative_to(reviews)) for p in reviews.rglob("*.docx"))
    assert written == [
        "a/n1.text.review.docx",
        "a/n1.txt.review.docx",
        "b/n1.review.docx",
        "b/n2.review.docx",
    ]


def test_review_names_stay_plain_when_stems_are_unique() -> None:
    from briefing.commands.check import review_names

    assert review_names(["x/a.txt", "y/b.docx"]) == {
        "x/a.txt": "a.review.docx",
        "y/b.docx": "b.review.docx",
    }
    names = review_names([f"d{i % 13}/same.txt" for i in range(28)] + ["-"])
    assert len(set(names.values())) == 14  # 13 folders and stdin: one copy each


def test_outputs_that_name_an_input_are_refused(tmp_path: Path) -> None:
    src = make_corpus(tmp_path / "in", 1, bad=False)
    (path,) = src.rglob("*.txt")
    before = path.read_bytes()
    for option in ("--review", "--report"):
        r = _briefing("check", str(path), option, str(path))
        assert r.returncode == 2, r.stderr
        assert "[E032]" in r.stderr and "refusing to overwrite" in r.stderr
        assert path.read_bytes() == before
    r = _briefing("check", str(path), "--format", "xlsx", "-o", str(path))
    assert r.returncode == 2 and "[E032]" in r.stderr
    assert path.read_bytes() == before


def test_render_refuses_to_overwrite_its_input(tmp_path: Path) -> None:
    src = make_corpus(tmp_path / "in", 1, bad=False)
    (path,) = src.rglob("*.txt")
    before = path.read_bytes()
    r = _briefing("render", str(path), "-o", str(path))
    assert r.returncode == 2 and "[E032]" in r.stderr and "refusing to overwrite" in r.stderr
    assert path.read_bytes() == before


def test_convert_refuses_an_output_folder_inside_its_input_with_docx(tmp_path: Path) -> None:
    src = make_corpus(tmp_path / "in", 2, bad=False)
    r = _briefing("convert", str(src), "-o", str(src / "out"), "--docx")
    assert r.returncode == 2 and "[E032]" in r.stderr and "inside the input folder" in r.stderr
    assert not (src / "out").exists()


# -- the work split: parts of many files, written by the workers --------------------------------


def test_plan_cuts_parts_in_input_order_and_shares_a_small_input() -> None:
    paths = [f"f{i:02d}.txt" for i in range(28)]

    def sizes(tasks: list[Task]) -> list[int]:
        return [len(t.paths) + len(t.missing) for t in tasks]

    big = list(_plan(paths, [], 10, 2))
    assert sizes(big) == [10, 10, 8]
    assert [p for t in big for p in t.paths] == paths
    assert [t.key for t in big] == ["000000", "000001", "000002"]
    assert sizes(list(_plan(paths[:7], [], 200, 2))) == [4, 3]  # both workers get a share
    missing = [("gone.txt", "no such file or folder")]
    tasks = list(_plan(paths[:3], missing, 200, 1))
    assert sizes(tasks) == [3, 1] and tasks[-1].missing == missing
    assert list(_plan([], [], 10, 2)) == []


def test_parquet_parts_read_back_with_the_table_dtypes(tmp_path: Path) -> None:
    src = make_corpus(tmp_path / "in", 4)
    out = tmp_path / "out"
    convert([str(src)], out, jobs=2, progress=False)
    for t in TABLES:
        parts = sorted((out / t).glob("part-*.parquet"))
        assert len(parts) == 2  # 7 files shared between 2 workers
        for part in parts:
            got = pd.read_parquet(part)  # plain pandas, no help from read_table
            assert dict(got.dtypes) == dict(frame(t, []).dtypes), t


def test_without_resume_the_parent_hashes_no_input(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    src = make_corpus(tmp_path / "in", 6, bad=False)
    out = tmp_path / "out"
    hashed: list[int] = []
    real = convert_module.content_hash

    def counting(data: bytes) -> str:
        hashed.append(len(data))
        return real(data)

    # the parent's hashing (workers hash through briefing.batch.rows, not patched here)
    monkeypatch.setattr(convert_module, "content_hash", counting)
    first = convert([str(src)], out, jobs=1, chunk_docs=2, chunk_seconds=None, progress=False)
    assert (first.files, first.parts, hashed) == (6, 3, [])
    again = convert([str(src)], out, jobs=1, resume=True, progress=False)
    assert (again.files, again.skipped, len(hashed)) == (0, 6, 6)  # resume: once each


def test_a_sigint_while_held_leaves_the_manifest_whole(tmp_path: Path) -> None:
    """The held run is interrupted by the real signal path (exit 130), the staging
    folder goes, and the manifest lists exactly the parts on disk."""
    src = make_corpus(tmp_path / "in", 30, bad=False)
    out = tmp_path / "out"
    proc, step = start_convert(src, out, "--jobs", "2")
    try:
        wait_for_parts(proc, out, 1)
        proc.send_signal(signal.SIGINT)
        _, err = proc.communicate(timeout=300)
    finally:
        os.close(step)
    assert proc.returncode == 130, err
    assert len(assert_only_committed_parts(out)) == 1
    assert len((out / MANIFEST).read_text("utf-8").splitlines()) == 1


def test_step_hook_must_name_a_descriptor(tmp_path: Path) -> None:
    src = make_corpus(tmp_path / "in", 1, bad=False)
    r = subprocess.run(
        [sys.executable, "-m", "briefing.cli", "convert", str(src), "-o", str(tmp_path / "o")],
        capture_output=True,
        text=True,
        timeout=300,
        env={**os.environ, "BRIEFING_STEP_FD": "x"},
    )
    assert r.returncode == 2 and "BRIEFING_STEP_FD must be a file descriptor" in r.stderr
