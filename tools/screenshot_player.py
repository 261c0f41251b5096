"""Screenshot of the player window playing a real imported clip through libvlc: ``docs/screenshots/player.png``.

    .venv/bin/python tools/screenshot_player.py [--out FILE] [--language zh_CN|en] [--after SECONDS]

Builds a demo station in a temporary folder (users, one demo card imported with thumbnails), lets an
investigator ask for and a director approve viewing of the first two recordings of camera Z8A0001 (the
third, after a 5-minute gap, stays locked), adds bookmarks (one withdrawn), opens the window through
:func:`open_player` and grabs the whole screen after ``--after`` seconds of playback. Without a display it
re-runs itself under ``xvfb-run`` (libvlc needs a real X window to draw into).
"""

from __future__ import annotations

import argparse
import os
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))

XVFB_MARK = "EVIDENCE_STATION_PLAYER_SHOT_UNDER_XVFB"
PASSWORD = "demo-pass-1"


def _reexec_under_xvfb() -> int | None:
    """Run this script again under xvfb-run when there is no display; None when not needed."""
    if os.environ.get("DISPLAY") or os.environ.get(XVFB_MARK):
        return None
    if shutil.which("xvfb-run") is None:
        raise SystemExit("No display and no xvfb-run: install xvfb (sudo apt-get install xvfb).")
    env = dict(os.environ, **{XVFB_MARK: "1"})
    env.pop("QT_QPA_PLATFORM", None)
    command = ["xvfb-run", "-a", "-s", "-screen 0 1600x1000x24", sys.executable, *sys.argv]
    return subprocess.run(command, env=env, check=False).returncode


def demo_viewer(root: Path) -> tuple[object, int, int]:
    """A demo station with grants and bookmarks; returns the investigator's desk client (the station embedded in
    this process, streaming the footage as a station service does), the recording to open and the grant."""
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
    viewer = login(station, "investigator", PASSWORD)
    request = vs.request_viewing(viewer, recording_ids=[first, second], reason="核查投诉 明人社监〔2026〕12号")
    vs.approve_request(login(station, "director", PASSWORD), request.request_id, hours=8)
    add_bookmark(viewer, first, offset_ms=2_000, category="notification_given", note="告知全程录音录像")
    add_bookmark(viewer, first, offset_ms=9_000, category="questioning", note="询问项目负责人工资发放情况")
    wrong = add_bookmark(viewer, second, offset_ms=4_000, category="sampling", note="误标")
    withdraw_bookmark(viewer, wrong.bookmark_id, reason="类别标错，应为检查场所")
    add_bookmark(viewer, second, offset_ms=5_000, category="inspecting_premises", note="查看工资台账")
    desk = StationClient.login(InProcessTransport(Dispatcher(station)), "investigator", PASSWORD, client="gui")
    return desk, first, request.request_id


def take(out: Path, language: str, after_s: float) -> Path:
    """Open the player on the demo clip, play ``after_s`` seconds and save the screen to ``out``."""
    from PySide6.QtCore import QTimer
    from PySide6.QtGui import QGuiApplication

    from evidence_station.gui.app import application
    from evidence_station.gui.i18n import install_translators
    from evidence_station.gui.player_window import open_player

    out.parent.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory(prefix="es-player-shot-") as tmp:
        desk, recording_id, request_id = demo_viewer(Path(tmp))
        app = application()
        install_translators(language)
        window = open_player(desk, [recording_id], request_id=request_id)  # type: ignore[arg-type]
        if window is None:
            raise SystemExit("The player did not open.")
        window.move(0, 0)
        window.resize(1600, 1000)
        window.player_widget.setFocus()  # type: ignore[attr-defined]

        def shoot() -> None:
            window.poll()  # type: ignore[attr-defined]
            QGuiApplication.primaryScreen().grabWindow(0).save(str(out))
            player = window.player  # type: ignore[attr-defined]
            print(f"saved {out}; player {player.state if player else 'missing'} at "
                  f"{player.position_ms if player else 0} ms")
            window.close()
            app.quit()

        QTimer.singleShot(int(after_s * 1000), shoot)
        app.exec()
    return out


def main(argv: list[str] | None = None) -> int:
    """Parse the options, ensure a display and take the screenshot."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", type=Path, default=REPO / "docs" / "screenshots" / "player.png")
    parser.add_argument("--language", default="zh_CN", choices=["zh_CN", "en"])
    parser.add_argument("--after", type=float, default=3.0, help="seconds of playback before the shot")
    args = parser.parse_args(argv)
    rerun = _reexec_under_xvfb()
    if rerun is not None:
        return rerun
    take(args.out, args.language, args.after)
    return 0


if __name__ == "__main__":
    sys.exit(main())
