"""Entry point of the frozen (PyInstaller) program: the command-line interface, or a media worker.

In a frozen program ``sys.executable`` is this program, not a Python interpreter, so
``evidence_station.media.isolation`` starts its isolated decoder as ``<program> --media-worker ARGS``
instead of ``python -m evidence_station.media.worker ARGS``. Everything else is the normal CLI
(``evidence-station gui`` starts the desktop program; with no arguments the GUI starts too, so the
Start-menu/desktop entry and a double click work).

``<program> --self-check [VIDEO]`` (hidden; used by ``installers/smoke_test.sh`` and handy on a desk that
misbehaves) prints one JSON object saying where the translations, the PDF font and libvlc were found, and
exits 1 when one of them is missing or does not come from the program folder; with ``VIDEO`` it also plays
that file for a moment with libvlc's dummy outputs.
"""

import json
import multiprocessing
import os
import sys
import time
from pathlib import Path

MEDIA_WORKER_FLAG = "--media-worker"
SELF_CHECK_FLAG = "--self-check"


def _inside_bundle(path: object) -> bool:
    bundle = Path(getattr(sys, "_MEIPASS", Path(sys.executable).parent)).resolve()
    return path is not None and bundle in Path(str(path)).resolve().parents


def _loaded_libvlccore() -> str | None:
    """The libvlccore this process mapped (Linux only; None elsewhere or when not loaded)."""
    try:
        maps = Path("/proc/self/maps").read_text()
    except OSError:
        return None
    paths = (line.split()[-1] for line in maps.splitlines() if "libvlccore" in line)
    return next(paths, None)


def _play_briefly(video: str) -> str | None:
    """Play ``video`` headless for up to 5 s; None when it played, else what went wrong."""
    from evidence_station.playback.vlc_backend import VlcPlayer

    player = VlcPlayer(headless=True)
    try:
        player.load(video)
        player.play()
        deadline = time.monotonic() + 5
        while time.monotonic() < deadline:
            if player.position_ms > 0 or player.state == "ended":
                return None
            if player.state == "error":
                return player.error_message or "libvlc reported an error"
            time.sleep(0.1)
        return "the video did not start within 5 s"
    finally:
        player.close()


def self_check(argv: list[str]) -> int:
    """Check the bundled translations, PDF font and libvlc; print a JSON report; 0 when all are fine."""
    from evidence_station.export.fonts import find_cjk_font
    from evidence_station.gui.i18n import DEFAULT_LANGUAGE, catalogue_file
    from evidence_station.playback.availability import vlc_status

    report: dict[str, object] = {"frozen": bool(getattr(sys, "frozen", False)), "problems": []}
    problems: list[str] = report["problems"]  # type: ignore[assignment]
    catalogue = catalogue_file(DEFAULT_LANGUAGE)
    report["translation"] = str(catalogue) if catalogue else None
    if not _inside_bundle(catalogue):
        problems.append(f"the {DEFAULT_LANGUAGE} translation is not the bundled one ({catalogue})")
    try:
        font = find_cjk_font()
    except Exception as exc:  # MissingToolError, reported as text
        font, report["font_error"] = None, str(exc)
    report["pdf_font"] = str(font) if font else None
    if not _inside_bundle(font):
        problems.append(f"the PDF font is not the bundled one ({font})")
    ok, message = vlc_status()
    report["vlc"] = message
    report["vlc_lib_path"] = os.environ.get("PYTHON_VLC_LIB_PATH")
    if not ok:
        problems.append(message)
    bundled_vlc = report["vlc_lib_path"] is not None
    core = _loaded_libvlccore()
    report["libvlccore"] = core
    if bundled_vlc and core is not None and not _inside_bundle(core):
        problems.append(f"libvlccore was loaded from {core}, not from the program folder")
    if ok and argv:
        failure = _play_briefly(argv[0])
        report["playback"] = failure or "played"
        if failure:
            problems.append(f"{argv[0]} did not play: {failure}")
    print(json.dumps(report, ensure_ascii=False, indent=2))
    return 1 if problems else 0


def main(argv: list[str]) -> int:
    """Dispatch one run of the frozen program; returns the exit status."""
    if argv[:1] == [MEDIA_WORKER_FLAG]:
        from evidence_station.media.worker import main as worker_main

        return worker_main(argv[1:])
    if argv[:1] == [SELF_CHECK_FLAG]:
        return self_check(argv[1:])
    from evidence_station.cli.main import main as cli_main

    return cli_main(argv or ["gui"])


if __name__ == "__main__":
    multiprocessing.freeze_support()
    sys.exit(main(sys.argv[1:]))
