"""The HTML report: one self-contained page (inline CSS and JS, no network fetches).

On top, for more than one document, a corpus summary table.  Then per document: its
metadata, its text with every figure highlighted by kind and the figures of findings
underlined (wavy red for errors, orange for warnings), and beside it the list of
findings and verified relations; clicking an entry scrolls to its figure and flashes it.

All text is escaped; a Content-Security-Policy forbids every fetch, so the page works
from a mail attachment or a USB stick.
"""

from __future__ import annotations

import html
import itertools
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from briefing.model import Document, Figure, FigureRef, Relation, Report
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
    "date": "#ececec",
    "ordinal": "#f3e6d8",
    "name": "#f0f0f0",
    "other": "#e0e0e0",
}
KIND_LABELS: dict[str, str] = {
    "money": "金额",
    "count": "数量",
    "percent": "百分比",
    "ppoint": "百分点",
    "area": "面积",
    "mass": "重量",
    "length": "长度",
    "energy": "能源",
    "volume": "体积",
    "duration": "时长",
    "multiple": "倍数",
    "ratio": "比例",
    "date": "日期",
    "ordinal": "序数",
    "name": "名称",
    "other": "其他",
}
SEVERITY_LABELS = {"error": "错误", "warning": "警告", "info": "提示"}
STATUS_LABELS = {
    "consistent": "一致",
    "rounding": "舍入",
    "inconsistent": "不一致",
    "unverifiable": "无法核对",
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


def esc(s: object) -> str:
    return html.escape("" if s is None else str(s), quote=True)


@dataclass(slots=True)
class _Mark:
    start: int
    end: int
    classes: list[str]
    mid: str  # unique id of the mark within the page
    title: str = ""
    attrs: dict[str, str] = field(default_factory=dict)


# ---------------------------------------------------------------------------
# public entry point
# ---------------------------------------------------------------------------


def write_report(items: Sequence[Item | tuple[Document, Report]], out: str | Path) -> Path:
    """Write the HTML report for ``items`` (document, figures, report) to ``out``.

    ``(document, report)`` pairs are accepted too; their figures are extracted here.
    """
    out = Path(out)
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_text(render_report(items), encoding="utf-8")
    return out


def render_report(items: Sequence[Item | tuple[Document, Report]]) -> str:
    """The report page as a string."""
    triples = [_triple(it) for it in items]
    return _page(triples)


def _page(items: Sequence[Item]) -> str:
    parts = [_HEAD]
    parts.append("<header><h1>briefing 核对报告</h1>")
    n_err = sum(len(r.errors) for _, _, r in items)
    n_warn = sum(len(r.warnings) for _, _, r in items)
    parts.append(
        f'<p class="totals">{len(items)} 份文件 · '
        f'<span class="sev-error">{n_err} 个错误</span> · '
        f'<span class="sev-warning">{n_warn} 个警告</span></p>'
    )
    parts.append(_legend())
    parts.append("</header>")
    if len(items) > 1:
        parts.append(_summary(items))
    for i, item in enumerate(items):
        parts.append(_document(i, *item))
    parts.append(f"<script>{_SCRIPT}</script></body></html>\n")
    return "".join(parts)


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


def _summary(items: Sequence[Item]) -> str:
    rows = []
    for i, (doc, figures, report) in enumerate(items):
        cls = "has-error" if report.errors else ""
        rows.append(
            f'<tr class="{cls}"><td><a href="#doc-{i}">{esc(_name(doc))}</a></td>'
            f"<td>{esc(doc.meta.title or '')}</td><td>{esc(doc.meta.date or '')}</td>"
            f'<td class="num">{len(figures)}</td><td class="num">{len(report.relations)}</td>'
            f'<td class="num err">{len(report.errors)}</td>'
            f'<td class="num warn">{len(report.warnings)}</td></tr>'
        )
    return (
        '<section class="summary"><h2>汇总</h2><table id="summary"><thead><tr>'
        "<th>文件</th><th>标题</th><th>日期</th><th>数字</th><th>关系</th><th>错误</th>"
        f"<th>警告</th></tr></thead><tbody>{''.join(rows)}</tbody></table></section>"
    )


def _name(doc: Document) -> str:
    return Path(doc.path).name if doc.path and doc.path != "-" else "<stdin>"


def _key(ref: FigureRef | Figure) -> tuple[int, int]:
    return ref.start, ref.end


def _document(i: int, doc: Document, figures: list[Figure], report: Report) -> str:
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
        f'data-findings="{len(report.findings)}" data-marks="{n_fig}">'
        f"<h2>{esc(doc.meta.title or _name(doc))}</h2>"
        f'<p class="file">{esc(doc.path)}</p>{_meta(doc)}'
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


def _side(i: int, report: Report, targets: dict[str, str]) -> str:
    items = []
    for n, f in enumerate(report.findings):
        tid = targets.get(f"d{i}-f{n}", "")
        extra = ""
        if f.stated is not None or f.expected is not None:
            extra = f'<span class="se">文中 {esc(f.stated or "—")} → 应为 {esc(f.expected or "—")}</span>'
        items.append(
            f'<li class="finding sev-{esc(f.severity)}" data-target="{esc(tid)}" tabindex="0">'
            f'<b class="code">{esc(f.code)}</b> '
            f'<span class="sev">{esc(SEVERITY_LABELS.get(f.severity, f.severity))}</span> '
            f'<span class="msg">{esc(f.message)}</span>{extra}'
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

_HEAD = (
    '<!DOCTYPE html><html lang="zh-CN"><head><meta charset="utf-8">'
    '<meta http-equiv="Content-Security-Policy" content="default-src \'none\'; '
    "style-src 'unsafe-inline'; script-src 'unsafe-inline'; img-src data:\">"
    '<meta name="viewport" content="width=device-width, initial-scale=1">'
    "<title>briefing 核对报告</title><style>"
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
    "@media (max-width:900px){.cols{grid-template-columns:1fr}.side{position:static}}"
    f"{_KIND_CSS}</style></head><body>"
)

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
})();
"""
