"""Build the invented table samples of ``corpora/tables/`` in every shape a table reaches
briefing: a pipe table in text (``.txt``), aligned columns as text extracted from a PDF
(``.pdftext.txt``), a real table in ``.docx`` and ``.html``, and a ``.pdf`` (LibreOffice
conversion of the .docx, with ``--pdf``).

Every sample is invented (青河市, 临江县 and their figures are made up).  The gold,
``corpora/tables/gold.json``, lists for each sample the cell figures a reader must give
(text, unit, metric, subject), the table relations with their statuses, and the planted
slips (code, severity, the figure the finding must name).

    python scripts/build_table_corpora.py [--pdf] [--check]
"""

from __future__ import annotations

import argparse
import html
import io
import json
import shutil
import subprocess
import sys
import tempfile
import zipfile
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
OUT = ROOT / "corpora" / "tables"

# name → title, prose paragraphs before the table, caption, rows, prose after, gold
SAMPLES: dict[str, dict[str, Any]] = {
    "qinghe_grain_2023": {
        "title": "青河县2023年粮食生产情况",
        "before": [
            "2023年，青河县克服春季低温和夏季局地洪涝影响，粮食生产再获丰收。"
            "全县粮食播种面积12.6万公顷，总产量65.45万吨，平均单产5194.4公斤/公顷。",
            "分品种看，小麦播种面积5.2万公顷，玉米单产4628.4公斤/公顷，均与上年基本持平。",
        ],
        "caption": "表1 青河县2023年主要粮食作物生产情况",
        "rows": [
            ["品种", "播种面积（万公顷）", "总产量（万吨）", "单产（公斤/公顷）"],
            ["小麦", "5.2", "31.2", "6000.0"],
            ["玉米", "7.4", "34.25", "4628.4"],
            ["合计", "12.6", "65.45", "5194.4"],
        ],
        "after": ["下一步，县农业农村局将抓好高标准农田建设，稳定粮食播种面积。"],
        "cells": [
            ["5.2", "万公顷", "播种面积", "小麦"],
            ["31.2", "万吨", "总产量", "小麦"],
            ["6000.0", "公斤/公顷", "单产", "小麦"],
            ["34.25", "万吨", "总产量", "玉米"],
            ["5194.4", "公斤/公顷", "单产", "合计"],
        ],
        "relations": [
            ["sum", "consistent", ["5.2", "7.4", "12.6"]],
            ["sum", "consistent", ["31.2", "34.25", "65.45"]],
            ["average", "consistent", ["5.2", "6000.0", "31.2"]],
            ["average", "consistent", ["7.4", "4628.4", "34.25"]],
            ["average", "consistent", ["12.6", "5194.4", "65.45"]],
            ["repeat", "consistent", ["5.2万公顷", "5.2"]],
        ],
        "findings": [],
    },
    "qinghe_grain_2023_slip": {
        "title": "青河县2023年粮食生产情况（校对稿）",
        "before": [
            "2023年，青河县粮食生产再获丰收。全县粮食播种面积12.6万公顷，总产量65.45万吨。",
        ],
        "caption": "表1 青河县2023年主要粮食作物生产情况",
        "rows": [
            ["品种", "播种面积（万公顷）", "总产量（万吨）", "单产（公斤/公顷）"],
            ["小麦", "5.2", "31.2", "6000.0"],
            ["玉米", "7.4", "34.25", "4828.4"],
            ["合计", "12.6", "65.45", "5194.4"],
        ],
        "after": [],
        "cells": [["4828.4", "公斤/公顷", "单产", "玉米"]],
        "relations": [["average", "inconsistent", ["7.4", "4828.4", "34.25"]]],
        "findings": [["BR101", "error", "4828.4"]],
    },
    "dongcheng_hotline_table": {
        "title": "东城区12345热线9月份受理情况",
        "before": [
            "9月份，东城区12345热线共受理群众诉求2880件，按期办结率99.2%。"
            "从受理渠道看，12345热线受理1826件，仍是群众反映诉求的主渠道。",
        ],
        "caption": "表1 9月份诉求受理渠道分布",
        "rows": [
            ["受理渠道", "受理量（件）", "占比（%）"],
            ["12345热线", "1826", "63.4"],
            ["网络平台", "694", "26.1"],
            ["来信来访", "360", "12.5"],
            ["合计", "2880", "100.0"],
        ],
        "after": ["区政务服务管理局将继续做好热线诉求的分类转办和回访工作。"],
        "cells": [
            ["1826", "件", "受理量", "12345热线"],
            ["26.1", "%", "占比", "网络平台"],
            ["2880", "件", "受理量", "合计"],
        ],
        "relations": [
            ["sum", "consistent", ["1826", "694", "360", "2880"]],
            ["ratio", "consistent", ["1826", "2880", "63.4"]],
            ["ratio", "inconsistent", ["694", "2880", "26.1"]],
            ["ratio", "consistent", ["360", "2880", "12.5"]],
            ["sum", "inconsistent", ["63.4", "26.1", "12.5", "100.0"]],
            ["repeat", "consistent", ["1826件", "1826"]],
        ],
        "findings": [["BR101", "error", "26.1"], ["BR102", "error", "26.1"]],
    },
    "linjiang_projects_table": {
        "title": "临江县1-6月重点项目推进情况",
        "before": [
            "1-6月，全县重点项目完成投资15.4亿元，完成年度计划28.1亿元的54.8%。"
            "其中，产业项目完成投资10.2亿元，民生项目完成投资4.6亿元。",
        ],
        "caption": "表1 临江县重点项目推进情况（单位：亿元）",
        "rows": [
            ["项目类别", "项目数（个）", "年度计划", "完成投资", "完成率"],
            ["产业项目", "12", "18.6", "10.8", "58.1%"],
            ["民生项目", "8", "9.5", "4.6", "48.4%"],
            ["合计", "21", "28.1", "15.4", "54.8%"],
        ],
        "after": ["县发展改革局将对进度滞后的项目实行清单化督办。"],
        "cells": [
            ["12", "个", "项目数", "产业项目"],
            ["18.6", "亿元", "年度计划", "产业项目"],
            ["10.8", "亿元", "完成投资", "产业项目"],
            ["58.1%", "%", "完成率", "产业项目"],
            ["28.1", "亿元", "年度计划", "合计"],
        ],
        "relations": [
            ["sum", "inconsistent", ["12", "8", "21"]],
            ["sum", "consistent", ["18.6", "9.5", "28.1"]],
            ["sum", "consistent", ["10.8", "4.6", "15.4"]],
            ["ratio", "consistent", ["10.8", "18.6", "58.1%"]],
            ["ratio", "consistent", ["4.6", "9.5", "48.4%"]],
            ["ratio", "consistent", ["15.4", "28.1", "54.8%"]],
            ["repeat", "inconsistent", ["10.2亿元", "10.8"]],
            ["repeat", "consistent", ["4.6亿元", "4.6"]],
        ],
        "findings": [["BR102", "error", "21"], ["BR107", "warning", "10.2亿元"]],
    },
}

