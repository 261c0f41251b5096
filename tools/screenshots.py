"""Take screenshots of the log-in dialog and every page of the main window into ``docs/screenshots/``.

    .venv/bin/python tools/screenshots.py [--out DIR] [--language zh_CN|en]

Builds a demo station in a temporary folder (init + one user per role + one demo card imported, with
thumbnails), logs in as the administrator and grabs each page; the Import page imports a second demo
card. Without a display it re-runs itself under ``xvfb-run`` (a real X server renders
fonts and styles as users see them; the offscreen platform does too, but without window decorations).
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

XVFB_MARK = "EVIDENCE_STATION_SCREENSHOTS_UNDER_XVFB"
DEMO_PASSWORD = "demo-pass-1"
DEMO_USERS = {
    "custodian": ("保管员 王敏", "custodian"),
    "director": ("主管局长 张伟", "director"),
    "clerk": ("文书 陈静", "clerk"),
    "auditor": ("审计 赵磊", "auditor"),
}


def _reexec_under_xvfb() -> int | None:
    """Run this script again under xvfb-run when there is no display; None when not needed."""
    if os.environ.get("DISPLAY") or os.environ.get("WAYLAND_DISPLAY") or os.environ.get(XVFB_MARK):
        return None
    if os.environ.get("QT_QPA_PLATFORM") == "offscreen" or shutil.which("xvfb-run") is None:
        os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
        return None
    env = dict(os.environ, **{XVFB_MARK: "1"})
    command = ["xvfb-run", "-a", "-s", "-screen 0 1600x1000x24", sys.executable, *sys.argv]
    return subprocess.run(command, env=env, check=False).returncode


def _demo_station(root: Path) -> Path:
    from evidence_station.services.station import Station
    from evidence_station.services.users import add_user, init_station, login

    home = root / "home"
    init_station(home, admin_name="admin", admin_password=DEMO_PASSWORD,
                 station_name="明山区人社局 证据工作站 (演示)")
    station = Station.open(home)
    admin = login(station, "admin", DEMO_PASSWORD)
    for number, (name, (display, role)) in enumerate(DEMO_USERS.items(), 1):
        add_user(admin, name=name, roles=[role], password=DEMO_PASSWORD, display_name=display,
                 badge_number=f"3301{number:04d}", clearance=1)
    admin.audit("demo.note", "station", station.station_uid, {"note": "演示数据"})
    _import_demo_card(login(station, "custodian", DEMO_PASSWORD), root / "card-1", seed=1)
    _demo_case(login(station, "clerk", DEMO_PASSWORD), root / "case.iso")
    admin.end_session()
    station.close()
    return home


def _demo_case(clerk: object, image: Path) -> None:
    """A case with some recordings, exported once (the Cases page shows it with its verified disc)."""
    from evidence_station.services.case_service import add_case, attach_recordings
    from evidence_station.services.export_service import export_evidence
    from evidence_station.services.recordings_service import list_recordings

    case = add_case(clerk, title="某建筑公司拖欠农民工工资案", number="明人社监〔2026〕12号",  # type: ignore[arg-type]
                    parties="某建筑工程有限公司；张三等 12 名劳动者")
    recordings = [r.id for r in list_recordings(clerk)[:4]]  # type: ignore[arg-type]
    attach_recordings(clerk, case.case_id, recordings)  # type: ignore[arg-type]
    export_evidence(clerk, case.case_id, producer="clerk", extractor="李四（执法证 33010001）", out=image,  # type: ignore[arg-type]
                    purpose="案件证据")
    add_case(clerk, title="某餐饮店未签劳动合同案", parties="某餐饮管理有限公司")  # type: ignore[arg-type]


def _import_demo_card(ctx: object, card: Path, seed: int) -> None:
    from evidence_station.media.demo_card import write_demo_card
    from evidence_station.services.import_service import import_card
    from evidence_station.services.thumbnail_service import make_thumbnails

    write_demo_card(card, seed=seed)
    result = import_card(ctx, card)  # type: ignore[arg-type]
    make_thumbnails(ctx, [f.recording_id for f in result.files if f.recording_id])  # type: ignore[arg-type]


def take(out: Path, language: str) -> list[Path]:
    """Create the demo station, show each screen and save PNGs to ``out``; returns the files."""
    from PySide6.QtCore import QTimer
    from PySide6.QtWidgets import QApplication

    from evidence_station.gui.app import application
    from evidence_station.gui.i18n import install_translators
    from evidence_station.gui.login_dialog import LoginDialog
    from evidence_station.gui.main_window import MainWindow
    from evidence_station.services.station import Station

    out.mkdir(parents=True, exist_ok=True)
    saved: list[Path] = []
    with tempfile.TemporaryDirectory(prefix="es-shots-") as tmp:
        home = _demo_station(Path(tmp))
        app = application()
        install_translators(language)
        station = Station.open(home)

        def settle(ms: int = 300) -> None:
            QTimer.singleShot(ms, app.quit)
            app.exec()

        dialog = LoginDialog(station, user="admin", language=language)
        dialog.password_edit.setText("wrong-password")
        dialog.show()
        dialog.accept()  # shows the refusal message
        settle()
        saved.append(_save(dialog.grab(), out / "login.png"))
        dialog.password_edit.setText(DEMO_PASSWORD)
        dialog.accept()
        assert dialog.context is not None
        window = MainWindow(dialog.context)
        window.resize(1500, 900)
        window.show()
        for key in window.page_keys():
            page = window.show_page(key)
            if key == "import":
                from evidence_station.media.demo_card import write_demo_card

                page.set_card(write_demo_card(Path(tmp) / "card-2", seed=2).path)  # type: ignore[attr-defined]
                operation = page.start_import()  # type: ignore[attr-defined]
                while not operation.done:
                    settle(100)
                while page.thumbnail_operation is not None and not page.thumbnail_operation.done:  # type: ignore[attr-defined]
                    settle(100)
            if key == "cases":
                page.select_case(page.case_ids()[-1])  # type: ignore[attr-defined]  # the exported case
            if key == "compliance":
                _demo_compliance(window.ctx, page)
                while page.dashboard.operation is not None and not page.dashboard.operation.done:  # type: ignore[attr-defined]
                    settle(100)
            if key == "library":
                page.table.selectRow(3)  # type: ignore[attr-defined]
            if key == "viewing":
                saved += _viewing_screens(station, out, settle)
                continue
            if key == "audit":
                operation = page.verify_chain()  # type: ignore[attr-defined]
                while not operation.done:
                    settle(100)
                page.table.selectRow(1)  # type: ignore[attr-defined]
            settle()
            saved.append(_save(window.grab(), out / f"{key}.png"))
        window.close()
        station.close()
        QApplication.processEvents()
    return saved


def _demo_compliance(ctx: object, page: object) -> None:
    """Camera A's clock was checked before the recordings (42 s fast): the timeline shows corrected times."""
    from datetime import datetime, time

    from evidence_station.domain.clock import local_to_utc, to_local
    from evidence_station.services.device_service import add_pre_use_check

    zone = ctx.station.settings.zone  # type: ignore[attr-defined]
    today = to_local(ctx.now(), zone).date()  # type: ignore[attr-defined]
    add_pre_use_check(ctx, serial="Z8A0001", offset_s=42.0, officer="010203",  # type: ignore[arg-type]
                      checked_at=local_to_utc(datetime.combine(today, time(7, 30)), zone))
    page.dashboard.refresh()  # type: ignore[attr-defined]


