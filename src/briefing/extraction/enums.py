"""Enumerations: a stated count with the list it counts.

Shapes recognised (on the norm text):

* list before the count: ``A、B、C和D七个方向``, ``利源、顺成、鑫磊三家企业``,
  ``“A、B”两个零接触`` (quoted list);
* list after the count and a colon: ``六项保障：一是…二是…``, ``三个方面：A、B、C。``;
* items spread over the rest of the block, recognised by the noun's head
  character: ``十大园区：…以织布产业园、染整产业园…为抓手；以无人机产业园…``.
"""

from __future__ import annotations

import re

from briefing.extraction.rules import rules
from briefing.model import Document, Enumeration, Figure, Span

_ENUM_UNITS = frozenset(
    {
        "个",
        "项",
        "家",
        "大",
        "条",
        "种",
        "类",
        "批",
        "名",
        "所",
        "座",
        "件",
        "台",
        "套",
        "户",
        "位",
        "场",
    }
)
_CLAUSE_BREAK = "，。；：！？\n（）"
_NOUN_RE = re.compile(r"[\u4e00-\u9fff]+")
_ORD_RE = re.compile(r"([一二三四五六七八九十]{1,2})是")
_CN = {c: i for i, c in enumerate("一二三四五六七八九十", 1)}
_LAST_JOIN_RE = re.compile(r"以及|和|及")


def _noun(norm: str, pos: int) -> tuple[str, int]:
    m = _NOUN_RE.match(norm, pos)
    if m is None:
        return "", pos
    run = m.group()
    cut = run.find("的")
    if cut > 0:
        run = run[:cut]
    if len(run) > 4:
        run = run[:2]
    return run, pos + len(run)


def _strip(norm: str, s: int, e: int) -> tuple[int, int]:
    """Trim spaces and quotes, keeping quotes that pair inside the item (“一老一小”民生事业)."""
    while s < e and norm[s] in " \t":
        s += 1
    while e > s and norm[e - 1] in " \t":
        e -= 1
    if s < e and norm[s] in '“‘《"' and not any(c in '”’》"' for c in norm[s + 1 : e]):
        s += 1
    if s < e and norm[e - 1] in '”’》"' and not any(c in '“‘《"' for c in norm[s : e - 1]):
        e -= 1
    return s, e


def _cut_opener(norm: str, s: int, e: int, openers: list[str]) -> int:
    """Start of the first item: after the last list opener inside norm[s:e]."""
    best = s
    seg = norm[s:e]
    for op in openers:
        i = seg.rfind(op)
        if i >= 0 and i + len(op) < len(seg):
            best = max(best, s + i + len(op))
    return best


def _preceding(norm: str, f: Figure, openers: list[str]) -> list[tuple[int, int]] | None:
    end = f.start
    if end == 0 or norm[end - 1] in _CLAUSE_BREAK + "、":
        return None
    quoted = norm[end - 1] in '”"’'
    start = end - 1
    limit = max(0, end - 200)
    while start > limit and norm[start - 1] not in _CLAUSE_BREAK:
        start -= 1
    if quoted:
        q = norm.rfind("“", start, end - 1)
        if q < 0:
            return None
        start, end = q + 1, end - 1
    seg = norm[start:end]
    if "、" not in seg and not _LAST_JOIN_RE.search(seg):
        return None
    parts: list[tuple[int, int]] = []
    pos = start
    for piece in seg.split("、"):
        parts.append((pos, pos + len(piece)))
        pos += len(piece) + 1
    if not quoted:
        s0, e0 = parts[0]
        parts[0] = (_cut_opener(norm, s0, e0, openers), e0)
        ls, le = parts[-1]
        joins = list(_LAST_JOIN_RE.finditer(norm, ls, le))
        m = joins[-1] if joins else None
        if m is not None and m.start() > ls:
            parts[-1] = (ls, m.start())
            parts.append((m.end(), le))
            if len(parts) == 2:
                parts[0] = (_cut_opener(norm, parts[0][0], parts[0][1], openers), parts[0][1])
    items = [_strip(norm, s, e) for s, e in parts]
    items = [(s, e) for s, e in items if e > s]
    return items if len(items) >= 2 else None