# Tables whose header merges cells: a head spanning columns over sub-heads, three header
# rows (the shape of hotline and case-handling tables).  ``head`` holds the header rows as
# (text, columns spanned, rows spanned) cells, ``rows`` the body.  They reach briefing as a
# portal copy-paste (one cell a line, each closed by a pipe, header rows padded with empty
# cells at their end: ``.txt``), as complete pipe rows padded the same way
# (``.padded.txt``), and as real tables with merged cells (``.docx``, ``.html``).
_NANHU_HEAD = [
    [("序号", 1, 3), ("承办单位", 1, 3), ("交办件数", 7, 1), ("按期办结数", 1, 3),
     ("超期办结数", 1, 3), ("未办结数", 1, 3), ("办结率", 1, 3), ("按期办结率", 1, 3)],
    [("合计", 1, 2), ("电话渠道", 3, 1), ("网络渠道", 3, 1)],
    [("按期办结", 1, 1), ("超期办结", 1, 1), ("未办结", 1, 1),
     ("按期办结", 1, 1), ("超期办结", 1, 1), ("未办结", 1, 1)],
]  # fmt: skip
_NANHU_ROWS = [
    ["1", "水务局", "46", "30", "2", "1", "12", "1", "0", "42", "3", "1", "97.8%", "91.3%"],
    ["2", "交通局", "38", "25", "0", "0", "13", "0", "0", "38", "0", "0", "100.0%", "100.0%"],
    ["3", "人社局", "29", "20", "1", "0", "7", "1", "0", "27", "2", "0", "100.0%", "93.1%"],
    ["4", "教育局", "24", "15", "0", "1", "8", "0", "0", "23", "0", "1", "95.8%", "95.8%"],
    ["5", "民政局", "17", "10", "1", "0", "6", "0", "0", "16", "1", "0", "100.0%", "94.1%"],
]
MERGED: dict[str, dict[str, Any]] = {
    "nanhu_hotline_merged": {
        "title": "南湖区12345热线10月份诉求办理情况通报",
        "before": [
            "10月份，区12345热线向区直部门交办群众诉求154件，办结152件。",
            "交办件数居前三位的区直部门：水务局46件；交通局38件；人社局29件。",
        ],
        "caption": "附表 10月份区直部门诉求办理情况统计表（单位：件）",
        "head": _NANHU_HEAD,
        "rows": _NANHU_ROWS,
        "after": [],
        "paths": [
            ["序号"],
            ["承办单位"],
            ["交办件数", "合计"],
            ["交办件数", "电话渠道", "按期办结"],
            ["交办件数", "电话渠道", "超期办结"],
            ["交办件数", "电话渠道", "未办结"],
            ["交办件数", "网络渠道", "按期办结"],
            ["交办件数", "网络渠道", "超期办结"],
            ["交办件数", "网络渠道", "未办结"],
            ["按期办结数"],
            ["超期办结数"],
            ["未办结数"],
            ["办结率"],
            ["按期办结率"],
        ],
        "cells": [
            ["46", "件", "交办件数", "水务局"],
            ["30", "件", "按期办结", "水务局"],
            ["12", "件", "按期办结", "水务局"],
            ["42", "件", "按期办结数", "水务局"],
            ["97.8%", "%", "办结率", "水务局"],
            ["93.1%", "%", "按期办结率", "人社局"],
            ["17", "件", "交办件数", "民政局"],
        ],
        "relations": [
            ["sum", "consistent", ["30", "2", "1", "12", "1", "0", "46"]],
            ["sum", "consistent", ["10", "1", "0", "6", "0", "0", "17"]],
            ["sum", "consistent", ["30", "12", "42"]],
            ["sum", "consistent", ["2", "1", "3"]],
            ["ratio", "consistent", ["42", "3", "46", "97.8%"]],
            ["ratio", "consistent", ["42", "46", "91.3%"]],
            ["ratio", "consistent", ["23", "0", "24", "95.8%"]],
            ["ratio", "consistent", ["16", "17", "94.1%"]],
            ["repeat", "consistent", ["46件", "46"]],
            ["repeat", "consistent", ["38件", "38"]],
            ["repeat", "consistent", ["29件", "29"]],
        ],
        "findings": [],
    },
    "nanhu_hotline_merged_slip": {
        "title": "南湖区12345热线10月份诉求办理情况通报（校对稿）",
        "before": [
            "10月份，区12345热线向区直部门交办群众诉求154件，办结152件。",
            "交办件数居前三位的区直部门：水务局46件；交通局36件；人社局29件。",
        ],
        "caption": "附表 10月份区直部门诉求办理情况统计表（单位：件）",
        "head": _NANHU_HEAD,
        "rows": [
            _NANHU_ROWS[0],
            _NANHU_ROWS[1],
            ["3", "人社局", "29", "20", "1", "0", "7", "2", "0", "27", "2", "0", "100.0%", "93.1%"],
            _NANHU_ROWS[3],
            ["5", "民政局", "17", "10", "1", "0", "6", "0", "0", "16", "1", "0", "100.0%", "91.4%"],
        ],
        "after": [],
        "paths": [],
        "cells": [["91.4%", "%", "按期办结率", "民政局"]],
        "relations": [
            ["sum", "inconsistent", ["20", "1", "0", "7", "2", "0", "29"]],
            ["sum", "inconsistent", ["1", "2", "2"]],
            ["ratio", "inconsistent", ["16", "17", "91.4%"]],
            ["repeat", "inconsistent", ["36件", "38"]],
        ],
        "findings": [
            ["BR102", "error", "29"],
            ["BR102", "error", "2"],
            ["BR101", "error", "91.4%"],
            ["BR107", "warning", "36件"],
        ],
    },
}


