"""Checks across the documents of an archive (BR301-BR303).

A bulletin restates figures of earlier bulletins: the 1-6月 完成投资 of a district in the
July issue and again in the August summary; the running total 1-N月 month after month;
last year's figure behind this year's 同比 rate.  Where two bulletins disagree, one of
them is wrong, and no single-document check can see it.

BR301 (error) — the same figure, two values
    The same metric (canonical key, :mod:`briefing.extraction.metric_keys`), of the same
    scope (place: the place named in the sentence, else the archive's ``region``
    metadata, else the document's place; and subject: 重点项目 …) and the same period
    (normalised, :mod:`briefing.extraction.periods`) is stated in two documents with
    values whose intervals at reported precision do not meet (9亿元 may be 9.2亿元
    rounded; 45.6亿元 is not 46.8亿元).  Documents are compared in date order, each with
    the previous one that states the figure.

BR302 (error) — a running total falls
    A cumulative figure (1-N月, 截至N月底, 前三季度) of one scope, metric and year is
    smaller at a later period end than at an earlier one, beyond precision.  Stocks
    (在建项目, 余额) may fall and are left alone, and so are percentages (a rate of a plan
    falls when the plan is raised).

BR303 (warning) — a 同比 rate against last year's bulletin
    A growth rate stated right after a figure (完成投资38.2亿元，同比增长9.7%) is
    recomputed from last year's bulletin of the archive that states the same scope,
    metric and period: (value − last year) ÷ last year.  A warning, not an error: the
    statistics office may have revised last year's figure since it was published.

Not compared, so as not to raise false alarms: targets and forecasts (力争, 预计),
revised figures (调整后的年度计划, 调增, 更正), bare growth rates, figures whose key
has two different values within one document (which of them would it be?), figures
without a period or whose period has no year (no date in the document or its
metadata), and copies of one bulletin (same content, or same title and date).
Language lists: ``data/archive.toml``.

Input is the ``documents`` and ``figures`` tables of :func:`briefing.read_corpus` (or of
``briefing convert``), so the checks run on a converted archive without reading it again.
"""

from __future__ import annotations

import itertools
import sys
from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from fractions import Fraction
from functools import lru_cache
from pathlib import Path
from typing import TYPE_CHECKING, Any

from briefing import recache
from briefing.checks.intervals import Q, fmt, intervals_meet, judge, lo_at_most_hi, quantity
from briefing.model import Figure

if TYPE_CHECKING:
    import pandas as pd

DATA = Path(__file__).resolve().parents[1] / "data" / "archive.toml"

CODES = {
    "BR301": ("error", "restated", "same metric, scope and period stated with different values"),
    "BR302": (
        "error",
        "cumulative",
        "a running total (1-N月) falls from one period to a later one",
    ),
    "BR303": ("warning", "year_on_year", "同比 rate disagrees with last year's bulletin"),
}


@lru_cache(maxsize=1)
def _words() -> dict[str, Any]:
    data = recache.toml(DATA.read_text(encoding="utf-8"))
    data["growth"] = sorted(data["growth"], key=len, reverse=True)
    return data


@dataclass(slots=True)
class ArchiveFinding:
    """A finding across two documents: ``doc``/``figure`` is the later statement,
    ``other_doc``/``other_figure`` the earlier one it disagrees with."""

    code: str
    severity: str
    rule: str
    message: str
    message_en: str
    scope: str
    metric_key: str
    period_start: str | None
    period_end: str | None
    doc_id: str
    figure_id: str
    path: str
    start: int
    end: int
    text: str
    other_doc_id: str
    other_figure_id: str
    other_path: str
    other_start: int
    other_end: int
    other_text: str
    stated: str | None = None
    expected: str | None = None

    def to_dict(self) -> dict[str, Any]:
        return {f: getattr(self, f) for f in self.__slots__}


@dataclass(slots=True)
class _Fig:
    """One figure of the archive with its document and reading."""

    doc_id: str
    figure_id: str
    path: str
    start: int
    end: int
    text: str
    q: Q
    metric: str
    metric_key: str
    scope: str
    subject: str
    period_start: str | None
    period_end: str | None
    cumulative: bool
    sentence: int | None
    context: str
    negative: bool
    date: str  # the document's anchor date, for ordering
    copy: str  # documents with the same copy key are copies of one bulletin


def _s(v: Any) -> str | None:
    """A table cell as a string, None for a missing one (pd.NA, NaN, None)."""
    if type(v) is str:
        return v
    if v is None or (isinstance(v, float) and v != v) or v is _NA():
        return None
    return str(v)


def _NA() -> Any:
    """``pd.NA`` once pandas is loaded (no cell can be one before): not imported here."""
    pd = sys.modules.get("pandas")
    return pd.NA if pd is not None else None


