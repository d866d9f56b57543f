"""The indexes and pre-filters behind linear-time checking give the answers of the
scans they replace (issues 16 and 17): bracket depth, slip tables, slips in floats,
runs of parts, section paths, bounded sentences.  All inputs are invented."""

from __future__ import annotations

import itertools
import random
from fractions import Fraction

from hypothesis import given
from hypothesis import strategies as st

import briefing
from briefing.checks import partition, restate
from briefing.checks.context import MAX_SENT_FIGURES, Context, _Brackets, paren_depth
from briefing.checks.evidence import slips, slips_into
from briefing.checks.intervals import judge
from briefing.model import Document


def _depth_by_scan(norm: str, a: int, b: int) -> int:
    d = 0
    for ch in norm[a:b]:
        if ch in "(（":
            d += 1
        elif ch in ")）" and d:
            d -= 1
    return d


@given(st.text(alphabet="ab(（)）x", max_size=300), st.data())
def test_bracket_index_depth_equals_the_scan(norm: str, data: st.DataObject) -> None:
    index = _Brackets(norm)
    a = data.draw(st.integers(0, len(norm)))
    b = data.draw(st.integers(a, len(norm)))
    assert index.depth(a, b) == _depth_by_scan(norm, a, b)
    assert paren_depth(norm, a, b) == _depth_by_scan(norm, a, b)


def _ctx(text: str) -> Context:
    doc = briefing.read_text(text)
    return Context(doc, briefing.extract(doc))


def _slip_of_by_fractions(x: restate.Q, y: restate.Q) -> tuple[str, str] | None:
    for w, kind in slips(x.written):
        try:
            v = Fraction(w) * x.scale
        except (ValueError, ZeroDivisionError):
            continue
        places = len(w) - w.find(".") - 1 if "." in w else 0
        if v == y.value and (x.scale != y.scale or places == y.decimals):
            return w, kind
    return None


def test_slip_table_finds_the_slips_exact_arithmetic_finds() -> None:
    rng = random.Random(7)
    units = ["亿元", "万元", "元", "个", "万亩", "%"]
    found = 0
    for _ in range(60):
        a = f"{rng.randint(1, 9999)}" + (f".{rng.randint(0, 99):02d}" if rng.random() < 0.5 else "")
        b = a[:-1] + str(rng.randint(0, 9)) if rng.random() < 0.7 else a[::-1].lstrip("0.") or "1"
        ua, ub = rng.choice(units), rng.choice(units)
        ctx = _ctx(f"投资{a}{ua}，另有投资{b}{ub}。")
        if len(ctx.qs) != 2:
            continue
        x, y = ctx.qs
        assert restate._slip_of(x, y) == _slip_of_by_fractions(x, y), (x.text, y.text)
        assert restate._slip_of(y, x) == _slip_of_by_fractions(y, x), (y.text, x.text)
        found += _slip_of_by_fractions(x, y) is not None
    assert found >= 10  # the comparison covered slips found, not only their absence


@given(
    st.integers(1, 10**7),
    st.integers(0, 3),
    st.integers(-(10**8), 10**8),
    st.integers(0, 10**6),
)
def test_slips_in_floats_keep_every_slip_exact_arithmetic_keeps(
    n: int, dec: int, lo_num: int, width: int
) -> None:
    written = f"{n / 10**dec:.{dec}f}"
    q = _ctx(f"完成投资{written}万元。").qs[0]
    lo = Fraction(lo_num, 100) * q.scale
    hi = lo + Fraction(width, 100) * q.scale
    exact = []
    for w, _kind in slips(q.written):
        v = Fraction(w) * q.scale
        places = len(w.split(".")[1]) if "." in w else 0
        half = Fraction(1, 2 * 10**places) * q.scale
        if v + half >= lo and v - half <= hi:
            exact.append(w)
    assert list(slips_into(q, lo, hi)) == exact


