"""Open → first frame: our player window (``open_player``) against bare python-vlc on the same file.

Both sides start from nothing loaded and stop the clock when libvlc reports a playing time above 0 ms
(the first decoded frame was shown) while drawing into a real X window:

* ours: ``open_player(client, [recording], request_id=grant)`` through the desk's client (the station embedded in
  this process, as ``evidence-station gui`` on a home) — the grant check, the viewing session written to the
  catalogue and its stream, the device timeline, bookmarks, the preview strip and the PlayerWidget playing the
  session's stream URL — until the window's player reports a position above 0;
* bare: a ``vlc.Instance`` with the same arguments, a media player drawing into a plain native QWidget,
  ``play()`` — until ``get_time() > 0``.

Rounds alternate the order; the medians and their ratio are printed (target ≤ 1.1×). Runs itself under
``xvfb-run`` when there is no display.

Run: ``.venv/bin/python benchmarks/bench_player_open.py --repeat 7 [--json]``.
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from datetime import date
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from common import PASSWORD, fresh_station, machine_facts, median  # benchmarks/

TARGET_RATIO = 1.1
TIMEOUT_S = 15.0
XVFB_MARK = "EVIDENCE_STATION_BENCH_UNDER_XVFB"


def _reexec_under_xvfb() -> int | None:
    if os.environ.get("DISPLAY") or os.environ.get(XVFB_MARK):
        return None
    if shutil.which("xvfb-run") is None:
        raise SystemExit("No display and no xvfb-run: install xvfb.")
    env = dict(os.environ, **{XVFB_MARK: "1"})
    env.pop("QT_QPA_PLATFORM", None)
    command = ["xvfb-run", "-a", "-s", "-screen 0 1600x1000x24", sys.executable, *sys.argv]
    return subprocess.run(command, env=env, check=False).returncode


def wait_for(app: object, condition: Callable[[], bool]) -> None:
    """Process Qt events until ``condition`` holds (raises after :data:`TIMEOUT_S`)."""
    deadline = time.perf_counter() + TIMEOUT_S
    while not condition():
        app.processEvents()  # type: ignore[attr-defined]
        if time.perf_counter() > deadline:
            raise TimeoutError("no frame within the time limit")
        time.sleep(0.002)


def time_ours(app: object, desk: object, recording_id: int, request_id: int) -> float:
    """Seconds from ``open_player`` to the first frame in our window."""
    from evidence_station.gui.player_window import open_player

    start = time.perf_counter()
    window = open_player(desk, [recording_id], request_id=request_id)  # type: ignore[arg-type]
    assert window is not None and window.player is not None  # type: ignore[attr-defined]
    player = window.player  # type: ignore[attr-defined]
    wait_for(app, lambda: player.position_ms > 0)
    elapsed = time.perf_counter() - start
    window.close()
    app.processEvents()  # type: ignore[attr-defined]
    return elapsed


def time_bare(app: object, path: Path) -> float:
    """Seconds from nothing to the first frame with bare python-vlc drawing into a native QWidget."""
    import vlc
    from PySide6.QtCore import Qt
    from PySide6.QtWidgets import QWidget

    from evidence_station.playback.vlc_backend import instance_args

    start = time.perf_counter()
    surface = QWidget()
    surface.setAttribute(Qt.WidgetAttribute.WA_NativeWindow, True)
    surface.resize(1280, 720)
    surface.show()
    instance = vlc.Instance(instance_args(headless=False))
    player = instance.media_player_new()
    player.set_xwindow(int(surface.winId()))
    media = instance.media_new_path(str(path))
    player.set_media(media)
    player.play()
    wait_for(app, lambda: player.get_time() > 0)
    elapsed = time.perf_counter() - start
    player.stop()
    media.release()
    player.release()
    instance.release()
    surface.close()
    app.processEvents()  # type: ignore[attr-defined]
    return elapsed


def prepare(root: Path) -> tuple[object, int, int, Path]:
    """A station with the demo card imported and a live grant; returns (the viewer's desk client, recording id,
    grant, vault path)."""
    from evidence_station.client.station_client import StationClient
    from evidence_station.client.transport import InProcessTransport
    from evidence_station.media.demo_card import write_demo_card
    from evidence_station.server.dispatch import Dispatcher
    from evidence_station.services import viewing_service as vs
    from evidence_station.services.import_service import import_card
    from evidence_station.services.recordings_service import list_recordings
    from evidence_station.services.users import add_user, login

    bench = fresh_station(root / "home")
    add_user(bench.admin, name="director", roles=["director"], password=PASSWORD)
    add_user(bench.admin, name="investigator", roles=["investigator"], password=PASSWORD, display_name="李明",
             badge_number="33010203")
    import_card(bench.custodian, write_demo_card(root / "card", seed=1, day=date(2026, 11, 24)).path)
    rec = next(r for r in list_recordings(bench.custodian, device="Z8A0001") if r.kind == "video")
    viewer = login(bench.station, "investigator", PASSWORD)
    request = vs.request_viewing(viewer, recording_ids=[rec.id], reason="benchmark")
    vs.approve_request(login(bench.station, "director", PASSWORD), request.request_id, hours=8)
    desk = StationClient.login(InProcessTransport(Dispatcher(bench.station)), "investigator", PASSWORD, client="gui")
    return desk, rec.id, request.request_id, bench.station.vault.blob_path(rec.sha256)


def main(argv: list[str] | None = None) -> int:
    """Measure and print the figures."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=7)
    parser.add_argument("--json", action="store_true")
    args = parser.parse_args(argv)
    rerun = _reexec_under_xvfb()
    if rerun is not None:
        return rerun
    from evidence_station.gui.app import application

    app = application()
    with tempfile.TemporaryDirectory(prefix="bench-player-") as tmp:
        desk, recording_id, request_id, path = prepare(Path(tmp))
        time_bare(app, path)  # warm up libvlc's plugin cache and the page cache for both sides
        time_ours(app, desk, recording_id, request_id)
        ours: list[float] = []
        bare: list[float] = []
        for round_no in range(args.repeat):
            if round_no % 2:
                ours.append(time_ours(app, desk, recording_id, request_id))
                bare.append(time_bare(app, path))
            else:
                bare.append(time_bare(app, path))
                ours.append(time_ours(app, desk, recording_id, request_id))
    ratio = median(ours) / median(bare)
    figures = {
        "ours_s": ours, "bare_s": bare, "ours_median_s": median(ours), "bare_median_s": median(bare),
        "ratio": ratio, "target_ratio": TARGET_RATIO, "meets_target": ratio <= TARGET_RATIO,
        "machine": machine_facts(Path(tempfile.gettempdir())),
    }
    if args.json:
        print(json.dumps(figures, indent=2, default=str))
    else:
        print(f"open → first frame, median of {args.repeat}: ours {median(ours) * 1000:.0f} ms, "
              f"bare python-vlc {median(bare) * 1000:.0f} ms, ratio {ratio:.2f}× (target ≤ {TARGET_RATIO}×)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
