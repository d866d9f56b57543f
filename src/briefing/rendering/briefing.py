"""The standard layout: a :class:`~briefing.model.Document` as a house-style Word briefing.

Layout (DESIGN.md "Standard layout", numbers in ``templates/<name>.toml``)::

    刊名 (red 小标宋, centred)           ┐
    第N期                                │ masthead, only with a 刊名/期号/issuer/date
    issuer ............... 2020年9月8日  │
    ───────── red rule ─────────         ┘
    【栏目】
    Title (2号 小标宋, centred)
        一、heading (黑体)  （一）heading (楷体)  1. / （1） (仿宋)
        body 3号 仿宋, 22 lines × 28 characters, first-line indent 2; 一是… leads bold
    …
    ═════ 版记 at the foot of the last page ═════
     送：…  发：…  责任编辑：…  共印N份

Masthead and 版记 are rebuilt from the metadata (``doc.meta`` overridden by options),
never copied from the source blocks and never invented: a field that is missing stays
out.  Text passes through :mod:`briefing.rendering.standardize`.
"""

from __future__ import annotations

import copy
import datetime as dt
import io
import os
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from briefing.errors import UsageError, write_error
from briefing.model import Block, Document, Meta
from briefing.rendering import oxml
from briefing.rendering.standardize import is_debris, marker_level, standardize
from briefing.rendering.template import Spec, load_template

if TYPE_CHECKING:
    from briefing.model import Figure, Report

OPTION_KEYS = frozenset(
    {
        "issue",
        "date",
        "masthead",
        "issuer",
        "editor",
        "copies",
        "column",
        "recipients",
        "appendix",
        "figures",
        "report",
    }
)

#: Fallback creation time when the briefing has no date and SOURCE_DATE_EPOCH is unset.
DEFAULT_EPOCH = dt.datetime(2000, 1, 1, tzinfo=dt.UTC)

_DATE_FORMS = (
    re.compile(r"^\s*(\d{4})-(\d{1,2})-(\d{1,2})\s*$"),
    re.compile(r"^\s*(\d{4})[./](\d{1,2})[./](\d{1,2})\s*$"),
    re.compile(r"^\s*(\d{4})年(\d{1,2})月(\d{1,2})日\s*$"),
)


def parse_date(value: str, *, where: str = "--date") -> dt.date:
    """Accept 2020-09-08, 2020/9/8, 2020.9.8 or 2020年9月8日."""
    for rx in _DATE_FORMS:
        m = rx.match(value)
        if m:
            try:
                return dt.date(int(m.group(1)), int(m.group(2)), int(m.group(3)))
            except ValueError:
                break
    raise UsageError(where, f"not a date: {value!r} (use YYYY-MM-DD)")


def chinese_date(d: dt.date) -> str:
    """2020-09-08 → 2020年9月8日 (the masthead form)."""
    return f"{d.year}年{d.month}月{d.day}日"


def merged_meta(doc: Document, options: dict[str, Any]) -> Meta:
    """``doc.meta`` with non-empty options taking precedence; nothing is filled in."""
    unknown = set(options) - OPTION_KEYS
    if unknown:
        raise UsageError(None, f"unknown render option(s): {', '.join(sorted(unknown))}")
    meta = copy.deepcopy(doc.meta)
    for key in ("issue", "masthead", "issuer", "editor", "column"):
        val = options.get(key)
        if val not in (None, ""):
            setattr(meta, key, str(val).strip())
    if options.get("date") not in (None, ""):
        meta.date = parse_date(str(options["date"])).isoformat()
    if options.get("copies") not in (None, ""):
        try:
            meta.copies = int(options["copies"])
        except (TypeError, ValueError):
            raise UsageError("--copies", f"not a number: {options['copies']!r}") from None
    if options.get("recipients"):
        meta.recipients = {k: list(v) for k, v in dict(options["recipients"]).items()}
    return meta


def _issue_text(issue: str, fmt: str) -> str:
    issue = issue.strip()
    if re.fullmatch(r"[（(]?\s*\d+\s*[)）]?", issue):
        return fmt.format(issue=re.sub(r"\D", "", issue))
    return standardize(issue)[0]


