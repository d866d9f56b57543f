"""Build the project's own sample corpus from its annotated sources.

Every sample is written once, by hand, as ``corpora/annotated/<name>.ann``: the
bulletin text with figures marked ``{{9.9亿元#label|option;key=value}}``, table
blocks between ``@table caption`` and ``@end``, and after a ``%%%%`` line the gold
metadata, relations and planted findings (format described in corpora/README.md).

From those sources this script writes, deterministically:

* ``corpora/<name>.txt``             UTF-8 master text (markup removed)
* ``corpora/<name>.gb18030.txt``     GB18030 variants (one with mixed line endings)
* ``corpora/docx/<name>.docx``       Word versions (python-docx, fixed core properties
                                     and zip timestamps)
* ``corpora/html/<name>.html``       portal-page versions
* ``corpora/pdf/<name>.pdf``         LibreOffice conversions of the .docx (``--pdf``)
* ``corpora/gold/<name>.json``       gold annotations, offsets into the text that
                                     ``briefing text corpora/<name>.txt`` prints

Relations of kind ratio, sum, subset, growth and time_progress are re-computed here
with interval arithmetic; a declared status that the arithmetic contradicts stops
the build, so the gold cannot silently carry an annotator's slip.

Usage::

    python scripts/build_corpora.py            # txt, gb18030, gold, docx, html
    python scripts/build_corpora.py --pdf      # also the PDFs (LibreOffice, ~5 s each)
    python scripts/build_corpora.py --check    # verify committed files are up to date
"""

from __future__ import annotations

import argparse
import datetime as _dt
import html as _html
import io
import json
import re
import shutil
import subprocess
import sys
import tempfile
import zipfile
from dataclasses import dataclass, field
from decimal import Decimal, getcontext
from pathlib import Path
from typing import Any

getcontext().prec = 40

ROOT = Path(__file__).resolve().parents[1]
CORPORA = ROOT / "corpora"
ANN = CORPORA / "annotated"
GOLD = CORPORA / "gold"

#: Samples that also get .docx/.html/.pdf versions.
RICH_FORMATS = [
    "qinghe_zwxx_2023_057",
    "linjiang_portal_2022_03",
    "qinghe_progress_2024_06",
    "dongcheng_hotline_2023_09",
    "dongcheng_progress_2021_08",
]
#: GB18030 variants: name -> line-ending style ("crlf" or "mixed").
GB18030 = {"qinghe_budget_2022_10": "mixed", "xishan_worklog_2023_03": "crlf"}
#: Traditional-character re-publications: new name -> simplified source.
TRADITIONAL = {"qinghe_portal_2024_02_trad": "qinghe_portal_2024_02"}

FIXED_TIME = _dt.datetime(2024, 1, 1, 0, 0, 0)
ZIP_TIME = (2024, 1, 1, 0, 0, 0)

# ---------------------------------------------------------------------------
# Figure values: Chinese numerals, units, kinds, qualifiers
# ---------------------------------------------------------------------------

_CN_DIGIT = {"零": 0, "〇": 0, "一": 1, "二": 2, "两": 2, "三": 3, "四": 4, "五": 5,
             "六": 6, "七": 7, "八": 8, "九": 9}  # fmt: skip
_CN_UNIT = {"十": 10, "百": 100, "千": 1000}
_NUM = re.compile(r"^([0-9][0-9,]*(?:\.[0-9]+)?|[零〇一二两三四五六七八九十百千]+)")
_SCALE = ("万", "亿", "千")  # written scale, kept in the unit (9.67万件 -> 万件)
_PREFIX_Q = [("超过", "over"), ("将近", "under"), ("接近", "under"), ("不足", "under"),
             ("约", "approx"), ("近", "under"), ("超", "over"), ("逾", "over")]  # fmt: skip
_SUFFIX_Q = [("左右", "approx"), ("以上", "over"), ("以内", "under"), ("多", "over")]

_KIND_BY_UNIT = [
    ("个百分点", "ppoint"),
    ("%", "percent"),
    ("元", "money"),
    ("个工作日", "duration"),
    ("个月", "duration"),
    ("小时", "duration"),
    ("天", "duration"),
    ("平方米", "area"),
    ("平方公里", "area"),
    ("亩", "area"),
    ("公顷", "area"),
    ("吨", "mass"),
    ("公里", "length"),
    ("千米", "length"),
    ("千瓦时", "energy"),
    ("立方米", "volume"),
]


def cn_to_int(s: str) -> int:
    """二十三 -> 23, 十 -> 10, 两 -> 2, 一百零五 -> 105."""
    if all(c in _CN_DIGIT for c in s) and len(s) > 1:
        return int("".join(str(_CN_DIGIT[c]) for c in s))
    total, cur = 0, 0
    for c in s:
        if c in _CN_DIGIT:
            cur = _CN_DIGIT[c]
        else:
            total += (cur or 1) * _CN_UNIT[c]
            cur = 0
    return total + cur