def _grid(head: list[list[tuple[str, int, int]]]) -> list[list[tuple[str, int, int] | None]]:
    """The header as a grid: each cell at its top-left position, None where a merged cell
    extends."""
    width = sum(c[1] for c in head[0])
    grid: list[list[tuple[str, int, int] | None]] = [[None] * width for _ in head]
    taken = [[False] * width for _ in head]
    for r, row in enumerate(head):
        col = 0
        for cell in row:
            while taken[r][col]:
                col += 1
            grid[r][col] = cell
            for dr in range(cell[2]):
                for dc in range(cell[1]):
                    taken[r + dr][col + dc] = True
            col += cell[1]
    return grid


def broken_pipe_text(s: dict[str, Any]) -> str:
    """A portal copy-paste: one cell a line closed by a pipe; a header row's merged cells
    appear once and the row is padded at its end with empty cells (a line of pipes)."""
    width = len(s["rows"][0])
    lines = [s["title"], "", *s["before"], s["caption"]]
    for row in s["head"]:
        lines += [f"{text} |" for text, _, _ in row]
        lines.append("|" * (width - len(row)))
    for r in s["rows"]:
        lines += [f"{c} |" for c in r]
    lines += s["after"]
    return "\n".join(lines) + "\n"


def padded_pipe_text(s: dict[str, Any]) -> str:
    """Complete pipe rows whose header rows hold their merged cells once, padded at the end."""
    width = len(s["rows"][0])
    lines = [s["title"], "", *s["before"], s["caption"]]
    for row in s["head"]:
        cells = [t for t, _, _ in row] + [""] * (width - len(row))
        lines.append("| " + " | ".join(cells) + " |")
    lines += ["| " + " | ".join(r) + " |" for r in s["rows"]]
    lines += s["after"]
    return "\n".join(lines) + "\n"


