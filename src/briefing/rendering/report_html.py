"""The HTML report: self-contained pages (inline CSS and JS, no network fetches).

Summary first: the totals, a toolbar (search, severity, code and file filters) and, for
more than one document, a table of the documents — files with errors first, then files
with warnings, then the rest; every column sorts on a click.  Then per document: its
metadata, its text with every figure highlighted by kind and the figures of findings
underlined (wavy red for errors, orange for warnings), and beside it the list of
findings and verified relations; clicking an entry scrolls to its figure and flashes it.

An archive (more than :data:`SPLIT_AT` documents) is written as an index page plus one
page per document in ``<name>_files/``: the index holds the table's data as JSON and
shows it :data:`PAGE_ROWS` rows at a time, so it opens fast at 10,000 documents.

All text is escaped; a Content-Security-Policy forbids every fetch, so the pages work
from a mail attachment or a USB stick.
"""

from __future__ import annotations

import html
import itertools
import json
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from briefing.model import Document, Figure, FigureRef, Finding, Relation, Report
from briefing.rendering.labels import KIND_LABELS, SEVERITY_LABELS, STATUS_LABELS
from briefing.rendering.review import primary_figure

#: Figure kinds and their highlight colours (background), in legend order.
KIND_COLOURS: dict[str, str] = {
    "money": "#ffe3a3",
    "count": "#cfe8ff",
    "percent": "#d7f5d0",
    "ppoint": "#c3f0e6",
    "area": "#f1d9ff",
    "mass": "#ffd6e7",
    "length": "#e5e0ff",
    "energy": "#fff1b8",
    "volume": "#dff3f8",
    "duration": "#e8e8d0",
    "multiple": "#d0f0c0",
    "ratio": "#e6f0d0",
    "yield": "#e2f5c8",
    "price": "#ffe9cc",
    "per_capita": "#fde2d2",
    "rate_per_day": "#d9ecff",
    "intensity": "#f9dcd0",
    "speed": "#e0f0ff",
    "density": "#ece0f5",
    "date": "#ececec",
    "ordinal": "#f3e6d8",
    "name": "#f0f0f0",
    "other": "#e0e0e0",
}
_META_LABELS = [
    ("masthead", "刊名"),
    ("issue", "期号"),
    ("issuer", "编发单位"),
    ("date", "日期"),
    ("column", "栏目"),
    ("source", "来源"),
    ("site", "网站"),
    ("url", "网址"),
    ("editor", "责任编辑"),
    ("copies", "印数"),
]

Item = tuple[Document, list[Figure], Report]
#: Above this many documents the report is an index page plus one page per document.
SPLIT_AT = 200
#: Rows of the archive index shown at a time.
PAGE_ROWS = 100
_RANK = {"error": 0, "warning": 1, "info": 2}


def esc(s: object) -> str:
    return html.escape("" if s is None else str(s), quote=True)


@dataclass(slots=True)
class _Mark:
    """A marked span of the text of the HTML report."""

    start: int
    end: int
    classes: list[str]
    mid: str  # unique id of the mark within the page
    title: str = ""
    attrs: dict[str, str] = field(default_factory=dict)


# ---------------------------------------------------------------------------
# public entry point
# ---------------------------------------------------------------------------


def write_report(
    items: Sequence[Item | tuple[Document, Report]],
    out: str | Path,
    *,
    split: bool | None = None,
) -> Path:
    """Write the HTML report for ``items`` (document, figures, report) to ``out``.

    ``(document, report)`` pairs are accepted too; their figures are extracted here.
    ``split`` (default: more than :data:`SPLIT_AT` documents) writes ``out`` as an index
    and each document as its own page in ``<out stem>_files/``.
    """
    out = Path(out)
    out.parent.mkdir(parents=True, exist_ok=True)
    triples = [_triple(it) for it in items]
    if split is None:
        split = len(triples) > SPLIT_AT
    if not split:
        out.write_text(_page(triples), encoding="utf-8")
        return out
    folder = out.with_name(f"{out.stem}_files")
    folder.mkdir(exist_ok=True)
    order = _ranked(triples)
    hrefs = {i: f"{folder.name}/doc-{i + 1:05d}.html" for i in range(len(triples))}
    rows = []
    for pos, i in enumerate(order):
        prev_i = order[pos - 1] if pos > 0 else None
        next_i = order[pos + 1] if pos + 1 < len(order) else None
        nav = _nav(out.name, prev_i, next_i)
        page = _page([triples[i]], nav=nav, ids=[i])
        (folder / f"doc-{i + 1:05d}.html").write_text(page, encoding="utf-8")
        rows.append(_row_data(i, triples[i], hrefs[i]))
    out.write_text(_index_page(triples, rows), encoding="utf-8")
    return out