@dataclass(slots=True)
class _Ctx:
    """The state of one rendering: the spec, the Word document and its styles."""

    spec: Spec
    d: Any  # docx.Document
    styles: dict[str, str]
    body: Any
    style_ids: dict[str, str] = field(default_factory=dict)
    used_styles: set[str] = field(default_factory=set)

    def para(self, key: str, text: str = "", bold: list[tuple[int, int]] | None = None) -> Any:
        """Append a paragraph of style ``key`` with ``text``; ``bold`` spans index ``text``."""
        name = self.styles[key]
        self.used_styles.add(name)
        p = self.d.add_paragraph()
        p._p.style = self.style_ids[name]  # style ids resolved once: python-docx looks up per call
        if not bold:
            if text:
                p.add_run(text)
            return p
        spans = _merge(bold, len(text))
        cur = 0
        for s, e in spans:
            if s > cur:
                p.add_run(text[cur:s])
            r = p.add_run(text[s:e])
            oxml.set_bold(oxml.rpr(r._r))
            cur = e
        if cur < len(text):
            p.add_run(text[cur:])
        return p


def _merge(spans: list[tuple[int, int]], n: int) -> list[tuple[int, int]]:
    out: list[tuple[int, int]] = []
    for s, e in sorted((max(0, s), min(n, e)) for s, e in spans):
        if e <= s:
            continue
        if out and s <= out[-1][1]:
            out[-1] = (out[-1][0], max(out[-1][1], e))
        else:
            out.append((s, e))
    return out


def _clean(text: str) -> str:
    return standardize(text)[0]


def _clean_title(text: str) -> str:
    """Titles keep the spaces between their phrases, as one ideographic space each."""
    parts = [standardize(p)[0] for p in re.split(r"[ \t\u3000\u00a0]+", text.strip())]
    return "\u3000".join(p for p in parts if p)


_SOURCE_NOTE = re.compile(r"^[（(]?\s*(?:根据|来源|稿件来源|信息来源|素材来源)")


def _is_source_note(text: str, source: str | None) -> bool:
    """A source line such as （根据…材料整理） or 来源：… naming ``source``."""
    return bool(source) and source in text and bool(_SOURCE_NOTE.match(text)) and len(text) <= 60  # type: ignore[operator]


def _block_text(doc: Document, b: Block) -> str:
    return doc.text[b.start : b.end]


def render_document(
    doc: Document, path: str | Path, template: str | Path = "zhengwu", **options: Any
) -> Path:
    """Write ``doc`` in the house layout of ``template`` to ``path`` (see module doc)."""
    data = render_bytes(doc, template=template, **options)
    out = Path(path)
    try:
        out.write_bytes(data)
    except OSError as e:
        raise write_error(out, e) from None
    return out


def render_bytes(doc: Document, template: str | Path = "zhengwu", **options: Any) -> bytes:
    """The rendered .docx as bytes (byte-for-byte identical for identical input)."""
    from docx import Document as DocxDocument

    spec, template_bytes = load_template(template)
    meta = merged_meta(doc, options)
    try:
        d = DocxDocument(io.BytesIO(template_bytes))
    except Exception as e:  # python-docx raises several types for a non-docx file
        raise UsageError(str(template), f"not a Word .docx template ({type(e).__name__})") from None
    ids = _style_ids(d, template_bytes)
    missing = sorted({name for name in spec.styles.values() if name not in ids})
    if missing:
        raise UsageError(str(template), f"template lacks style(s): {', '.join(missing)}")
    body = d.element.body
    for child in list(body):
        if child.tag != oxml.qn("w:sectPr"):
            body.remove(child)
    ctx = _Ctx(spec=spec, d=d, styles=spec.styles, body=body, style_ids=ids)

    _page_setup(ctx)
    has_masthead = _masthead(ctx, meta)
    _content(ctx, doc, meta, has_masthead)
    _imprint(ctx, meta)
    if options.get("appendix"):
        _appendix(ctx, doc, options.get("figures"), options.get("report"))
    _core_properties(d, meta)
    return oxml.save_reproducible(d)


