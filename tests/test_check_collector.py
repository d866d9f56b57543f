"""`briefing check` pauses Python's cyclic garbage collector while a file's figures are
extracted and checked (``briefing.commands.check.collector_paused``): that is sound only
as long as extraction and the checks make no reference cycles, which the first test
guards.  Texts are invented (the bulletins of ``corpora/`` and sentences written here)."""

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
