"""Scoring of extracted figures against hand-made gold (evaluation code, not shipped
with the library): ``seed`` for the two real bulletins' seed figures, ``pages_gold`` for
the annotated real excerpts.  Used by ``benchmarks/extract.py``, ``benchmarks/peers.py``
and the tests (``tests/conftest.py`` puts ``benchmarks/`` on the path)."""
