"""`briefing check` pauses Python's cyclic garbage collector while a file's figures are
extracted and checked (``briefing.collector.paused``), and `briefing convert` from
extraction to the file's rows: that is sound only as long as extraction, the checks and
the rows make no reference cycles, which the first test guards.  Texts are invented (the bulletins of ``corpora/`` and sentences written here)."""

from __future__ import annotations

import argparse
import gc
from pathlib import Path

import pytest

import briefing
from briefing.commands import check as check_command

CORPORA = Path(__file__).resolve().parents[1] / "corpora"


def test_extracting_and_checking_the_bulletins_leaves_no_reference_cycles() -> None:
    paths = sorted(p for p in CORPORA.glob("*.txt") if not p.name.endswith(".gb18030.txt"))
    assert paths
    docs = [briefing.read(p) for p in paths]
    for doc in docs:  # first use: lazily built tables and patterns are kept, not garbage
        briefing.check(doc, briefing.extract(doc))
    was = gc.isenabled()
    gc.collect()
    gc.disable()
    try:
        left = 0
        for doc in docs:
            gc.collect()
            report = briefing.check(doc, briefing.extract(doc))
            del report
            left += gc.collect()  # what reference counting could not free
    finally:
        if was:
            gc.enable()
    assert left == 0, f"{left} objects in reference cycles: collector_paused is unsound"


def test_the_rows_of_the_bulletins_make_no_reference_cycles() -> None:
    from briefing.batch.rows import _document_rows, empty_rows

    paths = sorted(p for p in CORPORA.glob("*.txt") if not p.name.endswith(".gb18030.txt"))
    done = [(doc, briefing.extract(doc)) for doc in (briefing.read(p) for p in paths)]
    items = [(doc, figures, briefing.check(doc, figures)) for doc, figures in done]
    rows = empty_rows()
    for doc, figures, report in items:  # first use: lazily built tables are kept
        _document_rows(rows, doc, figures, report, "0" * 16, doc.path, "", 0, None, None)
    was = gc.isenabled()
    gc.collect()
    gc.disable()
    try:
        left = 0
        for doc, figures, report in items:
            rows = empty_rows()
            _document_rows(rows, doc, figures, report, "0" * 16, doc.path, "", 0, None, None)
            del rows
            left += gc.collect()
    finally:
        if was:
            gc.enable()
    assert left == 0, f"{left} objects in reference cycles: pausing the collector is unsound"


def test_the_collector_is_paused_while_a_file_is_checked_and_resumed_after(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    path = tmp_path / "bulletin.txt"
    path.write_text(
        "全区新签约项目42个，其中工业项目25个、服务业项目17个，协议投资额86.4亿元。\n",
        encoding="utf-8",
    )
    seen: list[bool] = []
    original = briefing.checks.check

    def spy(*args: object, **kwargs: object) -> object:
        seen.append(gc.isenabled())
        return original(*args, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(briefing.checks, "check", spy)
    args = argparse.Namespace(
        paths=[str(path)], select=None, ignore=None, severity="warning", format="json",
        output=None, color="never", review=None, report=None, time_limit=None,
    )  # fmt: skip
    assert gc.isenabled()
    assert check_command.run(args) == 0
    capsys.readouterr()
    assert seen == [False]
    assert gc.isenabled()


def test_the_collector_stays_off_after_a_pause_when_it_was_off() -> None:
    was = gc.isenabled()
    gc.disable()
    try:
        with check_command.collector_paused():
            assert not gc.isenabled()
        assert not gc.isenabled()
    finally:
        if was:
            gc.enable()


def test_convert_pauses_the_collector_from_extraction_to_the_rows_and_resumes_it(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from briefing.batch import rows as rows_module

    path = tmp_path / "bulletin.txt"
    path.write_text(
        "全区新签约项目42个，其中工业项目25个、服务业项目17个，协议投资额86.4亿元。\n",
        encoding="utf-8",
    )
    seen: list[tuple[str, bool]] = []
    original_check, original_rows = briefing.checks.check, rows_module._document_rows

    def spy_check(*args: object, **kwargs: object) -> object:
        seen.append(("check", gc.isenabled()))
        return original_check(*args, **kwargs)  # type: ignore[arg-type]

    def spy_rows(*args: object, **kwargs: object) -> None:
        seen.append(("rows", gc.isenabled()))
        original_rows(*args, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(briefing.checks, "check", spy_check)
    monkeypatch.setattr(rows_module, "_document_rows", spy_rows)
    assert gc.isenabled()
    rows = rows_module.process_file(str(path))
    assert seen == [("check", False), ("rows", False)]
    assert gc.isenabled()
    assert len(rows["documents"]) == 1 and rows["figures"]


def test_convert_resumes_the_collector_when_a_check_fails(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from briefing.batch import rows as rows_module

    path = tmp_path / "bulletin.txt"
    path.write_text("全区新签约项目42个。\n", encoding="utf-8")

    def broken(*args: object, **kwargs: object) -> object:
        assert not gc.isenabled()
        raise RuntimeError("a bug in a check")

    monkeypatch.setattr(briefing.checks, "check", broken)
    rows = rows_module.process_file(str(path))
    assert [e["stage"] for e in rows["errors"]] == ["check"]
    assert not rows["documents"]
    assert gc.isenabled()
