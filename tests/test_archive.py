"""Checks across an archive (BR301-BR303) on the invented series in corpora/series/.

The series (东城区 monthly progress bulletins of 2023 and 2024, a half-year summary and
one 南湖区 bulletin) has three planted cross-document inconsistencies and several traps
that must not fire: a forecast (预计1-6月…45亿元), a revised plan (调整后全年计划投资130亿元
against 120亿元), a figure rounded to fewer digits (37亿元 against 37.5亿元 for 1-5月), a
stock that falls (在建项目 32 → 29), another district (南湖区, in its own bulletin and in
a sentence of a 东城区 bulletin), a single month (6月份 8.1亿元), and a 同比 rate that
agrees with last year's bulletin (12.3%).
"""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest

import briefing
from briefing.cli import main

ROOT = Path(__file__).resolve().parents[1]
SERIES = ROOT / "corpora" / "series"

# code, later document, its span, earlier document, its span, stated, expected
PLANTED = {
    ("BR301", "dongcheng_2024_h1_summary.txt", 129, 132, "dongcheng_2024_06.txt", 172, 175),
    ("BR302", "dongcheng_2024_07.txt", 110, 116, "dongcheng_2024_06.txt", 106, 112),
    ("BR303", "dongcheng_2024_09.txt", 102, 107, "dongcheng_2023_09.txt", 91, 97),
}


def archive_json(paths: list[str], capsys: pytest.CaptureFixture[str]) -> tuple[int, list[dict]]:
    rc = main(["check", "--archive", "--format", "json", *paths])
    lines = capsys.readouterr().out.strip().splitlines()
    last = json.loads(lines[-1])
    return rc, last["archive"]


def pinned(found: list[dict]) -> set[tuple]:
    return {
        (
            f["code"],
            Path(f["path"]).name,
            f["start"],
            f["end"],
            Path(f["other_path"]).name,
            f["other_start"],
            f["other_end"],
        )
        for f in found
    }


def test_check_archive_finds_every_planted_inconsistency_and_nothing_else(
    capsys: pytest.CaptureFixture[str],
) -> None:
    rc, found = archive_json([str(SERIES)], capsys)
    assert pinned(found) == PLANTED
    assert rc == 1  # BR301 and BR302 are errors
    by_code = {f["code"]: f for f in found}
    assert by_code["BR303"]["severity"] == "warning"
    # both documents' figures are where the offsets say
    for f in found:
        for side in ("", "other_"):
            text = briefing.read(f[f"{side}path"]).text
            assert text[f[f"{side}start"] : f[f"{side}end"]] == f[f"{side}text"]
    assert (by_code["BR303"]["stated"], by_code["BR303"]["expected"]) == ("10.5%", "7.8%")
    assert (by_code["BR301"]["stated"], by_code["BR301"]["expected"]) == ("20个", "18个")
    assert "dongcheng_2024_06.txt" in by_code["BR301"]["message"]
    assert "dongcheng_2024_h1_summary.txt" in by_code["BR301"]["message"]


def test_check_archive_text_output_names_both_documents(capsys: pytest.CaptureFixture[str]) -> None:
    rc = main(["check", "--archive", "--color", "never", str(SERIES)])
    out = capsys.readouterr().out
    assert rc == 1
    assert "BR302 error" in out and "BR303 warning" in out and "BR301 error" in out
    assert "dongcheng_2024_07.txt:3:" in out and "dongcheng_2024_06.txt:3:" in out
    assert out.rstrip().endswith("9 files, 2 errors, 1 warning")


def test_without_archive_flag_the_series_is_clean(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["check", "--format", "json", str(SERIES)]) == 0
    lines = capsys.readouterr().out.strip().splitlines()
    assert len(lines) == 9 and all("archive" not in json.loads(line) for line in lines)


def test_read_corpus_and_check_corpus_agree_with_the_cli(
    capsys: pytest.CaptureFixture[str],
) -> None:
    corpus = briefing.read_corpus(SERIES, jobs=1)
    table = corpus.archive_findings
    rows = table.to_dict("records")
    assert pinned(rows) == PLANTED
    again = briefing.check_corpus(corpus)
    assert again.equals(table)
    # each finding joins back to the figures table on both sides
    for side in ("", "other_"):
        keys = table[[f"{side}doc_id", f"{side}figure_id"]].set_axis(
            ["doc_id", "figure_id"], axis=1
        )
        joined = keys.merge(corpus.figures, on=["doc_id", "figure_id"])
        assert list(joined["text"]) == list(table[f"{side}text"])


