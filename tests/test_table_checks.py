"""Tables (issue 18): the table model in every shape, cell units from heads and unit notes,
compound units, and the table relations of the checks.

The samples are the invented tables of ``corpora/tables/`` (built by
``scripts/build_table_corpora.py``; gold in ``corpora/tables/gold.json``).
"""

from __future__ import annotations

import json
import subprocess
import sys
from decimal import Decimal
from pathlib import Path

import pytest

from briefing import read, read_text
from briefing.checks import check
from briefing.extraction import extract
from briefing.extraction.tables import find_tables, parse_head, unit_note
from briefing.io.base import RawBlock
from briefing.io.pipe_tables import join_pipe_fragments

ROOT = Path(__file__).resolve().parents[1]
TABLES = ROOT / "corpora" / "tables"
GOLD = json.loads((TABLES / "gold.json").read_text(encoding="utf-8"))
CASES = [(name, shape) for name in GOLD for shape in GOLD[name]["shapes"]]
MERGED = [(name, shape) for name, shape in CASES if GOLD[name].get("paths")]
PAGES = ROOT.parent / "shared" / "corpus" / "pages.jsonl"


def _path(name: str, shape: str) -> Path:
    return TABLES / f"{name}{shape}"


# ---------------------------------------------------------------------------
# compound units
# ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "figure", "kind", "unit", "base"),
    [
        ("全县平均单产5194.9公斤/公顷。", "5194.9公斤/公顷", "yield", "公斤/公顷", "5194.9"),
        ("小麦亩产420公斤/亩。", "420公斤/亩", "yield", "公斤/亩", "6300"),
        ("生猪收购价16500元/吨。", "16500元/吨", "price", "元/吨", "16.5"),
        ("人均可支配收入3.2万元/人。", "3.2万元/人", "per_capita", "万元/人", "32000"),
        ("日均受理诉求120件/日。", "120件/日", "rate_per_day", "件/日", "120"),
        ("接待游客3.5万人次/天。", "3.5万人次/天", "rate_per_day", "万人次/日", "35000"),
        ("商品房均价8600元/平方米。", "8600元/平方米", "price", "元/平方米", "8600"),
        ("单位产值电耗320千瓦时/万元。", "320千瓦时/万元", "intensity", "千瓦时/万元", "320"),
    ],
)
def test_compound_units_come_out_whole(
    text: str, figure: str, kind: str, unit: str, base: str
) -> None:
    figs = [f for f in extract_figures(text) if f.text == figure]
    assert len(figs) == 1, [f.text for f in extract_figures(text)]
    f = figs[0]
    assert (f.kind, f.unit) == (kind, unit)
    assert f.base_value is not None and Decimal(f.base_value) == Decimal(base)


def extract_figures(text: str) -> list:  # type: ignore[type-arg]
    return extract(read_text(text))


def test_yield_per_hectare_is_never_compared_as_a_mass() -> None:
    # a correct sentence and table: the yield is no 其中-part of the output and no average
    # of it in 公斤 per 亩
    doc = read(_path("qinghe_grain_2023", ".txt"))
    rep = check(doc)
    assert rep.findings == []
    yields = [f for f in extract(doc) if f.unit == "公斤/公顷"]
    assert len(yields) == 5  # the prose's two and the table's three
    assert all(f.kind == "yield" for f in yields)


def test_area_times_yield_is_judged_in_prose_when_all_three_are_named() -> None:
    doc = read_text("今年全县粮食播种面积12.6万公顷，总产量69.45万吨，平均单产5194.4公斤/公顷。")
    rep = check(doc)
    avg = [r for r in rep.relations if r.rule == "average"]
    assert [r.status for r in avg] == ["rounding"]  # a warning: prose is less certain
    assert "12.6万公顷 × 5194.4公斤/公顷" in avg[0].formula


