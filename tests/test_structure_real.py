"""The document model on the two real bulletins (facts about them, not their sentences)."""

from __future__ import annotations

import hashlib
from pathlib import Path

import briefing


def _digest(text: str | None) -> str:
    """The first 16 hex digits of a field's SHA-256: the test pins the real document's
    title, column and names without copying their words into the repository."""
    return hashlib.sha256((text or "").encode()).hexdigest()[:16]


def test_portal_article_metadata_and_chrome_removed(real_000: Path) -> None:
    doc = briefing.read(real_000)
    m = doc.meta
    assert m.title == "“三个一批”项目建设看北关"
    assert m.date == "2022-03-29"
    assert m.source == "安阳市发展和改革委员会"
    for chrome in ("首页 >", "【打印】", "【字体", "相关阅读"):
        assert chrome not in doc.text
    # the title repeated after the 时间/来源 line is page furniture, kept once
    assert doc.text.count("“三个一批”项目建设看北关") == 1


def test_bulletin_masthead_and_imprint(real_004: Path) -> None:
    doc = briefing.read(real_004)
    m = doc.meta
    assert m.masthead == "安阳政务信息"
    assert m.issue == "143"
    assert m.issuer == "安阳市人民政府办公室"
    assert m.date == "2020-09-08"
    assert _digest(m.column) == "d5768fe4ad05ba3b"
    assert _digest(m.title) == "5020aedebb81b3d3"
    assert _digest(m.source) == "bc88db4856d29f28"
    assert _digest(m.editor) == "cf5568e5cb23a604"
    assert m.copies == 90
    assert len(m.recipients["送"]) == 6
    assert m.recipients["送"][0] == "市委常委"
    assert [_digest(r) for r in m.recipients["发"]] == ["a36778111775f638", "a06efa72a7151235"]


def test_bulletin_has_three_level_one_headings(real_004: Path) -> None:
    doc = briefing.read(real_004)
    level1 = [b for b in doc.headings if b.level == 1]
    assert [b.marker for b in level1] == ["一、", "二、", "三、"]


def test_page_break_debris_is_rejoined(real_004: Path) -> None:
    doc = briefing.read(real_004)
    for word in ("始终把", "项目场地", "竣工投产"):
        assert word in doc.text
    raw = real_004.read_text(encoding="utf-8")
    assert "始终把" not in raw  # the repair is ours, not the file's


def test_leads_are_numbered_in_sequence(real_004: Path) -> None:
    doc = briefing.read(real_004)
    first_block = doc.leads[0].block
    ordinals = [lead.ordinal for lead in doc.leads if lead.block == first_block]
    assert ordinals == [1, 2, 3, 4]


def test_every_span_slices_the_text(real_000: Path, real_004: Path) -> None:
    for path in (real_000, real_004):
        doc = briefing.read(path)
        assert len(doc.norm) == len(doc.text)
        for b in doc.blocks:
            assert 0 <= b.start <= b.end <= len(doc.text)
            assert doc.text[b.start : b.end].strip() == doc.text[b.start : b.end]
        for s in doc.sentences:
            assert s.start < s.end
            assert s.clauses[0].start == s.start and s.clauses[-1].end == s.end
            for a, c in zip(s.clauses, s.clauses[1:], strict=False):
                assert a.end == c.start


def test_run_in_subheading_gives_a_section_path(real_000: Path) -> None:
    doc = briefing.read(real_000)
    path = doc.section_path(doc.text.index("11.23亿元"))
    assert path is not None
    assert path.startswith("二、推进措施 / ")
    assert "六项保障" in path
