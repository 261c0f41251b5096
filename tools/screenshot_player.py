"""Screenshots of the player window and of the synchronised view playing real imported clips through libvlc on a
1366×768 screen: ``docs/screenshots/player.png`` and ``docs/screenshots/multi-view.png``.

    .venv/bin/python tools/screenshot_player.py [--out FILE] [--multi-out FILE] [--language zh_CN|en]
                                                [--after SECONDS]

Builds a demo station in a temporary folder (users, one demo card imported with thumbnails), lets an
investigator ask for and a director approve viewing of the first two recordings of camera Z8A0001 (the
third, after a 5-minute gap, stays locked), adds bookmarks (one withdrawn), opens the window through
:func:`open_player` and grabs the whole screen after ``--after`` seconds of playback. Then the first recording
of each of the three cameras, approved together, opens side by side in the synchronised view (the demo's
pre-use checks found cameras Z8A0002 and Z8B0107 running fast, so on the corrected clock their recordings start
a few seconds after Z8A0001's) and is grabbed the same way. Without a display it re-runs itself under
``xvfb-run`` with a 1366×768 screen (libvlc needs a real X window to draw into).
"""

from __future__ import annotations

import argparse
import os
import shutil
import subprocess
import sys
import tempfile
from dataclasses import dataclass
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))

XVFB_MARK = "EVIDENCE_STATION_PLAYER_SHOT_UNDER_XVFB"
PASSWORD = "demo-pass-1"
#: The commonest office screen: every window must fit it.
SCREEN = (1366, 768)
#: On the corrected clock the other cameras' first recordings start this long after camera Z8A0001's.
MULTI_STAGGER_S = 4.0


def _reexec_under_xvfb() -> int | None:
    """Run this script again under xvfb-run when there is no display; None when not needed."""
    if os.environ.get("DISPLAY") or os.environ.get(XVFB_MARK):
        return None
    if shutil.which("xvfb-run") is None:
        raise SystemExit("No display and no xvfb-run: install xvfb (sudo apt-get install xvfb).")
    env = dict(os.environ, **{XVFB_MARK: "1"})
    env.pop("QT_QPA_PLATFORM", None)
    command = ["xvfb-run", "-a", "-s", f"-screen 0 {SCREEN[0]}x{SCREEN[1]}x24", sys.executable, *sys.argv]
    return subprocess.run(command, env=env, check=False).returncode


@dataclass(frozen=True)
class DemoViewer:
    """The investigator's desk client and what the screenshots open: the single player's recording under its
    grant, and the recordings of the synchronised view (one per camera) under theirs."""

    desk: object
    recording_id: int
    request_id: int
    multi_ids: list[int]
    multi_request_id: int


def demo_viewer(root: Path) -> DemoViewer:
    """A demo station with grants and bookmarks, viewed by the investigator's desk client (the station embedded
    in this process, streaming the footage as a station service does)."""
    from evidence_station.client.station_client import StationClient
    from evidence_station.client.transport import InProcessTransport
    from evidence_station.media.demo_card import write_demo_card
    from evidence_station.server.dispatch import Dispatcher
    from evidence_station.services import viewing_service as vs
    from evidence_station.services.bookmark_service import add_bookmark, withdraw_bookmark
    from evidence_station.services.import_service import import_card
    from evidence_station.services.recordings_service import list_recordings
    from evidence_station.services.station import Station
    from evidence_station.services.thumbnail_service import make_thumbnails
    from evidence_station.services.users import add_user, init_station, login

    home = root / "home"
    init_station(home, admin_name="admin", admin_password=PASSWORD, station_name="明山区人社局 证据工作站 (演示)")
    station = Station.open(home)
    admin = login(station, "admin", PASSWORD)
    add_user(admin, name="custodian", roles=["custodian"], password=PASSWORD, display_name="保管员 王敏")
    add_user(admin, name="director", roles=["director"], password=PASSWORD, display_name="主管局长 张伟")
    add_user(admin, name="investigator", roles=["investigator"], password=PASSWORD, display_name="李明",
             badge_number="33010203")
    custodian = login(station, "custodian", PASSWORD)
    import_card(custodian, write_demo_card(root / "card", seed=1).path)
    first, second, third = [r.id for r in list_recordings(custodian, device="Z8A0001") if r.kind == "video"][:3]
    make_thumbnails(custodian, [first, second, third])
    multi_ids = [first, *_stagger_cameras(custodian, first, ("Z8A0002", "Z8B0107"))]
    viewer = login(station, "investigator", PASSWORD)
    director = login(station, "director", PASSWORD)
    request = vs.request_viewing(viewer, recording_ids=[first, second], reason="核查投诉 明人社监〔2026〕12号")
    vs.approve_request(director, request.request_id, hours=8)
    multi = vs.request_viewing(viewer, recording_ids=multi_ids, reason="三台记录仪同步比对现场情况")
    vs.approve_request(director, multi.request_id, hours=8)
    add_bookmark(viewer, first, offset_ms=2_000, category="notification_given", note="告知全程录音录像")
    add_bookmark(viewer, first, offset_ms=9_000, category="questioning", note="询问项目负责人工资发放情况")
    wrong = add_bookmark(viewer, second, offset_ms=4_000, category="sampling", note="误标")
    withdraw_bookmark(viewer, wrong.bookmark_id, reason="类别标错，应为检查场所")
    add_bookmark(viewer, second, offset_ms=5_000, category="inspecting_premises", note="查看工资台账")
    add_bookmark(viewer, multi_ids[1], offset_ms=3_000, category="inspecting_premises", note="另一角度：工资台账")
    desk = StationClient.login(InProcessTransport(Dispatcher(station)), "investigator", PASSWORD, client="gui")
    return DemoViewer(desk, first, request.request_id, multi_ids, multi.request_id)