def test_runs_below_a_total_are_the_candidates_that_can_agree() -> None:
    from briefing.checks.engine import add_all

    rng = random.Random(3)
    agreeing = 0
    for _ in range(40):
        parts = [rng.choice([rng.randint(1, 60), round(rng.uniform(0.1, 30), 1)]) for _ in range(9)]
        total = sum(parts[:3])
        body = "、".join(f"项目{i}完成{p}亿元" for i, p in enumerate(parts))
        ctx = _ctx(f"全县完成投资{total:.1f}亿元，其中{body}。")
        t, group = ctx.qs[0], ctx.qs[1:]
        fast = {tuple(id(q) for q in run) for run in partition._runs_below(group, t)}
        for run in partition._sum_candidates(group, t):
            if any(q.fvalue() >= t.fvalue() for q in run):
                continue  # the rule skips these
            agrees = judge(add_all, list(run), t).status == "consistent"
            if agrees:
                agreeing += 1
                assert tuple(id(q) for q in run) in fast, [q.text for q in run]
    assert agreeing >= 40  # every document holds at least its first three parts


def _section_path_by_scan(doc: Document, offset: int) -> str | None:
    stack: list[tuple[int, str]] = []
    for b in doc.blocks:
        if b.start > offset:
            break
        if b.level is not None and b.kind in ("heading", "paragraph"):
            label = doc.text[b.start : b.end]
            if b.kind == "paragraph":
                cut = min((i for i in (label.find(c) for c in "：:。") if i > 0), default=30)
                label = label[:cut]
            while stack and stack[-1][0] >= b.level:
                stack.pop()
            stack.append((b.level, label))
    return " / ".join(label for _, label in stack) if stack else None


def test_section_paths_walked_once_equal_the_scan_of_every_block() -> None:
    from briefing.model import SectionWalk

    text = (
        "一、总体情况\n全年完成投资12.5亿元。\n（一）工业投资\n完成8.1亿元。\n"
        "1.技改投资：完成3.2亿元。\n（二）民生投资\n完成4.4亿元。\n二、下步工作\n新开工项目12个。\n"
    )
    doc = briefing.read_text(text)
    walk = SectionWalk(doc)
    for offset in range(0, len(doc.text), 3):
        assert walk.at(offset) == _section_path_by_scan(doc, offset)
    assert _section_path_by_scan(doc, len(doc.text) - 2) is not None


def test_a_sentence_of_too_many_figures_is_read_in_pieces_cut_at_clause_breaks() -> None:
    n = 3 * MAX_SENT_FIGURES
    text = "全区共有企业500个，" + "其中1个，" * n + "其余正常。下一句有3个。"
    ctx = _ctx(text)
    pieces = [s for s in ctx.sents if s.end <= text.index("其余正常") + 5]
    assert len(pieces) >= 3  # one sentence of the document, read as pieces
    assert all(len(ctx.in_span(s.start, s.end)) <= MAX_SENT_FIGURES for s in ctx.sents)
    for a, b in itertools.pairwise(pieces):
        assert a.end == b.start  # the pieces cover the sentence
        assert ctx.norm[a.end - 1] in "，,；;、：:"  # each cut right after a clause break
    # a sentence within the bounds is the document's sentence
    short = _ctx("全区共有企业500个，其中1个。")
    assert [(s.start, s.end) for s in short.sents] == [
        (s.start, s.end) for s in short.doc.sentences
    ]


def test_rfind_any_gives_the_scans_answer_before_and_after_it_indexes_the_document() -> None:
    rng = random.Random(1617)
    text = "".join(rng.choice("增长，。、（(12亿元\n") for _ in range(3000))
    ctx = _ctx(text)
    norm, chars = ctx.norm, "，,；;。：:\n、（("
    answers = []
    for _ in range(400):  # short spans: scanned at first, then by the index built once
        hi = rng.randrange(0, len(norm) + 1)
        lo = max(0, hi - rng.randrange(0, 64))
        answers.append(ctx.rfind_any(chars, lo, hi) == max(norm.rfind(c, lo, hi) for c in chars))
    assert chars in ctx._marks  # the index was built on the way
    assert all(answers)