def _viewing_screens(station: object, out: Path, settle: object) -> list[Path]:
    """The Viewing page as the clerk (a live grant and a pending request) and as the director (inbox)."""
    from evidence_station.gui.main_window import MainWindow
    from evidence_station.services import viewing_service as vs
    from evidence_station.services.classification_service import set_classification
    from evidence_station.services.recordings_service import list_recordings
    from evidence_station.services.users import login

    clerk = login(station, "clerk", DEMO_PASSWORD)  # type: ignore[arg-type]
    director = login(station, "director", DEMO_PASSWORD)  # type: ignore[arg-type]
    ids = [r.id for r in list_recordings(clerk) if r.kind == "video"]
    set_classification(director, ids[2], "restricted", reason="涉及当事人个人隐私")
    granted = vs.request_viewing(clerk, recording_ids=ids[:3], reason="劳动监察案件 2026-118 证据整理",
                                 purpose="case_handling")
    vs.approve_request(director, granted.request_id, hours=4)
    vs.request_viewing(clerk, recording_ids=ids[3:5], reason="投诉信访件 TS-0412 核查", purpose="complaint_petition",
                       on_site_only=True)
    saved = []
    for ctx, shots in ((clerk, (("requests", "viewing.png"), ("grants", "viewing-grants.png"))),
                       (director, (("inbox", "viewing-inbox.png"),))):
        window = MainWindow(ctx)
        window.resize(1500, 900)
        window.show()
        page = window.show_page("viewing")
        for tab, name in shots:
            page.show_tab(tab)  # type: ignore[attr-defined]
            page.tabs.currentWidget().table.selectRow(0)  # type: ignore[attr-defined]
            settle()  # type: ignore[operator]
            saved.append(_save(window.grab(), out / name))
        window.close()
    return saved


def _save(pixmap: object, path: Path) -> Path:
    if not pixmap.save(str(path)):  # type: ignore[attr-defined]
        raise OSError(f"Could not write {path}")
    print(f"saved {path}")
    return path


def main() -> int:
    """Parse options; re-run under Xvfb if needed; take the screenshots."""
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--out", type=Path, default=REPO / "docs" / "screenshots")
    parser.add_argument("--language", default="zh_CN", choices=["zh_CN", "en"])
    args = parser.parse_args()
    code = _reexec_under_xvfb()
    if code is not None:
        return code
    take(args.out, args.language)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