def render_report(
    items: Sequence[Item | tuple[Document, Report]],
    *,
    title: str = "briefing 核对报告",
    intro: str = "",
    doc_extras: Sequence[str] | None = None,
    extra_css: str = "",
    extra_script: str = "",
) -> str:
    """The report as one page (every document in it), as a string.

    The review page of ``briefing serve`` is this page with a few additions: ``intro``
    (HTML after the heading), ``doc_extras[i]`` (HTML under document ``i``'s name: its
    download links), ``extra_css`` and ``extra_script`` (inline, like the report's own).
    """
    triples = [_triple(it) for it in items]
    return _page(
        triples,
        title=title,
        intro=intro,
        doc_extras=doc_extras,
        extra_css=extra_css,
        extra_script=extra_script,
    )


def _rank(report: Report) -> int:
    """0 for a file with errors, 1 with warnings, 2 with notes, 3 clean."""
    return min((_RANK.get(f.severity, 2) for f in report.findings), default=3)


def _ranked(items: Sequence[Item]) -> list[int]:
    """Indexes of ``items``: files with errors first (most errors first), input order kept."""
    return sorted(
        range(len(items)),
        key=lambda i: (_rank(items[i][2]), -len(items[i][2].errors), i),
    )


def _totals(items: Sequence[Item]) -> str:
    n_err = sum(len(r.errors) for _, _, r in items)
    n_warn = sum(len(r.warnings) for _, _, r in items)
    n_info = sum(1 for _, _, r in items for f in r.findings if f.severity == "info")
    n_bad = sum(1 for _, _, r in items if r.errors)
    return (
        f'<p class="totals">{len(items)} 份文件（{n_bad} 份有错误） · '
        f'<span class="sev-error">{n_err} 个错误</span> · '
        f'<span class="sev-warning">{n_warn} 个警告</span> · '
        f'<span class="sev-info">{n_info} 条提示</span></p>'
    )


def _toolbar(items: Sequence[Item], *, archive: bool = False) -> str:
    codes = sorted({f.code for _, _, r in items for f in r.findings})
    options = "".join(f'<option value="{esc(c)}">{esc(c)}</option>' for c in codes)
    sev = "".join(
        f'<label><input type="checkbox" class="f-sev" value="{k}" checked> {v}</label>'
        for k, v in SEVERITY_LABELS.items()
    )
    hint = "文件名、标题、问题说明" if archive else "正文、文件名、问题说明"
    return (
        '<form class="toolbar" id="toolbar" onsubmit="return false">'
        f'<input type="search" id="f-q" placeholder="搜索{hint}" aria-label="搜索">'
        f'<span class="sevs">{sev}</span>'
        f'<select id="f-code" aria-label="问题代码"><option value="">全部代码</option>{options}'
        "</select>"
        '<input type="search" id="f-file" placeholder="文件名包含…" aria-label="文件">'
        '<label><input type="checkbox" id="f-problems"> 只看有问题的文件</label>'
        '<span id="f-count" class="count"></span></form>'
    )


def _page(
    items: Sequence[Item],
    *,
    nav: str = "",
    ids: Sequence[int] | None = None,
    title: str = "briefing 核对报告",
    intro: str = "",
    doc_extras: Sequence[str] | None = None,
    extra_css: str = "",
    extra_script: str = "",
) -> str:
    """One page holding ``items``; ``ids`` are their numbers (section ids ``doc-N``)."""
    ids = list(range(len(items))) if ids is None else list(ids)
    head = _head(title, extra_css)
    parts = [head, nav]
    parts.append(f"<header><h1>{esc(title)}</h1>{intro}")
    parts.append(_totals(items))
    if len(items) > 1 or not nav:
        parts.append(_toolbar(items))
    parts.append(_legend())
    parts.append("</header>")
    order = _ranked(items)
    if len(items) > 1:
        parts.append(_summary(items, order, ids))
    for k in order:
        extra = doc_extras[k] if doc_extras is not None else ""
        parts.append(_document(ids[k], *items[k], extra=extra))
    script = f"<script>{extra_script}</script>" if extra_script else ""
    parts.append(f"<script>{_SCRIPT}</script>{script}</body></html>\n")
    return "".join(parts)