def test_last_of_characters_by_one_match_is_the_last_rfind() -> None:
    from briefing.checks.context import last_of

    rng = random.Random(1618)
    norm = "".join(rng.choice("增长，。、（(12亿元\n;") for _ in range(300))
    for chars in ("，,；;。：:\n", "、（(", "\n", "。"):
        for _ in range(500):
            lo, hi = rng.randrange(0, 310), rng.randrange(0, 310)
            m = last_of(chars).match(norm, lo, hi)
            got = m.end() - 1 if m is not None else -1
            assert got == max(norm.rfind(c, lo, hi) for c in chars), (chars, lo, hi)


def test_near_figures_by_bisection_of_their_ends_are_those_the_filter_keeps() -> None:
    rng = random.Random(1619)
    text = "".join(
        rng.choice(["增长", "，", "。", "12亿元", "3.5%", "（", "）", "8个"]) for _ in range(400)
    )
    ctx = _ctx(text)
    assert ctx._q_ends_in_order is not None and len(ctx.qs) > 50
    plain = _ctx(text)
    plain._q_ends_in_order = None  # the filter over the figures between the bounds
    for _ in range(500):
        q = rng.choice(ctx.qs)
        a, b, k = rng.randrange(0, len(text)), rng.randrange(0, len(text)), rng.randrange(0, 40)
        got = ctx.near(q, a, b, k)
        assert [x.start for x in got] == [
            x.start for x in plain.near(plain.qs[ctx.index_of(q)], a, b, k)
        ]


def test_labels_found_by_one_match_are_those_of_the_walk_back() -> None:
    from briefing.checks.context import _LABEL_BREAKS

    rng = random.Random(1620)
    pieces = ["完成投资", "，", "。", "12亿元", "3.5%", "（", "）", "8个", "、", "“", "\n", "增长"]
    for _ in range(20):
        ctx = _ctx("".join(rng.choice(pieces) for _ in range(120)))
        norm, ends = ctx.norm, sorted(q.end for q in ctx.qs)
        for q in ctx.qs:
            for lo in (None, max(0, q.start - rng.randrange(0, 30))):
                floor = q.start - 16 if lo is None else lo
                stop = max(floor, max((e for e in ends if e <= q.start), default=0), 0)
                i = q.start
                while i > stop and norm[i - 1] not in _LABEL_BREAKS:
                    i -= 1
                assert ctx.label(q, lo) == norm[i : q.start], (norm, q.start, lo)


def test_label_atoms_found_by_one_match_are_those_of_the_walk_back() -> None:
    from briefing.checks.evidence import LABEL_STOP, label_atoms
    from briefing.extraction.metric_keys import atoms

    rng = random.Random(1621)
    pieces = ["完成投资", "，", "。", "12亿元", "3.5%", "（", "）", "8个", "；", "?", "\n", "增长"]
    for _ in range(20):
        ctx = _ctx("".join(rng.choice(pieces) for _ in range(120)))
        norm = ctx.norm
        for q in ctx.qs:
            prev = [x for x in ctx.qs if x.start >= max(0, q.start - 24) and x.end <= q.start]
            lo = max(max((x.end for x in prev if x is not q), default=0), q.start - 24, 0)
            i = q.start
            while i > lo and norm[i - 1] not in LABEL_STOP:
                i -= 1
            assert label_atoms(ctx, q) == atoms(norm[i : q.start]) | atoms(q.fig.metric)


def test_share_clause_starts_by_one_match_are_those_of_the_walk_back() -> None:
    rng = random.Random(1622)
    for alphabet in ("完成投资，。；:!?\n12%", "完成投资12%" * 40 + "，。"):  # dense, sparse breaks
        norm = "".join(rng.choice(alphabet) for _ in range(400))
        _clause_starts_agree(_ctx(norm), rng)