def test_area_times_yield_needs_all_three_for_one_subject() -> None:
    # two outputs in the sentence: which one the yield makes is unclear, nothing judged
    doc = read_text(
        "全县播种面积12.6万公顷，总产量65.45万吨，单产5194.4公斤/公顷，其中小麦产量31.2万吨、玉米产量34.25万吨。"
    )
    assert [r for r in check(doc).relations if r.rule == "average"] == []


# ---------------------------------------------------------------------------
# heads, notes, the table model
# ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("head", "metric", "unit"),
    [
        ("金额（亿元）", "金额", "亿元"),
        ("占比(%)", "占比", "%"),
        ("占比%", "占比", "%"),
        ("金额/万元", "金额", "万元"),
        ("单产（公斤/公顷）", "单产", "公斤/公顷"),
        ("投资额（单位：万元）", "投资额", "万元"),
        ("项目数（含续建）", "项目数（含续建）", None),
        ("项目名称", "项目名称", None),
    ],
)
def test_parse_head(head: str, metric: str, unit: str | None) -> None:
    assert parse_head(head) == (metric, unit)


def test_unit_note() -> None:
    assert unit_note("表1 重点项目推进情况（单位：亿元）") == "亿元"
    assert unit_note("计量单位:万元") == "万元"
    assert unit_note("单位：个、亿元") is None  # two units: which column has which is unclear
    assert unit_note("重点项目推进情况") is None


@pytest.mark.parametrize(("name", "shape"), CASES)
def test_every_cell_figure_carries_its_head_unit_metric_and_subject(name: str, shape: str) -> None:
    doc = read(_path(name, shape))
    tables = find_tables(doc)
    assert len(tables) == 1
    figs = extract(doc)
    t = tables[0]
    in_table = [f for f in figs if t.start <= f.start < t.end]
    for text, unit, metric, subject in GOLD[name]["cells"]:
        hits = [f for f in in_table if f.text == text and f.subject == subject]
        assert len(hits) == 1, (text, subject, [(f.text, f.subject) for f in in_table])
        assert (hits[0].unit, hits[0].metric) == (unit, metric)
    # no number of a value cell is left without a unit
    assert t.stub is not None
    stubs = [(r.cells[t.stub].start, r.cells[t.stub].end) for r in t.rows]
    values = [
        f for f in in_table if not any(a <= f.start < b for a, b in stubs) and f.kind != "ordinal"
    ]
    assert values and all(f.unit for f in values), [f.text for f in values if not f.unit]


@pytest.mark.parametrize(("name", "shape"), CASES)
def test_table_relations_and_planted_slips(name: str, shape: str) -> None:
    rep = check(read(_path(name, shape)))
    for rule, status, texts in GOLD[name]["relations"]:
        hits = [
            r
            for r in rep.relations
            if r.rule == rule
            and sorted(f.text.strip() for f in r.figures) == sorted(texts)
            and r.status == status
        ]
        assert hits, (rule, status, texts, [(r.rule, r.status, r.formula) for r in rep.relations])
    want = {(code, sev, near) for code, sev, near in GOLD[name]["findings"]}
    got = {
        (f.code, f.severity, near)
        for f in rep.findings
        for code, sev, near in want
        if f.code == code and f.severity == sev and any(x.text.strip() == near for x in f.figures)
    }
    assert got == want
    # nothing else: the correct tables raise no finding
    assert len(rep.findings) == len(want), [f.message for f in rep.findings]


def test_docx_total_row_that_does_not_add_up_is_an_error() -> None:
    rep = check(read(_path("linjiang_projects_table", ".docx")))
    errs = [f for f in rep.errors if f.code == "BR102"]
    assert len(errs) == 1
    assert errs[0].stated == "21" and errs[0].expected == "20"


def _pipe(*rows: str) -> str:
    return "\n".join(rows) + "\n"