_STYLE_IDS: dict[bytes, dict[str, str]] = {}


def _style_ids(d: Any, template_bytes: bytes) -> dict[str, str]:
    """{style name: style id} of a template, read once per template (python-docx is slow here)."""
    ids = _STYLE_IDS.get(template_bytes)
    if ids is None:
        from docx.styles import BabelFish

        ids = {}
        for el in d.styles.element.iterchildren(oxml.qn("w:style")):
            name_el = el.find(oxml.qn("w:name"))
            sid = el.get(oxml.qn("w:styleId"))
            if name_el is not None and sid:
                ids[BabelFish.internal2ui(name_el.get(oxml.qn("w:val")))] = sid
        if len(_STYLE_IDS) > 16:
            _STYLE_IDS.clear()
        _STYLE_IDS[template_bytes] = ids
    return ids


# -- page ----------------------------------------------------------------------------------------


def _page_setup(ctx: _Ctx) -> None:
    from docx.enum.section import WD_ORIENT
    from docx.shared import Emu

    p = ctx.spec["page"]
    sec = ctx.d.sections[0]
    mm = oxml.EMU_PER_MM
    sec.orientation = WD_ORIENT.PORTRAIT
    sec.page_width, sec.page_height = (
        Emu(round(p["width_mm"] * mm)),
        Emu(round(p["height_mm"] * mm)),
    )
    sec.top_margin, sec.bottom_margin = (
        Emu(round(p["top_mm"] * mm)),
        Emu(round(p["bottom_mm"] * mm)),
    )
    sec.left_margin, sec.right_margin = (
        Emu(round(p["left_mm"] * mm)),
        Emu(round(p["right_mm"] * mm)),
    )
    sec.header_distance = Emu(round(p["header_mm"] * mm))
    sec.footer_distance = Emu(round(p["footer_mm"] * mm))
    sec.gutter = Emu(0)
    oxml.set_doc_grid(sec._sectPr, ctx.spec.line_pitch_twips)

    pn = ctx.spec["page_number"]
    style = ctx.styles["page_number"]
    ctx.used_styles.add(style)
    size = float(ctx.spec["sizes"]["page_number"])
    indent = float(pn.get("indent_chars", 0))
    if pn["position"] == "outside":
        oxml.enable_even_odd_footers(ctx.d.settings)
        footers = [(sec.footer, "right"), (sec.even_page_footer, "left")]
    else:
        footers = [(sec.footer, "center")]
    for footer, side in footers:
        footer.is_linked_to_previous = False
        para = footer.paragraphs[0] if footer.paragraphs else footer.add_paragraph()
        para.style = ctx.d.styles[style]
        for r in list(para.runs):
            r._r.getparent().remove(r._r)
        ppr = oxml.ppr(para)
        oxml.set_jc(ppr, side)
        oxml.set_indent_chars(
            ppr,
            left_chars=indent if side == "left" else 0,
            right_chars=indent if side == "right" else 0,
            char_pt=size,
        )
        oxml.add_page_field(para, pn["before"], pn["after"])


# -- masthead ------------------------------------------------------------------------------------


def _masthead(ctx: _Ctx, meta: Meta) -> bool:
    """Masthead lines from metadata; returns False (and writes nothing) without a 刊名/期号."""
    mast = ctx.spec["masthead"]
    if not mast.get("show", True) or not (meta.masthead or meta.issue):
        return False
    last = None
    if meta.masthead:
        last = ctx.para("masthead", _clean(meta.masthead))
    if meta.issue:
        last = ctx.para("issue", _issue_text(meta.issue, mast["issue_format"]))
    issuer = _clean(meta.issuer) if meta.issuer else ""
    date = chinese_date(parse_date(meta.date, where="date")) if meta.date else ""
    if issuer or date:
        text = f"{issuer}\t{date}" if date else issuer
        last = ctx.para("masthead_meta", text)
    assert last is not None
    oxml.set_border(oxml.ppr(last), "bottom", float(mast["rule_mm"]), mast["rule_color"])
    return True