def _nav(index: str, prev_i: int | None, next_i: int | None) -> str:
    links = [f'<a href="../{esc(index)}">← 返回汇总</a>']
    if prev_i is not None:
        links.append(f'<a href="doc-{prev_i + 1:05d}.html">上一份</a>')
    if next_i is not None:
        links.append(f'<a href="doc-{next_i + 1:05d}.html">下一份</a>')
    return f'<nav class="pager">{" · ".join(links)}</nav>'


def _search_text(doc: Document, report: Report) -> str:
    return " ".join([_name(doc), doc.meta.title or "", *(f.message for f in report.findings)])


def _row_data(i: int, item: Item, href: str) -> dict[str, object]:
    doc, figures, report = item
    sevs = sorted({f.severity for f in report.findings}, key=lambda s: _RANK.get(s, 3))
    return {
        "i": i,
        "href": href,
        "file": _name(doc),
        "title": doc.meta.title or "",
        "date": doc.meta.date or "",
        "figures": len(figures),
        "relations": len(report.relations),
        "errors": len(report.errors),
        "warnings": len(report.warnings),
        "sevs": sevs,
        "codes": sorted({f.code for f in report.findings}),
        "rank": _rank(report),
        "q": _search_text(doc, report).lower(),
    }


def _index_page(items: Sequence[Item], rows: list[dict[str, object]]) -> str:
    """The archive index: totals, toolbar, and the table drawn from JSON a page at a time."""
    rows.sort(key=lambda r: (r["rank"], -int(r["errors"]), r["i"]))  # type: ignore[call-overload]
    data = json.dumps(rows, ensure_ascii=False, separators=(",", ":"))
    data = data.replace("</", "<\\/")  # never close the script element early
    return (
        f"{_HEAD}<header><h1>briefing 核对报告</h1>{_totals(items)}"
        f"{_toolbar(items, archive=True)}</header>"
        '<section class="summary"><h2>汇总</h2>'
        f'<table id="summary" data-archive="1" data-page-rows="{PAGE_ROWS}">'
        f"{_summary_head()}<tbody></tbody></table>"
        '<p class="pager"><button type="button" id="p-prev">上一页</button> '
        '<span id="p-info"></span> <button type="button" id="p-next">下一页</button></p>'
        "</section>"
        f'<script type="application/json" id="rows">{data}</script>'
        f"<script>{_SCRIPT}</script></body></html>\n"
    )


# ---------------------------------------------------------------------------
# pieces
# ---------------------------------------------------------------------------


def _triple(item: Item | tuple[Document, Report]) -> Item:
    if len(item) == 3:
        return item  # type: ignore[return-value]
    doc, report = item[0], item[-1]
    assert isinstance(report, Report)
    from briefing.extraction import extract

    return doc, extract(doc), report


def _legend() -> str:
    chips = "".join(
        f'<span class="fig k-{k}">{esc(KIND_LABELS[k])}</span>'
        for k in KIND_COLOURS
        if k not in ("name", "other")
    )
    return (
        f'<div class="legend">图例：{chips}'
        '<span class="fnd sev-error">错误</span><span class="fnd sev-warning">警告</span></div>'
    )


_SUMMARY_COLUMNS = [
    ("file", "文件", False),
    ("title", "标题", False),
    ("date", "日期", False),
    ("figures", "数字", True),
    ("relations", "关系", True),
    ("errors", "错误", True),
    ("warnings", "警告", True),
]


def _summary_head() -> str:
    num_attr = ' data-num="1"'
    cells = "".join(
        f'<th data-key="{k}"{num_attr if num else ""} tabindex="0" title="点击排序">{label}</th>'
        for k, label, num in _SUMMARY_COLUMNS
    )
    return f"<thead><tr>{cells}</tr></thead>"