def test_total_row_with_sub_rows_is_not_summed() -> None:
    # 其中 rows are parts of the row above: the rows do not partition the total
    doc = read_text(
        _pipe(
            "| 类别 | 项目数（个） |",
            "| 产业项目 | 12 |",
            "| 其中：制造业 | 7 |",
            "| 民生项目 | 8 |",
            "| 合计 | 20 |",
        )
    )
    assert [r for r in check(doc).relations if r.rule == "sum"] == []


def test_rows_of_unequal_width_are_not_a_table() -> None:
    doc = read_text(_pipe("| 类别 | 项目数（个） | 投资 |", "| 产业 | 12 |", "| 合计 | 21 | 3 |"))
    assert find_tables(doc) == []


def test_total_row_in_the_middle_is_ambiguous() -> None:
    doc = read_text(
        _pipe("| 类别 | 个数 |", "| 甲 | 1 |", "| 乙 | 2 |", "| 合计 | 4 |", "| 丙 | 5 |")
    )
    assert [r for r in check(doc).relations if r.rule == "sum"] == []


def test_total_row_on_top_closes_the_rows_below() -> None:
    doc = read_text(
        _pipe("| 地区 | 户数（户） |", "| 全市合计 | 30 |", "| 东城区 | 12 |", "| 南湖区 | 17 |")
    )
    sums = [r for r in check(doc).relations if r.rule == "sum"]
    assert [(r.status, r.formula) for r in sums] == [("inconsistent", "12 + 17 = 29（文中 30）")]


def test_total_column_against_the_columns_beside_it() -> None:
    doc = read_text(
        "表2 各县区诉求受理情况（单位：件）\n"
        + _pipe(
            "| 县区 | 合计 | 一季度 | 二季度 |",
            "| 东城区 | 50 | 20 | 30 |",
            "| 南湖区 | 41 | 25 | 15 |",
        )
    )
    sums = sorted((r.status, r.formula) for r in check(doc).relations if r.rule == "sum")
    assert sums == [
        ("consistent", "20 + 30 = 50（文中 50）"),
        ("inconsistent", "25 + 15 = 40（文中 41）"),
    ]


def test_prose_figure_of_another_period_is_not_compared() -> None:
    doc = read_text(
        "2022年东湖镇完成投资3.6亿元。\n表1 2023年各镇完成投资情况\n"
        + _pipe("| 乡镇 | 完成投资（亿元） |", "| 东湖镇 | 3.8 |", "| 西岭镇 | 2.1 |")
    )
    assert [r for r in check(doc).relations if r.rule == "repeat" and "东湖镇" in r.formula] == []


def test_table_builder_is_up_to_date() -> None:
    out = subprocess.run(
        [sys.executable, str(ROOT / "scripts" / "build_table_corpora.py"), "--check"],
        capture_output=True,
        text=True,
        check=False,
    )
    assert out.returncode == 0, out.stdout + out.stderr


def test_head_row_padded_at_its_end_is_resolved_by_its_total_column() -> None:
    # merged head cells exported one after another, each row padded with empty cells: the
    # only layout in which 总计 adds up its group in every row is 受理总数 over three
    doc = read_text(
        _pipe(
            "| 序号 | 单位 | 受理总数 | 办结数 | 结案率 |  |  |",
            "| 总计 | 热线 | 网络 |  |  |  |  |",
            "| 1 | 住建局 | 86 | 79 | 7 | 86 | 100% |",
            "| 2 | 公安局 | 64 | 58 | 6 | 64 | 100% |",
        )
    )
    (t,) = find_tables(doc)
    assert [c.path for c in t.columns] == [
        ("序号",), ("单位",), ("受理总数", "总计"), ("受理总数", "热线"), ("受理总数", "网络"),
        ("办结数",), ("结案率",),
    ]  # fmt: skip
    assert [c.metric for c in t.columns[2:5]] == ["受理总数", "热线", "网络"]
    assert t.columns[2].total and not t.columns[3].total