def merged_html_page(s: dict[str, Any]) -> str:
    e = html.escape
    head = "\n".join(
        "<tr>"
        + "".join(
            f'<th colspan="{cs}" rowspan="{rs}">{e(t)}</th>'
            if cs > 1 or rs > 1
            else f"<th>{e(t)}</th>"
            for t, cs, rs in row
        )
        + "</tr>"
        for row in s["head"]
    )
    body = "\n".join("<tr>" + "".join(f"<td>{e(c)}</td>" for c in r) + "</tr>" for r in s["rows"])
    paras = "\n".join(f"<p>{e(p)}</p>" for p in s["before"])
    return (
        '<!DOCTYPE html>\n<html lang="zh-CN"><head><meta charset="utf-8">'
        f"<title>{e(s['title'])}</title></head><body>\n"
        f'<div class="article"><h1>{e(s["title"])}</h1>\n{paras}\n'
        f'<p style="text-align:center">{e(s["caption"])}</p>\n'
        f'<table border="1">\n{head}\n{body}\n</table>\n</div>\n</body></html>\n'
    )


def _docx(s: dict[str, Any], fill: Any) -> bytes:
    import datetime as dt

    from docx import Document
    from docx.enum.text import WD_ALIGN_PARAGRAPH

    d = Document()
    cp = d.core_properties
    cp.author = "briefing"
    cp.created = cp.modified = dt.datetime(2024, 1, 1)
    cp.last_modified_by = "briefing"
    cp.revision = 1
    t = d.add_paragraph(s["title"])
    t.alignment = WD_ALIGN_PARAGRAPH.CENTER
    for p in s["before"]:
        d.add_paragraph(p)
    c = d.add_paragraph(s["caption"])
    c.alignment = WD_ALIGN_PARAGRAPH.CENTER
    fill(d)
    for p in s["after"]:
        d.add_paragraph(p)
    buf = io.BytesIO()
    d.save(buf)
    # fixed zip timestamps: the same bytes on every build
    src = zipfile.ZipFile(io.BytesIO(buf.getvalue()))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as z:
        for info in src.infolist():
            zi = zipfile.ZipInfo(info.filename, (2024, 1, 1, 0, 0, 0))
            zi.compress_type = zipfile.ZIP_DEFLATED
            z.writestr(zi, src.read(info.filename))
    return out.getvalue()


