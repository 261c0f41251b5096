"""Take screenshots of the log-in dialog and every page (and tab) of the main window for every role.

    .venv/bin/python tools/screenshots.py [--out DIR] [--language zh_CN|en|all] [--roles admin,clerk,…]
                                          [--size 1366x768 …]

Builds a demo station in a temporary folder (init + one user per role, one demo card imported with
thumbnails, a case exported to a verified disc, a second empty case, viewing requests: the investigator's
approved and watched once, the clerk's waiting for the director), then for each language, role and window
size logs in and grabs each page the role sees, each tab of the tabbed pages, and for the investigator the
player window with its shortcut list and the synchronised view of three cameras. Files are named
``<language>-<role>-<WxH>-<page>[-<tab>].png``.
The pictures the user guides and the README cite (``login.png``, ``import.png``, …: :data:`GUIDE_PICTURES`) are
copies of Chinese 1366×768 screens of the role that shows each page best, written to ``--guide-out`` (default
``docs/screenshots``) whenever those screens were taken; ``player.png`` (real libvlc) is
``tools/screenshot_player.py``'s. Without a display it re-runs itself under ``xvfb-run`` (a real X server renders
fonts and styles as users see them; the offscreen platform does too, but without window decorations).
"""

from __future__ import annotations

import argparse
import os
import shutil
import subprocess
import sys
import tempfile
from collections.abc import Callable
from contextlib import ExitStack
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))

