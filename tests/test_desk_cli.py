"""Command-line behaviour an office relies on: progress lines in a log, failed files
named, unreadable input to ``check`` reported as such (never "0 files, 0 errors")."""

from __future__ import annotations

import io
import subprocess
import sys
from pathlib import Path

from briefing.batch.convert import Progress
from briefing.commands.check import summary_line


class FakeClock:
    def __init__(self) -> None:
        self.now = 50.0

    def __call__(self) -> float:
        return self.now


def _briefing(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "briefing.cli", *args], capture_output=True, text=True, timeout=300
    )


def test_progress_lines_in_a_log_are_plain_lines_every_ten_seconds() -> None:
    buf = io.StringIO()
    clock = FakeClock()
    bar = Progress(100, True, buf, clock=clock, lines=True)
    clock.now += 4
    bar.update(10)  # 4 s in: too early for a line
    assert buf.getvalue() == ""
    clock.now += 6
    bar.update(10)  # 10 s in: 20 files, 2 files/s, 80 left → 40 s
    assert buf.getvalue() == "briefing convert: 20/100 files, 2.0 files/s, ETA 0:00:40\n"
    clock.now += 1
    bar.update(80)  # the last file always gets its line
    bar.close()
    lines = buf.getvalue().splitlines()
    assert lines[-1].startswith("briefing convert: 100/100 files")
    assert "\r" not in buf.getvalue()


def test_convert_in_a_pipe_prints_progress_and_names_the_failed_files(tmp_path: Path) -> None:
    src = tmp_path / "in"
    src.mkdir()
    (src / "good.txt").write_text("关于项目进展的情况\n全区共有项目12个。\n", encoding="utf-8")
    (src / "broken.pdf").write_bytes(b"%PDF-1.4 not really")
    (src / "broken.docx").write_bytes(b"PK\x03\x04 not a zip")
    r = _briefing("convert", str(src), "-o", str(tmp_path / "out"), "--jobs", "1")
    assert r.returncode == 2, r.stderr
    err = r.stderr
    assert "\r" not in err
    assert "briefing convert: 3/3 files" in err  # a progress line although stderr is a pipe
    assert "3 files: 1 ok, 2 errors" in err
    tail = err[err.index("2 file(s) failed:") :]
    assert "broken.pdf" in tail and "broken.docx" in tail and "good.txt" not in tail


def test_check_of_an_unreadable_file_says_nothing_was_checked(tmp_path: Path) -> None:
    bad = tmp_path / "bad.pdf"
    bad.write_bytes(b"%PDF-1.4 garbage")
    r = _briefing("check", str(bad))
    assert r.returncode == 2
    last = r.stdout.strip().splitlines()[-1]
    assert last == f"nothing checked: 1 file could not be read: {bad}"
    assert "0 files" not in r.stdout
    assert str(bad) in r.stderr and "Traceback" not in r.stderr


def test_summary_line_names_unreadable_files_next_to_the_counts() -> None:
    assert summary_line(2, 1, 1, []) == "2 files, 1 error, 1 warning"
    assert summary_line(1, 0, 0, ["a.pdf"]) == (
        "1 file, 0 errors, 0 warnings; 1 file could not be read: a.pdf"
    )
    many = [f"f{k}.pdf" for k in range(7)]
    assert summary_line(0, 0, 0, many).endswith("f4.pdf and 2 more")
