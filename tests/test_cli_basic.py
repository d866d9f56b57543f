"""`briefing text` and `briefing parse` through the installed console script."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest


def run(*args: str, stdin: bytes | None = None) -> subprocess.CompletedProcess[bytes]:
    return subprocess.run(
        [sys.executable, "-m", "briefing.cli", *args], input=stdin, capture_output=True, timeout=300
    )


def test_text_prints_the_text_offsets_refer_to(real_004: Path) -> None:
    import briefing

    out = run("text", str(real_004))
    assert out.returncode == 0
    assert out.stdout.decode("utf-8").rstrip("\n") == briefing.read(real_004).text


def test_parse_json_prints_the_model(real_004: Path) -> None:
    out = run("parse", str(real_004), "--format", "json")
    assert out.returncode == 0
    data = json.loads(out.stdout)
    assert data["meta"]["issue"] == "143"
    assert data["meta"]["copies"] == 90
    for b in data["blocks"]:
        assert data["text"][b["start"] : b["end"]] == b["text"]


def test_dash_reads_stdin() -> None:
    out = run("text", "-", stdin="标题\n全区完成投资3.5亿元。\n".encode("gb18030"))
    assert out.returncode == 0
    assert "完成投资3.5亿元" in out.stdout.decode("utf-8")


@pytest.mark.parametrize(
    ("setup", "cause"),
    [
        ("missing", "no such file"),
        ("empty", "empty file"),
        ("folder", "is a folder"),
    ],
)
def test_bad_input_is_one_line_and_exit_2(tmp_path: Path, setup: str, cause: str) -> None:
    target = tmp_path / "input.txt"
    if setup == "empty":
        target.write_bytes(b"")
    elif setup == "folder":
        target.mkdir()
    out = run("text", str(target))
    err = out.stderr.decode("utf-8")
    assert out.returncode == 2
    assert "Traceback" not in err
    assert err.count("\n") == 1
    assert str(target) in err and cause in err


def test_help_does_not_import_heavy_libraries() -> None:
    code = "import sys, briefing.cli as c; c.build_parser(); import briefing; briefing.read_text('标题\\n正文。'); print(sorted(m for m in ('pandas','spacy','docx','jieba','lxml') if m in sys.modules))"
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=300)
    assert out.stdout.strip() == "[]"


def test_public_functions_survive_importing_their_subpackages(real_004: Path) -> None:
    import briefing
    import briefing.extraction
    import briefing.rendering

    doc = briefing.read(real_004)
    first = briefing.extract(doc)
    again = briefing.extract(doc)  # the subpackage import must not shadow the function
    assert callable(briefing.extract) and callable(briefing.render)
    assert [f.text for f in first] == [f.text for f in again]
    assert len(first) > 50


def test_check_hides_info_notes_unless_asked_with_severity() -> None:
    text = "1-9月完成投资61.7亿元，完成年度目标任务的73.4%。\n".encode()

    def infos(*extra: str) -> int:
        out = run("check", "-", "--format", "json", *extra, stdin=text)
        assert out.returncode == 0, out.stderr
        data = json.loads(out.stdout.decode("utf-8").splitlines()[0])
        return sum(1 for f in data["findings"] if f["severity"] == "info")

    assert infos() == 0
    assert infos("--severity", "info") == 1
    assert infos("--severity", "error") == 0