def _clause_starts_agree(ctx: Context, rng: random.Random) -> None:
    from briefing.checks import pairing, ratio

    for breaks, find in (
        (pairing._CLAUSE_BREAKS, lambda p, f: pairing._clause_start(ctx.norm, p, f)),
        (ratio._CLAUSE_BREAKS, lambda p, f: ratio._clause_start(ctx, p, f)),
    ):
        for _ in range(1000):
            pos, floor = rng.randrange(0, len(ctx.norm) + 1), rng.randrange(0, len(ctx.norm) + 1)
            i = pos - 1
            while i >= floor and ctx.norm[i] not in breaks:
                i -= 1
            assert find(pos, floor) == i + 1, (pos, floor)


def test_word_ends_found_by_str_find_are_those_a_search_finds() -> None:
    import re

    rng = random.Random(1623)
    for _ in range(3000):
        text = "".join(rng.choice("未没有尚非完成") for _ in range(rng.randrange(0, 10)))
        word = rng.choice(["", "未", "没有", "尚未", "非", "未未"])
        want = [m.end() for m in re.finditer(re.escape(word), text)]
        assert list(partition._ends_of(word, text)) == want, (word, text)


def test_value_keys_in_integers_are_the_exact_values_lowest_terms() -> None:
    from briefing.checks.engine import quantity
    from briefing.model import Figure

    rng = random.Random(109)
    for _ in range(3000):
        digits = str(rng.randint(0, 10 ** rng.randint(1, 9)))
        places = rng.randint(0, 4)
        written = digits if not places else f"{digits}.{rng.randint(0, 10**places - 1):0{places}d}"
        if rng.random() < 0.1:
            written = "-" + written
        unit, kind = rng.choice([("亿元", "money"), ("万人", "count"), ("%", "percent"),
                                 ("个", "count"), ("万亩", "area"), ("元", "money")])  # fmt: skip
        text = written + unit
        dec = len(written.split(".")[1]) if "." in written else 0
        q = quantity(Figure("f", 0, len(text), text, kind, written, unit, None, None, dec))
        if q is None:
            continue
        key = restate._value_key(q)
        assert key == restate._key(q.value), (written, unit)
        assert restate._value_key(q) == key  # (and from the value, once worked out)


def test_top_level_semicolons_found_in_place_are_those_of_the_slice() -> None:
    def by_slice(norm: str, a: int, b: int) -> list[int]:
        out, d = [], 0
        for i, ch in enumerate(norm[a:b]):
            if ch in "(（":
                d += 1
            elif ch in ")）":
                d = max(0, d - 1)
            elif ch in "；;" and d == 0:
                out.append(a + i)
        return out

    rng = random.Random(110)
    for _ in range(500):
        norm = "".join(rng.choice("项目；;（）()，5") for _ in range(rng.randrange(0, 40)))
        a, b = rng.randrange(0, 45), rng.randrange(0, 45)
        assert partition._top_semis(norm, a, b) == by_slice(norm, a, b), (norm, a, b)


def test_header_layout_picks_are_the_products_whose_zero_counts_add_up() -> None:
    from briefing.extraction.tables import _picks

    rng = random.Random(111)
    for _ in range(300):
        zeros = [
            [rng.randrange(0, 4) for _ in range(rng.randrange(1, 6))]
            for _ in range(rng.randrange(0, 4))
        ]
        need = rng.randrange(0, 8)
        want = [
            pick
            for pick in itertools.product(*[range(len(z)) for z in zeros])
            if sum(zeros[r][i] for r, i in enumerate(pick)) == need
        ]
        got = list(_picks(zeros, need))
        assert sorted(got) == want and len(set(got)) == len(got), (zeros, need)