@dataclass
class Parsed:
    value: str
    unit: str
    kind: str
    qualifier: str | None
    decimals: int


def parse_figure(text: str) -> Parsed:
    """Value/unit/kind/qualifier of a figure span (qualifier prefixes lie outside spans)."""
    m = _NUM.match(text)
    if not m:
        raise ValueError(f"figure {text!r} does not start with a number")
    num = m.group(1)
    rest = text[m.end() :]
    qualifier = None
    if num[0].isdigit():
        value = num.replace(",", "")
    else:
        value = str(cn_to_int(num))
    decimals = len(value.split(".")[1]) if "." in value else 0
    scale = ""
    if rest[:1] in _SCALE and not rest.startswith("千米") and not rest.startswith("千瓦"):
        scale, rest = rest[0], rest[1:]
    if rest[:1] in ("余", "多"):
        qualifier, rest = "over", rest[1:]
    unit = scale + rest
    kind = "count"
    for suffix, k in _KIND_BY_UNIT:
        if rest.endswith(suffix) or rest == suffix:
            kind = k
            break
    if unit in ("年",):
        kind = "duration"
    return Parsed(value, unit, kind, qualifier, decimals)


# ---------------------------------------------------------------------------
# The annotated source format
# ---------------------------------------------------------------------------

_MARK = re.compile(r"\{\{(.+?)\}\}")


@dataclass
class Mark:
    text: str
    raw_start: int  # offset in the master .txt
    label: str | None
    options: dict[str, str]


@dataclass
class Table:
    caption: str
    rows: list[list[str]]
    start_line: int  # index of the first rendered line in the master text lines


@dataclass
class Sample:
    name: str
    text: str  # master .txt content
    marks: list[Mark]
    meta: dict[str, Any]
    relations: list[dict[str, Any]]
    findings: list[dict[str, Any]]
    layout: str
    tables: list[Table] = field(default_factory=list)
    auto_relations: list[dict[str, Any]] = field(default_factory=list)
    non_figures: list[str] = field(default_factory=list)


def _table_lines(
    caption: str, rows: list[list[str]], tno: int
) -> tuple[list[str], list[dict[str, Any]]]:
    """Render a table as lines for the .txt; cells become marked figures.

    Returns the marked-up lines and one ratio relation per row (完成投资 ÷ 年度计划 =
    完成率) whose status is computed later.
    """
    header, body = rows[0], rows[1:]
    unit = "亿元"
    m = re.search(r"单位：([^）)]+)", caption)
    if m:
        unit = m.group(1)
    lines = [caption]
    rels: list[dict[str, Any]] = []
    for r, row in enumerate(body, 1):
        labels = [f"t{tno}r{r}c{c}" for c in range(len(row))]
        parts = []
        for c, (h, cell) in enumerate(zip(header, row, strict=True)):
            if c == 0:
                parts.append(f"{cell}：")
                continue
            suffix = "" if cell.endswith("%") else unit
            parts.append(f"{h}{{{{{cell}{suffix}#{labels[c]}}}}}")
        lines.append(parts[0] + "，".join(parts[1:]) + "。")
        # columns: 项目名称, 总投资, 年度计划, 完成投资, 完成率
        rels.append({"rule": "ratio", "texts": [labels[3], labels[2], labels[4]], "status": None})
    return lines, rels


