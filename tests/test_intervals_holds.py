"""``holds`` (the strict tier alone) agrees with ``judge`` on whether a reading is
consistent, for shares, sums and other functions, near and far from the stated figure,
zero divisors included; ``Q.value_key`` and ``Q.with_numeral`` agree with the exact
value and with a fresh figure."""

from __future__ import annotations

import random
from decimal import Decimal
from fractions import Fraction

from briefing.checks.intervals import Q, add_all, holds, judge, judge_exact, quantity, share_of
from briefing.model import Figure


def _q(value: str, unit: str, kind: str, qualifier: str | None = None) -> Q:
    dec = len(value.split(".")[1]) if "." in value else 0
    text = value + unit
    out = quantity(Figure("f", 0, len(text), text, kind, value, unit, qualifier, None, dec))
    assert out is not None
    return out


def _num(rng: random.Random, zero: bool = True) -> str:
    if zero and rng.random() < 0.05:
        return rng.choice(["0", "0.0"])
    return f"{rng.randint(1, 99999) / 10 ** rng.randint(0, 2):.{rng.randint(0, 2)}f}"


def _growth(a: Fraction, b: Fraction) -> Fraction:
    return (a - b) / b * 100


def test_holds_is_judge_consistent() -> None:
    rng = random.Random(20261202)
    seen: set[tuple[str, bool]] = set()
    for _ in range(1500):
        a, b = _num(rng), _num(rng)
        qual = rng.choice([None, None, None, "approx", "over"])
        part, whole = _q(a, "万元", "money", qual), _q(b, rng.choice(["万元", "亿元"]), "money")
        if Fraction(b) != 0 and rng.random() < 0.5:  # near the true share: borderline cases
            true = Fraction(part.value) / whole.value * 100
            p = f"{float(true):.{rng.randint(0, 2)}f}"
        else:
            p = f"{rng.uniform(-50, 200):.{rng.randint(0, 2)}f}"
        rate = _q(p, "%", "percent")
        total = _q(_num(rng), "万元", "money")
        for fn, ops, st in (
            (share_of, [part, whole], rate),
            (_growth, [part, whole], rate),
            (add_all, [part, whole], total),
            (add_all, [part, part], _q(str(2 * Decimal(a)), "万元", "money")),
        ):
            expected = judge(fn, ops, st).status == "consistent"  # type: ignore[arg-type]
            assert holds(fn, ops, st) == expected, (fn.__name__, a, b, p)  # type: ignore[arg-type]
            exact = judge_exact(fn, ops, st).status == "consistent"  # type: ignore[arg-type]
            assert expected == exact
            seen.add((fn.__name__, expected))
    # both outcomes met for every function (the borderline shares too)
    assert len(seen) == 6, seen


def test_value_key_and_with_numeral() -> None:
    rng = random.Random(7)
    for _ in range(500):
        q = _q(_num(rng), rng.choice(["元", "万元", "亿元", "个", "%"]), "money")
        fresh = _q(q.written, q.unit, "money")
        assert fresh.value_key() == (fresh.value.numerator, fresh.value.denominator)
        assert q.value_key() == fresh.value_key()
        w = _num(rng, zero=False)
        alt = q.with_numeral(w)
        again = _q(w, q.unit, "money")
        assert (alt.written, alt.decimals, alt.scale, alt.family) == (
            again.written,
            again.decimals,
            again.scale,
            again.family,
        )
        assert alt.value == again.value and alt.value_key() == again.value_key()