def test_head_row_padded_with_no_evidence_of_its_layout_is_ambiguous() -> None:
    # 热线 | 网络 may stand under 受理数 or under 办结数: no 总计 column and no repeated
    # sub-heads tell which, so no cell is given a head
    doc = read_text(
        _pipe(
            "| 序号 | 单位 | 受理数 | 办结数 | 结案率 |  |",
            "| 热线 | 网络 |  |  |  |  |",
            "| 1 | 住建局 | 86 | 79 | 7 | 100% |",
            "| 2 | 公安局 | 64 | 58 | 6 | 100% |",
        )
    )
    assert find_tables(doc) == []


def test_merged_head_is_not_resolved_when_most_rows_disagree() -> None:
    # a 总计 sub-head whose group adds up in one row of three: the layout is not read
    # from a coincidence
    doc = read_text(
        _pipe(
            "| 序号 | 单位 | 受理总数 | 办结数 | 结案率 |  |  |",
            "| 总计 | 热线 | 网络 |  |  |  |  |",
            "| 1 | 住建局 | 86 | 79 | 7 | 86 | 100% |",
            "| 2 | 公安局 | 64 | 50 | 6 | 64 | 100% |",
            "| 3 | 城管局 | 52 | 45 | 3 | 52 | 100% |",
        )
    )
    assert find_tables(doc) == []


def test_merged_head_with_too_many_layouts_to_weigh_is_left_unresolved() -> None:
    # 12 heads over 12 sub-heads: over a million ways to place them, none is weighed
    width = 24
    top = [f"指标{k}" for k in range(12)]
    sub = [f"分项{k}" for k in range(12)]
    doc = read_text(
        _pipe(
            "| 序号 | 单位 | " + " | ".join(top + [""] * (width - 14)) + " |",
            "| " + " | ".join(sub + [""] * (width - 12)) + " |",
            *(f"| {i} | 单位{i} | " + " | ".join(["1"] * (width - 2)) + " |" for i in (1, 2)),
        )
    )
    assert find_tables(doc) == []


@pytest.mark.parametrize(("name", "shape"), MERGED)
def test_merged_multi_row_head_gives_every_column_its_head_path(name: str, shape: str) -> None:
    (t,) = find_tables(read(_path(name, shape)))
    assert [list(c.path) for c in t.columns] == GOLD[name]["paths"]
    assert [c.role for c in t.columns[:2]] == ["ordinal", "stub"]
    assert [c.index for c in t.columns if c.total] == [2]
    assert len(t.rows) == 5 and t.rows[0].stub == "水务局"


def test_broken_pipe_lines_join_into_rows_and_stay_out_of_chrome() -> None:
    # one cell a line, header rows padded by a line of pipes: the number lines (``46 |``)
    # are table cells; outside a table a short pipe line makes no table
    doc = read(_path("nanhu_hotline_merged", ".txt"))
    tables = [b for b in doc.blocks if b.kind == "table"]
    assert len(tables) == 1 and tables[0].rows is not None
    assert [len(r) for r in tables[0].rows] == [14] * 8
    assert doc.text[tables[0].rows[3][2].start : tables[0].rows[3][2].end] == "46"
    # outside a table a short pipe line is no table; a bar of chrome tokens is dropped
    lone = read_text(
        "南湖区热线情况通报\n\n10月份共交办诉求154件。\n12 |\n【打印】 |\n以上为本月情况。\n"
    )
    assert not [b for b in lone.blocks if b.kind == "table"]
    assert "打印" not in lone.text


def _lines(*texts: str) -> list[RawBlock]:
    return [RawBlock(text=t) for t in texts]


def test_broken_pipe_table_cut_mid_row_keeps_its_complete_rows() -> None:
    cells = ["序号 |", "部门 |", "件数 |", "办结率 |"]
    body = ["1 |", "水务局 |", "46 |", "98% |", "2 |", "交通局 |", "38 |", "100% |"]
    out = join_pipe_fragments(_lines(*cells, *body, "3 |", "人社局 |"))
    assert out[0].rows == [
        ["序号", "部门", "件数", "办结率"],
        ["1", "水务局", "46", "98%"],
        ["2", "交通局", "38", "100%"],
    ]
    assert [b.text for b in out[1:]] == ["3 |", "人社局 |"]  # the cut row stays as lines