def parse_ann(path: Path) -> Sample:
    src = path.read_text(encoding="utf-8")
    body, _, tail = src.partition("\n%%%%\n")
    meta: dict[str, Any] = {
        "title": None, "date": None, "masthead": None, "issue": None, "issuer": None,
        "column": None, "source": None, "site": None, "editor": None, "copies": None,
        "recipients": {},
    }  # fmt: skip
    layout = "portal"
    relations: list[dict[str, Any]] = []
    findings: list[dict[str, Any]] = []
    non_figures: list[str] = []
    for line in tail.splitlines():
        line = line.strip()
        if not line or line.startswith("//"):
            continue
        key, _, val = line.partition(":")
        val = val.strip()
        if key.startswith("meta "):
            field_ = key[5:].strip()
            if field_ == "copies":
                meta["copies"] = int(val)
            elif field_ in ("送", "发"):
                meta["recipients"][field_] = [x for x in re.split("[，,]", val.rstrip("。")) if x]
            else:
                meta[field_] = val
        elif key == "layout":
            layout = val
        elif key == "names":
            non_figures.extend(x for x in val.split() if x)
        elif key.startswith("rel "):
            head = key[4:].split()
            opts = {}
            om = re.search(r"\[(.*?)\]", line.partition(":")[0])
            if om:
                opts = dict(kv.split("=", 1) for kv in om.group(1).split(";"))
            rule, status = head[0], head[1]
            relations.append(
                {"rule": rule, "status": status, "texts": _tokens(val), "options": opts}
            )
        elif key.startswith("find "):
            code, severity = key[5:].split()
            findings.append({"code": code, "severity": severity, "near": _tokens(val)[0]})
        else:
            raise ValueError(f"{path.name}: cannot parse gold line {line!r}")

    # Expand tables, then strip figure markup while recording offsets.
    out_lines: list[str] = []
    tables: list[Table] = []
    auto_rel: list[dict[str, Any]] = []
    lines = body.split("\n")
    i = 0
    while i < len(lines):
        ln = lines[i]
        if ln.startswith("@table "):
            caption = ln[len("@table ") :]
            rows = []
            i += 1
            while lines[i] != "@end":
                rows.append(lines[i].split("|"))
                i += 1
            tno = len(tables) + 1
            tlines, rels = _table_lines(caption, rows, tno)
            tables.append(Table(caption, rows, len(out_lines)))
            out_lines.extend(tlines)
            auto_rel.extend(rels)
        else:
            out_lines.append(ln)
        i += 1
    marked = "\n".join(out_lines)
    text_parts: list[str] = []
    marks: list[Mark] = []
    pos = 0
    length = 0
    for m in _MARK.finditer(marked):
        before = marked[pos : m.start()]
        text_parts.append(before)
        length += len(before)
        inner = m.group(1)
        mopts: dict[str, str] = {}
        if "|" in inner:
            inner, _, optstr = inner.partition("|")
            for kv in optstr.split(";"):
                k, _, v = kv.partition("=")
                mopts[k] = v
        label = None
        if "#" in inner:
            inner, _, label = inner.partition("#")
        marks.append(Mark(inner, length, label, mopts))
        text_parts.append(inner)
        length += len(inner)
        pos = m.end()
    text_parts.append(marked[pos:])
    text = "".join(text_parts)
    if not text.endswith("\n"):
        text += "\n"
    labels = [mk.label for mk in marks if mk.label]
    dup = {x for x in labels if labels.count(x) > 1}
    if dup:
        raise ValueError(f"{path.name}: duplicate labels {sorted(dup)}")
    return Sample(
        path.stem, text, marks, meta, relations, findings, layout, tables, auto_rel, non_figures
    )


def _tokens(val: str) -> list[str]:
    """Split a relation's operand list: labels, or "quoted literals"."""
    return [a or b for a, b in re.findall(r'"([^"]*)"|(\S+)', val)]


# ---------------------------------------------------------------------------
# Offsets as read by `briefing text`
# ---------------------------------------------------------------------------


def reader_text(path: Path) -> tuple[str, str]:
    """(text, basis): the project's reader output, or the raw text if the reader fails."""
    try:
        import briefing

        return briefing.read(path).text, "briefing text"
    except Exception as exc:  # the reader is not there yet: keep raw offsets
        print(
            f"warning: briefing.read({path.name}) failed ({exc!r}); using raw offsets",
            file=sys.stderr,
        )
        return path.read_text(encoding="utf-8"), "raw"


def locate(raw: str, raw_start: int, needle: str, target: str) -> int:
    """Offset in ``target`` of the occurrence of ``needle`` found at ``raw_start`` in ``raw``.

    The reader removes chrome lines and ``**`` markers and trims lines, so the
    occurrence is found by its context within the line (shrinking until unique).
    """
    line_start = raw.rfind("\n", 0, raw_start) + 1
    line_end = raw.find("\n", raw_start)
    if line_end < 0:
        line_end = len(raw)
    left = raw[line_start:raw_start].replace("**", "").lstrip(" \u3000\t")
    right = raw[raw_start + len(needle) : line_end].replace("**", "").rstrip(" \u3000\t\r")
    for width in (40, 20, 12, 8, 5, 3, 1, 0):
        lctx = left[-width:] if width else ""
        for rwidth in (width, 0):
            rctx = right[:rwidth]
            probe = lctx + needle + rctx
            hits = [m.start() for m in re.finditer(re.escape(probe), target)]
            if len(hits) == 1:
                return hits[0] + len(lctx)
    # fall back to occurrence order
    nth = raw[:raw_start].replace("**", "").count(needle)
    hits = [m.start() for m in re.finditer(re.escape(needle), target)]
    if nth < len(hits):
        return hits[nth]
    raise ValueError(f"cannot locate {needle!r} in the reader's text")


# ---------------------------------------------------------------------------
# Interval arithmetic for the declared relations
# ---------------------------------------------------------------------------


def interval(value: str, widen_integers: bool = False) -> tuple[Decimal, Decimal]:
    v = Decimal(value)
    d = len(value.split(".")[1]) if "." in value else 0
    if d == 0 and not widen_integers:
        return v, v
    h = Decimal("0.5") * Decimal(10) ** -d
    return v - h, v + h


def _div(a: tuple[Decimal, Decimal], b: tuple[Decimal, Decimal]) -> tuple[Decimal, Decimal]:
    return a[0] / b[1], a[1] / b[0]


def _hit(a: tuple[Decimal, Decimal], b: tuple[Decimal, Decimal]) -> bool:
    return a[0] <= b[1] and b[0] <= a[1]


