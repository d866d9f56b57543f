"""Temporary files that Ctrl-C never leaves behind, whichever moment it lands.

Every file the batch code writes is first written under a temporary name and then
moved into place with :func:`os.replace`.  An interrupt can land at any bytecode of
the main thread — before the temporary exists, while a library is writing it, after
it was written but before the rename, or in the writer's own clean-up — so the writers
and the SIGINT handler follow one protocol about who removes a temporary:

1. A writer *registers* each temporary path (:func:`temporaries`) **before** creating
   the file, and the block's exit removes whatever is still there (``try/finally``,
   for every exception, in every thread and process).
2. While :func:`interrupts_clean_up` is active (``convert`` runs inside it), the SIGINT
   handler does what the handler it replaced did (``KeyboardInterrupt`` by default)
   and, when that interrupts, first removes every registered temporary of this
   process.  So an interrupt that lands between "registered" and "created", or
   between "finally began" and "file removed", still finds the path registered and
   removes it.  (A handler of the caller's that returns normally interrupts nothing,
   and then nothing is removed.)
3. Inside :func:`critical` (moving a part's files into place and appending its
   manifest line) SIGINT is only recorded; the block's end removes the temporaries and
   raises then.  A set of moves is therefore never half done by an interrupt.

Only the main thread is interrupted by Python, so only its temporaries are registered
for the handler; worker processes ignore SIGINT (see :mod:`briefing.batch.engines`) and
a forked child forgets its parent's registry.
"""

from __future__ import annotations

import contextlib
import os
import signal
import threading
from collections.abc import Callable, Iterable, Iterator
from pathlib import Path
from types import FrameType
from typing import Any

#: Temporaries of this process's main thread that may exist and are not yet in place.
_registered: set[str] = set()
#: Depth of :func:`critical` blocks in the main thread.
_deferring = 0
#: Signals that arrived during a critical block.
_pending: list[int] = []
#: The SIGINT handler ours replaced, while ours is installed.
_previous: Callable[[int, FrameType | None], Any] | None = None


def _forget_after_fork() -> None:
    global _deferring, _previous
    _registered.clear()
    _pending.clear()
    _deferring = 0
    _previous = None


if hasattr(os, "register_at_fork"):
    os.register_at_fork(after_in_child=_forget_after_fork)


def _main_thread() -> bool:
    return threading.current_thread() is threading.main_thread()


def _unlink(path: str) -> bool:
    """Remove ``path`` (a file, or a folder with its contents); True when it is gone."""
    if os.path.isdir(path) and not os.path.islink(path):
        import shutil

        shutil.rmtree(path, ignore_errors=True)  # a worker may still add a file: retried
        return not os.path.lexists(path)
    try:
        os.unlink(path)
    except FileNotFoundError:
        return True
    except OSError:  # e.g. still open on Windows: the writer's ``finally`` retries
        return False
    return True


def remove_registered() -> None:
    """Remove every registered temporary (what the SIGINT handler does first)."""
    for path in list(_registered):
        if _unlink(path):
            _registered.discard(path)


def _interrupt(signum: int, frame: FrameType | None, previous: Any = None) -> None:
    """Run the replaced handler; if it interrupts (raises), the temporaries go first.

    The replaced handler is also put back then: the run is being unwound, and whichever
    line the unwinding skips, the process is not left with this handler installed.
    """
    previous = previous or _previous or signal.default_int_handler
    try:
        previous(signum, frame)
    except BaseException:
        # the code that was writing them is being unwound: nobody else will finish them
        remove_registered()
        if _main_thread() and signal.getsignal(signal.SIGINT) is _handler:
            signal.signal(signal.SIGINT, previous)
        raise


def _handler(signum: int, frame: FrameType | None) -> None:
    if _deferring:
        _pending.append(signum)
        return
    _pending.clear()
    _interrupt(signum, frame)


@contextlib.contextmanager
def interrupts_clean_up() -> Iterator[None]:
    """While active, Ctrl-C removes the registered temporaries before it interrupts.

    Installs the handler in the main thread when SIGINT has a Python handler (the
    default ``KeyboardInterrupt`` one, or the caller's own, which is still called).
    Nested use, other threads, and SIGINT ignored or left to the OS: nothing changes.
    """
    global _previous
    current = signal.getsignal(signal.SIGINT) if _main_thread() else None
    if current is _handler or not callable(current):
        yield
        return
    try:
        _previous = current
        signal.signal(signal.SIGINT, _handler)
        yield
    finally:
        # A Ctrl-C landing here, or pending when signal.signal() swaps (it runs pending
        # handlers first), interrupts through _handler, which puts ``current`` back
        # itself: either way the old handler is restored.
        signal.signal(signal.SIGINT, current)
        _previous = None


@contextlib.contextmanager
def critical() -> Iterator[None]:
    """Hold SIGINT until the block ends, then clean up and interrupt (main thread only)."""
    global _deferring
    if not _main_thread():
        yield
        return
    with interrupts_clean_up():
        if signal.getsignal(signal.SIGINT) is not _handler:  # SIGINT ignored or fatal
            yield
            return
        _deferring += 1
        try:
            yield
        finally:
            _deferring -= 1
            if not _deferring and _pending:
                signum = _pending[0]
                _pending.clear()
                _interrupt(signum, None)


@contextlib.contextmanager
def temporaries(paths: Iterable[Path]) -> Iterator[list[Path]]:
    """Register ``paths`` as temporaries; on leaving, remove the ones still there.

    A temporary may be a folder (a run's staging folder): it goes with its contents.

    Create the files inside the block, and move each into place (:func:`os.replace`)
    inside the block too; the exit then finds nothing left to remove.
    """
    tmps = list(paths)
    names = [os.fspath(p) for p in tmps]
    main = _main_thread()
    if main:
        _registered.update(names)
    try:
        yield tmps
    finally:
        with critical():
            for name in names:
                if _unlink(name) and main:
                    _registered.discard(name)


@contextlib.contextmanager
def temporary(path: Path) -> Iterator[Path]:
    """:func:`temporaries` for one path."""
    with temporaries([path]) as (tmp,):
        yield tmp