XVFB_MARK = "EVIDENCE_STATION_SCREENSHOTS_UNDER_XVFB"
DEMO_PASSWORD = "demo-pass-1"
DEMO_USERS = {
    "custodian": ("保管员 王敏", "custodian"),
    "investigator": ("办案人员 刘洋", "investigator"),
    "director": ("主管局长 张伟", "director"),
    "clerk": ("文书 陈静", "clerk"),
    "auditor": ("审计 赵磊", "auditor"),
}
ROLES = ("admin", *DEMO_USERS)
LANGUAGES = ("zh_CN", "en")
DEFAULT_SIZE = (1366, 768)
#: Tabs grabbed one by one: page key → (attribute of the page's tab keys, …).
TABBED_PAGES = ("viewing", "compliance")
Settle = Callable[[int], None]
#: The guides' pictures (docs/guide/*.md, README): guide name → the Chinese 1366×768 screen it copies.
GUIDE_PICTURES = {
    "login.png": "zh_CN-login.png",
    "import.png": "zh_CN-custodian-1366x768-import.png",
    "library.png": "zh_CN-investigator-1366x768-library.png",
    "viewing.png": "zh_CN-investigator-1366x768-viewing-requests.png",
    "viewing-grants.png": "zh_CN-investigator-1366x768-viewing-grants.png",
    "viewing-inbox.png": "zh_CN-director-1366x768-viewing-inbox.png",
    "cases.png": "zh_CN-clerk-1366x768-cases.png",
    "compliance.png": "zh_CN-custodian-1366x768-compliance-overview.png",
    "audit.png": "zh_CN-auditor-1366x768-audit.png",
    "settings.png": "zh_CN-admin-1366x768-settings.png",
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
    from evidence_station.services.account_changes import confirm_account_change
    from evidence_station.services.station import Station
    from evidence_station.services.users import add_user, init_station, login

    home = root / "home"
    init_station(home, admin_name="admin", admin_password=DEMO_PASSWORD,
                 station_name="明山区人社局 证据工作站 (演示)")
    station = Station.open(home)
    admin = login(station, "admin", DEMO_PASSWORD)
    for number, (name, (display, role)) in enumerate(DEMO_USERS.items(), 1):
        made = add_user(admin, name=name, roles=[role], password=DEMO_PASSWORD, display_name=display,
                        badge_number=f"3301{number:04d}", clearance=1)
        if made.status == "pending":  # two-person administration: the demo director confirms
            confirm_account_change(login(station, "director", DEMO_PASSWORD), made.confirmation_id)
    admin.audit("demo.note", "station", station.station_uid, {"note": "演示数据"})
    _import_demo_card(login(station, "custodian", DEMO_PASSWORD), root / "card-1", seed=1)
    _demo_case(login(station, "clerk", DEMO_PASSWORD), root / "case.iso")
    _demo_viewing(station)
    _demo_compliance(admin)
    admin.end_session()
    station.close()
    return home


def _demo_case(clerk: object, image: Path) -> None:
    """A case with some recordings, exported once (the Cases page shows it with its verified disc)."""
    from evidence_station.client.disc_export import export_to_desk
    from evidence_station.services.case_service import add_case, attach_recordings
    from evidence_station.services.export_discs import ContextExports
    from evidence_station.services.recordings_service import list_recordings

    case = add_case(clerk, title="某建筑公司拖欠农民工工资案", number="明人社监〔2026〕12号",  # type: ignore[arg-type]
                    parties="某建筑工程有限公司；张三等 12 名劳动者")
    recordings = [r.id for r in list_recordings(clerk)[:4]]  # type: ignore[arg-type]
    attach_recordings(clerk, case.case_id, recordings)  # type: ignore[arg-type]
    export_to_desk(ContextExports(clerk), case.case_id, producer="clerk",  # type: ignore[arg-type]
                   extractor="李四（执法证 33010001）", out=image, purpose="案件证据")
    add_case(clerk, title="某餐饮店未签劳动合同案", parties="某餐饮管理有限公司")  # type: ignore[arg-type]


def _import_demo_card(ctx: object, card: Path, seed: int) -> None:
    from evidence_station.media.demo_card import write_demo_card
    from evidence_station.services.import_service import import_card
    from evidence_station.services.thumbnail_service import make_thumbnails

    write_demo_card(card, seed=seed)
    result = import_card(ctx, card)  # type: ignore[arg-type]
    make_thumbnails(ctx, [f.recording_id for f in result.files if f.recording_id])  # type: ignore[arg-type]


def _demo_compliance(ctx: object) -> None:
    """Camera A's clock was checked before the recordings (42 s fast): the timeline shows corrected times.

    The demo card's recordings are this morning's (08:00 on); the check is at 07:30, or a minute ago when the tool
    runs before that (a check cannot be in the future)."""
    from datetime import datetime, time, timedelta

    from evidence_station.domain.clock import local_to_utc, to_local
    from evidence_station.services.device_service import add_pre_use_check

    zone = ctx.station.settings.zone  # type: ignore[attr-defined]
    today = to_local(ctx.now(), zone).date()  # type: ignore[attr-defined]
    add_pre_use_check(ctx, serial="Z8A0001", offset_s=42.0, officer="010203",  # type: ignore[arg-type]
                      checked_at=min(local_to_utc(datetime.combine(today, time(7, 30)), zone),
                                     ctx.now() - timedelta(minutes=1)))  # type: ignore[attr-defined]


def _demo_viewing(station: object) -> None:
    """The investigator holds a live approval (and watched one clip once: the register has a session); the
    clerk's request waits for the director."""
    from evidence_station.services import viewing_service as vs
    from evidence_station.services.classification_service import set_classification
    from evidence_station.services.recordings_service import list_recordings
    from evidence_station.services.users import login

    investigator = login(station, "investigator", DEMO_PASSWORD)  # type: ignore[arg-type]
    clerk = login(station, "clerk", DEMO_PASSWORD)  # type: ignore[arg-type]
    director = login(station, "director", DEMO_PASSWORD)  # type: ignore[arg-type]
    ids = [r.id for r in list_recordings(investigator) if r.kind == "video"]
    set_classification(director, ids[2], "restricted", reason="涉及当事人个人隐私")
    granted = vs.request_viewing(investigator, recording_ids=ids[:3], reason="劳动监察案件 2026-118 证据审查",
                                 purpose="case_handling")
    vs.approve_request(director, granted.request_id, hours=8)
    firsts: dict[str, int] = {}  # the first video of each camera: watched side by side (the synchronised view)
    for rec in list_recordings(investigator):
        if rec.kind == "video" and rec.device and rec.media.get("duration_s"):
            firsts.setdefault(rec.device, rec.id)
    if len(firsts) >= 2:
        cameras = vs.request_viewing(investigator, recording_ids=list(firsts.values())[:4],
                                     reason="多台记录仪同步比对现场情况", purpose="case_handling")
        vs.approve_request(director, cameras.request_id, hours=8)
    session = vs.open_viewing_session(investigator, ids[0])
    vs.record_watched_range(investigator, session.session_id, 0, 8_000)
    vs.close_viewing_session(investigator, session.session_id)
    vs.request_viewing(clerk, recording_ids=ids[3:5], reason="投诉信访件 TS-0412 核查", purpose="complaint_petition",
                       on_site_only=True)


def take(out: Path, languages: tuple[str, ...] = LANGUAGES, roles: tuple[str, ...] = ROLES,
         sizes: tuple[tuple[int, int], ...] = (DEFAULT_SIZE,)) -> list[Path]:
    """Create the demo station, show each screen and save PNGs to ``out``; returns the files."""
    from PySide6.QtCore import QEventLoop, QTimer
    from PySide6.QtWidgets import QApplication

    from evidence_station.client.connect import StationTarget, open_transport
    from evidence_station.gui.app import application
    from evidence_station.gui.i18n import install_translators
    from evidence_station.gui.login_dialog import LoginDialog
    from evidence_station.gui.operations import running_operations

    out.mkdir(parents=True, exist_ok=True)
    saved: list[Path] = []
    with tempfile.TemporaryDirectory(prefix="es-shots-") as tmp, ExitStack() as opened:
        home = _demo_station(Path(tmp))
        _app = application()  # kept alive for the whole run
        # The desktop program's own path: an embedded station service on the home, the windows its clients.
        transport = opened.enter_context(open_transport(StationTarget(None, home=home)))
        station = transport.station_info()
        from evidence_station.media.demo_card import write_demo_card

        card = write_demo_card(Path(tmp) / "card-2", seed=2).path

        def run_events(ms: int) -> None:
            loop = QEventLoop()  # not app.quit(): in Qt 6 that also closes every window
            QTimer.singleShot(ms, loop.quit)
            loop.exec()

        def settle(ms: int = 300) -> None:
            """Let the event loop run ``ms`` and then until no background read is in flight (at most 20 s)."""
            run_events(ms)
            for _ in range(200):
                if not running_operations():
                    break
                run_events(100)

        for language in languages:
            install_translators(language)
            dialog = LoginDialog(transport, station, user="admin", language=language)
            dialog.password_edit.setText("wrong-password")
            dialog.show()
            dialog.accept()  # shows the refusal message
            settle()
            saved.append(_save(dialog.grab(), out / f"{language}-login.png"))
            dialog.close()
            for role in roles:
                for width, height in sizes:
                    prefix = f"{language}-{role}-{width}x{height}"
                    saved += _role_screens(transport, role, (width, height), out, prefix, settle, card)
        QApplication.processEvents()
    return saved


def _role_screens(transport: object, role: str, size: tuple[int, int], out: Path, prefix: str, settle: Settle,
                  card: Path) -> list[Path]:
    """Every page (and tab) the user ``role`` sees, in a window of ``size``, logged in over ``transport`` as the
    desktop program logs in."""
    from evidence_station.client.station_client import StationClient
    from evidence_station.gui.main_window import MainWindow

    client = StationClient.login(transport, role, DEMO_PASSWORD, client="gui")  # type: ignore[arg-type]
    window = MainWindow(client)
    window.resize(*size)
    window.show()
    saved: list[Path] = []
    for key in window.page_keys():
        page = window.show_page(key)
        settle(300)
        if key == "import":
            page.set_card(card)  # type: ignore[attr-defined]  # the preview of a card (not imported)
        if key == "cases":
            ids = page.case_ids()  # type: ignore[attr-defined]
            if ids:
                page.select_case(ids[-1])  # type: ignore[attr-defined]  # the exported case
        if key == "library":
            page.table.selectRow(3)  # type: ignore[attr-defined]
        if key == "audit" and hasattr(page, "verify_chain"):
            operation = page.verify_chain()  # type: ignore[attr-defined]
            while operation is not None and not operation.done:
                settle(100)
        if key in TABBED_PAGES:
            saved += _tab_screens(window, page, out, f"{prefix}-{key}", settle)
            continue
        settle()
        saved.append(_save(window.grab(), out / f"{prefix}-{key}.png"))
    if role == "investigator":
        saved += _player_screens(window.client, window, out, prefix, settle)
    window.close()  # ends the session
    return saved


def _tab_screens(window: object, page: object, out: Path, prefix: str, settle: Settle) -> list[Path]:
    """Each enabled tab of a tabbed page, its first row selected."""
    from evidence_station.gui.pages import compliance_page, viewing_page

    keys = viewing_page.TAB_KEYS if isinstance(page, viewing_page.ViewingPage) else compliance_page.TAB_KEYS
    tabs = page.tabs  # type: ignore[attr-defined]
    saved = []
    for index, key in enumerate(keys):
        if not tabs.isTabEnabled(index):
            continue
        tabs.setCurrentIndex(index)
        settle()
        table = getattr(tabs.currentWidget(), "table", None)
        if table is not None and hasattr(table, "selectRow") and table.model().rowCount() > 0:
            table.selectRow(0)
        settle()
        saved.append(_save(window.grab(), out / f"{prefix}-{key}.png"))  # type: ignore[attr-defined]
    return saved


def _player_screens(client: object, window: object, out: Path, prefix: str, settle: Settle) -> list[Path]:
    """The investigator's player on the first approved recording (paused; the video area stays black), and
    its shortcut list; ``client`` is the main window's desk client."""
    from evidence_station.gui.player_window import open_player
    from evidence_station.playback.fake_player import FakePlayer

    grants = client.my_grants()  # type: ignore[attr-defined]
    if not grants:
        return []
    # The stand-in player: a grab cannot show what libvlc draws into its native window anyway.
    player_window = open_player(client, [grants[0].recording_ids[0]], window,  # type: ignore[arg-type]
                                request_id=grants[0].request_id,
                                player_factory=lambda: (FakePlayer(length_ms=19_000), ""))
    if player_window is None:
        return []
    import shiboken6

    player_window.resize(*window.size().toTuple())  # type: ignore[attr-defined]
    widget = player_window.player_widget  # type: ignore[attr-defined]
    settle(800)
    if not shiboken6.isValid(widget):
        print("the player window closed by itself; no player screenshots", file=sys.stderr)
        return []
    widget.pause()
    settle()
    saved = [_save(player_window.grab(), out / f"{prefix}-player.png")]
    dialog = widget.show_key_help()
    settle()
    saved.append(_save(dialog.grab(), out / f"{prefix}-player-shortcuts.png"))
    dialog.close()
    player_window.close()
    settle()
    return saved + _multi_view_screen(client, window, out, prefix, settle)


def _multi_view_screen(client: object, window: object, out: Path, prefix: str, settle: Settle) -> list[Path]:
    """The synchronised view of the first grant holding recordings of two to four cameras (stand-in players)."""
    from evidence_station.gui.multi_camera_view import MultiCameraWindow
    from evidence_station.gui.player_window import open_player
    from evidence_station.playback.fake_player import FakePlayer

    for grant in client.my_grants():  # type: ignore[attr-defined]
        devices = {client.get_recording(rid).device for rid in grant.recording_ids}  # type: ignore[attr-defined]
        if grant.state == "live" and 2 <= len(grant.recording_ids) <= 4 and len(devices) == len(grant.recording_ids):
            break
    else:
        return []
    multi = open_player(client, list(grant.recording_ids), window,  # type: ignore[arg-type]
                        request_id=grant.request_id, player_factory=lambda: (FakePlayer(length_ms=19_000), ""))
    if not isinstance(multi, MultiCameraWindow):
        return []
    multi.resize(*window.size().toTuple())  # type: ignore[attr-defined]
    settle(800)
    saved = [_save(multi.grab(), out / f"{prefix}-multi-view.png")]
    multi.close()
    settle()
    return saved


def copy_guide_pictures(saved: list[Path], guide_out: Path) -> list[Path]:
    """Copy the screens the guides cite (:data:`GUIDE_PICTURES`) that were taken this run to ``guide_out``."""
    taken = {path.name: path for path in saved}
    copied = []
    for guide_name, screen in GUIDE_PICTURES.items():
        if screen in taken:
            guide_out.mkdir(parents=True, exist_ok=True)
            target = guide_out / guide_name
            if target.resolve() != taken[screen].resolve():
                shutil.copyfile(taken[screen], target)
            print(f"guide picture {target} ← {screen}")
            copied.append(target)
    return copied


def _save(pixmap: object, path: Path) -> Path:
    if not pixmap.save(str(path)):  # type: ignore[attr-defined]
        raise OSError(f"Could not write {path}")
    print(f"saved {path}")
    return path


def _size(text: str) -> tuple[int, int]:
    width, _, height = text.lower().partition("x")
    return int(width), int(height)


def main() -> int:
    """Parse options; re-run under Xvfb if needed; take the screenshots."""
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--out", type=Path, default=REPO / "docs" / "screenshots")
    parser.add_argument("--guide-out", type=Path, default=REPO / "docs" / "screenshots",
                        help="where the guides' pictures (login.png, import.png, …) go (default docs/screenshots)")
    parser.add_argument("--language", default="all", choices=[*LANGUAGES, "all"])
    parser.add_argument("--roles", default=",".join(ROLES), help="comma-separated (default: every role)")
    parser.add_argument("--size", action="append", type=_size, help="WxH, repeatable (default 1366x768)")
    args = parser.parse_args()
    code = _reexec_under_xvfb()
    if code is not None:
        return code
    languages = LANGUAGES if args.language == "all" else (args.language,)
    roles = tuple(role.strip() for role in args.roles.split(",") if role.strip())
    unknown = set(roles) - set(ROLES)
    if unknown:
        parser.error(f"unknown roles: {', '.join(sorted(unknown))}")
    saved = take(args.out, languages, roles, tuple(args.size or [DEFAULT_SIZE]))
    copy_guide_pictures(saved, args.guide_out)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
