"""A pre-loaded launcher for crash tests: forks a fresh process per CLI run, so a kill lands in real work.

Run as ``python -m tests.reliability.zygote``. It imports the station's heavy modules (and parses the CJK
font) once, says ``ready``, then reads one JSON request per line on stdin:
``{"argv": [...], "stdout": PATH, "events": PATH, "stop_at": {"message": TEXT, "nth": N}}`` (the last two
optional). For each it forks a child that runs ``evidence_station.cli.main.main(argv)`` with stdout sent to
PATH, prints ``pid N``, waits for the child and prints ``exit N CODE`` (CODE is ``-9`` when the child was
killed by SIGKILL). The zygote itself never opens a catalogue and runs no thread, so forking it is safe.

With ``events``, the child appends every progress report of the command (what the CLI's progress line
shows) to that file, one JSON object a line. With ``stop_at``, the child freezes itself (SIGSTOP, every
thread at once) right after the ``nth`` report whose message contains ``message``: the test then kills it
at a known step of the work, however fast or slow this machine is.
"""

from __future__ import annotations

import json
import os
import signal
import sys
import threading
from typing import Any


def _preload() -> None:
    from evidence_station.identity.pyhanko_imports import quiet_pyhanko_imports

    with quiet_pyhanko_imports():
        import pyhanko.sign  # noqa: F401  (what the signed PDFs need, loaded once)

    import evidence_station.cli.main
    import evidence_station.services.export_service
    import evidence_station.services.import_receipt
    import evidence_station.services.import_service  # noqa: F401
    from evidence_station.export.fonts import register_cjk_font

    register_cjk_font()


def _watch_progress(events: str, stop_at: dict[str, Any] | None) -> None:
    """Log every progress report to ``events``; freeze the process at the one ``stop_at`` names."""
    from evidence_station.cli.output import ProgressPrinter
    from evidence_station.domain.progress import Progress

    show = ProgressPrinter.__call__
    log = open(events, "a", encoding="utf-8")  # noqa: SIM115  (open until the process ends)
    lock = threading.Lock()
    seen = {"all": 0, "matching": 0}

    def watched(printer: ProgressPrinter, progress: Progress) -> None:
        with lock:
            seen["all"] += 1
            stop = False
            if stop_at is not None and stop_at["message"] in progress.message:
                seen["matching"] += 1
                stop = seen["matching"] == stop_at["nth"]
            event = {"n": seen["all"], "message": progress.message, "unit": progress.unit, "done": progress.done,
                     "total": progress.total, "item": progress.item, "stopped": stop}
            log.write(json.dumps(event, ensure_ascii=False) + "\n")
            log.flush()
            if stop:
                os.kill(os.getpid(), signal.SIGSTOP)  # the test kills the process while it is frozen here
        show(printer, progress)

    ProgressPrinter.__call__ = watched  # type: ignore[method-assign]


def _child(argv: list[str], stdout: str, events: str | None, stop_at: dict[str, Any] | None) -> None:
    code = 70
    try:
        if events is not None:
            _watch_progress(events, stop_at)
        fd = os.open(stdout, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
        os.dup2(fd, 1)
        os.close(fd)
        sys.stdout = os.fdopen(1, "w", encoding="utf-8", closefd=False)
        from evidence_station.cli.main import main

        code = main(argv)
    finally:
        sys.stdout.flush()
        os._exit(code)


def serve() -> None:
    """Answer fork requests until stdin closes."""
    _preload()
    print("ready", flush=True)
    for line in sys.stdin:
        request = json.loads(line)
        pid = os.fork()
        if pid == 0:
            _child(request["argv"], request["stdout"], request.get("events"), request.get("stop_at"))
        print(f"pid {pid}", flush=True)
        _, status = os.waitpid(pid, 0)
        code = -os.WTERMSIG(status) if os.WIFSIGNALED(status) else os.WEXITSTATUS(status)
        print(f"exit {pid} {code}", flush=True)


if __name__ == "__main__":
    serve()