# -- body ----------------------------------------------------------------------------------------


def _bold_spans(doc: Document, b: Block) -> list[tuple[int, int]]:
    spans = [(x.start, x.end) for x in doc.leads if x.end > b.start and x.start < b.end]
    spans += [(x.start, x.end) for x in doc.emphasis if x.end > b.start and x.start < b.end]
    return [(max(s, b.start) - b.start, min(e, b.end) - b.start) for s, e in spans]


def _content(ctx: _Ctx, doc: Document, meta: Meta, has_masthead: bool) -> None:
    column_done = False
    title_key = _clean_title(meta.title) if meta.title else None
    titles_seen = 0

    def emit_column() -> None:
        nonlocal column_done
        if meta.column and not column_done:
            col = _clean(meta.column)
            if not col.startswith(("【", "[")):
                col = ctx.spec["masthead"].get("column_format", "{column}").format(column=col)
            ctx.para("column", col)
        column_done = True

    def emit_byline() -> None:
        # Without a masthead the date and source would be lost: one byline under the title.
        if has_masthead:
            return
        parts = []
        if meta.date:
            parts.append(f"时间：{chinese_date(parse_date(meta.date, where='date'))}")
        if meta.source and not source_in_blocks:
            parts.append(f"来源：{_clean(meta.source)}")
        if parts:
            ctx.para("byline", "　".join(parts))

    source_key = _clean(meta.source) if meta.source else None
    source_in_blocks = any(
        b.kind in ("meta", "paragraph") and _is_source_note(_clean(_block_text(doc, b)), source_key)
        for b in doc.blocks
    )
    has_title_block = any(b.kind == "title" for b in doc.blocks)
    if not has_title_block:
        emit_column()
        if meta.title:
            _title(ctx, title_key or "")
            titles_seen += 1
            emit_byline()

    for b in doc.blocks:
        raw = _block_text(doc, b)
        if b.kind in ("masthead", "imprint"):
            continue  # rebuilt from metadata
        if b.kind == "title":
            text = _clean_title(raw)
            if titles_seen == 0:
                emit_column()
                _title(ctx, title_key or text)
                titles_seen += 1
                emit_byline()
                continue
            if text == title_key and titles_seen == 1 and not _has_body_before(doc, b):
                continue  # the same title repeated (portal pages print it twice)
            _title(ctx, text)
            titles_seen += 1
            continue
        if b.kind == "meta":
            text = _clean(raw)
            if _is_source_note(text, source_key):
                ctx.para("source", text)
            # other meta lines (bylines, column labels) live in doc.meta
            continue
        if b.kind == "heading":
            text, pos = standardize(raw, heading=True)
            level = b.level or marker_level(text) or 1
            level = min(max(level, 1), 4)
            bold = [(pos[s], pos[e]) for s, e in _bold_spans(doc, b)]
            ctx.para(f"heading{level}", text, bold)
            continue
        if b.kind == "table" and b.rows:
            _table(ctx, doc, b)
            continue
        if is_debris(raw):
            continue
        text, pos = standardize(raw, heading=b.marker is not None)  # run-in （一）… markers
        if not text:
            continue
        bold = [(pos[s], pos[e]) for s, e in _bold_spans(doc, b)]
        key = "source" if _is_source_note(text, source_key) else "body"
        ctx.para(key, text, bold)


