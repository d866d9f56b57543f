"""Shared fixtures: where the real bulletins live (../shared/corpus beside the repo)."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest
from hypothesis import HealthCheck, settings

# evaluation code (gold scoring) lives in benchmarks/, not in the library
sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "benchmarks"))

# No property test may fail because the machine is slow today: no per-example deadline,
# and no "data generation too slow" health check (both are measured on the wall clock).
settings.register_profile("briefing", deadline=None, suppress_health_check=[HealthCheck.too_slow])
settings.load_profile("briefing")

ROOT = Path(__file__).resolve().parents[1]
SHARED_CORPUS = ROOT.parent / "shared" / "corpus"
CORPORA = ROOT / "corpora"


@pytest.fixture(scope="session")
def real_corpus() -> Path:
    assert SHARED_CORPUS.is_dir(), f"real bulletins expected at {SHARED_CORPUS}"
    return SHARED_CORPUS


@pytest.fixture(scope="session")
def real_000(real_corpus: Path) -> Path:
    return next(real_corpus.glob("000_*.txt"))


@pytest.fixture(scope="session")
def real_004(real_corpus: Path) -> Path:
    return next(real_corpus.glob("004_*.txt"))
