"""The pages of ``briefing serve`` (Chinese UI).  Every text from a file is escaped.

The review page is the HTML report's page (:func:`briefing.rendering.report_html.
render_report`: the text with figures highlighted, findings beside them, filters by
severity, code and file) with the session's additions: download links under each
document, the files that could not be processed, and a bar to jump between findings.
"""

from __future__ import annotations

import html
from functools import cache
from importlib import resources

from briefing.serve.uploads import ACCEPTED_SUFFIXES, Limits, mb
from briefing.serve.work import Result

TITLE = "briefing 审读"


def esc(s: object) -> str:
    return html.escape("" if s is None else str(s), quote=True)


@cache
def static(name: str) -> str:
    """A file of ``briefing/serve/static`` (package data)."""
    return resources.files("briefing.serve").joinpath("static", name).read_text(encoding="utf-8")


def _head(title: str) -> str:
    return (
        '<!DOCTYPE html><html lang="zh-CN"><head><meta charset="utf-8">'
        '<meta name="viewport" content="width=device-width, initial-scale=1">'
        f"<title>{esc(title)}</title><style>{static('page.css')}</style></head>"
    )


def upload_page(limits: Limits, ttl_hours: float) -> str:
    accept = ",".join(ACCEPTED_SUFFIXES)
    return (
        f'{_head(TITLE)}<body class="upload"><header><h1>{TITLE}</h1>'
        "<p>把要审读的政务信息、简报拖到下面的方框里（可一次多份）：briefing 核对其中的数字，"
        "在正文中标出问题，并生成带批注的 Word 审读稿和规范格式的简报。</p></header><main>"
        '<form id="upload" method="post" action="/upload" enctype="multipart/form-data">'
        f'<label id="drop" class="drop" for="files" data-max-files="{limits.max_files}" '
        f'data-max-file-bytes="{limits.max_file_bytes}" '
        f'data-max-total-bytes="{limits.max_total_bytes}" data-accept="{esc(accept)}">'
        "<strong>把文件拖放到这里</strong>，或点击选择文件<br>"
        f"<small>支持 .docx、.pdf、.html、.txt；每个文件不超过 {mb(limits.max_file_bytes)}，"
        f"一次最多 {limits.max_files} 个，合计不超过 {mb(limits.max_total_bytes)}</small>"
        f'<input type="file" id="files" name="files" multiple accept="{esc(accept)}">'
        "</label>"
        '<ul id="chosen"></ul><p id="limit-msg" class="limit-msg" role="alert"></p>'
        '<p><label>显示的问题：<select name="severity" id="severity">'
        '<option value="error">只看错误</option>'
        '<option value="warning" selected>错误和警告</option>'
        '<option value="info">错误、警告和提示（含推算值说明）</option></select></label> '
        '<button type="submit" id="go">开始核对</button></p></form>'
        '<p class="privacy">文件只在本机处理，存放在仅本程序可读的临时文件夹中；'
        f"{ttl_hours:g} 小时无操作或关闭程序后即删除。本页地址只属于您的这次上传。</p>"
        f"</main><script>{static('upload.js')}</script></body></html>\n"
    )


def message_page(title: str, message: str, english: str = "", *, back: str = "/") -> str:
    """A page that explains something that went wrong, with a link back."""
    en = f'<span class="en">{esc(english)}</span>' if english else ""
    return (
        f'{_head(title)}<body class="upload"><header><h1>{esc(title)}</h1></header><main>'
        f'<p class="message" id="message">{esc(message)}{en}</p>'
        f'<p><a href="{esc(back)}">← 返回上传页面</a></p></main></body></html>\n'
    )


def review_page(results: list[Result]) -> str:
    """The session's page: every document read, and the files that could not be."""
    from briefing.rendering.report_html import render_report

    good = [r for r in results if r.ok]
    bad = [r for r in results if not r.ok]
    intro = ['<nav class="top"><a href="/">← 上传其他文件</a></nav>']
    if bad:
        rows = "".join(
            f'<li data-file="{esc(r.name)}"><b>{esc(r.name)}</b>：{esc(r.problem)}</li>'
            for r in bad
        )
        intro.append(
            f'<section class="upload-errors" id="upload-errors"><h2>未能处理的文件 '
            f"{len(bad)} 份</h2><ul>{rows}</ul><p>其他文件不受影响，结果见下方。</p></section>"
        )
    if good:
        intro.append(
            '<nav class="jump" id="jump" aria-label="在问题之间跳转">'
            '<button type="button" id="jump-prev" title="上一个问题（p）">↑ 上一个</button>'
            '<span id="jump-pos"></span>'
            '<button type="button" id="jump-next" title="下一个问题（n）">下一个 ↓</button></nav>'
        )
    extras = [_downloads(r) for r in good]
    items = [(r.shown(), r.figures, r.report) for r in good]
    return render_report(
        items,  # type: ignore[arg-type]
        title=TITLE,
        intro="".join(intro),
        doc_extras=extras,
        extra_css=static("page.css"),
        extra_script=static("review.js"),
    )


def _downloads(r: Result) -> str:
    notes = ""
    if r.doc is not None and r.doc.notes:
        notes = "".join(f'<p class="notes">读取时的修复：{esc(n)}</p>' for n in r.doc.notes)
    return (
        '<p class="downloads">'
        f'<a class="dl review" href="{r.n}/review.docx" download>下载审读稿（Word 批注）</a>'
        f'<a class="dl briefing" href="{r.n}/briefing.docx" download>下载规范简报（.docx）</a>'
        f"</p>{notes}"
    )