def test_period_subsets_are_sought_only_in_a_text_naming_a_span() -> None:
    plain = _ctx("全县完成投资32.4亿元，其中工业投资11.2亿元。")
    assert not partition._names_a_range(plain)
    assert list(partition._period_subsets(plain, plain.qs)) == []
    spans = _ctx("1-8月，全县累计完成投资65.3亿元；8月当月完成投资9.1亿元。")
    assert partition._names_a_range(spans)
    pairs = [(p.text, t.text) for p, t in partition._period_subsets(spans, spans.qs)]
    assert ("9.1亿元", "65.3亿元") in pairs


def test_figures_starting_from_a_position_are_those_the_scan_finds() -> None:
    ctx = _ctx("全县投资12亿元，增长5%；其中工业投资3亿元、农业投资2亿元，分别增长3%和4%。")
    assert len(ctx.qs) >= 6
    for pos in range(-1, len(ctx.norm) + 2):
        assert list(ctx.starting_from(pos)) == [q for q in ctx.qs if q.start >= pos], pos


def test_rfind_any_keeps_one_index_per_set_of_characters_in_any_order() -> None:
    rng = random.Random(2026)
    text = "".join(rng.choice("完成，。；(12万吨\n") for _ in range(2000))
    ctx = _ctx(text)
    norm = ctx.norm
    orders = ("，；。\n", "\n。；，", "；，\n。")
    for chars in orders:  # a long span: indexed at once
        assert ctx.rfind_any(chars, 0, len(norm)) == max(norm.rfind(c) for c in chars)
    assert len({id(ctx._marks[c]) for c in orders}) == 1  # one index shared
    for _ in range(200):
        hi = rng.randrange(0, len(norm) + 1)
        lo = rng.randrange(0, hi + 1)
        for chars in orders:
            assert ctx.rfind_any(chars, lo, hi) == max(norm.rfind(c, lo, hi) for c in chars)


def test_own_words_cached_equal_the_words_found_afresh() -> None:
    text = "全区续建项目共有120个，其中新建项目50个、续建项目70个。新签项目（含技改）36个。"
    ctx = _ctx(text)
    first = [partition._own_words(ctx, q) for q in ctx.qs]
    fresh = _ctx(text)
    assert [partition._own_words(fresh, q) for q in reversed(fresh.qs)][::-1] == first
    assert first[1] == "其中新建项目|"


def test_item_figures_and_groups_found_once_equal_those_found_afresh() -> None:
    text = "全县接待游客126.5万人次。古镇景区接待游客58.3万人次；湖区景区比上年增加4.2万人次；山区28.0万人次。"
    ctx = _ctx(text)
    segs = partition._segments(ctx)
    first = [partition._item_figures(ctx, s) for s in segs]
    again = [partition._item_figures(ctx, s) for s in segs]
    assert again == first and all(a is not b for a, b in zip(again, first, strict=True))
    again[0].clear()  # a caller's list is its own
    assert partition._item_figures(ctx, segs[0]) == first[0]
    fresh = _ctx(text)
    assert [partition._find_item_figures(fresh, s) for s in segs] == first
    groups = [partition._group(ctx, q) for q in ctx.qs]
    assert [partition._group(_ctx(text), q) for q in _ctx(text).qs] == groups
    assert [g[2] for g in groups] == [False, False, True, False]  # 增加4.2万人次: a change


def _segments_by_scan(norm: str) -> list[tuple[int, int]]:
    out, depth, a = [], 0, 0
    for i, ch in enumerate(norm):
        if ch in "(（":
            depth += 1
        elif ch in ")）":
            depth = max(0, depth - 1)
        elif ch in "。；;！？!?\n" and (depth == 0 or ch == "\n"):
            depth = 0 if ch == "\n" else depth
            if norm[a:i].strip():
                out.append((a, i))
            a = i + 1
    if norm[a:].strip():
        out.append((a, len(norm)))
    return out