def test_broken_pipe_lines_of_a_form_are_left_alone() -> None:
    # a form or a metadata box (no numbers): nothing to join
    lines = _lines("姓名: | * |", "单位: | |", "电话: | * |", "邮件: | * |", "|", "|")
    assert join_pipe_fragments(lines) == lines


def test_broken_pipe_lines_whose_columns_change_kind_are_left_alone() -> None:
    # a width that puts names and numbers in one column is the wrong width
    lines = _lines(
        "序号 |", "部门 |", "件数 |", "1 |", "水务局 |", "46 |", "交通局 |", "2 |", "38 |"
    )
    assert join_pipe_fragments(lines) == lines


def _merged_hotline(*body: str) -> str:
    return _pipe(
        "| 序号 | 单位 | 交办件数 | 按期办结数 |  |  |",
        "| 合计 | 热线 | 网络 |  |  |  |",
        "| 按期办结 | 按期办结 |  |  |  |  |",
        *body,
    )


def test_column_of_one_head_is_judged_against_its_groups() -> None:
    # 按期办结数 = 热线 / 按期办结 + 网络 / 按期办结; the third row says 30 for 20 + 9
    doc = read_text(
        _merged_hotline(
            "| 1 | 水务局 | 46 | 33 | 13 | 46 |",
            "| 2 | 交通局 | 38 | 25 | 13 | 38 |",
            "| 3 | 人社局 | 29 | 20 | 9 | 30 |",
        )
    )
    (t,) = find_tables(doc)
    assert [c.path for c in t.columns][2:] == [
        ("交办件数", "合计"), ("交办件数", "热线", "按期办结"), ("交办件数", "网络", "按期办结"),
        ("按期办结数",),
    ]  # fmt: skip
    rep = check(doc)
    sums = sorted((r.status, r.formula) for r in rep.relations if r.rule == "sum")
    assert sums == [
        ("consistent", "20 + 9 = 29（文中 29）"),
        ("consistent", "25 + 13 = 38（文中 38）"),
        ("consistent", "25 + 13 = 38（文中 38）"),
        ("consistent", "33 + 13 = 46（文中 46）"),
        ("consistent", "33 + 13 = 46（文中 46）"),
        ("inconsistent", "20 + 9 = 29（文中 30）"),
    ]
    assert [(f.code, f.stated, f.expected) for f in rep.findings] == [("BR102", "30", "29")]


def test_column_of_one_head_is_not_judged_when_most_rows_break_it() -> None:
    # most rows do not add up: the groups are not parts of the column (another reading)
    doc = read_text(
        _merged_hotline(
            "| 1 | 水务局 | 46 | 33 | 13 | 40 |",
            "| 2 | 交通局 | 38 | 25 | 13 | 36 |",
            "| 3 | 人社局 | 29 | 20 | 9 | 29 |",
        )
    )
    rep = check(doc)
    assert len(find_tables(doc)) == 1
    assert [r.formula for r in rep.relations if "文中 40" in r.formula] == []
    assert rep.findings == []


def test_rate_whose_base_is_not_stated_is_not_judged() -> None:
    # 不满意率 is a share of the cases visited back (not stated), not of 派遣总数
    doc = read_text(
        _pipe(
            "| 序号 | 单位 | 派遣总数 | 按时办结数 | 按时办结率 | 不满意数 | 不满意率 |",
            "| 1 | 水务局 | 46 | 42 | 91.3% | 5 | 12% |",
            "| 2 | 交通局 | 38 | 38 | 100.0% | 3 | 9% |",
        )
    )
    rels = [r for r in check(doc).relations if r.rule == "ratio"]
    assert sorted(r.formula.split("=")[0].strip() for r in rels) == ["38 ÷ 38", "42 ÷ 46"]
    assert check(doc).findings == []


