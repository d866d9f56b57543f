"""The HTML report: self-contained, escaped, and working in a real headless Chromium."""

from __future__ import annotations

import html.parser
from collections.abc import Iterator
from pathlib import Path

import pytest

import briefing
from briefing.model import Document, Figure, FigureRef, Finding, Relation, Report
from briefing.rendering.report_html import render_report, write_report

ROOT = Path(__file__).parents[1]
CORPUS = ROOT.parent / "shared" / "corpus"
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]


def _item(doc: Document) -> tuple[Document, list[Figure], Report]:
    from briefing.checks import check
    from briefing.extraction import extract

    figures = extract(doc)
    return doc, figures, check(doc, figures)


def _hostile() -> tuple[Document, list[Figure], Report]:
    """An invented document whose text is full of markup and quotes."""
    text = '<script>alert("x")</script> 标题 & “引号”\n完成投资9.9亿元，占计划的<b>38.45%</b>。'
    doc = briefing.read_text(text, name='a<b>"&.txt')
    i = text.index("9.9亿元")
    j = text.index("38.45%")
    fig = Figure("f1", i, i + 5, "9.9亿元", "money", "9.9", "亿元", "990000000", "元", 1)
    refs = [FigureRef(i, i + 5, "9.9亿元", "part"), FigureRef(j, j + 6, "38.45%", "rate")]
    finding = Finding("BR101", "error", "ratio", "<i>消息</i> & “x”", "msg <en>", i, j + 6, refs)
    rel = Relation("ratio", "inconsistent", "9.9 ÷ 25.75 = 38.4% <>", refs, i, j + 6)
    return doc, [fig], Report(doc.path, [rel], [finding])


class _Collect(html.parser.HTMLParser):
    """Tags, attributes and the text inside <article class="text">."""

    def __init__(self) -> None:
        super().__init__()
        self.tags: list[tuple[str, dict[str, str | None]]] = []
        self.article_depth = 0
        self.blocks: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        a = dict(attrs)
        self.tags.append((tag, a))
        if tag == "article":
            self.article_depth = 1
        elif self.article_depth:
            if tag == "div" and self.article_depth == 1:
                self.blocks.append("")
            self.article_depth += 1

    def handle_endtag(self, tag: str) -> None:
        if self.article_depth:
            self.article_depth -= 1

    def handle_data(self, data: str) -> None:
        if self.article_depth > 1 and self.blocks:
            self.blocks[-1] += data


def _parse(page: str) -> _Collect:
    p = _Collect()
    p.feed(page)
    return p


def test_report_escapes_all_text_and_keeps_it_verbatim() -> None:
    doc, figs, report = _hostile()
    page = render_report([(doc, figs, report)])
    assert "<script>alert" not in page
    assert "<i>消息</i>" not in page and "&lt;i&gt;消息&lt;/i&gt;" in page
    parsed = _parse(page)
    # the text shown is exactly Document.text, block by block
    assert "\n".join(parsed.blocks) == doc.text
    scripts = [a for t, a in parsed.tags if t == "script"]
    assert len(scripts) == 1 and "src" not in scripts[0]


def test_report_fetches_nothing_from_the_network() -> None:
    page = render_report([_hostile()])
    parsed = _parse(page)
    for tag, attrs in parsed.tags:
        assert tag not in ("link", "img", "iframe", "object", "embed")
        for key in ("src", "href"):
            v = attrs.get(key)
            assert v is None or v.startswith("#"), (tag, attrs)
    assert "default-src 'none'" in page  # the CSP forbids any fetch
    assert "http://" not in page and "https://" not in page


def test_summary_table_only_for_several_documents() -> None:
    one = render_report([_hostile()])
    two = render_report([_hostile(), _hostile()])
    assert 'id="summary"' not in one
    rows = [a for t, a in _parse(two).tags if t == "tr"]
    assert len(rows) == 3  # header + two documents


def test_write_report_writes_utf8_file(tmp_path: Path) -> None:
    out = write_report([_hostile()], tmp_path / "sub" / "r.html")
    assert out.read_text(encoding="utf-8").startswith("<!DOCTYPE html>")


# ---------------------------------------------------------------------------
# real headless Chromium
# ---------------------------------------------------------------------------


@pytest.fixture(scope="module")
def browser() -> Iterator[object]:
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        b = p.chromium.launch(executable_path="/usr/bin/chromium", args=CHROMIUM_ARGS)
        yield b
        b.close()