def test_segments_cut_where_the_character_walk_cuts() -> None:
    rng = random.Random(17)
    for _ in range(30):
        text = "".join(
            rng.choice("增长5个（)(）。；;！？!?\n ，") for _ in range(rng.randrange(1, 400))
        )
        ctx = _ctx(text)
        assert partition._segments(ctx) == _segments_by_scan(ctx.norm)


def _common_run_by_table(a: str, b: str) -> int:
    best, prev = 0, [0] * (len(b) + 1)
    for ca in a:
        cur = [0] * (len(b) + 1)
        for j, cb in enumerate(b):
            if ca == cb and ca != "|":
                cur[j + 1] = prev[j] + 1
                best = max(best, cur[j + 1])
        prev = cur
    return best


def test_common_run_by_bisection_equals_the_table() -> None:
    from briefing.checks.repeat import _common_run

    rng = random.Random(107)
    for _ in range(2000):
        a = "".join(rng.choice("项目投资|完成") for _ in range(rng.randrange(0, 30)))
        b = "".join(rng.choice("项目投资|完成") for _ in range(rng.randrange(0, 30)))
        assert _common_run(a, b) == _common_run_by_table(a, b), (a, b)


def test_common_run_of_a_length_is_asked_without_finding_the_longest() -> None:
    from briefing.checks.repeat import has_common_run
    from briefing.checks.restate import _run_of

    rng = random.Random(108)
    for _ in range(2000):
        a = "".join(rng.choice("项目投资|完成") for _ in range(rng.randrange(0, 30)))
        b = "".join(rng.choice("项目投资|完成") for _ in range(rng.randrange(0, 30)))
        longest = _common_run_by_table(a, b)
        for k in range(0, 8):
            assert has_common_run(a, b, k) == (longest >= k), (a, b, k)
        a, b = a.replace("|", ""), b.replace("|", "")
        longest = _common_run_by_table(a, b)
        for k in range(0, 8):
            assert _run_of(a, b, k) == (longest >= k), (a, b, k)


def test_clause_start_by_bisection_equals_the_scan_of_the_clauses() -> None:
    from briefing.extraction.context import _clause_start, _ordered_starts
    from briefing.model import Span

    rng = random.Random(16)
    norm = "".join(rng.choice("增长，；。ab") for _ in range(300))
    doc = briefing.read_text("全区增长5%。")
    for _ in range(300):
        cuts = sorted(rng.sample(range(300), rng.randrange(0, 40)))
        clauses = [Span(a, b) for a, b in itertools.pairwise(cuts) if rng.random() < 0.8]
        starts = _ordered_starts(clauses)
        for pos in range(0, 300, 7):
            scanned = _clause_start(doc, norm, 0, clauses, pos)
            assert _clause_start(doc, norm, 0, clauses, pos, starts) == scanned


def test_slips_listed_once_per_numeral_are_the_slips_generated_afresh() -> None:
    from briefing.checks.evidence import _slips

    rng = random.Random(74)
    for _ in range(300):
        w = "".join(rng.choice("0123456789") for _ in range(rng.randrange(1, 6)))
        if rng.random() < 0.5:
            k = rng.randrange(1, len(w) + 1)
            w = w[:k] + "." + w[k:] if k < len(w) else w
        assert slips(w) == tuple(_slips(w)) == slips(w)


def _slip_table_by_fractions(written: str, num: int, den: int) -> dict[tuple[int, int], list]:
    out: dict[tuple[int, int], list] = {}
    for w, kind in slips(written):
        try:
            v = Fraction(w) * Fraction(num, den)
        except (ValueError, ZeroDivisionError):
            continue
        places = len(w) - w.find(".") - 1 if "." in w else 0
        out.setdefault((v.numerator, v.denominator), []).append((w, kind, places))
    return out


def test_slip_table_keys_are_the_exact_values_of_the_slips() -> None:
    rng = random.Random(75)
    for _ in range(300):
        w = "".join(rng.choice("0123456789") for _ in range(rng.randrange(1, 6)))
        if rng.random() < 0.5 and len(w) > 1:
            k = rng.randrange(1, len(w))
            w = w[:k] + "." + w[k:]
        num, den = rng.choice([(1, 1), (10000, 1), (100000000, 1), (1, 100), (1, 1000)])
        assert restate._table(w, num, den) == _slip_table_by_fractions(w, num, den), w


