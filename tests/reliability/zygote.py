"""A pre-loaded launcher for crash tests: forks a fresh process per CLI run, so a kill lands in real work.

Run as ``python -m tests.reliability.zygote``. It imports the station's heavy modules (and parses the CJK
font) once, says ``ready``, then reads one JSON request per line on stdin:
``{"argv": [...], "stdout": PATH}``. For each it forks a child that runs
``evidence_station.cli.main.main(argv)`` with stdout sent to PATH, prints ``pid N``, waits for the child
and prints ``exit N CODE`` (CODE is ``-9`` when the child was killed by SIGKILL). The zygote itself never
opens a catalogue and runs no thread, so forking it is safe.
"""

from __future__ import annotations

import json
import os
import sys


def _preload() -> None:
    from evidence_station.export.pyhanko_imports import quiet_pyhanko_imports

    with quiet_pyhanko_imports():
        import pyhanko.sign  # noqa: F401  (what the signed PDFs need, loaded once)

    import evidence_station.cli.main
    import evidence_station.services.export_service
    import evidence_station.services.import_receipt
    import evidence_station.services.import_service  # noqa: F401
    from evidence_station.export.fonts import register_cjk_font

    register_cjk_font()


def _child(argv: list[str], stdout: str) -> None:
    fd = os.open(stdout, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    os.dup2(fd, 1)
    os.close(fd)
    sys.stdout = os.fdopen(1, "w", encoding="utf-8", closefd=False)
    code = 70
    try:
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
            _child(request["argv"], request["stdout"])
        print(f"pid {pid}", flush=True)
        _, status = os.waitpid(pid, 0)
        code = -os.WTERMSIG(status) if os.WIFSIGNALED(status) else os.WEXITSTATUS(status)
        print(f"exit {pid} {code}", flush=True)


if __name__ == "__main__":
    serve()