def _real_items() -> list[tuple[Document, list[Figure], Report]]:
    items = [_item(briefing.read(next(CORPUS.glob("000_*.txt"))))]
    text = next(CORPUS.glob("004_*.txt")).read_text(encoding="utf-8")
    items.append(_item(briefing.read_text(text.replace("48.3", "43.8"), name="004_mutated.txt")))
    samples = sorted((ROOT / "corpora").glob("*_*_20*.txt"))
    items.extend(_item(briefing.read(p)) for p in samples[:3])
    return items


@pytest.mark.slow
def test_report_works_in_headless_chromium(browser: object, tmp_path: Path) -> None:
    items = _real_items()
    out = write_report(items, tmp_path / "report.html")
    page = browser.new_page(viewport={"width": 1280, "height": 800})  # type: ignore[attr-defined]
    problems: list[str] = []
    requests: list[str] = []
    page.on("console", lambda m: problems.append(m.text) if m.type == "error" else None)
    page.on("pageerror", lambda e: problems.append(str(e)))
    page.on("request", lambda r: requests.append(r.url))
    page.goto(out.as_uri())
    page.wait_for_load_state("load")

    assert problems == []
    assert requests == [out.as_uri()]  # the page itself, nothing else
    assert page.locator("#summary tbody tr").count() == len(items)
    for i, (_doc, figures, report) in enumerate(items):
        sec = page.locator(f"#doc-{i}")
        # every figure is highlighted exactly once (continuations carry no id)
        assert sec.locator(".fig.k-money[id], .fig.k-percent[id], .fig.k-count[id]").count() == sum(
            1 for f in figures if f.kind in ("money", "percent", "count")
        )
        shown = page.evaluate(
            """(i) => Array.from(document.querySelectorAll(`#doc-${i} .fig[id^="d${i}-g"]`))
                 .map(el => Array.from(document.querySelectorAll(`[data-mid="${el.id}"]`))
                 .map(p => p.textContent).join(''))""",
            i,
        )
        assert sorted(shown) == sorted(f.text for f in figures)
        assert sec.locator("li.finding").count() == len(report.findings)
        assert sec.locator("li.relation").count() == len(report.relations)
        errors = sec.locator(".fnd.sev-error[id]").count()
        assert (errors > 0) == bool(report.errors)

    # click the last finding of the last document that has one: its figure comes into view
    i = max(k for k, (_, _, r) in enumerate(items) if r.findings)
    li = page.locator(f"#doc-{i} li.finding").last
    target = li.get_attribute("data-target")
    assert target
    page.evaluate("window.scrollTo(0, 0)")
    outside = page.evaluate(
        "(id) => document.getElementById(id).getBoundingClientRect().top > window.innerHeight",
        target,
    )
    assert outside, "the target starts below the fold"
    # record the flash when it is applied (it is removed again 1.7 s later, and the smooth
    # scroll below may take longer than that on a busy machine)
    page.evaluate(
        """(id) => { window.__flashed = false; const el = document.getElementById(id);
                     new MutationObserver(() => { if (el.classList.contains('flash'))
                       window.__flashed = true; }).observe(el, {attributes: true}); }""",
        target,
    )
    li.dispatch_event("click")  # a bubbling click on the entry, without scrolling to it first
    page.wait_for_function(
        """(id) => { const r = document.getElementById(id).getBoundingClientRect();
                     return r.top >= 0 && r.bottom <= window.innerHeight; }""",
        arg=target,
        timeout=60_000,  # a bound for a hang only: the wait is for the event
    )
    assert page.evaluate("window.__flashed")
    # a real mouse click (Playwright scrolls the entry into view first) works the same way
    first = page.locator("#doc-0 li.finding").first
    target0 = first.get_attribute("data-target")
    first.click()
    page.wait_for_function(
        """(id) => { const r = document.getElementById(id).getBoundingClientRect();
                     return r.top >= 0 && r.bottom <= window.innerHeight; }""",
        arg=target0,
        timeout=60_000,  # a bound for a hang only: the wait is for the event
    )
    assert problems == [] and requests == [out.as_uri()]
    page.close()


def test_document_report_pairs_get_their_figures_extracted() -> None:
    doc = briefing.read_text("全区事项共120个，已办结90个，办结率70%。", name="pair.txt")
    _, figures, report = _item(doc)
    page = render_report([(doc, report)])
    assert f'data-figures="{len(figures)}"' in page and len(figures) >= 3
    section = page[page.index('id="doc-0"') :]  # after the legend
    assert section.count('class="fig k-percent') == sum(1 for f in figures if f.kind == "percent")


# ---------------------------------------------------------------------------
# the editor's view: errors first, filters, search, sorting, archive pages
# ---------------------------------------------------------------------------

