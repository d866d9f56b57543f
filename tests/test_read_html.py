"""The HTML reader on invented portal pages written here (chrome, charsets, containers)."""

from __future__ import annotations

import pytest

from briefing.errors import ReadError
from briefing.io.html import decode_html, read_raw

PORTAL = """<!DOCTYPE html>
<html><head><meta http-equiv="Content-Type" content="text/html; charset={charset}">
<title>滨江区重点项目建设提速 - 滨江市人民政府门户网站</title>
<link rel="canonical" href="https://www.example.gov.cn/art/2024/5/6/art_1.html">
<script>var t = "时间：2001-01-01 来源：脚本";</script><style>p {{ color: red }}</style></head>
<body>
<div class="header"><ul class="nav"><li><a href="/">首页</a></li><li>政务公开</li></ul></div>
<div class="position">首页 &gt; 政务公开 &gt; 工作动态</div>
<div class="main">
 <h1 class="title">滨江区重点项目建设提速</h1>
 <div class="info">滨江市人民政府门户网站 www.example.gov.cn 发布时间：2024-05-06 09:30
   来源：滨江市发展和改革委员会 【字体：<a>大</a> <a>中</a> <a>小</a>】 【打印】</div>
 {body}
 <div class="bdshare">分享到：<a>微信</a><a>微博</a></div>
 <p>【打印】【关闭】</p>
 <div class="xgyd"><h3>相关阅读</h3><ul><li><a>某某新闻标题</a></li></ul></div>
</div>
<div class="footer">主办：滨江市人民政府办公室 版权所有 网站标识码0000000000</div>
</body></html>"""

ZOOM_BODY = """<div id="zoom"><div class="TRS_Editor">
  <p style="text-align:center">滨江区重点项目建设提速</p>
  <p>　　今年以来，滨江区共实施重点项目<strong>32个</strong>，完成投资
  18.6亿元，占年度计划的41.2%。</p>
  <p><b>一、项目整体进展情况</b></p>
  <p>　　其中，新开工项目12个，续建项目20个。<br>截至4月底，已竣工3个。</p>
  <table><tr><td>类别</td><td>个数</td></tr><tr><td>新开工</td><td>12</td></tr></table>
</div></div>"""


def _page(body: str = ZOOM_BODY, charset: str = "utf-8") -> str:
    return PORTAL.format(body=body, charset=charset)


def test_article_body_title_and_meta_line() -> None:
    raw = read_raw(_page().encode("utf-8"), "a.html")
    texts = [b.text for b in raw.blocks]
    assert raw.blocks[0].kind_hint == "title"
    assert texts[0] == "滨江区重点项目建设提速"
    assert raw.blocks[1].kind_hint == "meta"
    assert "发布时间：2024-05-06" in texts[1] and "来源：滨江市发展和改革委员会" in texts[1]
    assert "打印" not in texts[1] and "字体" not in texts[1]
    assert texts.count("滨江区重点项目建设提速") == 1
    assert texts[2] == "今年以来，滨江区共实施重点项目32个，完成投资18.6亿元，占年度计划的41.2%。"
    assert raw.blocks[2].emphasis == [(15, 18)]
    assert texts[3] == "一、项目整体进展情况"
    assert texts[4:6] == ["其中，新开工项目12个，续建项目20个。", "截至4月底，已竣工3个。"]
    assert raw.blocks[6].rows == [["类别", "个数"], ["新开工", "12"]]
    assert raw.hints == {
        "url": "https://www.example.gov.cn/art/2024/5/6/art_1.html",
        "site": "滨江市人民政府门户网站",
        "date": "2024-05-06",
        "source": "滨江市发展和改革委员会",
        "title": "滨江区重点项目建设提速",
    }


@pytest.mark.parametrize(
    "chrome",
    [
        "首页",
        "政务公开 >",
        "分享到",
        "相关阅读",
        "某某新闻标题",
        "版权所有",
        "【打印】",
        "【关闭】",
        "脚本",
        "p {",
    ],
)
def test_portal_chrome_is_removed(chrome: str) -> None:
    raw = read_raw(_page().encode("utf-8"), "a.html")
    assert all(chrome not in b.text for b in raw.blocks)


@pytest.mark.parametrize("charset", ["gb2312", "gbk", "gb18030"])
def test_gb_encoded_page_declared_in_meta(charset: str) -> None:
    data = _page(charset=charset).encode("gb18030")
    raw = read_raw(data, "gb.html")
    assert raw.encoding == "gb18030"
    assert raw.blocks[0].text == "滨江区重点项目建设提速"