def _summary(items: Sequence[Item], order: Sequence[int], ids: Sequence[int]) -> str:
    rows = []
    for k in order:
        doc, figures, report = items[k]
        i = ids[k]
        cls = "has-error" if report.errors else ""
        rows.append(
            f'<tr class="{cls}" data-doc="{i}" data-rank="{_rank(report)}">'
            f'<td><a href="#doc-{i}">{esc(_name(doc))}</a></td>'
            f"<td>{esc(doc.meta.title or '')}</td><td>{esc(doc.meta.date or '')}</td>"
            f'<td class="num">{len(figures)}</td><td class="num">{len(report.relations)}</td>'
            f'<td class="num err">{len(report.errors)}</td>'
            f'<td class="num warn">{len(report.warnings)}</td></tr>'
        )
    return (
        '<section class="summary"><h2>汇总</h2><table id="summary">'
        f"{_summary_head()}<tbody>{''.join(rows)}</tbody></table></section>"
    )


def _name(doc: Document) -> str:
    return Path(doc.path).name if doc.path and doc.path != "-" else "<stdin>"


def _key(ref: FigureRef | Figure) -> tuple[int, int]:
    return ref.start, ref.end


def _document(i: int, doc: Document, figures: list[Figure], report: Report, extra: str = "") -> str:
    text = doc.text
    marks: dict[tuple[int, int], _Mark] = {}
    for n, f in enumerate(figures):
        if 0 <= f.start < f.end <= len(text):
            title = f"{KIND_LABELS.get(f.kind, f.kind)} {f.value or ''}{f.unit or ''}"
            if f.metric:
                title += f" · {f.metric}"
            marks[_key(f)] = _Mark(
                f.start, f.end, ["fig", f"k-{_kind(f.kind)}"], f"d{i}-g{n}", title.strip()
            )
    targets: dict[str, str] = {}  # side entry id -> mark id

    def mark_for(start: int, end: int, kind: str = "other") -> _Mark | None:
        if not (0 <= start < end <= len(text)):
            return None
        m = marks.get((start, end))
        if m is None:
            m = _Mark(start, end, ["fig", f"k-{kind}"], f"d{i}-x{len(marks)}")
            marks[(start, end)] = m
        return m

    rank = {"error": 2, "warning": 1, "info": 0}
    for n, finding in enumerate(report.findings):
        refs = finding.figures or [FigureRef(finding.start, finding.end, "", "span")]
        anchor: _Mark | None = None
        first = primary_figure(refs)
        for ref in [first, *[r for r in refs if r is not first]]:
            if ref is None:
                continue
            m = mark_for(ref.start, ref.end, "span" if ref.role == "span" else "other")
            if m is None:
                continue
            sev = f"sev-{finding.severity}"
            old = next((c for c in m.classes if c.startswith("sev-")), None)
            if old is None or rank.get(old[4:], 0) < rank.get(finding.severity, 0):
                m.classes = [c for c in m.classes if not c.startswith("sev-")] + ["fnd", sev]
            m.title = f"{m.title}\n{finding.code} {finding.message}".strip()
            anchor = anchor or m
        if anchor is not None:
            targets[f"d{i}-f{n}"] = anchor.mid
    for n, rel in enumerate(report.relations):
        first = _primary(rel)
        if first is not None:
            m = mark_for(first.start, first.end)
            if m is not None:
                targets[f"d{i}-r{n}"] = m.mid

    body = _text_html(doc, sorted(marks.values(), key=lambda m: (m.start, -m.end)))
    side = _side(i, report, targets)
    n_fig = sum(1 for m in marks.values() if "k-span" not in m.classes)
    return (
        f'<section class="doc" id="doc-{i}" data-figures="{len(figures)}" '
        f'data-findings="{len(report.findings)}" data-marks="{n_fig}" '
        f'data-file="{esc(_name(doc).lower())}" data-rank="{_rank(report)}">'
        f"<h2>{esc(doc.meta.title or _name(doc))}</h2>"
        f'<p class="file">{esc(doc.path)}</p>{extra}{_meta(doc)}'
        f'<div class="cols"><article class="text">{body}</article>'
        f'<aside class="side">{side}</aside></div></section>'
    )


def _kind(kind: str) -> str:
    return kind if kind in KIND_COLOURS else "other"