def _following(doc: Document, f: Figure, noun: str, after: int) -> list[tuple[int, int]] | None:
    norm = doc.norm
    if after >= len(norm) or norm[after] not in "：:":
        return None
    bi = doc.block_at(f.start)
    block_end = doc.blocks[bi].end if bi is not None else len(norm)
    if bi is not None and doc.blocks[bi].kind == "heading" and bi + 1 < len(doc.blocks):
        block_end = doc.blocks[bi + 1].end
    pos = after + 1
    # (b) 一是…二是…
    items: list[tuple[int, int]] = []
    expect = 1
    for m in _ORD_RE.finditer(norm, pos, block_end):
        if _CN.get(m.group(1)) != expect:
            if expect > 1:
                break
            continue
        if expect == 1 and m.start() - pos > 4:
            break
        s = m.end()
        e = s
        while e < block_end and norm[e] not in "。；，！\n":
            e += 1
        items.append(_strip(norm, s, e))
        expect += 1
    if len(items) >= 2:
        return items
    # (a) A、B、C。 right after the colon
    e = pos
    while e < block_end and norm[e] not in "。；！\n":
        e += 1
    if "、" in norm[pos:e]:
        parts = []
        p = pos
        for piece in norm[pos:e].split("、"):
            parts.append(_strip(norm, p, p + len(piece)))
            p += len(piece) + 1
        if len(parts) >= 2 and all(pe - ps <= 20 for ps, pe in parts):
            return parts
    # (c) lists in the rest of the block whose items end with the noun's characters
    heads = set(noun)
    if not heads:
        return None
    openers = rules().list_openers
    found: list[tuple[int, int]] = []
    clause_start = pos
    for i in range(pos, block_end + 1):
        if i == block_end or norm[i] in "，。；：！？\n":
            seg = norm[clause_start:i]
            if seg.count("、") >= 1:
                parts = []
                p = clause_start
                for piece in seg.split("、"):
                    parts.append((p, p + len(piece)))
                    p += len(piece) + 1
                s0, e0 = parts[0]
                parts[0] = (_cut_opener(norm, s0, e0, openers), e0)
                ls, le = parts[-1]
                k = max((j for j in range(ls, le) if norm[j] in heads), default=-1)
                if k >= 0:
                    parts[-1] = (ls, k + 1)
                cleaned = [_strip(norm, s, e) for s, e in parts]
                if all(e > s and norm[e - 1] in heads for s, e in cleaned):
                    found.extend(cleaned)
            clause_start = i + 1
    return found if len(found) >= 2 else None


def find_enumerations(doc: Document, figures: list[Figure]) -> list[Enumeration]:
    norm = doc.norm
    openers = rules().list_openers
    out: list[Enumeration] = []
    for f in figures:
        if f.kind != "count" or f.value is None or f.upper is not None or f.qualifier:
            continue
        unit = f.unit or ""
        if unit not in _ENUM_UNITS:
            continue
        try:
            stated = int(f.value)
        except ValueError:
            continue
        if stated < 2 or stated > 50:
            continue
        noun, after = _noun(norm, f.end)
        if not noun:
            continue
        items = _preceding(norm, f, openers)
        if items is None:
            items = _following(doc, f, noun, after)
        if not items or norm[items[-1][1] - 1] == "等" or norm[f.start - 1 : f.start] == "等":
            continue
        start = min(items[0][0], f.start)
        end = max(items[-1][1], after)
        out.append(
            Enumeration(
                start=start,
                end=end,
                count_figure=f.id,
                stated=stated,
                noun=doc.text[f.end : f.end + len(noun)],
                items=[Span(s, e) for s, e in items],
                item_texts=[doc.text[s:e] for s, e in items],
            )
        )
    return out