@pytest.mark.skipif(not PAGES.is_file(), reason=f"real excerpts not present at {PAGES}")
def test_real_hotline_table_with_merged_head_is_read_and_judged() -> None:
    # r0121: a portal table copied one cell a line under a 3-row merged header; figures
    # only (no text of the page is kept here)
    page = next(
        json.loads(line)
        for line in PAGES.read_text(encoding="utf-8").splitlines()
        if json.loads(line)["id"] == "r0121"
    )
    doc = read_text(page["text"])
    (t,) = find_tables(doc)
    assert (t.shape, len(t.columns), len(t.rows)) == ("pipe", 16, 5)
    assert [len(c.path) for c in t.columns] == [1, 1, 2, 3, 3, 3, 3, 3, 3] + [1] * 7
    rep = check(doc)
    table = [r for r in rep.relations if any(t.start <= f.start < t.end for f in r.figures)]
    # 5 rows × (总计 = its group, 结案率, 按时结案率, 按时/超时/未办结数 = the same
    # sub-columns of both channels) and 3 prose figures naming a row
    assert sorted(r.rule for r in table) == ["ratio"] * 10 + ["repeat"] * 3 + ["sum"] * 20
    assert all(r.status == "consistent" for r in table)
    assert rep.errors == []


def test_pipe_table_rows_are_not_mirror_noise() -> None:
    # "| 8 | 9.5 | 4.6 |" is a table row, not forum anti-copy noise ("S( C+ d0")
    figs = extract(
        read_text(
            "| 类别 | 项目数（个） | 计划（亿元） | 完成（亿元） |\n| 民生 | 8 | 9.5 | 4.6 |\n"
        )
    )
    assert [(f.text, f.unit) for f in figs] == [("8", "个"), ("9.5", "亿元"), ("4.6", "亿元")]
    assert extract(read_text("水平提高 S( C+ d0 u% 全县")) == []


def test_large_table_grows_linearly() -> None:
    # a table 8 times as long takes well under 32 times as long to check: no quadratic
    # step (generous margin; compares sizes, not wall-clock thresholds)
    import time

    def run(n: int) -> float:
        rows = [f"| 单位{i} | {i % 50 + 1} | {i % 7 + 1} |" for i in range(n)]
        if n:
            rows.insert(n // 2, "| 小计 | 1 | 1 |")
        text = _pipe("| 单位 | 件数（件） | 人数（人） |", *rows, "| 合计 | 1 | 1 |")
        doc = read_text(text)
        t0 = time.process_time()
        check(doc)
        return time.process_time() - t0

    run(50)
    small = min(run(150) for _ in range(2))
    large = min(run(1200) for _ in range(2))
    assert large < small * 8 * 4  # linear: ~8x; quadratic: ~64x


def test_tables_of_a_document_are_found_once_and_anew_when_its_blocks_change() -> None:
    import briefing.extraction.tables as tables_mod

    doc = read_text(
        _pipe("| 乡镇 | 新增就业（人） |", "| 东镇 | 310 |", "| 西镇 | 270 |", "| 合计 | 580 |")
    )
    calls: list[int] = []
    real = tables_mod._find_tables

    def counted(d):  # type: ignore[no-untyped-def]
        calls.append(1)
        return real(d)

    tables_mod._FOUND.clear()
    tables_mod._find_tables = counted
    try:
        first = find_tables(doc)
        assert find_tables(doc) is first  # extraction and the checks ask: found once
        assert len(calls) == 1
        doc.blocks = list(doc.blocks)  # other blocks (even alike): found again
        assert find_tables(doc) == first
        assert len(calls) == 2
        other = read_text(_pipe("| 乡镇 | 新增就业（人） |", "| 东镇 | 310 |", "| 合计 | 310 |"))
        assert find_tables(other) is not first
        assert len(calls) == 3
    finally:
        tables_mod._find_tables = real
        tables_mod._FOUND.clear()