#: the planted findings by documents and figure texts (offsets move when a test edits a file)
LOOSE = {
    ("BR301", "dongcheng_2024_h1_summary.txt", "20个", "dongcheng_2024_06.txt", "18个"),
    ("BR302", "dongcheng_2024_07.txt", "44.9亿元", "dongcheng_2024_06.txt", "45.6亿元"),
    ("BR303", "dongcheng_2024_09.txt", "10.5%", "dongcheng_2023_09.txt", "61.2亿元"),
}


def loose(f: dict) -> tuple:
    return (f["code"], Path(f["path"]).name, f["text"], Path(f["other_path"]).name, f["other_text"])


def _copy_series(tmp_path: Path) -> Path:
    out = tmp_path / "series"
    shutil.copytree(SERIES, out)
    return out


def _edit(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text
    path.write_text(text.replace(old, new), encoding="utf-8")


@pytest.mark.parametrize(
    ("name", "old", "new", "code", "text"),
    [
        # the forecast, stated as a fact, disagrees with the 1-6月 figure
        ("dongcheng_2024_05.txt", "预计1-6月", "1-6月", "BR301", "45.6亿元"),
        # the revised plan, not said to be revised, disagrees with the plan of April
        (
            "dongcheng_2024_07.txt",
            "进行了中期调整，调整后全年计划投资",
            "进行了部署，全年计划投资",
            "BR301",
            "130亿元",
        ),
        # 南湖区's bulletin, issued as 东城区's, disagrees with 东城区's 1-6月 figure
        (
            "nanhu_2024_06.txt",
            "青河市南湖区发展和改革局",
            "青河市东城区发展和改革局",
            "BR301",
            "45.6亿元",
        ),
        # 37.5亿元 is not 37亿元 at one decimal
        (
            "dongcheng_2024_h1_summary.txt",
            "完成投资37亿元",
            "完成投资37.0亿元",
            "BR301",
            "37.0亿元",
        ),
    ],
)
def test_each_trap_is_what_keeps_its_figure_quiet(
    tmp_path: Path, name: str, old: str, new: str, code: str, text: str
) -> None:
    """Take a trap's guard away and the figure is reported: the guard, not luck, keeps it out."""
    series = _copy_series(tmp_path)
    _edit(series / name, old, new)
    found = briefing.read_corpus(series, jobs=1).archive_findings
    records = found.to_dict("records")
    new_rows = [r for r in records if loose(r) not in LOOSE]
    assert new_rows, "the figure the guard kept out is reported once the guard is gone"
    assert {r["code"] for r in new_rows} == {code}
    assert text in {r["text"] for r in new_rows} | {r["other_text"] for r in new_rows}
    assert all(name in (Path(r["path"]).name, Path(r["other_path"]).name) for r in new_rows)


def test_two_values_of_one_key_in_one_document_are_never_compared(tmp_path: Path) -> None:
    """Which of 18个 and 16个 would the restated one be?  Ambiguous keys stay out."""
    series = _copy_series(tmp_path)
    _edit(
        series / "dongcheng_2024_06.txt",
        "截至6月底，全区新开工项目18个",
        "截至6月底，全区新开工项目18个，截至6月底，全区新开工项目16个",
    )
    found = briefing.read_corpus(series, jobs=1).archive_findings
    assert "BR301" not in set(found["code"])  # the 18 ≠ 20 finding is gone with it


def test_a_running_total_that_grows_is_no_finding_and_one_that_falls_is(tmp_path: Path) -> None:
    series = _copy_series(tmp_path)
    _edit(series / "dongcheng_2024_07.txt", "44.9亿元", "51.2亿元")
    found = briefing.read_corpus(series, jobs=1).archive_findings
    assert "BR302" not in set(found["code"])
    _edit(series / "dongcheng_2024_09.txt", "新开工项目27个", "新开工项目20个")
    found = briefing.read_corpus(series, jobs=1).archive_findings
    falls = found[found["code"] == "BR302"]
    assert list(falls["text"]) == ["20个"] and list(falls["other_text"]) == ["21个"]


def test_year_on_year_rate_that_agrees_with_last_year_is_quiet(tmp_path: Path) -> None:
    """12.3% on 45.6 against last year's 40.6 holds (12.32%); 13.3% would not."""
    series = _copy_series(tmp_path)
    found = briefing.read_corpus(series, jobs=1).archive_findings
    assert "12.3%" not in set(found["text"])
    _edit(series / "dongcheng_2024_06.txt", "同比增长12.3%", "同比增长13.3%")
    found = briefing.read_corpus(series, jobs=1).archive_findings
    hit = found[found["text"] == "13.3%"]
    assert list(hit["code"]) == ["BR303"] and list(hit["expected"]) == ["12.3%"]
    assert list(hit["other_text"]) == ["40.6亿元"]


def test_a_decrease_is_judged_with_its_sign(tmp_path: Path) -> None:
    """同比下降 is a negative rate: 40.6 → 36.1 is −11.1%, stated 下降11.1% is right."""
    series = _copy_series(tmp_path)
    _edit(series / "dongcheng_2024_06.txt", "45.6亿元，同比增长12.3%", "36.1亿元，同比下降11.1%")
    _edit(series / "dongcheng_2024_06.txt", "120亿元的38.0%", "120亿元的30.1%")
    found = briefing.read_corpus(series, jobs=1).archive_findings
    assert "11.1%" not in set(found["text"])
    _edit(series / "dongcheng_2024_06.txt", "同比下降11.1%", "同比增长11.1%")
    found = briefing.read_corpus(series, jobs=1).archive_findings
    hit = found[found["text"] == "11.1%"]
    assert list(hit["code"]) == ["BR303"] and list(hit["expected"]) == ["-11.1%"]


def test_copies_of_one_bulletin_are_not_compared(tmp_path: Path) -> None:
    """The same bulletin at two paths (a re-publication) is one statement, not two."""
    series = _copy_series(tmp_path)
    shutil.copy(series / "dongcheng_2024_06.txt", series / "dongcheng_2024_06_copy.txt")
    found = briefing.read_corpus(series, jobs=1).archive_findings
    assert not (
        found["path"].str.contains("_copy") & found["other_path"].str.contains("2024_06")
    ).any()
    assert {"BR301", "BR302", "BR303"} == set(found["code"])


def test_convert_writes_the_archive_findings_table(tmp_path: Path) -> None:
    from briefing.batch.convert import convert, read_table

    out = tmp_path / "out"
    summary = convert([str(SERIES)], out, jobs=1, progress=False)
    table = read_table(out, "archive_findings")
    assert summary.archive_findings == len(table) == 3
    assert pinned(table.to_dict("records")) == PLANTED
    assert (out / "archive_findings" / "part-00000.parquet").is_file()


def test_convert_reads_back_only_what_the_archive_checks_need_with_the_same_findings(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """convert reads its Parquet parts back column by column and part by part (the
    compared figures only): the same table as the checks over the whole tables."""
    from briefing.batch.convert import convert, read_table
    from briefing.batch.corpus import _archive_inputs, archive_table
    from briefing.checks.archive import check_archive, check_archive_parts

    monkeypatch.setenv("BRIEFING_CHUNK", "3")  # several parts of every table
    out = tmp_path / "out"
    convert([str(SERIES)], out, jobs=1, progress=False)
    assert len(list((out / "figures").glob("part-*"))) > 1
    whole = archive_table(read_table(out, "documents"), read_table(out, "figures"))
    documents, figure_parts = _archive_inputs(out)
    parts = list(figure_parts)
    assert len(parts) > 1
    assert sum(map(len, parts)) < len(read_table(out, "figures"))  # other kinds left out
    found = check_archive_parts(documents, parts)
    assert found == check_archive(read_table(out, "documents"), read_table(out, "figures"))
    assert read_table(out, "archive_findings").equals(whole)
    assert len(whole) == 3


def test_documents_without_a_date_are_not_compared(tmp_path: Path) -> None:
    """No date in the text nor in the metadata: periods have no year, nothing is compared."""
    import pandas as pd

    rows = []
    for p in sorted(SERIES.glob("*.txt")):
        text = p.read_text(encoding="utf-8")
        lines = [ln for ln in text.splitlines() if not ln.startswith("发布时间")]
        rows.append({"id": p.stem, "text": "\n".join(lines)})
    df = pd.DataFrame(rows)
    assert briefing.read_corpus(df, jobs=1).archive_findings.empty
    # the dates given as metadata anchor the periods again
    df["date"] = [briefing.read(p).meta.date for p in sorted(SERIES.glob("*.txt"))]
    df["region"] = ["南湖区" if "nanhu" in i else "东城区" for i in df["id"]]
    found = briefing.read_corpus(df, jobs=1).archive_findings
    assert sorted(found["code"]) == ["BR301", "BR302", "BR303"]
    assert set(found["path"]) == {
        "dongcheng_2024_h1_summary",
        "dongcheng_2024_07",
        "dongcheng_2024_09",
    }


def test_this_year_in_a_mid_year_bulletin_is_no_full_year_running_total(
    capsys: pytest.CaptureFixture[str],
) -> None:
    # the whole corpora/ folder: a June bulletin of 东城区 says 今年新开工…12个; read as
    # January-December it fell below the 1-9月 figure of another bulletin (a false BR302)
    rc, found = archive_json([str(ROOT / "corpora")], capsys)
    assert pinned(found) == PLANTED
    assert rc == 1  # the planted BR301 and BR302 are errors