def test_gb_page_without_declaration_falls_back_to_gb18030() -> None:
    html = (
        "<html><body><div id='zoom'><p>全区完成投资18.6亿元，同比增长8%。</p></div></body></html>"
    )
    text, enc = decode_html(html.encode("gb18030"), "x.html")
    assert enc == "gb18030" and "全区完成投资" in text


def test_stale_gb2312_declaration_on_a_utf8_page_reads_utf8() -> None:
    raw = read_raw(_page(charset="gb2312").encode("utf-8"), "u.html")
    assert raw.encoding == "utf-8"
    assert raw.blocks[0].text == "滨江区重点项目建设提速"


def test_utf8_bom_page() -> None:
    raw = read_raw(b"\xef\xbb\xbf" + _page().encode("utf-8"), "bom.html")
    assert raw.encoding == "utf-8"
    assert raw.hints["date"] == "2024-05-06"


@pytest.mark.parametrize(
    "container",
    [
        '<div id="UCAP-CONTENT">{}</div>',
        '<div class="article-content">{}</div>',
        '<div class="TRS_Editor">{}</div>',
        '<div class="wrap"><div class="content">{}</div></div>',
        '<div class="x1"><div class="x2">{}</div></div>',  # text-density fallback
    ],
)
def test_finds_the_body_in_common_containers(container: str) -> None:
    paras = "".join(
        f"<p>第{i}段：全区完成投资{i}.5亿元，同比增长{i}%，项目建设有序推进。</p>"
        for i in range(1, 5)
    )
    sidebar = '<div class="links"><a>网站地图</a> <a>联系我们</a></div>'
    page = f"<html><head><title>测试 - 某市人民政府</title></head><body>{sidebar}{container.format(paras)}</body></html>"
    raw = read_raw(page.encode("utf-8"), "c.html")
    body = [b.text for b in raw.blocks if b.kind_hint is None]
    assert body == [
        f"第{i}段：全区完成投资{i}.5亿元，同比增长{i}%，项目建设有序推进。" for i in range(1, 5)
    ]
    assert raw.blocks[0].kind_hint == "title" and raw.blocks[0].text == "测试"


def test_date_in_chinese_form_and_source_label_variants() -> None:
    page = (
        "<html><body><h1>标题文字</h1><p class='meta'>日期：2023年11月2日 信息来源：某县统计局 "
        "浏览次数：123</p><div id='zoom'><p>正文内容在这里，全县完成产值3.2亿元。</p></div></body></html>"
    )
    raw = read_raw(page.encode("utf-8"), "d.html")
    assert raw.hints["date"] == "2023-11-02"
    assert raw.hints["source"] == "某县统计局"
    assert "浏览次数" not in raw.blocks[1].text


def test_a_time_label_inside_the_article_is_not_the_meta_line() -> None:
    page = (
        "<html><head><title>会议通知 - 某市政府网</title></head><body><div id='zoom'>"
        "<p>会议时间：2024年3月1日上午9时，会议地点：市政府三楼会议室。参会人员：各部门负责同志。</p>"
        "<p>请各单位按时参会。</p></div></body></html>"
    )
    raw = read_raw(page.encode("utf-8"), "n.html")
    assert not any(b.kind_hint == "meta" for b in raw.blocks)
    assert raw.blocks[1].text.startswith("会议时间：2024年3月1日")


def test_column_marker_in_brackets_is_not_mistaken_for_chrome() -> None:
    page = "<html><body><div id='zoom'><p>【项目建设】</p><p>全区完成投资18.6亿元。</p></div></body></html>"
    raw = read_raw(page.encode("utf-8"), "k.html")
    assert [b.text for b in raw.blocks] == ["【项目建设】", "全区完成投资18.6亿元。"]


def test_external_entities_are_not_resolved(tmp_path) -> None:
    secret = tmp_path / "secret.txt"
    secret.write_text("TOPSECRET", encoding="utf-8")
    page = (
        f'<?xml version="1.0"?><!DOCTYPE html [<!ENTITY xxe SYSTEM "file://{secret}">'
        '<!ENTITY lol "lollollollollol">]>'
        "<html><body><div id='zoom'><p>正文&xxe;内容&lol;&lol;。</p></div></body></html>"
    )
    raw = read_raw(page.encode("utf-8"), "x.html")
    text = "".join(b.text for b in raw.blocks)
    assert "TOPSECRET" not in text
    assert "lollol" not in text
    assert "正文" in text


@pytest.mark.parametrize("data", [b"", b"   \n", b"\x00\x01\x02\x03" * 100, b"<html></html>"])
def test_pages_without_text_are_read_errors(data: bytes) -> None:
    with pytest.raises(ReadError) as exc:
        read_raw(data, "bad.html")
    assert exc.value.path == "bad.html"
