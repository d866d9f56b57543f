"""No traceback, ever, for input or environment: one line with a code, and a distinct exit.

Every command runs in a child process under the CPU and memory limits of
hostile_support; files are generated into tmp_path.
"""

from __future__ import annotations

import os
import re
import subprocess
import zipfile
from pathlib import Path

import pytest
from hostile_support import briefing, one_error_line, run_limited

BODY = "一、总体情况\n" + "全市完成投资12亿元，同比增长5%，占全年计划的45%。\n" * 20


def _no_traceback(out) -> None:  # type: ignore[no-untyped-def]
    assert "Traceback" not in out.stderr and "Exception ignored" not in out.stderr, out.describe()
    assert out.within_limits(), out.describe()


# -- numbers beyond Python's 4,300-digit int limit ------------------------------------


@pytest.fixture
def huge_numbers(tmp_path: Path) -> Path:
    f = tmp_path / "huge.txt"
    f.write_text(
        "第" + "一" * 5000 + "期\n"
        "全市完成投资" + "1" * 5000 + "%，比上年增长" + "9" * 5000 + ".5个百分点。\n"
        "其中" + "3" * 4400 + "个，占" + "4" * 4400 + "%；" + "二〇" * 2500 + "年。\n" + BODY,
        encoding="utf-8",
    )
    return f


@pytest.mark.parametrize("args", [["check"], ["extract", "--all-kinds"], ["parse"]])
def test_numbers_past_the_int_digit_limit(huge_numbers: Path, args: list[str]) -> None:
    out = briefing(*args, str(huge_numbers))
    _no_traceback(out)
    assert out.returncode in (0, 1), out.describe()


def test_render_with_numbers_past_the_int_digit_limit(huge_numbers: Path, tmp_path: Path) -> None:
    out = briefing("render", str(huge_numbers), "-o", str(tmp_path / "huge.docx"))
    _no_traceback(out)
    assert out.returncode == 0 and (tmp_path / "huge.docx").stat().st_size > 0, out.describe()


# -- characters XML cannot hold -------------------------------------------------------


@pytest.fixture
def control_chars(tmp_path: Path) -> Path:
    f = tmp_path / "ctl.txt"
    f.write_text(
        BODY + "全市完成投资12亿元\x01，同比增长\ufffe5%，\uffff其中\x0b新增3个。\n",
        encoding="utf-8",
    )
    return f


def _zip_xml_is_clean(path: Path) -> None:
    with zipfile.ZipFile(path) as z:
        for n in z.namelist():
            if n.endswith(".xml"):
                text = z.read(n).decode("utf-8")
                assert not re.search("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]", text), n


def test_control_characters_render(control_chars: Path, tmp_path: Path) -> None:
    target = tmp_path / "ctl.docx"
    out = briefing("render", str(control_chars), "-o", str(target))
    _no_traceback(out)
    assert out.returncode == 0, out.describe()
    _zip_xml_is_clean(target)


def test_control_characters_review_and_xlsx(control_chars: Path, tmp_path: Path) -> None:
    review, xlsx = tmp_path / "ctl.review.docx", tmp_path / "ctl.xlsx"
    out = briefing(
        "check", str(control_chars), "--review", str(review), "--format", "xlsx", "-o", str(xlsx)
    )
    _no_traceback(out)
    assert out.returncode in (0, 1), out.describe()
    assert "4 characters that Word and Excel files cannot hold" in out.stderr
    assert "[W002]" in out.stderr
    _zip_xml_is_clean(review)
    _zip_xml_is_clean(xlsx)


def test_control_characters_counted_in_the_notes(control_chars: Path) -> None:
    out = briefing("parse", "--format", "json", str(control_chars))
    import json

    notes = json.loads(out.stdout)["notes"]
    assert any(n.startswith("4 characters") and n.endswith("[W002]") for n in notes), notes


# -- unwritable outputs ------------------------------------------------------------------


def _single_file_commands(src: Path, target: str) -> list[list[str]]:
    return [
        ["check", str(src), "--report", target],
        ["check", str(src), "--format", "xlsx", "-o", target],
        ["check", str(src), "--review", target],
        ["extract", str(src), "-o", target],
        ["extract", str(src), "--format", "csv", "-o", target],
        ["render", str(src), "-o", target],
    ]


@pytest.fixture
def bulletin(tmp_path: Path) -> Path:
    f = tmp_path / "in" / "a.txt"
    f.parent.mkdir()
    f.write_text(BODY, encoding="utf-8")
    return f


def test_a_file_where_a_folder_is_expected(bulletin: Path, tmp_path: Path) -> None:
    blocker = tmp_path / "blocker"
    blocker.write_text("a file", encoding="utf-8")
    target = str(blocker / "out.xlsx")
    for args in [
        *_single_file_commands(bulletin, target),
        ["convert", str(bulletin.parent), "-o", target],
    ]:
        out = briefing(*args)
        _no_traceback(out)
        assert out.returncode == 4, (args, out.describe())
        errors = [ln for ln in out.stderr.splitlines() if "error" in ln]
        assert len(errors) == 1 and errors[0].endswith("[E005]"), (args, out.describe())
        assert "blocker" in errors[0]


def test_a_full_disk(bulletin: Path) -> None:
    """/dev/full: every write fails with ENOSPC."""
    for args in _single_file_commands(bulletin, "/dev/full"):
        if args[0] == "check" and "--review" in args:
            continue  # --review copies are written beside a name; /dev/full is a device
        out = briefing(*args)
        _no_traceback(out)
        assert out.returncode == 4, (args, out.describe())
        errors = [ln for ln in out.stderr.splitlines() if "error" in ln]
        assert len(errors) == 1, (args, out.describe())
        assert "no space left on device" in errors[0] and errors[0].endswith("[E005]")