SCALE = {"万": Decimal(10000), "亿": Decimal(100000000), "千": Decimal(1000)}


def scaled(fig: dict[str, Any]) -> Decimal:
    unit = fig["unit"] or ""
    return SCALE.get(unit[:1], Decimal(1)) if fig["kind"] in ("money", "count") else Decimal(1)


def compute_status(rule: str, figs: list[dict[str, Any]], opts: dict[str, str]) -> str | None:
    """Status implied by the arithmetic, or None when the rule is not arithmetic."""

    def iv(f: dict[str, Any], widen: bool) -> tuple[Decimal, Decimal]:
        widen_this = widen and f["kind"] == "money" and "." not in f["value"]
        lo, hi = interval(f["value"], widen_this or "." in f["value"])
        s = scaled(f)
        return lo * s, hi * s

    def judge(fn: Any) -> str:
        if fn(False):
            return "consistent"
        if fn(True):
            return "rounding"
        return "inconsistent"

    if rule == "ratio":
        part, whole, rate = figs

        def ok(w: bool) -> bool:
            q = _div(iv(part, w), iv(whole, w))
            return _hit((q[0] * 100, q[1] * 100), interval(rate["value"], True))

        st = judge(ok)
        if st == "inconsistent" and opts.get("truncated") == "1":
            return "rounding"
        return st
    if rule == "sum":
        if "total" in opts:
            total = interval(opts["total"], True)
            parts = figs
        else:
            total, parts = iv(figs[0], False), figs[1:]

        def ok(w: bool) -> bool:
            lo = sum((iv(p, w)[0] for p in parts), Decimal(0))
            hi = sum((iv(p, w)[1] for p in parts), Decimal(0))
            t = total if "total" in opts else iv(figs[0], w)
            return _hit((lo, hi), t)

        return judge(ok)
    if rule == "subset":
        whole, part = figs
        return "consistent" if iv(part, False)[0] <= iv(whole, False)[1] else "inconsistent"
    if rule == "growth":
        cur, other, rate = figs
        neg = rate.get("negative", False)

        def ok(w: bool) -> bool:
            c, o = iv(cur, w), iv(other, w)
            if opts.get("form") == "inc":  # other is the increment (減收: negative)
                if other.get("negative"):
                    o = (-o[1], -o[0])
                prev = (c[0] - o[1], c[1] - o[0])
                q = _div(o, prev)
            else:
                q = _div(c, o)
                q = (q[0] - 1, q[1] - 1)
            r = interval(rate["value"], True)
            if neg:
                r = (-r[1], -r[0])
            return _hit((q[0] * 100, q[1] * 100), r)

        return judge(ok)
    if rule == "time_progress":
        rate, gap = figs
        base = Decimal(opts["base"]) if "base" in opts else Decimal(opts["months"]) * 100 / 12
        diff = Decimal(rate["value"]) - base
        g = interval(gap["value"], True)
        if opts.get("direction") == "below":
            diff = -diff
        # the baseline itself is written to one decimal in practice (1-4月 -> 33.3%)
        return (
            "consistent"
            if _hit((diff - Decimal("0.05"), diff + Decimal("0.05")), g)
            else "inconsistent"
        )
    return None


# ---------------------------------------------------------------------------
# Gold
# ---------------------------------------------------------------------------