def merged_docx_bytes(s: dict[str, Any]) -> bytes:
    def fill(d: Any) -> None:
        grid = _grid(s["head"])
        nh, width = len(grid), len(s["rows"][0])
        tab = d.add_table(rows=nh + len(s["rows"]), cols=width)
        tab.style = "Table Grid"
        for r, row in enumerate(grid):
            for c, cell in enumerate(row):
                if cell is None:
                    continue
                text, cs, rs = cell
                target = tab.cell(r, c)
                if cs > 1 or rs > 1:
                    target = target.merge(tab.cell(r + rs - 1, c + cs - 1))
                target.text = text
        for i, r in enumerate(s["rows"]):
            for j, v in enumerate(r):
                tab.cell(nh + i, j).text = v

    return _docx(s, fill)


def _width(s: str) -> int:
    return sum(2 if ord(c) > 0x2E7F else 1 for c in s)


def pipe_text(s: dict[str, Any]) -> str:
    lines = [s["title"], ""]
    lines += [p for p in s["before"]]
    lines += [s["caption"]]
    rows = s["rows"]
    lines.append("| " + " | ".join(rows[0]) + " |")
    lines.append("|" + "|".join("---" for _ in rows[0]) + "|")
    lines += ["| " + " | ".join(r) + " |" for r in rows[1:]]
    lines += s["after"]
    return "\n".join(lines) + "\n"


def aligned_text(s: dict[str, Any]) -> str:
    """Text as ``pdftotext -layout`` gives a table: columns padded with spaces."""
    rows = s["rows"]
    widths = [max(_width(r[c]) for r in rows) for c in range(len(rows[0]))]
    lines = [s["title"], "", *s["before"], s["caption"]]
    for r in rows:
        cells = [c + " " * (w - _width(c)) for c, w in zip(r, widths, strict=True)]
        lines.append("    ".join(cells).rstrip())
    lines += s["after"]
    return "\n".join(lines) + "\n"


def html_page(s: dict[str, Any]) -> str:
    e = html.escape
    rows = s["rows"]
    head = "<tr>" + "".join(f"<th>{e(c)}</th>" for c in rows[0]) + "</tr>"
    body = "\n".join("<tr>" + "".join(f"<td>{e(c)}</td>" for c in r) + "</tr>" for r in rows[1:])
    paras = "\n".join(f"<p>{e(p)}</p>" for p in s["before"])
    after = "\n".join(f"<p>{e(p)}</p>" for p in s["after"])
    return (
        '<!DOCTYPE html>\n<html lang="zh-CN"><head><meta charset="utf-8">'
        f"<title>{e(s['title'])}</title></head><body>\n"
        f'<div class="article"><h1>{e(s["title"])}</h1>\n{paras}\n'
        f'<p style="text-align:center">{e(s["caption"])}</p>\n'
        f'<table border="1">\n{head}\n{body}\n</table>\n{after}\n</div>\n</body></html>\n'
    )