def _read_only_dir(tmp_path: Path):  # type: ignore[no-untyped-def]
    """A folder nobody may write into: chmod for a user, a read-only tmpfs for root."""
    ro = tmp_path / "ro"
    ro.mkdir()
    if os.geteuid() != 0:
        ro.chmod(0o555)
        return ro, lambda: ro.chmod(0o755)
    r = subprocess.run(
        ["mount", "-t", "tmpfs", "-o", "ro,size=64k", "tmpfs", str(ro)], capture_output=True
    )
    if r.returncode != 0:
        pytest.skip(f"root, and mounting a read-only tmpfs is not allowed here: {r.stderr!r}")
    return ro, lambda: subprocess.run(["umount", str(ro)], check=True)


def test_a_read_only_folder(bulletin: Path, tmp_path: Path) -> None:
    ro, cleanup = _read_only_dir(tmp_path)
    try:
        for args in [
            *_single_file_commands(bulletin, str(ro / "out.xlsx")),
            ["convert", str(bulletin.parent), "-o", str(ro / "tables")],
        ]:
            out = briefing(*args)
            _no_traceback(out)
            assert out.returncode == 4, (args, out.describe())
            errors = [ln for ln in out.stderr.splitlines() if "error" in ln]
            assert len(errors) == 1 and errors[0].endswith("[E005]"), (args, out.describe())
    finally:
        cleanup()


# -- one crashing file in a folder -------------------------------------------------------

_PLANT_BUG = """
import sys
import briefing.checks as checks
real = checks.check
def check(doc, *a, **k):
    if doc.path.endswith("b_crash.txt"):
        raise RuntimeError("planted bug")
    return real(doc, *a, **k)
checks.check = check
from briefing.cli import main
sys.exit(main())
"""


def test_a_crashing_file_does_not_stop_the_folder(tmp_path: Path) -> None:
    """A bug planted for one file (the only way to have one on purpose): that file becomes
    an error line, the files after it are checked, the summary is printed, exit 3."""
    folder = tmp_path / "many"
    folder.mkdir()
    for i in range(6):
        (folder / f"{'ab'[i >= 3]}_{i}.txt").write_text(BODY, encoding="utf-8")
    (folder / "b_crash.txt").write_text(BODY, encoding="utf-8")
    out = run_limited(["-c", _PLANT_BUG, "check", str(folder)])
    _no_traceback(out)
    assert out.returncode == 3, out.describe()
    line = one_error_line(out)
    assert "b_crash.txt" in line and "planted bug" in line and line.endswith("[E900]")
    last = out.stdout.strip().splitlines()[-1]
    assert last.startswith("6 files, 0 errors, 0 warnings; 1 file could not be read: ")
    assert last.endswith("b_crash.txt")


# -- decoding ----------------------------------------------------------------------------


def test_utf16_without_bom_is_detected(tmp_path: Path) -> None:
    for enc in ("utf-16-le", "utf-16-be"):
        f = tmp_path / f"{enc}.txt"
        f.write_bytes(BODY.encode(enc))
        out = briefing("text", str(f))
        assert out.returncode == 0, out.describe()
        assert "全市完成投资12亿元" in out.stdout


def test_a_few_invalid_utf8_bytes_are_replaced_with_a_note(tmp_path: Path) -> None:
    data = BODY.encode()
    offset = len(BODY[:40].encode())  # between two characters
    second = len(BODY[:80].encode())
    f = tmp_path / "damaged.txt"
    f.write_bytes(data[:offset] + b"\xff\xfe\x80" + data[offset:second] + b"\xc3" + data[second:])
    out = briefing("check", str(f))
    assert out.returncode == 0, out.describe()
    notes = [ln for ln in out.stderr.splitlines() if "[W001]" in ln]
    assert len(notes) == 1 and f"byte offset {offset}" in notes[0], out.stderr
    assert "4 invalid UTF-8 byte sequences" in notes[0]


def test_nul_in_a_path_is_a_briefing_error() -> None:
    """``briefing.read`` with a NUL in the path: a ReadError naming it, not a bare ValueError."""
    code = (
        "from briefing import read\n"
        "from briefing.errors import ReadError\n"
        "try:\n"
        "    read('bulletin\\x00.txt')\n"
        "except ReadError as e:\n"
        "    print(str(e))\n"
    )
    out = run_limited(["-c", code])
    assert out.returncode == 0, out.describe()
    line = out.stdout.strip()
    assert "NUL" in line and line.endswith("[E001]") and "\x00" not in line, out.describe()


# -- what reaches the terminal -----------------------------------------------------------


def test_escape_sequences_in_a_document_do_not_reach_the_terminal(tmp_path: Path) -> None:
    f = tmp_path / "esc.txt"
    f.write_text(
        BODY + "今年\x1b]0;pwned\x07东城区\x9b31m年度计划投资31.2亿元，截至5月底完成投资11.6亿元，"
        "完成年度计划的40.18%。\n",
        encoding="utf-8",
    )
    out = briefing("check", str(f), "--color", "never")
    assert out.returncode in (0, 1), out.describe()
    assert "BR" in out.stdout  # a finding's excerpt holds the planted sentence
    for ch in ("\x1b", "\x07", "\x9b"):
        assert ch not in out.stdout and ch not in out.stderr


def test_every_error_line_carries_a_code(tmp_path: Path) -> None:
    missing = str(tmp_path / "missing.txt")
    for args in (["check", missing], ["extract", missing], ["check"], ["render", missing]):
        out = briefing(*args)
        assert out.returncode == 2, out.describe()
        lines = [ln for ln in out.stderr.splitlines() if ln.startswith("briefing: error")]
        assert lines and all(re.search(r"\[E\d{3}\]$", ln) for ln in lines), out.describe()