def _primary(rel: Relation) -> FigureRef | None:
    return primary_figure(rel.figures)


def _meta(doc: Document) -> str:
    rows = []
    m = doc.meta
    for key, label in _META_LABELS:
        v = getattr(m, key)
        if v is not None and v != "":
            rows.append(f"<dt>{esc(label)}</dt><dd>{esc(v)}</dd>")
    for k, names in m.recipients.items():
        rows.append(f"<dt>{esc(k)}</dt><dd>{esc('，'.join(names))}</dd>")
    return f'<dl class="meta">{"".join(rows)}</dl>' if rows else ""


def _text_html(doc: Document, marks: list[_Mark]) -> str:
    """The text block by block; marks nested properly, split (``cont``) where they cross."""
    text = doc.text
    blocks = [(b.start, b.end, b.kind, b.level) for b in doc.blocks] or [
        (0, len(text), "paragraph", None)
    ]
    out: list[str] = []
    for bs, be, kind, level in blocks:
        cls = f"b-{kind}" + (f" lv{level}" if level else "")
        local = [m for m in marks if m.start < be and m.end > bs]
        out.append(f'<div class="{cls}">{_spans(text, bs, be, local)}</div>')
    return "".join(out)


def _spans(text: str, bs: int, be: int, marks: Iterable[_Mark]) -> str:
    opened: set[str] = set()
    events: dict[int, None] = {bs: None, be: None}
    ms = list(marks)
    for m in ms:
        events[max(m.start, bs)] = None
        events[min(m.end, be)] = None
    points = sorted(events)
    out: list[str] = []
    stack: list[_Mark] = []
    for a, b in itertools.pairwise(points):
        active = sorted(
            (m for m in ms if m.start <= a and m.end >= b),
            key=lambda m: (m.start, -m.end, m.mid),
        )
        # keep the common prefix of the open stack, close the rest, open what is new
        k = 0
        while k < len(stack) and k < len(active) and stack[k] is active[k]:
            k += 1
        for _ in range(len(stack) - k):
            out.append("</span>")
        stack = stack[:k]
        for m in active[k:]:
            first = m.mid not in opened
            opened.add(m.mid)
            attrs = f' class="{esc(" ".join(m.classes + ([] if first else ["cont"])))}"'
            attrs += f' data-mid="{esc(m.mid)}"'
            if first:
                attrs += f' id="{esc(m.mid)}"'
            if m.title:
                attrs += f' title="{esc(m.title)}"'
            out.append(f"<span{attrs}>")
            stack.append(m)
        out.append(esc(text[a:b]))
    out.extend("</span>" for _ in stack)
    return "".join(out)


def _stated_expected(f: Finding) -> str:
    """``文中 7 → 应为 6`` for an error or warning that states both; nothing for a note.

    A note (info) only reports a value worked out from the text (an implied whole): its
    message says so, and an arrow to it would read as a correction.
    """
    if f.severity == "info" or f.stated is None or f.expected is None:
        return ""
    return f'<span class="se">文中 {esc(f.stated)} → 应为 {esc(f.expected)}</span>'


def _side(i: int, report: Report, targets: dict[str, str]) -> str:
    items = []
    for n, f in enumerate(report.findings):
        tid = targets.get(f"d{i}-f{n}", "")
        items.append(
            f'<li class="finding sev-{esc(f.severity)}" data-target="{esc(tid)}" '
            f'data-sev="{esc(f.severity)}" data-code="{esc(f.code)}" tabindex="0">'
            f'<b class="code">{esc(f.code)}</b> '
            f'<span class="sev">{esc(SEVERITY_LABELS.get(f.severity, f.severity))}</span> '
            f'<span class="msg">{esc(f.message)}</span>{_stated_expected(f)}'
            f'<span class="en">{esc(f.message_en)}</span></li>'
        )
    rels = []
    for n, r in enumerate(report.relations):
        tid = targets.get(f"d{i}-r{n}", "")
        rels.append(
            f'<li class="relation st-{esc(r.status)}" data-target="{esc(tid)}" tabindex="0">'
            f'<span class="st">{esc(STATUS_LABELS.get(r.status, r.status))}</span> '
            f"{esc(r.formula)}</li>"
        )
    fl = "".join(items) or '<li class="none">未发现问题</li>'
    rl = "".join(rels) or '<li class="none">无</li>'
    return (
        f'<h3>问题 <small>{len(report.findings)}</small></h3><ol class="findings">{fl}</ol>'
        f"<h3>已核对的关系 <small>{len(report.relations)}</small></h3>"
        f'<ol class="relations">{rl}</ol>'
    )