def build_gold(sample: Sample, txt_path: Path, basis_text: str, basis: str) -> dict[str, Any]:
    raw = sample.text
    figures: list[dict[str, Any]] = []
    by_label: dict[str, dict[str, Any]] = {}
    for mk in sample.marks:
        p = parse_figure(mk.text)
        opts = mk.options
        qualifier = p.qualifier
        if "q" in opts:
            qualifier = None if opts["q"] == "none" else opts["q"]
        else:
            before = raw[max(0, mk.raw_start - 2) : mk.raw_start]
            after = raw[mk.raw_start + len(mk.text) : mk.raw_start + len(mk.text) + 2]
            for w, q in _PREFIX_Q:
                if before.endswith(w):
                    qualifier = q
                    break
            for w, q in _SUFFIX_Q:
                if after.startswith(w) and w != "多":
                    qualifier = q
                    break
        start = locate(raw, mk.raw_start, mk.text, basis_text)
        fig: dict[str, Any] = {
            "text": mk.text,
            "start": start,
            "end": start + len(mk.text),
            "kind": opts.get("kind", p.kind),
            "value": opts.get("value", p.value),
            "unit": opts.get("unit", p.unit),
            "qualifier": qualifier,
        }
        if "neg" in opts:
            fig["negative"] = True
        if "opt" in opts:
            fig["optional"] = True
        if mk.label:
            fig["label"] = mk.label
            by_label[mk.label] = fig
        figures.append(fig)
    figures.sort(key=lambda f: f["start"])

    def resolve(tok: str) -> tuple[str, dict[str, Any] | None]:
        if tok in by_label:
            return by_label[tok]["text"], by_label[tok]
        if tok not in basis_text and tok.replace("**", "") not in basis_text:
            raise ValueError(
                f"{sample.name}: relation operand {tok!r} is neither a label nor in the text"
            )
        return tok, None

    relations = []
    for rel in sample.auto_relations + sample.relations:
        texts: list[str] = []
        figs: list[dict[str, Any]] = []
        spans: list[list[int] | None] = []
        for tok in rel["texts"]:
            t, f = resolve(tok)
            texts.append(t)
            if f is not None:
                figs.append(f)
                spans.append([f["start"], f["end"]])
            else:
                spans.append(None)
        opts = rel.get("options", {})
        computed = None
        if len(figs) == len(texts) and rel["status"] != "unverifiable":
            computed = compute_status(rel["rule"], figs, opts)
        status = rel["status"] or computed
        if computed is not None and status != computed:
            raise ValueError(
                f"{sample.name}: relation {rel['rule']} {texts} declared {status} but the arithmetic says {computed}"
            )
        entry: dict[str, Any] = {
            "rule": rel["rule"],
            "texts": texts,
            "status": status,
            "spans": spans,
        }
        if opts:
            entry["options"] = opts
        relations.append(entry)

    findings = []
    for fd in sample.findings:
        near, f = resolve(fd["near"])
        findings.append({"code": fd["code"], "severity": fd["severity"], "near": near})

    meta = dict(sample.meta)
    return {
        "doc": sample.name,
        "offsets": basis,
        "meta": meta,
        "figures": figures,
        "non_figures": sample.non_figures,
        "relations": relations,
        "findings": findings,
    }


# ---------------------------------------------------------------------------
# Line classification shared by the .docx and .html writers
# ---------------------------------------------------------------------------

_H1 = re.compile(r"^[一二三四五六七八九十]+、")
_H2 = re.compile(r"^（[一二三四五六七八九十]+）")
_IMPRINT = ("送：", "发：", "抄送：", "责任编辑", "共印")
_CHROME = ("首页 >", "首页>", "【打印】", "【字体", "【关闭】", "分享到", "您的位置")


def classify(sample: Sample) -> list[tuple[str, str]]:
    """(role, line) for each non-empty line of the master text.

    Roles: chrome, source, masthead, title, column, heading1, heading2, para,
    attrib (（根据…整理）), imprint, related, related_item, table:<n>.
    """
    meta = sample.meta
    out: list[tuple[str, str]] = []
    lines = sample.text.split("\n")
    table_at = {t.start_line: n for n, t in enumerate(sample.tables)}
    skip_until = -1
    related = False
    title_done = False
    head_lines = {meta.get("masthead"), meta.get("issuer")}
    for i, line in enumerate(lines):
        if i < skip_until:
            continue
        if i in table_at:
            t = sample.tables[table_at[i]]
            out.append((f"table:{table_at[i]}", t.caption))
            skip_until = i + len(t.rows)  # caption + body rows
            continue
        s = line.strip(" \u3000")
        if not s:
            continue
        if related:
            out.append(("related_item", s))
        elif s.startswith("相关阅读"):
            related = True
            out.append(("related", s))
        elif s.startswith(_CHROME):
            out.append(("chrome", s))
        elif ("来源：" in s and "时间：" in s) or s.startswith("发布时间"):
            out.append(("source", s))
        elif not title_done and (
            s in head_lines
            or re.fullmatch(r"（\d+）|第\d+期", s)
            or re.fullmatch(r"\d{4}年\d{1,2}月\d{1,2}日", s)
        ):
            out.append(("masthead", s))
        elif not title_done and s.startswith("【") and s.endswith("】"):
            out.append(("column", s))
        elif not title_done and s == meta.get("title"):
            out.append(("title", s))
            title_done = True
        elif s.startswith(_IMPRINT):
            out.append(("imprint", s))
        elif re.fullmatch(r"（(根据|来源|供稿).*）", s):
            out.append(("attrib", s))
        elif _H1.match(s) and len(s) <= 40 and "。" not in s[:-1]:
            out.append(("heading1", s))
        elif _H2.match(s) and len(s) <= 40 and "。" not in s[:-1]:
            out.append(("heading2", s))
        else:
            out.append(("para", s))
    return out


def _runs(line: str) -> list[tuple[str, bool]]:
    """Split ``**bold**`` markup into (text, bold) runs."""
    parts = re.split(r"\*\*(.+?)\*\*", line)
    return [(p, i % 2 == 1) for i, p in enumerate(parts) if p]


# ---------------------------------------------------------------------------
# .docx
# ---------------------------------------------------------------------------