#: Invented bulletins, each with its own kind of finding (real checks run on them).
DESK = {
    "clean.txt": "关于项目进展的情况\n全区共有重点项目12个，完成投资9.9亿元。\n",
    "note.txt": "关于投资完成的情况\n全年完成投资150.94亿元，占年度计划的15.91%。\n",
    "ratio.txt": "关于审批办结的情况\n全区事项共120个，已办结90个，办结率70%。\n",
    "enum.txt": (
        "关于产业布局的情况\n重点发展七个方向：新能源、新材料、无人机产业、生物医药、"
        "无人机产业、数字经济、高端装备。\n"
    ),
}


def _desk() -> list[tuple[Document, list[Figure], Report]]:
    return [_item(briefing.read_text(t, name=n)) for n, t in DESK.items()]


def test_files_with_errors_come_first_in_table_and_page() -> None:
    items = _desk()
    assert [bool(r.errors) for _, _, r in items] == [False, False, True, True]
    parsed = _parse(render_report(items))
    rows = [a["data-doc"] for t, a in parsed.tags if t == "tr" and "data-doc" in a]
    sections = [a["id"] for t, a in parsed.tags if t == "section" and "doc" in (a["class"] or "")]
    assert rows[:2] == ["2", "3"] and sections[:2] == ["doc-2", "doc-3"]
    assert set(rows) == {"0", "1", "2", "3"}


def test_implied_value_note_is_not_shown_as_a_correction() -> None:
    (item,) = [it for it in _desk() if it[0].path == "note.txt"]
    notes = [f for f in item[2].findings if f.severity == "info"]
    assert notes and notes[0].expected  # the implied whole travels in the finding …
    page = render_report([item])
    assert "应为" not in page and "文中 —" not in page  # … but is not shown as a correction
    assert "约948.7亿元" in page.replace(" ", "")  # four significant digits, like 15.91%


def _visible(page: object, selector: str) -> list[str]:
    return page.evaluate(  # type: ignore[attr-defined]
        """(sel) => Array.from(document.querySelectorAll(sel))
              .filter(el => !el.closest('[hidden]')).map(el => el.id || el.dataset.doc)""",
        selector,
    )


@pytest.mark.slow
def test_filters_search_and_sorting_change_what_is_shown(browser: object, tmp_path: Path):
    items = _desk()
    out = write_report(items, tmp_path / "desk.html")
    page = browser.new_page(viewport={"width": 1280, "height": 800})  # type: ignore[attr-defined]
    problems: list[str] = []
    page.on("pageerror", lambda e: problems.append(str(e)))
    page.goto(out.as_uri())
    page.wait_for_selector("body[data-ready='1']")
    assert _visible(page, "section.doc") == ["doc-2", "doc-3", "doc-1", "doc-0"]
    assert page.locator("#f-count").text_content() == "显示 4 / 4 份文件"

    # severity: errors off, only the note's file and nothing else with a finding
    page.locator(".f-sev[value=error]").uncheck()
    assert _visible(page, "section.doc") == ["doc-1"]
    assert _visible(page, "#summary tbody tr") == ["1"]
    page.locator(".f-sev[value=error]").check()

    # code: BR104 only; the BR101 entries elsewhere are hidden
    page.locator("#f-code").select_option("BR104")
    assert _visible(page, "section.doc") == ["doc-3"]
    assert page.evaluate(
        "Array.from(document.querySelectorAll('li.finding')).filter(l => !l.hidden)"
        ".map(l => l.dataset.code)"
    ) == ["BR104"]
    page.locator("#f-code").select_option("")

    # search in the text, then a file-name filter
    page.locator("#f-q").fill("无人机")
    assert _visible(page, "section.doc") == ["doc-3"]
    page.locator("#f-q").fill("")
    page.locator("#f-file").fill("clean")
    assert _visible(page, "section.doc") == ["doc-0"]
    page.locator("#f-file").fill("")
    page.locator("#f-problems").check()
    assert _visible(page, "section.doc") == ["doc-2", "doc-3", "doc-1"]
    page.locator("#f-problems").uncheck()

    # sorting: by file name ascending, then descending
    page.locator("#summary th[data-key=file]").click()
    names = page.locator("#summary tbody tr td:first-child").all_text_contents()
    assert names == sorted(names)
    page.locator("#summary th[data-key=file]").click()
    assert page.locator("#summary tbody tr td:first-child").all_text_contents() == sorted(
        names, reverse=True
    )
    assert problems == []
    page.close()