_KIND_CSS = "".join(f".k-{k}{{background:{c}}}" for k, c in KIND_COLOURS.items())

_CSS = (
    "body{margin:0;font:15px/1.7 'Noto Sans CJK SC','Source Han Sans SC','Microsoft YaHei',"
    "sans-serif;color:#222;background:#f6f6f3}"
    "header,section{max-width:1280px;margin:0 auto;padding:12px 20px}"
    "header h1{font-size:22px;margin:8px 0}.totals{margin:4px 0}"
    ".legend span{margin:0 4px;padding:1px 6px;border-radius:3px;font-size:13px}"
    "table{border-collapse:collapse;width:100%;background:#fff}"
    "th,td{border:1px solid #ddd;padding:4px 8px;text-align:left}th{background:#eee}"
    "td.num{text-align:right}tr.has-error td:first-child{border-left:4px solid #d00}"
    ".doc{background:#fff;margin:16px auto;border:1px solid #ddd;border-radius:6px}"
    ".doc h2{font-size:20px;margin:4px 0}.file{color:#777;font-size:12px;margin:0}"
    "dl.meta{display:grid;grid-template-columns:max-content 1fr;gap:0 12px;font-size:13px}"
    "dl.meta dt{color:#666}dl.meta dd{margin:0}"
    ".cols{display:grid;grid-template-columns:minmax(0,1fr) 380px;gap:20px}"
    ".text{font-family:'Noto Serif CJK SC','AR PL UMing CN',serif;font-size:16px}"
    ".text>div{margin:0 0 8px;text-indent:2em;white-space:pre-wrap}"
    ".text .b-title{text-align:center;font-size:20px;font-weight:bold;text-indent:0}"
    ".text .b-heading{font-weight:bold;text-indent:0}.text .b-masthead{color:#b00;"
    "text-align:center;text-indent:0}.text .b-meta,.text .b-imprint{color:#777;"
    "font-size:13px;text-indent:0}.text .b-table{text-indent:0;font-size:14px}"
    ".fig{border-radius:2px;padding:0 1px}"
    ".fnd.sev-error{text-decoration:underline wavy #d00;text-decoration-thickness:1.5px;"
    "text-underline-offset:3px}"
    ".fnd.sev-warning{text-decoration:underline wavy #f08000;text-underline-offset:3px}"
    ".fnd.sev-info{text-decoration:underline dotted #888}"
    ".k-span{background:none}"
    "@keyframes flash{0%,60%{background:#ff0;box-shadow:0 0 0 4px #ff0}100%{}}"
    ".flash{animation:flash 1.6s ease-out}"
    ".side{position:sticky;top:8px;align-self:start;max-height:96vh;overflow:auto;"
    "font-size:13px}"
    ".side h3{font-size:15px;margin:6px 0}.side ol{padding-left:22px;margin:0 0 12px}"
    ".side li{cursor:pointer;padding:3px 4px;border-radius:3px}.side li:hover{background:#eef}"
    ".side li.none{cursor:default}.side .en{display:block;color:#888;font-size:12px}"
    ".side .se{display:block;color:#555}"
    ".sev-error .sev,span.sev-error{color:#c00;font-weight:bold}"
    ".sev-warning .sev,span.sev-warning{color:#d07000;font-weight:bold}"
    ".relation .st{font-size:12px;padding:0 4px;border-radius:3px;background:#e4f4e4}"
    ".st-inconsistent .st{background:#fbd}.st-rounding .st{background:#ffe3b0}"
    ".st-unverifiable .st{background:#eee}"
    ".sev-info .sev,span.sev-info{color:#555;font-weight:bold}"
    ".toolbar{display:flex;flex-wrap:wrap;gap:8px 14px;align-items:center;margin:8px 0;"
    "font-size:14px}.toolbar input[type=search]{padding:3px 6px;min-width:14em}"
    ".toolbar .count{color:#555}"
    "th[data-key]{cursor:pointer;user-select:none}th[aria-sort=ascending]::after{content:' ▲'}"
    "th[aria-sort=descending]::after{content:' ▼'}[hidden]{display:none!important}"
    ".pager{max-width:1280px;margin:8px auto;padding:0 20px}"
    "@media (max-width:900px){.cols{grid-template-columns:1fr}.side{position:static}}"
    f"{_KIND_CSS}"
)


