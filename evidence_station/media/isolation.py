"""Run media work in a separate, time-limited process, so a hostile file cannot crash or hang the station.

The child is ``python -m evidence_station.media.worker ...``; it prints one JSON object as its last line
of standard output. A crash, a non-zero exit, garbage output or a timeout (the child and anything it
started are killed) all come back as a :class:`WorkerOutcome` with a sentence in ``error`` (and in Chinese in
``error_zh``).
"""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from evidence_station.domain.messages import Msg

WORKER_MODULE = "evidence_station.media.worker"
#: The hidden first argument that makes the frozen program act as the worker.
FROZEN_WORKER_FLAG = "--media-worker"
_PACKAGE_ROOT = Path(__file__).resolve().parents[2]
_MAX_MESSAGE = 300


@dataclass(frozen=True)
class WorkerOutcome:
    """What a worker run produced: ``payload`` is its JSON object, or None with ``error`` (and ``error_zh``,
    the same in Chinese) set."""

    payload: dict[str, Any] | None
    error: str | None = None
    timed_out: bool = False
    error_zh: str | None = None


def worker_command(*args: str) -> list[str]:
    """The command line of one worker run (tests replace this to simulate a hanging decoder).

    A frozen (PyInstaller) program is not a Python interpreter: it runs the worker itself when given
    ``--media-worker`` (see ``installers/frozen_main.py``).
    """
    if getattr(sys, "frozen", False):
        return [sys.executable, FROZEN_WORKER_FLAG, *args]
    return [sys.executable, "-m", WORKER_MODULE, *args]


def _child_environment() -> dict[str, str]:
    env = dict(os.environ)
    paths = [str(_PACKAGE_ROOT), *filter(None, env.get("PYTHONPATH", "").split(os.pathsep))]
    env["PYTHONPATH"] = os.pathsep.join(dict.fromkeys(paths))
    env.setdefault("OPENCV_LOG_LEVEL", "ERROR")
    env.setdefault("OPENCV_FFMPEG_LOGLEVEL", "-8")
    # One thread per numeric library: the worker decodes one file at a time, and numpy's OpenBLAS would
    # otherwise start a spinning thread per core in every worker (measured: a third of its start-up CPU).
    for variable in ("OPENBLAS_NUM_THREADS", "OMP_NUM_THREADS"):
        env.setdefault(variable, "1")
    return env


def _kill(process: subprocess.Popen[bytes]) -> None:
    """Kill the child and its process group (the group exists because the child started a new session)."""
    try:
        if os.name == "posix":
            os.killpg(process.pid, signal.SIGKILL)
        else:
            process.kill()
    except (ProcessLookupError, PermissionError):
        pass


def _both(said: Msg) -> tuple[str, str]:
    """A sentence in English and in Chinese (a file's media information keeps both)."""
    return str(said), said.render("zh_CN")


def _crash_message(returncode: int, stderr: bytes) -> tuple[str, str]:
    """Why the worker ended without an answer, in English and in Chinese."""
    if returncode < 0:
        try:
            name = signal.Signals(-returncode).name
        except ValueError:
            name = str(-returncode)
        return _both(Msg("The decoder crashed on this file (signal {signal}); the file is probably damaged or "
                         "hostile.", signal=name))
    lines = [line for line in stderr.decode("utf-8", "replace").splitlines() if line.strip()]
    if lines:
        return _both(Msg("The decoder failed on this file ({detail}).", detail=lines[-1].strip()[:_MAX_MESSAGE]))
    return _both(Msg("The decoder failed on this file (exit status {status}).", status=returncode))


def not_started(exc: OSError) -> tuple[str, str]:
    """The worker could not be started, in English and in Chinese."""
    return _both(Msg("The media worker could not be started: {why}.", why=exc.strerror or str(exc)))


def timed_out(timeout: float) -> tuple[str, str]:
    """The worker was stopped after ``timeout`` seconds, in English and in Chinese."""
    return _both(Msg("The decoder did not finish within {seconds:g} seconds and was stopped.", seconds=timeout))


def unreadable_answer() -> tuple[str, str]:
    """The worker's answer could not be read, in English and in Chinese."""
    return _both(Msg("The media worker gave an answer that cannot be understood."))


def run_worker(args: list[str], timeout: float) -> WorkerOutcome:
    """Run the worker with ``args`` for at most ``timeout`` seconds and return its JSON object."""
    try:
        process = subprocess.Popen(
            worker_command(*args),
            stdin=subprocess.DEVNULL,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            env=_child_environment(),
            start_new_session=os.name == "posix",
        )
    except OSError as exc:
        english, chinese = not_started(exc)
        return WorkerOutcome(None, english, error_zh=chinese)
    try:
        stdout, stderr = process.communicate(timeout=timeout)
    except subprocess.TimeoutExpired:
        _kill(process)
        process.communicate()
        english, chinese = timed_out(timeout)
        return WorkerOutcome(None, english, timed_out=True, error_zh=chinese)
    if process.returncode != 0:
        english, chinese = _crash_message(process.returncode, stderr)
        return WorkerOutcome(None, english, error_zh=chinese)
    lines = stdout.decode("utf-8", "replace").strip().splitlines()
    try:
        payload = json.loads(lines[-1]) if lines else None
    except ValueError:
        payload = None
    if not isinstance(payload, dict):
        return WorkerOutcome(None, "The media worker gave no readable answer.",
                             error_zh="媒体处理子进程没有给出可读的应答。")
    return WorkerOutcome(payload)