def _records(df: pd.DataFrame | Iterable[Any]) -> Iterable[Any]:
    """The rows of a table as named tuples (typed loosely: cells are of any dtype); rows
    given as named tuples already (a reader of stored tables) are taken as they are."""
    itertuples = getattr(df, "itertuples", None)
    if itertuples is None:
        return df  # type: ignore[return-value]
    rows: Iterable[Any] = itertuples(index=False)
    return rows


def _has(text: str, words: Iterable[str]) -> bool:
    return any(w in text for w in words)


def _bare_growth(metric: str) -> bool:
    """Whether a metric names only a growth (同比增长): it then measures the figure before."""
    rest = metric
    for w in _words()["growth"]:
        rest = rest.replace(w, "")
    return not rest.strip()


#: The columns of the ``documents`` and ``figures`` tables that :func:`check_archive`
#: reads (a reader of stored tables need load no other).
DOCUMENT_COLUMNS = ("doc_id", "path", "sha256", "title", "date", "place", "anchor_date")
FIGURE_COLUMNS = (
    "doc_id",
    "figure_id",
    "start",
    "end",
    "text",
    "kind",
    "value",
    "unit",
    "base_value",
    "base_unit",
    "decimals",
    "qualifier",
    "negative",
    "metric",
    "subject",
    "sentence",
    "metric_key",
    "place",
    "period_start",
    "period_end",
    "period_cumulative",
    "context",
)


def compared_kinds() -> frozenset[str]:
    """The figure kinds :func:`check_archive` compares: rows of other kinds, or with no
    metric, are skipped (a reader of stored tables may leave them out)."""
    return frozenset(_words()["kinds"])


def _figures(
    documents: pd.DataFrame, figures: pd.DataFrame, meta: pd.DataFrame | None
) -> list[_Fig]:
    """The figures of the archive that may be compared, with scope and ordering."""
    return _figures_of(_documents(documents, meta), figures)


def _documents(
    documents: pd.DataFrame | Iterable[Any], meta: pd.DataFrame | None
) -> dict[str, dict[str, Any]]:
    """doc_id → what a compared figure takes from its document (path, place, date…)."""
    docs: dict[str, dict[str, Any]] = {}
    region: dict[str, str] = {}
    if meta is not None and "region" in meta.columns:
        for d, r in zip(meta["doc_id"], meta["region"], strict=True):
            if _s(r):
                region[str(d)] = str(r)
    for row in _records(documents):
        d = str(row.doc_id)
        title, date = _s(row.title), _s(row.date)
        docs[d] = {
            "path": str(row.path),
            "place": region.get(d) or _s(row.place),
            "anchor": _s(row.anchor_date),
            "copy": f"{title}\0{date}" if title and date else str(row.sha256),
        }
    return docs


def _figures_of(
    docs: dict[str, dict[str, Any]], figures: pd.DataFrame | Iterable[Any]
) -> list[_Fig]:
    kinds = compared_kinds()
    out: list[_Fig] = []
    for r in _records(figures):
        if r.kind not in kinds or _s(r.metric) is None:
            continue
        doc = docs.get(str(r.doc_id))
        if doc is None or doc["anchor"] is None:
            continue
        fig = Figure(
            str(r.figure_id),
            int(r.start),
            int(r.end),
            str(r.text),
            str(r.kind),
            _s(r.value),
            _s(r.unit),
            _s(r.base_value),
            _s(r.base_unit),
            0 if _s(r.decimals) is None else int(r.decimals),
            _s(r.qualifier),
        )
        q = quantity(fig)
        if q is None:
            continue
        scope = _s(r.place) or doc["place"]
        if scope is None:
            continue
        out.append(
            _Fig(
                doc_id=str(r.doc_id),
                figure_id=str(r.figure_id),
                path=doc["path"],
                start=int(r.start),
                end=int(r.end),
                text=str(r.text),
                q=q,
                metric=str(r.metric),
                metric_key=_s(r.metric_key) or "",
                scope=scope,
                subject=_s(r.subject) or "",
                period_start=_s(r.period_start),
                period_end=_s(r.period_end),
                cumulative=bool(_s(r.period_cumulative) == "True"),
                sentence=None if _s(r.sentence) is None else int(r.sentence),
                context=_s(r.context) or "",
                negative=bool(r.negative),
                date=doc["anchor"],
                copy=doc["copy"],
            )
        )
    return out


def _statement(f: _Fig) -> bool:
    """A statement of fact about its period (no target, forecast or revision)."""
    w = _words()
    text = f.context + f.metric
    return not _has(text, w["forward"]) and not _has(text, w["revised"])


Key = tuple[str, str, str, str, str | None, str | None]


def _key(f: _Fig) -> Key:
    return (f.scope, f.metric_key, f.subject, f.q.family, f.period_start, f.period_end)