def _set_font(run: Any, east_asia: str, size: float, bold: bool = False, color: Any = None) -> None:
    from docx.oxml.ns import qn
    from docx.shared import Pt

    run.font.name = east_asia
    run.font.size = Pt(size)
    run.font.bold = bold
    if color is not None:
        run.font.color.rgb = color
    rpr = run._element.get_or_add_rPr()
    rfonts = rpr.find(qn("w:rFonts"))
    if rfonts is None:
        rfonts = rpr.makeelement(qn("w:rFonts"), {})
        rpr.insert(0, rfonts)
    rfonts.set(qn("w:eastAsia"), east_asia)


def write_docx(sample: Sample, out: Path) -> None:
    import docx
    from docx.enum.table import WD_TABLE_ALIGNMENT
    from docx.enum.text import WD_ALIGN_PARAGRAPH
    from docx.shared import Mm, Pt, RGBColor

    d = docx.Document()
    sec = d.sections[0]
    sec.page_width, sec.page_height = Mm(210), Mm(297)
    sec.top_margin, sec.bottom_margin = Mm(37), Mm(35)
    sec.left_margin, sec.right_margin = Mm(28), Mm(26)
    cp = d.core_properties
    cp.title = sample.meta.get("title") or sample.name
    cp.author = "briefing sample corpus"
    cp.last_modified_by = "briefing sample corpus"
    cp.comments = "Invented, illustrative sample bulletin (corpora/README.md)."
    cp.created = FIXED_TIME
    cp.modified = FIXED_TIME
    cp.last_printed = FIXED_TIME
    cp.revision = 1
    red = RGBColor(0xC0, 0x00, 0x00)

    def para(text: str, role: str) -> None:
        p = d.add_paragraph()
        pf = p.paragraph_format
        if role in ("masthead", "title", "column"):
            p.alignment = WD_ALIGN_PARAGRAPH.CENTER
        elif role == "attrib":
            p.alignment = WD_ALIGN_PARAGRAPH.RIGHT
        elif role in ("para", "heading1", "heading2"):
            pf.first_line_indent = Pt(32)
        elif role == "imprint":
            pf.left_indent = Pt(16)
        for chunk, bold in _runs(text):
            r = p.add_run(chunk)
            if role == "masthead" and text == sample.meta.get("masthead"):
                _set_font(r, "方正小标宋简体", 36, color=red)
            elif role == "title":
                _set_font(r, "方正小标宋简体", 22)
            elif role == "heading1":
                _set_font(r, "黑体", 16)
            elif role == "heading2":
                _set_font(r, "楷体_GB2312", 16)
            elif role == "imprint":
                _set_font(r, "仿宋_GB2312", 14)
            else:
                _set_font(r, "仿宋_GB2312", 16, bold=bold)

    for role, line in classify(sample):
        if role in ("chrome", "related", "related_item"):
            continue
        if role.startswith("table:"):
            t = sample.tables[int(role.split(":")[1])]
            cap = d.add_paragraph()
            cap.alignment = WD_ALIGN_PARAGRAPH.CENTER
            _set_font(cap.add_run(t.caption), "黑体", 14)
            tab = d.add_table(rows=len(t.rows), cols=len(t.rows[0]))
            tab.style = "Table Grid"
            tab.alignment = WD_TABLE_ALIGNMENT.CENTER
            for ri, row in enumerate(t.rows):
                for ci, cell in enumerate(row):
                    c = tab.cell(ri, ci)
                    c.text = ""
                    r = c.paragraphs[0].add_run(cell)
                    _set_font(r, "仿宋_GB2312", 12, bold=ri == 0)
            continue
        if role == "source":
            p = d.add_paragraph()
            p.alignment = WD_ALIGN_PARAGRAPH.CENTER
            _set_font(p.add_run(line), "仿宋_GB2312", 12)
            continue
        para(line, role)
    buf = io.BytesIO()
    d.save(buf)
    _write_fixed_zip(buf.getvalue(), out)


def _write_fixed_zip(data: bytes, out: Path) -> None:
    """Rewrite a zip with fixed timestamps so the bytes are reproducible."""
    src = zipfile.ZipFile(io.BytesIO(data))
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as dst:
        for info in src.infolist():
            zi = zipfile.ZipInfo(info.filename, date_time=ZIP_TIME)
            zi.compress_type = zipfile.ZIP_DEFLATED
            zi.external_attr = 0o644 << 16
            dst.writestr(zi, src.read(info.filename))
    out.write_bytes(buf.getvalue())


# ---------------------------------------------------------------------------
# .html
# ---------------------------------------------------------------------------


