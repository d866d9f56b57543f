"""Sessions: one private temporary folder per upload, reached only through its id.

An upload creates a session: an id of 32 random bytes (:func:`secrets.token_urlsafe`,
so it cannot be guessed) and a folder made by :func:`tempfile.mkdtemp` (mode 0700)
inside the server's own temporary folder.  Every page and file of the session is
served under ``/s/<id>/``, and files are looked up by their number in the session,
never by a path from the request, so one editor's files cannot be reached from
another's session and no request names a file on disk.

A session expires :attr:`Sessions.ttl` seconds after it was last used; expired
sessions are removed (folder and all) on the next request and by a sweep every
minute, the oldest are removed
when there are more than :attr:`Sessions.max_sessions`, and everything is removed
when the server stops.  A session in use (a download being rendered) is not removed.
"""

from __future__ import annotations

import secrets
import shutil
import tempfile
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any


@dataclass(slots=True)
class Session:
    """One session of the review page: its folder and results."""

    sid: str
    folder: Path
    created: float
    last_seen: float
    severity: str = "warning"
    results: list[Any] = field(default_factory=list)  # briefing.serve.work.Result
    busy: int = 0
    lock: Any = None  # an anyio.Lock, made by the app: one rendering at a time


class Sessions:
    """The live sessions of one server (thread-safe: rendering runs in worker threads)."""

    def __init__(
        self,
        *,
        ttl: float = 2 * 3600,
        max_sessions: int = 64,
        clock: Callable[[], float] = time.monotonic,
        root: str | Path | None = None,
    ) -> None:
        self.ttl = ttl
        self.max_sessions = max_sessions
        self.clock = clock
        self.root = Path(tempfile.mkdtemp(prefix="briefing-serve-", dir=root))
        self._live: dict[str, Session] = {}
        self._lock = threading.Lock()

    def new(self) -> Session:
        """A new session with its own private folder."""
        self.sweep()
        now = self.clock()
        folder = Path(tempfile.mkdtemp(prefix="s-", dir=self.root))
        session = Session(secrets.token_urlsafe(32), folder, now, now)
        with self._lock:
            self._live[session.sid] = session
            extra = len(self._live) - self.max_sessions
            oldest = sorted(
                (s for s in self._live.values() if s.busy == 0 and s is not session),
                key=lambda s: s.last_seen,
            )[: max(0, extra)]
            for s in oldest:
                self._drop(s)
        return session

    def get(self, sid: str) -> Session | None:
        """The live session ``sid`` (its clock restarted), or None."""
        self.sweep()
        with self._lock:
            session = self._live.get(sid)
            if session is not None:
                session.last_seen = self.clock()
            return session

    def discard(self, session: Session) -> None:
        with self._lock:
            self._drop(session)

    def sweep(self) -> int:
        """Remove the sessions unused for longer than ``ttl``; return how many."""
        now = self.clock()
        with self._lock:
            old = [s for s in self._live.values() if s.busy == 0 and now - s.last_seen > self.ttl]
            for s in old:
                self._drop(s)
        return len(old)

    def close(self) -> None:
        """Remove every session and the server's temporary folder."""
        with self._lock:
            for s in list(self._live.values()):
                self._drop(s)
        shutil.rmtree(self.root, ignore_errors=True)

    def __len__(self) -> int:
        return len(self._live)

    def _drop(self, session: Session) -> None:
        self._live.pop(session.sid, None)
        shutil.rmtree(session.folder, ignore_errors=True)
