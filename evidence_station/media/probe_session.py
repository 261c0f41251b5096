"""A long-lived, time-limited probe worker for many files in a row (imports, re-checks).

Starting a Python process and importing OpenCV costs ~0.3 s; a card holds hundreds of files. A
:class:`ProbeSession` keeps one worker (``python -m evidence_station.media.worker serve``) and sends it one
file at a time. A file that hangs or crashes the decoder gets the same error answer as with
:func:`~evidence_station.media.probe.probe_media`; the worker is killed and a fresh one starts for the next file.
"""

from __future__ import annotations

import json
import os
import queue
import subprocess
import threading
from pathlib import Path
from types import TracebackType

from evidence_station.media import isolation
from evidence_station.media.info import MediaInfo, triage
from evidence_station.media.isolation import (
    _child_environment,
    _crash_message,
    _kill,
    not_started,
    timed_out,
    unreadable_answer,
)
from evidence_station.media.probe import DEFAULT_TIMEOUT_S


class ProbeSession:
    """One persistent probe worker; not thread-safe (use one per thread). Close it when done."""

    def __init__(self, timeout: float = DEFAULT_TIMEOUT_S) -> None:
        self.timeout = timeout
        self._process: subprocess.Popen[bytes] | None = None
        self._answers: queue.Queue[bytes | None] = queue.Queue()

    def __enter__(self) -> ProbeSession:
        return self

    def __exit__(self, kind: type[BaseException] | None, exc: BaseException | None, tb: TracebackType | None) -> None:
        self.close()

    def _start(self) -> subprocess.Popen[bytes]:
        process = subprocess.Popen(
            isolation.worker_command("serve"),
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            stderr=subprocess.DEVNULL,
            env=_child_environment(),
            start_new_session=os.name == "posix",
        )
        answers: queue.Queue[bytes | None] = queue.Queue()

        def pump() -> None:
            assert process.stdout is not None
            for line in process.stdout:
                answers.put(line)
            answers.put(None)

        threading.Thread(target=pump, name="probe-reader", daemon=True).start()
        self._answers = answers
        self._process = process
        return process

    def _stop(self) -> None:
        if self._process is not None:
            _kill(self._process)
            self._process.wait()
            self._process = None

    def probe(self, path: Path, name: str | None = None) -> MediaInfo:
        """Probe one file; never raises for a bad file (see :func:`probe_media`)."""
        kind, _head, verdict = triage(path, name)
        if verdict is not None:
            return verdict
        try:
            process = self._process if self._process and self._process.poll() is None else self._start()
            assert process.stdin is not None
            request = {"path": str(Path(path).absolute()), "name": name or Path(path).name}
            # ASCII JSON: a name or path that is not valid UTF-8 (surrogate escapes) travels as \udcXX escapes
            # and comes back as the same str in the worker, instead of failing to encode here.
            process.stdin.write((json.dumps(request) + "\n").encode("ascii"))
            process.stdin.flush()
        except OSError as exc:
            self._stop()
            return MediaInfo(kind, False).failed(*not_started(exc))
        try:
            line = self._answers.get(timeout=self.timeout)
        except queue.Empty:
            self._stop()
            return MediaInfo(kind, False).failed(*timed_out(self.timeout))
        if line is None:
            code = process.wait()
            self._process = None
            return MediaInfo(kind, False).failed(*_crash_message(code, b""))
        try:
            return MediaInfo.from_dict(json.loads(line))
        except (KeyError, TypeError, ValueError):
            return MediaInfo(kind, False).failed(*unreadable_answer())

    def close(self) -> None:
        """End the worker at once: it is idle between requests and keeps nothing worth a clean exit (waiting
        for its interpreter and OpenCV to shut down cost ~0.1 s at the end of every import)."""
        if self._process is not None:
            try:
                if self._process.stdin:
                    self._process.stdin.close()
            except OSError:
                pass
            self._stop()


class ProbePool:
    """Up to ``size`` probe workers shared by several threads (photo-heavy cards probe two files at once).

    A worker process starts only when a thread needs one and none is idle; the most recently used worker
    is handed out first, so an import whose probes never overlap runs a single worker.
    """

    def __init__(self, size: int, timeout: float = DEFAULT_TIMEOUT_S) -> None:
        self._idle: queue.LifoQueue[ProbeSession] = queue.LifoQueue()
        self._sessions = [ProbeSession(timeout) for _ in range(max(1, size))]
        for session in reversed(self._sessions):
            self._idle.put(session)

    def __enter__(self) -> ProbePool:
        return self

    def __exit__(self, kind: type[BaseException] | None, exc: BaseException | None, tb: TracebackType | None) -> None:
        self.close()

    def probe(self, path: Path, name: str | None = None) -> MediaInfo:
        """Probe one file with an idle worker (waiting for one if all are busy)."""
        session = self._idle.get()
        try:
            return session.probe(path, name)
        finally:
            self._idle.put(session)

    def close(self) -> None:
        """End every worker."""
        for session in self._sessions:
            session.close()