def write_html(sample: Sample) -> str:
    meta = sample.meta
    site = meta.get("site") or "青河市人民政府门户网站"
    esc = _html.escape
    roles = classify(sample)
    crumbs = next((s for r, s in roles if r == "chrome" and s.startswith("首页")), None)
    if crumbs is None:
        crumbs = "首页 > 政务公开 > " + (meta.get("masthead") or "工作动态")
    crumb_html = " &gt; ".join(
        f'<a href="/{"index" if i == 0 else "c" + str(i)}.html">{esc(c.strip())}</a>'
        for i, c in enumerate(crumbs.split(">"))
    )
    date = meta.get("date") or ""
    source = meta.get("source") or meta.get("issuer") or site
    body: list[str] = []
    related: list[str] = []
    for role, line in roles:
        text = re.sub(r"\*\*(.+?)\*\*", lambda m: f"<strong>{esc(m.group(1))}</strong>", esc(line))
        if role in ("chrome", "source", "title", "related"):
            continue
        if role == "related_item":
            related.append(line)
        elif role == "masthead" or role == "column":
            body.append(f'<p class="masthead" style="text-align:center">{text}</p>')
        elif role == "heading1":
            body.append(f'<p style="text-indent:2em"><strong>{text}</strong></p>')
        elif role == "heading2":
            body.append(f'<p style="text-indent:2em">{text}</p>')
        elif role == "attrib":
            body.append(f'<p style="text-align:right">{text}</p>')
        elif role == "imprint":
            body.append(f'<p class="imprint">{text}</p>')
        elif role.startswith("table:"):
            t = sample.tables[int(role.split(":")[1])]
            rows = [
                "<tr>" + "".join(f"<th>{esc(c)}</th>" for c in t.rows[0]) + "</tr>",
                *("<tr>" + "".join(f"<td>{esc(c)}</td>" for c in r) + "</tr>" for r in t.rows[1:]),
            ]
            body.append(f'<p style="text-align:center"><strong>{esc(t.caption)}</strong></p>')
            body.append(
                '<table border="1" cellspacing="0" cellpadding="4">\n'
                + "\n".join(rows)
                + "\n</table>"
            )
        else:
            body.append(f'<p style="text-indent:2em">{text}</p>')
    rel_html = "\n".join(
        f'      <li><a href="/art/{i + 1}.html">{esc(r)}</a></li>' for i, r in enumerate(related)
    )
    title = esc(meta.get("title") or "")
    return f"""<!DOCTYPE html>
<html lang="zh-CN">
<head>
<meta charset="utf-8">
<title>{title}_{esc(site)}</title>
<meta name="ArticleTitle" content="{title}">
<meta name="PubDate" content="{esc(date)}">
<meta name="ContentSource" content="{esc(source)}">
</head>
<body>
<div class="header">
  <div class="logo">{esc(site)}</div>
  <ul class="nav">
    <li><a href="/index.html">首页</a></li>
    <li><a href="/zwgk.html">政务公开</a></li>
    <li><a href="/zwfw.html">政务服务</a></li>
    <li><a href="/hdjl.html">互动交流</a></li>
  </ul>
</div>
<div class="breadcrumb">您的位置：{crumb_html}</div>
<div class="article">
  <h1>{title}</h1>
  <div class="info">发布时间：{esc(date)} 来源：{esc(source)} 【字体：<a href="#">大</a> <a href="#">中</a> <a href="#">小</a>】 <a href="javascript:window.print()">【打印】</a></div>
  <div class="content" id="zoom">
{chr(10).join("    " + b for b in body)}
  </div>
  <div class="share">分享到：<a href="#">微信</a> <a href="#">微博</a> <a href="#">QQ空间</a></div>
  <div class="related">
    <h3>相关阅读</h3>
    <ul>
{rel_html}
    </ul>
  </div>
</div>
<div class="footer">
  <p>主办：{esc(site.replace("门户网站", ""))}办公室 版权所有：{esc(site)}</p>
  <p>网站标识码：0000000001 <a href="https://beian.miit.gov.cn/">青ICP备00000001号</a> 本站为虚构示例</p>
</div>
</body>
</html>
"""


# ---------------------------------------------------------------------------
# .pdf (LibreOffice)
# ---------------------------------------------------------------------------


def write_pdf(docx_path: Path, out_dir: Path) -> Path:
    soffice = shutil.which("soffice") or shutil.which("libreoffice")
    if soffice is None:
        raise SystemExit("soffice (LibreOffice) not found; cannot build PDFs")
    with tempfile.TemporaryDirectory() as tmp:
        subprocess.run(
            [soffice, "--headless", "-env:UserInstallation=file:///tmp/lo_corp", "--convert-to", "pdf",
             "--outdir", tmp, str(docx_path)],
            check=True, capture_output=True, timeout=180,
        )  # fmt: skip
        produced = Path(tmp) / (docx_path.stem + ".pdf")
        data = produced.read_bytes()
    data = _fix_pdf(data)
    out = out_dir / (docx_path.stem + ".pdf")
    out.write_bytes(data)
    return out


def _fix_pdf(data: bytes) -> bytes:
    """Blank the creation date and document ID (same lengths, so xref offsets hold)."""
    data = re.sub(
        rb"/(CreationDate|ModDate)\s*\(D:([0-9]{14})([^)]*)\)",
        lambda m: (
            b"/" + m.group(1) + b"(D:20240101000000" + b"Z" + b" " * (len(m.group(3)) - 1) + b")"
            if m.group(3)
            else b"/" + m.group(1) + b"(D:20240101000000)"
        ),
        data,
    )
    data = re.sub(rb"<([0-9A-Fa-f]{32})>", lambda m: b"<" + b"0" * 32 + b">", data)
    data = re.sub(
        rb"/DocChecksum /([0-9A-Fa-f]{32})", lambda m: b"/DocChecksum /" + b"0" * 32, data
    )
    return data