def docx_bytes(s: dict[str, Any]) -> bytes:
    def fill(d: Any) -> None:
        rows = s["rows"]
        tab = d.add_table(rows=len(rows), cols=len(rows[0]))
        tab.style = "Table Grid"
        for i, r in enumerate(rows):
            for j, v in enumerate(r):
                tab.cell(i, j).text = v

    return _docx(s, fill)


#: the shapes each kind of sample is written in
SHAPES = [".txt", ".pdftext.txt", ".docx", ".html", ".pdf"]
MERGED_SHAPES = [".txt", ".padded.txt", ".docx", ".html"]


def gold() -> dict[str, Any]:
    out = {
        name: {
            "shapes": SHAPES,
            "cells": s["cells"],
            "relations": s["relations"],
            "findings": s["findings"],
        }
        for name, s in SAMPLES.items()
    }
    for name, s in MERGED.items():
        out[name] = {
            "shapes": MERGED_SHAPES,
            "paths": s["paths"],
            "cells": s["cells"],
            "relations": s["relations"],
            "findings": s["findings"],
        }
    return out


def build(pdf: bool) -> dict[Path, bytes]:
    files: dict[Path, bytes] = {}
    for name, s in SAMPLES.items():
        files[OUT / f"{name}.txt"] = pipe_text(s).encode()
        files[OUT / f"{name}.pdftext.txt"] = aligned_text(s).encode()
        files[OUT / f"{name}.html"] = html_page(s).encode()
        files[OUT / f"{name}.docx"] = docx_bytes(s)
    for name, s in MERGED.items():
        files[OUT / f"{name}.txt"] = broken_pipe_text(s).encode()
        files[OUT / f"{name}.padded.txt"] = padded_pipe_text(s).encode()
        files[OUT / f"{name}.html"] = merged_html_page(s).encode()
        files[OUT / f"{name}.docx"] = merged_docx_bytes(s)
    text = json.dumps(gold(), ensure_ascii=False, indent=1) + "\n"
    files[OUT / "gold.json"] = text.encode()
    if pdf:
        soffice = shutil.which("soffice") or shutil.which("libreoffice")
        if soffice is None:
            sys.exit("soffice not found: cannot build the PDFs")
        with tempfile.TemporaryDirectory() as tmp:
            for name in SAMPLES:
                src = Path(tmp) / f"{name}.docx"
                src.write_bytes(files[OUT / f"{name}.docx"])
                subprocess.run(
                    [soffice, "--headless", f"-env:UserInstallation=file://{tmp}/profile",
                     "--convert-to", "pdf", "--outdir", tmp, str(src)],
                    check=True, capture_output=True, timeout=120,
                )  # fmt: skip
                files[OUT / f"{name}.pdf"] = (Path(tmp) / f"{name}.pdf").read_bytes()
    return files


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--pdf", action="store_true", help="also convert the .docx to PDF")
    ap.add_argument("--check", action="store_true", help="fail when a file is stale")
    args = ap.parse_args()
    files = build(args.pdf)
    stale = [p for p, b in files.items() if not p.exists() or p.read_bytes() != b]
    if args.check:
        if stale:
            sys.exit("stale: " + ", ".join(str(p.relative_to(ROOT)) for p in stale))
        return
    OUT.mkdir(parents=True, exist_ok=True)
    for p, b in files.items():
        p.write_bytes(b)
    print(f"wrote {len(files)} files to {OUT.relative_to(ROOT)}")


if __name__ == "__main__":
    main()