def _unique(figs: Sequence[_Fig], key: Any) -> dict[Any, dict[str, _Fig]]:
    """key → doc → its one figure; a key with values that disagree within a document is
    dropped for that document (which of them would be the restated one?)."""
    by: dict[Any, dict[str, list[_Fig]]] = defaultdict(lambda: defaultdict(list))
    for f in figs:
        by[key(f)][f.doc_id].append(f)
    out: dict[Any, dict[str, _Fig]] = {}
    for k, per_doc in by.items():
        kept: dict[str, _Fig] = {}
        for d, fs in per_doc.items():
            first = fs[0]
            if all(intervals_meet(first.q, g.q, "rounding", False) for g in fs[1:]):
                kept[d] = first
        if kept:
            out[k] = kept
    return out


def _ordered(per_doc: dict[str, _Fig]) -> list[_Fig]:
    return sorted(per_doc.values(), key=lambda f: (f.date, f.path))


def _label(f: _Fig) -> str:
    subject, metric = f.subject, f.metric
    if metric in subject:
        return f"{f.scope}{subject}"
    if subject in metric:
        return f"{f.scope}{metric}"
    return f"{f.scope}{subject}{metric}"


def _period_label(start: str | None, end: str | None) -> str:
    if end is None:
        return ""
    y, m, d = end[:4], int(end[5:7]), int(end[8:10])
    if start is None:
        return f"截至{y}年{m}月{d}日"
    sm = int(start[5:7])
    if start[:4] != y:
        return f"{start[:4]}-{y}年"
    return f"{y}年{m}月" if sm == m else f"{y}年{sm}-{m}月"


def _finding(code: str, later: _Fig, earlier: _Fig, zh: str, en: str, **kw: Any) -> ArchiveFinding:
    severity, rule, _ = CODES[code]
    return ArchiveFinding(
        code=code,
        severity=severity,
        rule=rule,
        message=zh,
        message_en=en,
        scope=later.scope,
        metric_key=later.metric_key,
        period_start=later.period_start,
        period_end=later.period_end,
        doc_id=later.doc_id,
        figure_id=later.figure_id,
        path=later.path,
        start=later.start,
        end=later.end,
        text=later.text,
        other_doc_id=earlier.doc_id,
        other_figure_id=earlier.figure_id,
        other_path=earlier.path,
        other_start=earlier.start,
        other_end=earlier.end,
        other_text=earlier.text,
        **kw,
    )


def _restated(facts: list[_Fig]) -> list[ArchiveFinding]:
    """BR301: consecutive statements of one key in different documents that disagree."""
    out = []
    for _, per_doc in _unique([f for f in facts if f.period_end], _key).items():
        seq = _ordered(per_doc)
        for a, b in itertools.pairwise(seq):
            if a.copy == b.copy or intervals_meet(a.q, b.q, "rounding", False):
                continue
            when = _period_label(b.period_start, b.period_end)
            out.append(
                _finding(
                    "BR301",
                    b,
                    a,
                    f"{when}{_label(b)}前后两期简报所述不一致：{Path(a.path).name}为{a.text}，"
                    f"{Path(b.path).name}为{b.text}",
                    f"{when} {b.metric} of {b.scope} is stated as {a.text} in {a.path} "
                    f"and as {b.text} in {b.path}",
                    stated=b.text,
                    expected=a.text,
                )
            )
    return out


def _falls(facts: list[_Fig]) -> list[ArchiveFinding]:
    """BR302: a running total of one year smaller at a later period end."""
    stock = _words()["stock"]
    series = [
        f
        for f in facts
        if f.cumulative
        and f.period_end
        and f.q.family not in ("%", "pp")
        and not _has(f.metric, stock)
    ]

    per_end = _unique(series, _key)
    # one representative per (series, period end): the latest document stating it; a
    # series is a scope, metric, subject, unit family, start and year
    chains: dict[tuple[Any, ...], list[_Fig]] = defaultdict(list)
    for k, per_doc in per_end.items():
        end = k[5] or ""
        chains[(*k[:5], end[:4])].append(_ordered(per_doc)[-1])
    out = []
    for _, figs in chains.items():
        figs.sort(key=lambda f: (f.period_end or "", f.date))
        for a, b in itertools.pairwise(figs):
            if a.copy == b.copy or a.period_end == b.period_end:
                continue
            if lo_at_most_hi(a.q, "rounding", b.q, "rounding", False):
                continue
            pa = _period_label(a.period_start, a.period_end)
            pb = _period_label(b.period_start, b.period_end)
            out.append(
                _finding(
                    "BR302",
                    b,
                    a,
                    f"{_label(b)}为累计数，{pb}（{b.text}，{Path(b.path).name}）反而少于"
                    f"{pa}（{a.text}，{Path(a.path).name}）",
                    f"the running total {b.metric} of {b.scope} falls from {a.text} ({pa}, "
                    f"{a.path}) to {b.text} ({pb}, {b.path})",
                    stated=b.text,
                    expected=f"≥ {a.text}",
                )
            )
    return out


