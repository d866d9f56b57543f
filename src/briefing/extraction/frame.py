"""Figures as a typed pandas DataFrame (pandas is imported only here)."""

from __future__ import annotations

from collections.abc import Iterable
from typing import TYPE_CHECKING

from briefing.model import Figure

if TYPE_CHECKING:
    import pandas as pd

COLUMNS = [
    "doc", "id", "start", "end", "text", "kind", "value", "value_float", "upper", "unit",
    "base_value", "base_float", "base_unit", "decimals", "qualifier", "negative", "metric",
    "subject", "period", "period_start", "period_end", "period_cumulative", "sentence", "section",
]  # fmt: skip

_STRING = [
    "doc", "id", "text", "kind", "value", "upper", "unit", "base_value", "base_unit",
    "qualifier", "metric", "subject", "period", "period_start", "period_end", "section",
]  # fmt: skip


def _to_float(s: str | None) -> float | None:
    if s is None:
        return None
    try:
        return float(s)
    except ValueError:
        return None  # dates carry ISO strings in value


def figures_frame(figures: Iterable[Figure]) -> pd.DataFrame:
    """One row per figure. Exact values stay strings (value, base_value); value_float and
    base_float are float64 conveniences; start/end/decimals/sentence are nullable Int64."""
    import pandas as pd

    rows = []
    for f in figures:
        d = f.to_dict()
        d["value_float"] = _to_float(f.value) if f.kind != "date" else None
        d["base_float"] = _to_float(f.base_value)
        rows.append(d)
    df = pd.DataFrame(rows, columns=COLUMNS)
    for c in _STRING:
        df[c] = df[c].astype("string")
    for c in ("start", "end", "decimals", "sentence"):
        df[c] = df[c].astype("Int64")
    for c in ("value_float", "base_float"):
        df[c] = df[c].astype("float64")
    df["negative"] = df["negative"].astype("boolean")
    df["period_cumulative"] = df["period_cumulative"].astype("boolean")
    return df