@pytest.mark.slow
def test_archive_is_an_index_of_pages_loaded_a_page_at_a_time(
    browser: object, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from briefing.rendering import report_html

    monkeypatch.setattr(report_html, "PAGE_ROWS", 3)
    desk = _desk()
    items = [desk[k % 4] for k in range(10)]  # 10 documents, 5 of them with errors
    out = write_report(items, tmp_path / "archive.html", split=True)
    pages = sorted((tmp_path / "archive_files").glob("doc-*.html"))
    assert len(pages) == 10
    index = out.read_text(encoding="utf-8")
    assert "无人机产业、生物医药" not in index  # document text lives in the document pages

    page = browser.new_page(viewport={"width": 1280, "height": 800})  # type: ignore[attr-defined]
    problems: list[str] = []
    requests: list[str] = []
    page.on("pageerror", lambda e: problems.append(str(e)))
    page.on("request", lambda r: requests.append(r.url))
    page.goto(out.as_uri())
    page.wait_for_selector("body[data-ready='1']")
    rows = page.locator("#summary tbody tr")
    assert rows.count() == 3
    assert page.locator("#p-info").text_content() == "第 1 / 4 页"
    assert rows.locator("td.err").all_text_contents() == ["1", "1", "1"]  # errors first
    page.locator("#p-next").click()
    assert page.locator("#p-info").text_content() == "第 2 / 4 页"
    page.locator("#f-code").select_option("BR104")
    assert page.locator("#f-count").text_content() == "显示 2 / 10 份文件"
    assert set(rows.locator("td:first-child").all_text_contents()) == {"enum.txt"}
    page.locator("#f-code").select_option("")
    page.locator("#f-q").fill("clean")
    assert page.locator("#f-count").text_content() == "显示 3 / 10 份文件"
    # a row opens its document page, which links back to the index
    rows.first.locator("a").click()  # (the search box's blur must not redraw the row away)
    page.wait_for_url("**/archive_files/doc-*.html")
    page.wait_for_selector("body[data-ready='1'] section.doc")
    assert page.locator("section.doc").count() == 1
    page.locator("nav.pager a", has_text="返回汇总").click()
    page.wait_for_url("**/archive.html")
    page.wait_for_selector("body[data-ready='1'] #summary tbody tr")
    assert problems == []
    assert all(r.startswith("file://") for r in requests)
    page.close()


def test_archive_index_stays_small_as_documents_grow(tmp_path: Path) -> None:
    desk = _desk()
    sizes = {}
    for n in (40, 400):
        out = write_report([desk[k % 4] for k in range(n)], tmp_path / f"a{n}.html", split=True)
        index = out.stat().st_size
        pages = sum(p.stat().st_size for p in (tmp_path / f"a{n}_files").iterdir())
        assert index < pages / 5  # the index carries a line per document, not the documents
        sizes[n] = index
    assert sizes[400] < sizes[40] * 12  # linear in the number of documents, small slope


def test_report_splits_by_itself_above_the_threshold(tmp_path: Path) -> None:
    from briefing.rendering.report_html import SPLIT_AT

    desk = _desk()
    out = write_report([desk[0]] * (SPLIT_AT + 1), tmp_path / "big.html")
    assert "big_files/doc-00001.html" in out.read_text("utf-8")
    assert len(list((tmp_path / "big_files").iterdir())) == SPLIT_AT + 1
    out2 = write_report([desk[0]] * 2, tmp_path / "small.html")
    assert not (tmp_path / "small_files").exists() and 'id="doc-1"' in out2.read_text("utf-8")


def test_every_unit_kind_has_a_chinese_label_and_a_colour() -> None:
    from briefing.extraction.units import table
    from briefing.rendering.labels import KIND_LABELS
    from briefing.rendering.report_html import KIND_COLOURS

    kinds = {u.kind for u in table().units.values()}
    assert {"yield", "price", "per_capita", "rate_per_day", "intensity"} <= kinds
    assert kinds - set(KIND_LABELS) == set()
    assert kinds - set(KIND_COLOURS) == set()
    # a label is Chinese, not the English key repeated
    assert all(KIND_LABELS[k] != k and not KIND_LABELS[k].isascii() for k in kinds)


def test_compound_unit_figure_is_labelled_in_chinese_in_the_report() -> None:
    from briefing.io import read_string

    doc = read_string("全县粮食单产达到5194.9公斤/公顷，同比增长2.1%。")
    page = render_report([(doc, briefing.check(doc))])
    assert 'class="fig k-yield"' in page
    assert 'title="单产 5194.9' in page