def _growth_pairs(figs: list[_Fig]) -> list[tuple[_Fig, _Fig, bool]]:
    """(value, rate, decrease) where a 同比 rate directly follows the value it measures."""
    w = _words()
    gap = int(w["growth_gap"])
    by_doc: dict[str, list[_Fig]] = defaultdict(list)
    for f in figs:
        by_doc[f.doc_id].append(f)
    out = []
    for fs in by_doc.values():
        fs.sort(key=lambda f: f.start)
        for v, r in itertools.pairwise(fs):
            if r.q.family != "%" or v.q.family == "%" or v.sentence != r.sentence:
                continue
            between_n = r.start - v.end
            if not 0 < between_n <= gap or not _bare_growth(r.metric):
                continue
            between = r.context[-between_n:]
            if not _has(between + r.metric, w["year_on_year"]):
                continue
            decrease = r.negative or _has(between + r.metric, w["decrease"])
            out.append((v, r, decrease))
    return out


def _minus_year(iso: str | None) -> str | None:
    if iso is None:
        return None
    y = int(iso[:4]) - 1
    md = iso[5:]
    if md == "02-29":
        md = "02-28"
    return f"{y:04d}-{md}"


def _year_on_year(all_figs: list[_Fig], facts: list[_Fig]) -> list[ArchiveFinding]:
    """BR303: value and 同比 rate against last year's value in another document."""
    known = _unique([f for f in facts if f.period_end and not _bare_growth(f.metric)], _key)
    out = []
    for v, r, decrease in _growth_pairs(all_figs):
        if not v.period_end or not _statement(v) or not _statement(r):
            continue
        k = (v.scope, v.metric_key, v.subject, v.q.family)
        last_year = known.get((*k, _minus_year(v.period_start), _minus_year(v.period_end)))
        if not last_year:
            continue
        prev = _ordered(last_year)[-1]
        if prev.copy == v.copy:
            continue
        written = r.q.written
        sign = "-" if decrease and not written.startswith("-") else ""
        rate_fig = Figure(
            r.figure_id,
            r.start,
            r.end,
            r.text,
            "percent",
            sign + written,
            "%",
            None,
            None,
            r.q.decimals,
        )
        rate = quantity(rate_fig)
        if rate is None:
            continue
        verdict = judge(_growth, [v.q, prev.q], rate)
        if verdict.status != "inconsistent":
            continue
        computed = fmt(verdict.computed, r.q.decimals)
        when = _period_label(v.period_start, v.period_end)
        out.append(
            _finding(
                "BR303",
                r,
                prev,
                f"{when}{_label(v)}{v.text}，文中同比{'下降' if decrease else '增长'}{r.text}；"
                f"按上年简报（{Path(prev.path).name}）同期{prev.text}计算为{computed}%",
                f"{when} {v.metric} of {v.scope}: {v.text} against {prev.text} a year earlier "
                f"({prev.path}) is {computed}%, not the stated {sign}{written}%",
                stated=f"{sign}{written}%",
                expected=f"{computed}%",
            )
        )
    return out


def _growth(v: Fraction, v0: Fraction) -> Fraction:
    return (v - v0) / v0 * 100


def check_figures(figs: list[_Fig]) -> list[ArchiveFinding]:
    facts = [f for f in figs if _statement(f) and not _bare_growth(f.metric)]
    found = _restated(facts) + _falls(facts) + _year_on_year(figs, facts)
    found.sort(key=lambda x: (x.path, x.start, x.code))
    return found


def check_archive(
    documents: pd.DataFrame, figures: pd.DataFrame, meta: pd.DataFrame | None = None
) -> list[ArchiveFinding]:
    """BR301-BR303 over an archive's ``documents`` and ``figures`` tables (``meta``: the
    metadata of :func:`briefing.read_corpus`, whose ``region`` scopes documents), in
    path and offset order.  As a table: :func:`briefing.batch.corpus.archive_table`."""
    return check_figures(_figures(documents, figures, meta))


def check_archive_parts(
    documents: pd.DataFrame | Iterable[Any], figure_parts: Iterable[pd.DataFrame | Iterable[Any]]
) -> list[ArchiveFinding]:
    """:func:`check_archive` with the ``figures`` table given part by part (in table
    order): only the figures that are compared are kept from one part to the next.  A
    table may also be given as its rows, named tuples with the table's columns (those
    of :data:`DOCUMENT_COLUMNS` and :data:`FIGURE_COLUMNS` at least)."""
    docs = _documents(documents, None)
    figs: list[_Fig] = []
    for part in figure_parts:
        figs.extend(_figures_of(docs, part))
    return check_figures(figs)