def _head(title: str, extra_css: str = "") -> str:
    """The page's head (inline styles, a policy forbidding every fetch) and ``<body>``."""
    return (
        '<!DOCTYPE html><html lang="zh-CN"><head><meta charset="utf-8">'
        '<meta http-equiv="Content-Security-Policy" content="default-src \'none\'; '
        "style-src 'unsafe-inline'; script-src 'unsafe-inline'; img-src data:\">"
        '<meta name="viewport" content="width=device-width, initial-scale=1">'
        f"<title>{esc(title)}</title><style>{_CSS}{extra_css}</style></head><body>"
    )


_HEAD = _head("briefing 核对报告")

_SCRIPT = """
(function(){
  function go(li){
    var id = li.getAttribute('data-target');
    var el = id ? document.getElementById(id) : null;
    if(!el) return;
    el.scrollIntoView({block:'center', behavior:'smooth'});
    var parts = document.querySelectorAll('[data-mid="' + id + '"]');
    parts.forEach(function(p){
      p.classList.remove('flash'); void p.offsetWidth; p.classList.add('flash');
    });
    setTimeout(function(){ parts.forEach(function(p){ p.classList.remove('flash'); }); }, 1700);
  }
  document.addEventListener('click', function(ev){
    var li = ev.target.closest && ev.target.closest('li[data-target]');
    if(li) go(li);
  });
  document.addEventListener('keydown', function(ev){
    if(ev.key === 'Enter' && ev.target.matches && ev.target.matches('li[data-target]')) go(ev.target);
  });

  // -- filters, search, sorting ------------------------------------------------------
  var $ = function(id){ return document.getElementById(id); };
  var table = $('summary');
  var archive = table && table.getAttribute('data-archive') === '1';
  var rowsData = archive ? JSON.parse($('rows').textContent) : null;
  var sortKey = null, sortDir = 1, page = 0;
  function state(){
    var sev = {};
    document.querySelectorAll('.f-sev').forEach(function(c){ sev[c.value] = c.checked; });
    return {
      q: ($('f-q') ? $('f-q').value : '').trim().toLowerCase(),
      file: ($('f-file') ? $('f-file').value : '').trim().toLowerCase(),
      code: $('f-code') ? $('f-code').value : '',
      problems: $('f-problems') ? $('f-problems').checked : false,
      sev: sev
    };
  }
  function narrowed(st){
    return st.problems || st.code !== '' || Object.keys(st.sev).some(function(k){ return !st.sev[k]; });
  }
  function findingShown(st, sev, code){
    return st.sev[sev] !== false && (st.code === '' || st.code === code);
  }
  function applySections(st){
    var shown = 0, total = 0;
    document.querySelectorAll('section.doc').forEach(function(sec){
      total++;
      var visible = 0;
      sec.querySelectorAll('li.finding').forEach(function(li){
        var ok = findingShown(st, li.getAttribute('data-sev'), li.getAttribute('data-code'));
        li.hidden = !ok;
        if(ok) visible++;
      });
      var ok = (!st.file || sec.getAttribute('data-file').indexOf(st.file) >= 0)
        && (!st.q || sec.textContent.toLowerCase().indexOf(st.q) >= 0)
        && (!narrowed(st) || visible > 0);
      sec.hidden = !ok;
      if(ok) shown++;
      var tr = table && table.querySelector('tr[data-doc="' + sec.id.slice(4) + '"]');
      if(tr) tr.hidden = !ok;
    });
    var c = $('f-count');
    if(c) c.textContent = '显示 ' + shown + ' / ' + total + ' 份文件';
  }
  function rowOk(st, d){
    if(st.file && d.file.toLowerCase().indexOf(st.file) < 0) return false;
    if(st.q && d.q.indexOf(st.q) < 0) return false;
    if(!narrowed(st)) return true;
    var sevOk = d.sevs.some(function(s){ return st.sev[s] !== false; });
    var codeOk = st.code === '' || d.codes.indexOf(st.code) >= 0;
    return sevOk && codeOk && d.sevs.length > 0;
  }
  function cmp(a, b, num){
    if(num) return (Number(a) || 0) - (Number(b) || 0);
    return String(a).localeCompare(String(b), 'zh-CN');
  }
  function drawArchive(st){
    var rows = rowsData.filter(function(d){ return rowOk(st, d); });
    if(sortKey){
      var th = table.querySelector('th[data-key="' + sortKey + '"]');
      var num = th && th.hasAttribute('data-num');
      rows.sort(function(a, b){ return sortDir * cmp(a[sortKey], b[sortKey], num) || a.i - b.i; });
    }
    var per = Number(table.getAttribute('data-page-rows')) || 100;
    var pages = Math.max(1, Math.ceil(rows.length / per));
    page = Math.min(page, pages - 1);
    var body = table.tBodies[0];
    body.textContent = '';
    rows.slice(page * per, page * per + per).forEach(function(d){
      var tr = document.createElement('tr');
      tr.setAttribute('data-doc', d.i);
      if(d.errors) tr.className = 'has-error';
      var td = document.createElement('td'), a = document.createElement('a');
      a.href = d.href; a.textContent = d.file; td.appendChild(a); tr.appendChild(td);
      ['title', 'date', 'figures', 'relations', 'errors', 'warnings'].forEach(function(k, n){
        var c = document.createElement('td');
        c.textContent = d[k];
        if(n >= 2) c.className = 'num' + (k === 'errors' ? ' err' : k === 'warnings' ? ' warn' : '');
        tr.appendChild(c);
      });
      body.appendChild(tr);
    });
    $('p-info').textContent = '第 ' + (page + 1) + ' / ' + pages + ' 页';
    $('p-prev').disabled = page <= 0;
    $('p-next').disabled = page >= pages - 1;
    var c = $('f-count');
    if(c) c.textContent = '显示 ' + rows.length + ' / ' + rowsData.length + ' 份文件';
  }
  var drawn = null;
  function apply(){
    var st = state();
    // a search box fires "change" again when it loses focus, e.g. on a click on a row's
    // link: redrawing the same rows then would remove the link under the click
    var key = JSON.stringify([st, sortKey, sortDir, page]);
    if(key === drawn) return;
    drawn = key;
    if(archive) drawArchive(st); else applySections(st);
  }
  function sortStatic(){
    var th = table.querySelector('th[data-key="' + sortKey + '"]');
    var col = Array.prototype.indexOf.call(th.parentNode.children, th);
    var num = th.hasAttribute('data-num');
    var body = table.tBodies[0];
    var rows = Array.prototype.slice.call(body.rows);
    rows.sort(function(a, b){
      return sortDir * cmp(a.cells[col].textContent, b.cells[col].textContent, num)
        || Number(a.getAttribute('data-doc')) - Number(b.getAttribute('data-doc'));
    });
    rows.forEach(function(r){ body.appendChild(r); });
  }
  function sortBy(th){
    var key = th.getAttribute('data-key');
    sortDir = (sortKey === key) ? -sortDir : (th.hasAttribute('data-num') ? -1 : 1);
    sortKey = key;
    table.querySelectorAll('th').forEach(function(h){ h.removeAttribute('aria-sort'); });
    th.setAttribute('aria-sort', sortDir > 0 ? 'ascending' : 'descending');
    if(archive){ page = 0; apply(); } else { sortStatic(); drawn = null; }
  }
  if(table){
    table.querySelectorAll('th[data-key]').forEach(function(th){
      th.addEventListener('click', function(){ sortBy(th); });
      th.addEventListener('keydown', function(ev){ if(ev.key === 'Enter') sortBy(th); });
    });
  }
  var bar = $('toolbar');
  if(bar){
    bar.addEventListener('input', function(){ page = 0; apply(); });
    bar.addEventListener('change', function(){ page = 0; apply(); });
  }
  if(archive){
    $('p-prev').addEventListener('click', function(){ page--; apply(); });
    $('p-next').addEventListener('click', function(){ page++; apply(); });
  }
  apply();
  document.body.setAttribute('data-ready', '1');
})();
"""
