"""Units and scales, loaded once from ``data/units.toml``."""

from __future__ import annotations

import re
from dataclasses import dataclass
from decimal import Decimal
from functools import lru_cache
from typing import Any

from briefing import recache
from briefing.data import data_text


@dataclass(slots=True, frozen=True)
class Unit:
    """A unit of measure: canonical name, kind, base unit and factor to it."""

    name: str  # canonical simplified spelling
    kind: str
    base: str
    factor: Decimal
    cn: bool  # may follow a Chinese numeral
    scalable: bool  # a scale (万, 亿) may precede it


@dataclass(slots=True, frozen=True)
class UnitTable:
    """Every unit by each of its spellings, and the scale words."""

    units: dict[str, Unit]  # every spelling (name and aliases) → Unit
    scales: dict[str, Decimal]
    unit_re: re.Pattern[str]  # matches one unit spelling at a position (longest first)
    scale_re: re.Pattern[str]

    def lookup(self, written: str) -> tuple[Unit, str | None] | None:
        """A written unit with optional scale prefix (亿元, 万平方米) → (Unit, scale)."""
        if written in self.units:
            return self.units[written], None
        for sc in sorted(self.scales, key=len, reverse=True):
            if written.startswith(sc) and written[len(sc) :] in self.units:
                u = self.units[written[len(sc) :]]
                if u.scalable:
                    return u, sc
        return None

    def canonical(self, written: str) -> str | None:
        """Canonical spelling of a written unit, keeping its scale: 億元 → 亿元 (on norm)."""
        hit = self.lookup(written)
        if hit is None:
            return None
        u, sc = hit
        return (sc or "") + u.name


@lru_cache(maxsize=1)
def data() -> dict[str, Any]:
    """The parsed ``data/units.toml`` (read once a process: the scales of
    ``briefing.extraction.numbers`` and the table below both come from it)."""
    return recache.toml(data_text("units.toml"))


@lru_cache(maxsize=1)
def table() -> UnitTable:
    data_ = data()
    scales = {k: Decimal(v) for k, v in data_["scales"].items()}
    units: dict[str, Unit] = {}
    for e in data_["unit"]:
        u = Unit(
            name=e["name"],
            kind=e["kind"],
            base=e["base"],
            factor=Decimal(e["factor"]),
            cn=bool(e.get("cn", True)),
            scalable=bool(e.get("scalable", False)),
        )
        units[u.name] = u
        for a in e.get("aliases", []):
            # one-character aliases (方) are too ambiguous after Chinese numerals (一方面)
            units.setdefault(
                a,
                Unit(u.name, u.kind, u.base, u.factor, u.cn and len(a) > 1, u.scalable),
            )
    spellings = sorted(units, key=len, reverse=True)
    unit_re = re.compile("|".join(re.escape(s) for s in spellings))
    scale_re = re.compile("|".join(re.escape(s) for s in sorted(scales, key=len, reverse=True)))
    return UnitTable(units=units, scales=scales, unit_re=unit_re, scale_re=scale_re)


def lookup(written: str) -> tuple[Unit, str | None] | None:
    return table().lookup(written)