def _stagger_cameras(custodian: object, first: int, serials: tuple[str, ...]) -> list[int]:
    """The first video of each camera in ``serials``; a pre-use check (just before it) records each camera's clock
    as fast by as much as puts its first recording :data:`MULTI_STAGGER_S` seconds after the previous one on the
    corrected clock (so the synchronised view shows them playing together)."""
    from datetime import timedelta

    from evidence_station.services.device_service import add_pre_use_check
    from evidence_station.services.recordings_service import get_recording, list_recordings

    start = get_recording(custodian, first).start  # type: ignore[arg-type]
    chosen = []
    for index, serial in enumerate(serials, 1):
        rec = next(r for r in list_recordings(custodian, device=serial) if r.kind == "video")  # type: ignore[arg-type]
        offset = (rec.start - start).total_seconds() - index * MULTI_STAGGER_S
        add_pre_use_check(custodian, serial=serial, offset_s=offset, officer="010203",  # type: ignore[arg-type]
                          checked_at=min(rec.start - timedelta(minutes=1),
                                         custodian.now() - timedelta(minutes=1)))  # type: ignore[attr-defined]
        chosen.append(rec.id)
    return chosen


def _wait(ms: int) -> None:
    """Let the event loop run ``ms`` milliseconds."""
    from PySide6.QtCore import QEventLoop, QTimer

    loop = QEventLoop()
    QTimer.singleShot(ms, loop.quit)
    loop.exec()


def _shoot(out: Path) -> None:
    from PySide6.QtGui import QGuiApplication

    out.parent.mkdir(parents=True, exist_ok=True)
    if not QGuiApplication.primaryScreen().grabWindow(0).save(str(out)):
        raise SystemExit(f"Could not write {out}")


def take(out: Path, language: str, after_s: float, multi_out: Path | None = None) -> Path:
    """Open the player on the demo clip, play ``after_s`` seconds and save the screen to ``out``; then (with
    ``multi_out``) the synchronised view of the three cameras, saved to ``multi_out``."""
    from evidence_station.gui.app import application
    from evidence_station.gui.i18n import install_translators
    from evidence_station.gui.player_window import open_player

    with tempfile.TemporaryDirectory(prefix="es-player-shot-") as tmp:
        demo = demo_viewer(Path(tmp))
        app = application()
        install_translators(language)
        window = open_player(demo.desk, [demo.recording_id], request_id=demo.request_id)  # type: ignore[arg-type]
        if window is None:
            raise SystemExit("The player did not open.")
        window.move(0, 0)
        window.player_widget.setFocus()  # type: ignore[attr-defined]
        _wait(int(after_s * 1000))
        window.poll()  # type: ignore[attr-defined]
        _shoot(out)
        player = window.player  # type: ignore[attr-defined]
        print(f"saved {out} (window {window.width()}×{window.height()}); player "
              f"{player.state if player else 'missing'} at {player.position_ms if player else 0} ms")
        window.close()
        _wait(500)
        if multi_out is not None:
            multi = open_player(demo.desk, demo.multi_ids, request_id=demo.multi_request_id)  # type: ignore[arg-type]
            if multi is None:
                raise SystemExit("The synchronised view did not open.")
            multi.move(0, 0)
            _wait(1000)
            multi.seek_all(2_000)  # type: ignore[attr-defined]
            multi.play_all()  # type: ignore[attr-defined]
            _wait(int(after_s * 1000))
            multi.poll()  # type: ignore[attr-defined]
            _shoot(multi_out)
            print(f"saved {multi_out} (window {multi.width()}×{multi.height()}); shared time "
                  f"{multi.shared_ms} ms")  # type: ignore[attr-defined]
            multi.close()
            _wait(500)
        app.quit()
    return out


def main(argv: list[str] | None = None) -> int:
    """Parse the options, ensure a display and take the screenshot."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", type=Path, default=REPO / "docs" / "screenshots" / "player.png")
    parser.add_argument("--multi-out", type=Path, default=REPO / "docs" / "screenshots" / "multi-view.png",
                        help="the synchronised view's screenshot (\"none\" to skip it)")
    parser.add_argument("--language", default="zh_CN", choices=["zh_CN", "en"])
    parser.add_argument("--after", type=float, default=3.0, help="seconds of playback before the shot")
    args = parser.parse_args(argv)
    rerun = _reexec_under_xvfb()
    if rerun is not None:
        return rerun
    take(args.out, args.language, args.after, None if str(args.multi_out) == "none" else args.multi_out)
    return 0


if __name__ == "__main__":
    sys.exit(main())
