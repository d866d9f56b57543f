"""Pausing Python's cyclic garbage collector while a file's figures are extracted and
checked (``briefing check``, and ``briefing convert``'s workers).

Extraction and the checks make no reference cycles (``tests/test_check_collector.py``
checks the bulletins of ``corpora/`` leave none; on an 8 MB text the collector freed
nothing), so everything they drop is freed at once by reference counting, and every
pass of the collector only walks the figures and the checks' lookup tables, which grow
with the document: 9% of the CPU time of an 8 MB check, the full passes more the longer
the text, and 7% of a batch of small bulletins.  Reading is not paused: the readers'
libraries (PDF layout trees, parsed XML) may make cycles; nor is rendering a ``.docx``.
"""

from __future__ import annotations

import contextlib
import gc
from collections.abc import Iterator


@contextlib.contextmanager
def paused() -> Iterator[None]:
    """The cyclic garbage collector paused for the block, and resumed after (as it was)."""
    was = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was:
            gc.enable()