def _title(ctx: _Ctx, text: str) -> None:
    """The title, broken by us into balanced lines at phrase boundaries (line breaks)."""
    from briefing.rendering.titles import title_lines

    size_twips = float(ctx.spec["sizes"]["title"]) * 20
    per_line = int(ctx.spec.type_width_twips // size_twips)
    lines = title_lines(text, per_line)
    p = ctx.para("title")
    for n, line in enumerate(lines):
        run = p.add_run(line)
        if n < len(lines) - 1:
            run.add_break()


def _has_body_before(doc: Document, block: Block) -> bool:
    for b in doc.blocks:
        if b is block:
            return False
        if b.kind in ("heading", "paragraph", "table"):
            return True
    return False


def _table(ctx: _Ctx, doc: Document, b: Block) -> None:
    rows = b.rows or []
    ncols = max((len(r) for r in rows), default=0)
    if not ncols:
        return
    style = ctx.styles["table"]
    ctx.used_styles.add(style)
    table = ctx.d.add_table(rows=len(rows), cols=ncols)
    oxml.set_table_borders(table)
    for i, row in enumerate(rows):
        for j in range(ncols):
            cell = table.cell(i, j)
            para = cell.paragraphs[0]
            para._p.style = ctx.style_ids[style]
            if j < len(row):
                text = _clean(doc.text[row[j].start : row[j].end])
                if text:
                    para.add_run(text)


# -- 版记 ----------------------------------------------------------------------------------------


def _imprint(ctx: _Ctx, meta: Meta) -> None:
    """送/发, 责任编辑 and 共印N份 between rules, floated to the foot of the last page.

    A one-table 版记 (GB/T 9704-2012 7.4): thick rules (outer) above and below, thin
    rules (inner) between the rows; the last row holds 责任编辑 left and 共印N份 right.
    """
    from docx.enum.text import WD_ALIGN_PARAGRAPH

    imp = ctx.spec["imprint"]
    lines = [
        (f"{key}：", "，".join(_clean(x) for x in names))
        for key, names in (meta.recipients or {}).items()
        if names
    ]
    editor = f"责任编辑：{_clean(meta.editor)}" if meta.editor else ""
    copies = f"共印{meta.copies}份" if meta.copies is not None else ""
    rows = len(lines) + (1 if editor or copies else 0)
    if not rows:
        return
    sid = ctx.style_ids[ctx.styles["imprint"]]
    ctx.used_styles.add(ctx.styles["imprint"])
    table = ctx.d.add_table(rows=rows, cols=2)
    width = ctx.spec.type_width_twips
    half = width // 2
    for col, w in zip(table.columns, (half, width - half), strict=True):
        col.width = w * 635  # twips → EMU
        for cell in col.cells:
            cell.width = w * 635

    size = float(ctx.spec["sizes"]["imprint"])
    indent = float(imp["indent_chars"])

    def put(cell: Any, text: str, right: bool = False, hang: int = 0) -> None:
        para = cell.paragraphs[0]
        para._p.style = sid
        if hang:  # a wrapped 送/发 line continues after the colon, not under 送
            oxml.set_hanging_chars(
                oxml.ppr(para), left_chars=indent + hang, hanging_chars=hang, char_pt=size
            )
        if right:
            para.alignment = WD_ALIGN_PARAGRAPH.RIGHT
            oxml.set_indent_chars(oxml.ppr(para), right_chars=indent, char_pt=size)
        if text:
            para.add_run(text)

    for i, (label, names) in enumerate(lines):
        a, b = table.cell(i, 0), table.cell(i, 1)
        put(a.merge(b), label + names, hang=len(label))
    if editor or copies:
        put(table.cell(rows - 1, 0), editor)
        put(table.cell(rows - 1, 1), copies, right=True)
    oxml.set_rule_borders(table, float(imp["outer_rule_mm"]), float(imp["inner_rule_mm"]))
    if imp.get("at_page_foot", True):
        left = round(float(ctx.spec["page"]["left_mm"]) / 25.4 * 1440)
        oxml.float_table_at_foot(table, width, left)
    else:
        oxml.fix_table_width(table, width)
    # Word needs a paragraph after a final table; keep it 1 pt high so it never adds a page
    tail = ctx.d.add_paragraph()
    ppr = oxml.ppr(tail)
    oxml.set_spacing(ppr, line_twips=20, rule="exact")
    oxml.set_size(oxml.mark_rpr(ppr), 1)


# -- appendix ------------------------------------------------------------------------------------


#: The tag of the content control holding the appendix; readers skip what it holds.
APPENDIX_TAG = "briefing:appendix"


def _appendix(
    ctx: _Ctx, doc: Document, figures: list[Figure] | None, report: Report | None
) -> None:
    """A page with the extracted quantities and the check results (needs extract and check).

    The appendix speaks Chinese and lists quantities only (no dates, ordinals or names).
    It sits in a content control tagged :data:`APPENDIX_TAG`, so that reading the
    briefing back (``briefing check out.docx``) reads the bulletin, not its appendix.
    """
    from docx.enum.text import WD_BREAK

    from briefing.extraction.figures import QUANTITY_KINDS
    from briefing.rendering.labels import (
        KIND_LABELS,
        RULE_LABELS,
        SEVERITY_LABELS,
        STATUS_LABELS,
        label,
    )

    if figures is None:
        from briefing.extraction import extract

        figures = extract(doc)
    if report is None:
        from briefing.checks import check

        report = check(doc, figures)
    body = ctx.body
    first = len(body) - 1  # new content goes before the final w:sectPr
    brk = ctx.d.add_paragraph()
    brk.add_run().add_break(WD_BREAK.PAGE)
    ctx.para("appendix_title", "附：数字核对表")
    header = ["序号", "原文", "类别", "数值", "单位", "指标"]
    quantities = [f for f in figures if f.kind in QUANTITY_KINDS]
    rows = [
        [str(i), f.text, label(KIND_LABELS, f.kind), f.value or "", f.unit or "", f.metric or ""]
        for i, f in enumerate(quantities, 1)
    ]
    _plain_table(ctx, header, rows)
    ctx.para("appendix_title", "附：核对结果")
    if report.findings:
        header = ["代码", "级别", "说明"]
        rows = [[f.code, label(SEVERITY_LABELS, f.severity), f.message] for f in report.findings]
        _plain_table(ctx, header, rows)
    else:
        ctx.para("table", "未发现问题。")
    checked = [r for r in report.relations if r.status in ("consistent", "rounding")]
    if checked:
        ctx.para("appendix_title", "附：已核对的计算关系")
        _plain_table(
            ctx,
            ["规则", "状态", "算式"],
            [
                [label(RULE_LABELS, r.rule), label(STATUS_LABELS, r.status), r.formula]
                for r in checked
            ],
        )
    added = list(body)[first:-1]
    oxml.wrap_in_content_control(added, APPENDIX_TAG, "附：数字核对表")


def _plain_table(ctx: _Ctx, header: list[str], rows: list[list[str]]) -> None:
    sid = ctx.style_ids[ctx.styles["table"]]
    ctx.used_styles.add(ctx.styles["table"])
    table = ctx.d.add_table(rows=len(rows) + 1, cols=len(header))
    oxml.set_table_borders(table)
    for i, row in enumerate([header, *rows]):
        for j, text in enumerate(row):
            para = table.cell(i, j).paragraphs[0]
            para._p.style = sid
            run = para.add_run(text)
            if i == 0:
                oxml.set_bold(oxml.rpr(run._r))


# -- reproducibility -----------------------------------------------------------------------------


def _core_properties(d: Any, meta: Meta) -> None:
    """Fixed core properties: the same input gives the same bytes.

    created/modified = SOURCE_DATE_EPOCH if set, else the briefing's date, else 2000-01-01.
    """
    epoch = os.environ.get("SOURCE_DATE_EPOCH")
    if epoch and epoch.isdigit():
        when = dt.datetime.fromtimestamp(int(epoch), tz=dt.UTC)
    elif meta.date:
        day = parse_date(meta.date, where="date")
        when = dt.datetime(day.year, day.month, day.day, tzinfo=dt.UTC)
    else:
        when = DEFAULT_EPOCH
    cp = d.core_properties
    cp.created = cp.modified = cp.last_printed = when
    cp.revision = 1
    cp.author = _clean(meta.issuer) if meta.issuer else "briefing"
    cp.last_modified_by = "briefing"
    cp.title = _clean(meta.title) if meta.title else ""
    cp.subject = _clean(meta.masthead) if meta.masthead else ""
    cp.keywords = ""
    cp.comments = ""
