"""Number grammar: table-driven cases from tests/cases/*.tsv plus a fuzz test."""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from briefing.extraction import numbers

CASES = Path(__file__).parent / "cases"


def _rows(name: str) -> list[list[str]]:
    rows = []
    for line in (CASES / name).read_text(encoding="utf-8").splitlines():
        if line.strip() and not line.startswith("#"):
            rows.append(line.split("\t"))
    return rows


def _opt(s: str) -> str | None:
    return None if s == "-" else s


@pytest.mark.parametrize("row", _rows("numbers.tsv"), ids=lambda r: r[0])
def test_parses_number_expression(row: list[str]) -> None:
    text, value, upper, scale, decimals, exact, qual, neg, unit = row
    n = numbers.parse(text)
    assert n is not None, text
    assert n.value == value
    assert n.upper == _opt(upper)
    assert n.scale == _opt(scale)
    assert n.decimals == int(decimals)
    assert n.exact == Decimal(exact)
    assert n.qualifier == _opt(qual)
    assert n.negative is (neg == "yes")
    assert n.unit == _opt(unit)


@pytest.mark.parametrize("row", _rows("numbers_invalid.tsv"), ids=lambda r: r[0])
def test_rejects_non_numbers(row: list[str]) -> None:
    assert numbers.parse(row[0]) is None


@pytest.mark.parametrize("row", _rows("numbers_cn_generated.tsv"), ids=lambda r: r[0])
def test_reads_chinese_numeral(row: list[str]) -> None:
    assert numbers.cn_to_int(row[0]) == int(row[1])


def test_generated_table_is_large_enough() -> None:
    assert len(_rows("numbers_cn_generated.tsv")) + len(_rows("numbers.tsv")) >= 300


def test_reads_traditional_scale_via_normalization() -> None:
    n = numbers.parse("12億")
    assert n is not None and n.exact == Decimal("1200000000") and n.scale == "亿"


def test_decimal_str_is_exact_without_exponent() -> None:
    assert numbers.decimal_str(Decimal("42.8") * Decimal(10**8)) == "4280000000"
    assert numbers.decimal_str(Decimal("0.0005") * 3) == "0.0015"


@settings(max_examples=300, deadline=None)
@given(st.text(max_size=40))
def test_parse_never_raises_on_random_text(s: str) -> None:
    n = numbers.parse(s)
    if n is not None:
        assert isinstance(n.exact, Decimal)


@settings(max_examples=200, deadline=None)
@given(st.text(alphabet="零〇一二两三四五六七八九十百千万亿点余多-至%成0123456789.,", max_size=12))
def test_parse_never_raises_on_numeral_soup(s: str) -> None:
    numbers.parse(s)
    numbers.cn_to_decimal(s)


def test_scale_words_come_from_one_table_shared_by_extraction_and_checks() -> None:
    # data/units.toml [scales] is the only list of scale words: numbers, units and the
    # checks' interval arithmetic read it, so they cannot disagree (they once did: the
    # checks knew no 十亿 and no 百)
    import tomllib
    from fractions import Fraction

    from briefing.checks.intervals import _scales
    from briefing.data import data_text
    from briefing.extraction.numbers import SCALES
    from briefing.extraction.units import table

    data = {k: int(v) for k, v in tomllib.loads(data_text("units.toml"))["scales"].items()}
    assert SCALES == data
    assert {k: int(v) for k, v in table().scales.items()} == data
    assert dict(_scales()) == {k: Fraction(v) for k, v in data.items()}
    assert "scales" not in tomllib.loads(data_text("checks.toml"))
    assert list(SCALES) == sorted(SCALES, key=len, reverse=True)