# ---------------------------------------------------------------------------


def to_traditional(sample: Sample, new_name: str) -> Sample:
    import opencc

    conv = opencc.OpenCC("s2tw")
    text = conv.convert(sample.text)
    if len(text) != len(sample.text):
        raise ValueError("s2t conversion changed the text length")
    marks = []
    for m in sample.marks:
        p = parse_figure(m.text)  # units stay canonical simplified (個 -> 个)
        opts = {"unit": p.unit, "kind": p.kind, "value": p.value, **m.options}
        marks.append(
            Mark(text[m.raw_start : m.raw_start + len(m.text)], m.raw_start, m.label, opts)
        )
    meta = {k: (conv.convert(v) if isinstance(v, str) else v) for k, v in sample.meta.items()}
    meta["recipients"] = {
        k: [conv.convert(x) for x in v] for k, v in sample.meta["recipients"].items()
    }
    if meta.get("date"):
        meta["date"] = sample.meta["date"]
    rels = [dict(r, texts=[conv.convert(t) for t in r["texts"]]) for r in sample.relations]
    finds = [dict(f, near=conv.convert(f["near"])) for f in sample.findings]
    return Sample(new_name, text, marks, meta, rels, finds, sample.layout, sample.tables,
                  sample.auto_relations, [conv.convert(x) for x in sample.non_figures])  # fmt: skip


def load_samples() -> list[Sample]:
    samples = [parse_ann(p) for p in sorted(ANN.glob("*.ann"))]
    by_name = {s.name: s for s in samples}
    for new, src in TRADITIONAL.items():
        samples.append(to_traditional(by_name[src], new))
    return samples


def _gb18030(text: str, style: str) -> bytes:
    lines = text.split("\n")
    if style == "crlf":
        joined = "\r\n".join(lines)
    else:  # mixed: CRLF for the first half of the lines, LF after
        half = len(lines) // 2
        joined = "\r\n".join(lines[:half]) + "\r\n" + "\n".join(lines[half:])
    return joined.encode("gb18030")


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--pdf", action="store_true", help="also convert the .docx files to PDF")
    ap.add_argument("--check", action="store_true", help="fail if committed files differ")
    args = ap.parse_args(argv)
    for sub in ("gold", "docx", "html", "pdf"):
        (CORPORA / sub).mkdir(parents=True, exist_ok=True)
    samples = load_samples()
    written: dict[Path, bytes] = {}
    # 1. master texts first: the gold offsets come from reading them back
    for s in samples:
        written[CORPORA / f"{s.name}.txt"] = s.text.encode("utf-8")
    for name, style in GB18030.items():
        s = next(x for x in samples if x.name == name)
        written[CORPORA / f"{name}.gb18030.txt"] = _gb18030(s.text, style)
    stale = []
    for path, data in written.items():
        if not path.exists() or path.read_bytes() != data:
            stale.append(path)
            if not args.check:
                path.write_bytes(data)
    # 2. gold
    gold_files: dict[Path, bytes] = {}
    for s in samples:
        txt = CORPORA / f"{s.name}.txt"
        if args.check:
            import briefing

            basis_text, basis = briefing.read(txt).text, "briefing text"
        else:
            basis_text, basis = reader_text(txt)
        gold = build_gold(s, txt, basis_text, basis)
        gold_files[GOLD / f"{s.name}.json"] = (
            json.dumps(gold, ensure_ascii=False, indent=1) + "\n"
        ).encode()
    # 3. html and docx
    for s in samples:
        if s.name in RICH_FORMATS:
            gold_files[CORPORA / "html" / f"{s.name}.html"] = write_html(s).encode("utf-8")
    for path, data in gold_files.items():
        if not path.exists() or path.read_bytes() != data:
            stale.append(path)
            if not args.check:
                path.write_bytes(data)
    for s in samples:
        if s.name in RICH_FORMATS:
            out = CORPORA / "docx" / f"{s.name}.docx"
            if args.check:
                tmp = Path(tempfile.mkdtemp()) / out.name
                write_docx(s, tmp)
                if not out.exists() or out.read_bytes() != tmp.read_bytes():
                    stale.append(out)
            else:
                write_docx(s, out)
                if args.pdf:
                    write_pdf(out, CORPORA / "pdf")
    if args.check and stale:
        for p in stale:
            print(f"stale: {p.relative_to(ROOT)}", file=sys.stderr)
        return 1
    print(f"{len(samples)} samples; {len(written) + len(gold_files)} text files checked/written")
    return 0


if __name__ == "__main__":
    sys.exit(main())