def test_implied_baseline_index_answers_as_the_scan_of_every_gap() -> None:
    from briefing.checks.intervals import Interval
    from briefing.checks.time_progress import _Implied

    rng = random.Random(140)
    rates = [object() for _ in range(5)]
    for _ in range(400):
        items = []
        for _ in range(rng.randrange(0, 8)):
            lo = Fraction(rng.randrange(0, 40), rng.choice([1, 2, 10]))
            hi = None if rng.random() < 0.1 else lo + Fraction(rng.randrange(0, 10), 4)
            items.append((Interval(lo, hi), rng.choice(rates)))
        index = _Implied(items)  # type: ignore[arg-type]
        for _ in range(10):
            lo = Fraction(rng.randrange(0, 40), rng.choice([1, 2, 10]))
            iv = Interval(lo, None if rng.random() < 0.1 else lo + Fraction(rng.randrange(0, 8), 4))
            p = rng.choice(rates)
            scan = any(x is not p and v.meets(iv) for v, x in items)
            assert index.meets_other(iv, p) == scan  # type: ignore[arg-type]


def test_report_period_by_bisection_is_the_last_period_when_all_agree() -> None:
    from briefing.checks.time_progress import _MONTHS, _months, _PeriodIndex

    text = "1-11月，全市增长5%。1-11月份，全县增长3%。上半年增长2%。1-11月增长4%。"
    index = _PeriodIndex(text)
    found = list(_MONTHS.finditer(text))
    assert len(found) >= 3
    for pos in range(len(text) + 1):
        before = [m for m in found if m.end() <= pos]
        want = (
            None
            if not before or len({_months(m) for m in before}) != 1 or _months(before[-1]) is None
            else before[-1]
        )
        got = index.report_period(pos)
        assert (got.span() if got else None) == (want.span() if want else None), pos


def test_nested_breakdowns_judged_once_are_left_out_as_when_judged_afresh() -> None:
    text = (
        "全区生产总值98000万元，其中第一产业增加值12000万元，第二产业增加值56000万元，"
        "其中工业增加值41000万元，建筑业增加值15000万元，第三产业增加值30000万元。"
    )
    ctx = _ctx(text)
    after = ctx.qs[1:]
    first = partition._without_nested(ctx, after)
    assert [q.text for q in first] == ["12000万元", "56000万元", "30000万元"]
    assert partition._without_nested(ctx, after) == first  # the sums from the cache
    fresh = _ctx(text)
    assert [q.text for q in partition._without_nested(fresh, fresh.qs[1:])] == [
        q.text for q in first
    ]


def test_required_characters_screen_no_match_of_their_pattern() -> None:
    # every match of a period pattern holds one of its required characters: a span
    # without any of them is not searched (partition._required_chars)
    pat = partition._nest_patterns()
    alphabet = "0123456789一二三四五六七八九十年月季度前个截至止底末当单份全去上批次第-—~到累计以来期间，。；"
    rng = random.Random(5)
    seen = 0
    for kind in ("month_range", "year_range", "month_part", "year_part", "batch_part"):
        rx = pat[kind]
        need = partition._required_chars(rx.pattern)
        assert need is not None, kind
        for _ in range(3000):
            s = "".join(rng.choice(alphabet) for _ in range(rng.randint(1, 12)))
            if rx.search(s):
                seen += 1
                assert need.search(s), (kind, s)
    assert seen > 30
    assert partition._required_chars(r"\d+") is None  # a category names no characters
    assert partition._required_chars(r"a?b*") is None  # nothing is required
    got = partition._required_chars(r"(?:前|截至)\d+")
    assert got is not None and got.pattern == "[前截]"
