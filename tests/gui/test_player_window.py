"""The player window, a client of the station: grants, the viewing register, bookmarks, snapshots, timeline; and the
synchronised view of several cameras (it fits 1366×768, its volume is a labelled slider, it lists and confirms
bookmarks; clips of one camera play as one continuous timeline instead).

The window drives a real :class:`StationClient` (the viewer logged in over the in-process transport to the embedded
service, whose stream port serves the footage). Most tests use the fake player on a copy of a station that imported
the demo card once (it records the stream URL it was given); two tests play the stream of an imported clip through
libvlc — one until the grant is revoked. The scene is set, and the station's records checked, with the services.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from datetime import timedelta
from pathlib import Path
from typing import Any

import httpx
import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QDialog, QWidget

from evidence_station.catalogue.audit_tables import AuditEvent
from evidence_station.catalogue.recordings import Recording
from evidence_station.catalogue.viewing import Snapshot, ViewingSession, WatchedRange
from evidence_station.client.station_client import StationClient
from evidence_station.client.transport import InProcessTransport
from evidence_station.domain.bookmarks import BookmarkCategory
from evidence_station.domain.clock import FrozenClock
from evidence_station.domain.compliance import GAP_REASON_LABELS, GapReason
from evidence_station.gui import player_window
from evidence_station.gui.bookmark_dialog import BookmarkDialog, WithdrawDialog
from evidence_station.gui.i18n import install_translators, remove_translators
from evidence_station.gui.multi_camera_view import MultiCameraWindow
from evidence_station.gui.player_window import PlayerWindow, open_player
from evidence_station.gui.screen_fit import SMALLEST_SCREEN
from evidence_station.gui.viewing.grants_widget import GrantsWidget
from evidence_station.playback.availability import vlc_status
from evidence_station.playback.fake_player import FakePlayer
from evidence_station.server import streams
from evidence_station.server.dispatch import Dispatcher
from evidence_station.services import viewing_service as vs
from evidence_station.services.bookmark_service import add_bookmark, bookmark_history, list_bookmarks
from evidence_station.services.context import ServiceContext
from evidence_station.services.finding_service import explain_gap
from evidence_station.services.recording_findings import findings_by_recording
from evidence_station.services.recordings_service import list_recordings
from evidence_station.services.station import Station
from evidence_station.services.thumbnail_service import make_thumbnails
from evidence_station.services.users import login
from evidence_station.services.viewing_register import viewing_register
from tests.conftest import PASSWORD
from tests.gui.conftest import oversized_windows
from tests.gui.demo_home import CLOCK_AT, DemoUser, build_imported_home, open_copy

VIEWER = ("investigator", "李明", "010203")


@pytest.fixture(scope="module")
def imported_home(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A home with users, the demo card imported and thumbnails of the first device (copied by each test)."""
    users = [DemoUser("custodian", "custodian"), DemoUser("director", "director", display_name="张伟"),
             DemoUser(VIEWER[0], "investigator", display_name=VIEWER[1], badge_number=VIEWER[2])]

    def thumbnails_of_the_first_video(station: Station) -> None:
        custodian = login(station, "custodian", PASSWORD)
        first_device = [r.id for r in list_recordings(custodian, device="Z8A0001") if r.kind == "video"]
        make_thumbnails(custodian, first_device[:1])  # the recording the tests open

    return build_imported_home(tmp_path_factory.mktemp("player"), users, then=thumbnails_of_the_first_video)


@dataclass
class Env:
    station: Station
    clock: FrozenClock
    viewer: ServiceContext
    director: ServiceContext
    ids: dict[str, list[int]]  # device serial -> recording ids in time order
    desk: StationClient  # the viewer at the desk: the client the windows use

    def grant(self, recording_ids: list[int], hours: float | None = None, reason: str = "案件办理 2026-017") -> int:
        req = vs.request_viewing(self.viewer, recording_ids=recording_ids, reason=reason)
        return vs.approve_request(self.director, req.request_id, hours=hours).request_id


@pytest.fixture
def env(imported_home: Path, tmp_path: Path) -> Iterator[Env]:
    clock = FrozenClock(CLOCK_AT)
    station = open_copy(imported_home, tmp_path, clock)
    dispatcher = Dispatcher(station)
    desk = StationClient.login(InProcessTransport(dispatcher), VIEWER[0], PASSWORD, client="gui")
    desk.now = clock.now  # type: ignore[method-assign]  # the desk's clock follows the station's frozen one
    viewer = login(station, VIEWER[0], PASSWORD)
    ids: dict[str, list[int]] = {}
    for rec in list_recordings(viewer):
        if rec.device and rec.kind == "video":
            ids.setdefault(rec.device, []).append(rec.id)
    yield Env(station, clock, viewer, login(station, "director", PASSWORD), ids, desk)
    dispatcher.streams.stop()
    station.close()


def read_footage(player: FakePlayer, offset: int, size: int) -> bytes:
    """``size`` bytes at ``offset`` of what ``player`` was given to play, read as libvlc's callbacks read it."""
    return read_footage_of(player.loaded_source, offset, size)


def plays_recording(env: Env, player: FakePlayer, recording_id: int) -> bool:
    """Whether the footage ``player`` was given is recording ``recording_id``'s original (its first 4 KiB)."""
    original = env.station.vault.blob_path(Recording.get_by_id(recording_id).sha256).read_bytes()
    return read_footage(player, 0, 4096) == original[:4096]


def read_footage_of(footage: Any, offset: int, size: int) -> bytes:
    """``size`` bytes at ``offset`` of a footage stream, opened, sought and read as libvlc's callbacks do."""
    reader = footage.open()
    try:
        reader.seek(offset)
        data = b""
        while len(data) < size and (chunk := reader.read(size - len(data))):
            data += chunk
        return data
    finally:
        reader.close()


class FakePlayers:
    """A player factory handing out fake players (kept for the assertions)."""

    def __init__(self, **kwargs: Any) -> None:
        self.kwargs = kwargs
        self.made: list[FakePlayer] = []

    def __call__(self) -> tuple[FakePlayer, str]:
        player = FakePlayer(**self.kwargs)
        self.made.append(player)
        return player, "fake player"


def open_window(qtbot: Any, env: Env, recording_id: int, players: FakePlayers | None = None,
                request_id: int | None = None) -> PlayerWindow:
    window = PlayerWindow(env.desk, recording_id, request_id=request_id,
                          player_factory=players or FakePlayers(length_ms=19_000), poll_interval_ms=60_000)
    qtbot.addWidget(window)
    window.show()
    settled(qtbot, window)
    return window


def settled(qtbot: Any, window: PlayerWindow) -> None:
    """Wait until the preview strip fetched in the background has arrived (its read is audited)."""
    qtbot.waitUntil(lambda: not window.preview_loading, timeout=10_000)


def sessions(recording_id: int) -> list[ViewingSession]:
    return list(ViewingSession.select().where(ViewingSession.recording == recording_id).order_by(ViewingSession.id))


def last_event() -> AuditEvent:
    return AuditEvent.select().order_by(AuditEvent.seq.desc()).first()


# ----------------------------------------------------------------------------------------- opening
def test_open_is_refused_without_a_grant(qtbot: Any, env: Env, monkeypatch: pytest.MonkeyPatch) -> None:
    shown: list[str] = []
    monkeypatch.setattr(player_window.QMessageBox, "warning", lambda parent, title, text: shown.append(text))
    first = env.ids["Z8A0001"][0]
    assert open_player(env.desk, [first], player_factory=FakePlayers()) is None
    assert len(shown) == 1 and "no live approval" in shown[0] and str(first) in shown[0]
    assert last_event().action == "refused.open_recording" and last_event().outcome == "refused"
    assert ViewingSession.select().count() == 0


def test_open_with_grant_logs_a_session_and_shows_the_continuous_timeline(qtbot: Any, env: Env) -> None:
    first, second, after_gap = env.ids["Z8A0001"]
    request_id = env.grant([first, second])
    players = FakePlayers(length_ms=19_000)
    window = open_player(env.desk, [first], player_factory=players)
    assert isinstance(window, PlayerWindow)
    qtbot.addWidget(window)
    opened = sessions(first)
    assert len(opened) == 1 and opened[0].closed_at is None and opened[0].request_id == request_id
    event = AuditEvent.select().where(AuditEvent.action == "viewing.open").get()
    assert event.object_id == str(first)

    player = players.made[0]
    stream_url = window.sessions.session(first).stream_url
    assert player.state == "playing" and player.loaded_path is None  # the station's footage, not a file
    assert stream_url.startswith("http://127.0.0.1:")
    assert str(env.station.home.root) not in stream_url and opened[0].recording.sha256 not in stream_url
    original = env.station.vault.blob_path(opened[0].recording.sha256).read_bytes()
    part = httpx.get(stream_url, headers={"Range": "bytes=100-1099"})  # what libvlc asks when it seeks
    assert part.status_code == 206 and part.content == original[100:1100]
    assert read_footage(player, 100, 1000) == original[100:1100]  # what the player reads: the same bytes
    assert VIEWER[1] in window.player_widget.watermark_text() and VIEWER[2] in window.player_widget.watermark_text()
    timeline = window.timeline.timeline
    assert [s.recording_id for s in timeline.segments] == [first, second, after_gap]
    assert len(timeline.gaps) == 1 and not timeline.gaps[0].explained
    assert timeline.gaps[0].minutes_seconds() == (5, 20)
    assert window.timeline.locked() == {after_gap}
    settled(qtbot, window)
    assert window.thumbnails.has_strip()  # the strip came from the station as a PNG, under the grant
    assert AuditEvent.select().where(AuditEvent.action == "viewing.preview").count() == 1

    # a locked recording is never played
    window.jump_to(after_gap, 0)
    assert window.current == first and sessions(after_gap) == []
    assert "locked" in window.status_text()

    # at the end of the file the next one plays, in its own session; the range of the first is logged
    player.advance(19_000)
    window.poll()
    settled(qtbot, window)
    assert window.current == second and len(sessions(second)) == 1
    assert [(r.start_ms, r.end_ms) for r in WatchedRange.select().where(WatchedRange.session == opened[0].id)] == [
        (0, 19_000)]


def test_an_explained_gap_shows_its_reason_on_the_timeline(qtbot: Any, env: Env) -> None:
    """The Art. 11 explanation of a gap reaches the timeline through the client (``gap_explanations``)."""
    first, second, after_gap = env.ids["Z8A0001"]
    env.grant([first])
    custodian = login(env.station, "custodian", PASSWORD)
    gap = next(f for views in findings_by_recording(custodian, [second, after_gap], status="open").values()
               for f in views if f.kind == "gap" and set(f.recording_ids) == {second, after_gap})
    explain_gap(custodian, finding_id=gap.id, reason="battery", text="更换电池")
    window = open_window(qtbot, env, first)
    gaps = window.timeline.timeline.gaps
    assert len(gaps) == 1 and gaps[0].explained
    assert gaps[0].explanation == "battery low: 更换电池"  # the English interface names the reason in English
    assert [e.finding_id for e in env.desk.gap_explanations([first, second, after_gap])] == [gap.id]
    assert env.desk.gap_explanations([first, second]) == []  # a gap to a recording not asked about is left out


def test_the_chinese_timeline_names_an_explained_gaps_reason_in_chinese(qtbot: Any, env: Env) -> None:
    """The reason of an explained gap is a label of the core's catalogue, shown in the interface's language."""
    first, second, after_gap = env.ids["Z8A0001"]
    env.grant([first])
    custodian = login(env.station, "custodian", PASSWORD)
    gap = next(f for views in findings_by_recording(custodian, [second, after_gap], status="open").values()
               for f in views if f.kind == "gap" and set(f.recording_ids) == {second, after_gap})
    explain_gap(custodian, finding_id=gap.id, reason="battery", text="更换电池")
    assert install_translators("zh_CN")
    try:
        window = open_window(qtbot, env, first)
        assert [g.explanation for g in window.timeline.timeline.gaps] == [
            f"{GAP_REASON_LABELS[GapReason.BATTERY].render('zh_CN')}：更换电池"]
        assert GAP_REASON_LABELS[GapReason.BATTERY].render("zh_CN") == "电量不足"
    finally:
        remove_translators()


def test_pause_logs_the_watched_range(qtbot: Any, env: Env) -> None:
    first = env.ids["Z8A0001"][0]
    env.grant([first])
    players = FakePlayers(length_ms=19_000)
    window = open_window(qtbot, env, first, players)
    players.made[0].advance(4_000)
    qtbot.keyClick(window.player_widget, Qt.Key.Key_Space)
    assert players.made[0].state == "paused"
    ranges = list(WatchedRange.select().where(WatchedRange.session == sessions(first)[0].id))
    assert [(r.start_ms, r.end_ms) for r in ranges] == [(0, 4_000)]
    assert last_event().action == "viewing.watched"


def test_b_opens_the_bookmark_dialog_and_adds_a_bookmark(qtbot: Any, env: Env) -> None:
    first = env.ids["Z8A0001"][0]
    env.grant([first])
    players = FakePlayers(length_ms=19_000)
    window = open_window(qtbot, env, first, players)
    dialogs: list[QDialog] = []

    def fill_in(dialog: QDialog) -> bool:
        dialogs.append(dialog)
        assert isinstance(dialog, BookmarkDialog) and dialog.category_box.count() == len(BookmarkCategory)
        assert dialog.category_box.itemText(4).startswith(BookmarkCategory.QUESTIONING.label_zh)
        dialog.set_category(BookmarkCategory.QUESTIONING)
        dialog.note_edit.setPlainText("询问当事人经营情况")
        dialog.accept()
        return dialog.result() == QDialog.DialogCode.Accepted

    window.dialog_runner = fill_in
    players.made[0].advance(7_000)
    qtbot.keyClick(window.player_widget, Qt.Key.Key_B)
    assert len(dialogs) == 1
    marks = list_bookmarks(env.viewer, recording_ids=[first])
    assert [(m.offset_ms, m.category, m.note) for m in marks] == [(7_000, "questioning", "询问当事人经营情况")]
    assert players.made[0].state == "playing", "playback resumes after the dialog"
    assert [b.offset_ms for b in window.timeline.timeline.bookmarks] == [7_000]
    assert [b.bookmark_id for b in window.bookmark_panel.bookmarks()] == [marks[0].bookmark_id]
    english = BookmarkCategory.QUESTIONING.label_en  # the English interface names the category in English
    assert window.bookmark_panel.tree.topLevelItem(0).text(1) == english
    assert [b.category for b in window.timeline.timeline.bookmarks] == [english]

    # withdrawing keeps the bookmark, greyed and struck out, with its history
    panel = window.bookmark_panel
    panel.select(marks[0].bookmark_id)

    def give_reason(dialog: QDialog) -> bool:
        assert isinstance(dialog, WithdrawDialog)
        dialog.reason_edit.setPlainText("时间点标错")
        dialog.accept()
        return dialog.result() == QDialog.DialogCode.Accepted

    panel.dialog_runner = give_reason
    panel.withdraw_selected()
    item = panel.tree.topLevelItem(0)
    assert item.font(0).strikeOut() and panel.bookmarks()[0].status == "withdrawn"
    assert window.timeline.timeline.bookmarks == ()
    assert [r.action for r in bookmark_history(env.viewer, marks[0].bookmark_id)] == ["create", "withdraw"]
    history = panel.show_history()
    assert history is not None and history.table.rowCount() == 2
    history.close()

    # clicking a bookmark in the panel jumps there
    players.made[0].seek_ms(0)
    panel.jumpRequested.emit(first, 7_000)
    assert players.made[0].position_ms == 7_000


def test_snapshot_is_stored_in_the_vault_as_derived_evidence(qtbot: Any, env: Env) -> None:
    first = env.ids["Z8A0001"][0]
    env.grant([first])
    players = FakePlayers(length_ms=19_000)
    window = open_window(qtbot, env, first, players)
    players.made[0].advance(3_000)
    qtbot.keyClick(window.player_widget, Qt.Key.Key_S)
    operation = window.snapshots.in_flight[-1]
    assert "Storing" in window.status_text()  # hashed and stored on a worker; the window goes on
    qtbot.waitUntil(lambda: operation.done, timeout=10_000)
    assert operation.error is None
    snap = Snapshot.get()
    assert snap.recording_id == first and snap.offset_ms == 3_000 and snap.session_id == sessions(first)[0].id
    stored = env.station.vault.blob_path(snap.sha256)
    assert stored.read_bytes().startswith(b"\x89PNG") and snap.sha256 != sessions(first)[0].recording.sha256
    assert last_event().action == "viewing.snapshot"
    assert str(snap.id) in window.status_text() and snap.sha256[:16] in window.status_text()
    # the snapshot can be found again: listed with its recording, its picture fetched from the station
    listed = window.snapshot_list.snapshots()
    assert [(v.snapshot_id, v.offset_ms, v.author) for v in listed] == [(snap.id, 3_000, VIEWER[0])]
    assert window.snapshot_list.selected() is not None and window.snapshot_list.selected().snapshot_id == snap.id
    shown = window.snapshot_list.show_selected()
    assert shown is not None and not shown.pixmap.isNull()
    assert last_event().action == "viewing.snapshot_image"
    shown.close()


def test_a_snapshot_still_being_stored_lands_before_the_window_closes_its_session(qtbot: Any, env: Env) -> None:
    first = env.ids["Z8A0001"][0]
    env.grant([first])
    players = FakePlayers(length_ms=19_000)
    # Not handed to qtbot: the window deletes itself on close, and the events below let it.
    window = PlayerWindow(env.desk, first, player_factory=players, poll_interval_ms=60_000)
    settled(qtbot, window)
    window.show()
    players.made[0].advance(2_000)
    operation = window.take_snapshot(2_000)
    assert operation is not None
    window.close()  # at once: the store must finish inside the still open session
    session = sessions(first)[0]
    assert session.closed_at is not None
    assert [(s.offset_ms, s.session_id) for s in Snapshot.select()] == [(2_000, session.id)]
    assert operation.work_done.is_set()
    qtbot.waitUntil(lambda: operation.done, timeout=10_000)  # the outcome still arrives, harmlessly


def test_closing_the_window_logs_the_last_range_and_closes_the_sessions(qtbot: Any, env: Env) -> None:
    first = env.ids["Z8A0001"][0]
    env.grant([first])
    players = FakePlayers(length_ms=19_000)
    window = open_window(qtbot, env, first, players)
    players.made[0].advance(2_500)
    window.close()
    session = sessions(first)[0]
    assert session.closed_at is not None and players.made[0].closed
    assert [(r.start_ms, r.end_ms) for r in session.ranges] == [(0, 2_500)]
    assert last_event().action == "viewing.close"


def test_an_expired_grant_stops_playback_and_says_so(qtbot: Any, env: Env) -> None:
    first = env.ids["Z8A0001"][0]
    env.grant([first], hours=1)
    players = FakePlayers(length_ms=19_000)
    window = open_window(qtbot, env, first, players)
    player = players.made[0]
    player.advance(5_000)
    env.clock.advance(timedelta(hours=2))
    qtbot.keyClick(window.player_widget, Qt.Key.Key_Space)  # the pause reports the range: the grant is gone
    assert player.state == "idle", "playback must stop"
    assert "expired or was revoked" in window.status_text()
    assert not window.player_widget.isEnabled()
    assert sessions(first)[0].closed_at is not None
    qtbot.keyClick(window.player_widget, Qt.Key.Key_Space)  # the user cannot start it again
    assert player.state == "idle"


def test_the_timer_check_stops_playback_when_the_grant_is_revoked(qtbot: Any, env: Env) -> None:
    first = env.ids["Z8A0001"][0]
    request_id = env.grant([first])
    players = FakePlayers(length_ms=19_000)
    window = open_window(qtbot, env, first, players)
    vs.revoke_request(env.director, request_id, reason="案件已办结")
    window.check_grant()
    assert players.made[0].state == "idle" and "expired or was revoked" in window.status_text()


def test_a_damaged_file_shows_a_message_not_a_crash(qtbot: Any, env: Env) -> None:
    first = env.ids["Z8A0001"][0]
    env.grant([first])
    window = open_window(qtbot, env, first, FakePlayers(fail_message="The video file cannot be played: damaged."))
    assert "damaged" in window.player_widget.message_text()


def two_cameras(env: Env) -> tuple[int, int]:
    """A recording of camera Z8A0002 (08:29:36) and one of camera Z8B0107 whose clock was measured 3044 s fast:
    on the corrected clock it starts at 08:29:52, 16 s after the first."""
    one, two = env.ids["Z8A0002"][0], env.ids["Z8B0107"][0]  # camera times 08:29:36 and 09:20:36
    Recording.update(clock_offset_s=3044.0).where(Recording.id == two).execute()
    return one, two


def test_multi_camera_view_syncs_by_corrected_time(qtbot: Any, env: Env) -> None:
    one, two = two_cameras(env)
    env.grant([one, two])
    players = FakePlayers(length_ms=60_000)
    window = open_player(env.desk, [one, two], player_factory=players)
    assert isinstance(window, MultiCameraWindow)
    qtbot.addWidget(window)
    assert len(sessions(one)) == 1 and len(sessions(two)) == 1
    first, second = players.made
    window.seek_all(10_000)
    assert first.position_ms == 10_000 and second.position_ms == 0, "the second camera starts 16 s later"
    window.play_all()
    assert first.state == "playing" and second.state != "playing"
    first.advance(8_000)
    window.poll()  # shared time 18 s: the second camera has footage from its 2nd second on
    assert second.state == "playing" and second.position_ms == 2_000
    assert "08:29:54" in window.time_label.text()
    for player, tile in zip(players.made, window.tiles, strict=True):  # each tile reads its own recording
        original = env.station.vault.blob_path(tile.recording.sha256).read_bytes()
        assert read_footage(player, 0, 4096) == original[:4096]
    window.close()
    assert all(s.closed_at is not None for s in ViewingSession.select())


def test_multi_camera_view_confirms_bookmarks_and_stops_a_recording_whose_grant_ends(qtbot: Any, env: Env) -> None:
    one, two = two_cameras(env)
    first_grant = env.grant([one])
    env.grant([two])
    players = FakePlayers(length_ms=60_000)
    window = open_player(env.desk, [one, two], player_factory=players)
    assert isinstance(window, MultiCameraWindow)
    qtbot.addWidget(window)

    def fill_in(dialog: QDialog) -> bool:
        assert isinstance(dialog, BookmarkDialog)
        dialog.set_category(BookmarkCategory.QUESTIONING)
        dialog.accept()
        return True

    window.dialog_runner = fill_in
    window.tiles[0].widget.request_bookmark()
    assert [b.recording_id for b in list_bookmarks(env.viewer, recording_ids=[one, two])] == [one]
    assert f"{one}" in window.message.text() and "b00000" not in window.message.styleSheet()  # said, not red
    window.play_all()
    vs.revoke_request(env.director, first_grant, reason="案件已办结")
    window.check_grants()  # what the window's timer does
    assert players.made[0].state == "idle" and not window.tiles[0].widget.isEnabled()
    assert "expired or was revoked" in window.message.text() and "b00000" in window.message.styleSheet()
    assert sessions(one)[0].closed_at is not None and sessions(two)[0].closed_at is None
    assert window.tiles[1].live and window.tiles[1].widget.isEnabled()
    window.close()


def test_the_window_works_through_a_station_service_over_http(qtbot: Any, env: Env, tmp_path: Path) -> None:
    """The same window on a client of a station service over HTTP (Unix socket): the session, its stream, the
    preview strip, a bookmark and closing all go through the service."""
    from evidence_station.client.transport import HttpTransport
    from evidence_station.server.http_app import create_app
    from evidence_station.server.listen import unix_socket
    from evidence_station.server.runner import BackgroundServer, uvicorn_config

    first = env.ids["Z8A0001"][0]
    request_id = env.grant([first])
    dispatcher = Dispatcher(env.station)
    socket_path = tmp_path / "run" / "station.sock"
    server = BackgroundServer(uvicorn_config(create_app(dispatcher)), [unix_socket(socket_path)]).start()
    transport = HttpTransport(f"unix:{socket_path}")
    try:
        desk = StationClient.login(transport, VIEWER[0], PASSWORD, client="gui")
        desk.now = env.clock.now  # type: ignore[method-assign]
        players = FakePlayers(length_ms=19_000)
        window = PlayerWindow(desk, first, request_id=request_id, player_factory=players, poll_interval_ms=60_000)
        qtbot.addWidget(window)
        settled(qtbot, window)
        assert window.thumbnails.has_strip()
        url = window.sessions.session(first).stream_url
        original = env.station.vault.blob_path(sessions(first)[0].recording.sha256).read_bytes()
        # the player reads through the desk's own connection (the Unix socket), with the session's token
        assert read_footage(players.made[0], len(original) - 500, 500) == original[-500:]
        assert httpx.get(url, headers={"Range": "bytes=0-99"}).status_code == 206
        window.dialog_runner = lambda dialog: (dialog.accept(), True)[1]  # the default category
        players.made[0].advance(1_500)
        assert window.add_bookmark_at(1_500) is not None
        window.close()
        assert sessions(first)[0].closed_at is not None and sessions(first)[0].request_id == request_id
        assert httpx.get(url).status_code == 403  # its stream ended with the session
        with pytest.raises(OSError, match="403"):
            players.made[0].loaded_source.open()  # and so did the desk's way of reading it
        desk.logout()
    finally:
        transport.close()
        server.stop()
        dispatcher.streams.stop()


# ----------------------------------------------------------------------------------------- real libvlc
def test_real_libvlc_plays_an_imported_clip_through_the_window(qtbot: Any, env: Env) -> None:
    available, message = vlc_status()
    if not available:
        pytest.skip(f"libvlc is missing: {message}")
    first = env.ids["Z8A0001"][0]
    env.grant([first])
    window = open_player(env.desk, [first])
    assert isinstance(window, PlayerWindow)
    qtbot.addWidget(window)
    player = window.player
    assert player is not None
    qtbot.waitUntil(lambda: player.state == "playing" and player.position_ms > 500, timeout=10_000)
    assert player.length_ms > 15_000
    window.player_widget.pause()
    ranges = list(WatchedRange.select())
    assert len(ranges) == 1 and ranges[0].end_ms > 500
    window.close()
    assert sessions(first)[0].closed_at is not None


def test_real_libvlc_plays_the_stream_seeks_and_stops_when_the_grant_is_revoked(
    qtbot: Any, env: Env, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Headless libvlc (dummy outputs) plays the session's stream URL, seeks by HTTP ranges, and stops — saying so in
    Chinese — when the director revokes the grant mid-play; the stream then answers 403."""
    available, message = vlc_status()
    if not available:
        pytest.skip(f"libvlc is missing: {message}")
    monkeypatch.setattr(streams, "LIVENESS_TTL_S", 0.0)  # the stream asks the grant at every read
    first = env.ids["Z8A0001"][0]
    request_id = env.grant([first])
    window = PlayerWindow(env.desk, first, request_id=request_id, grant_check_interval_ms=300)
    qtbot.addWidget(window)
    window.show()
    player = window.player
    assert player is not None and type(player).__name__ == "VlcPlayer"
    stream_url = window.sessions.session(first).stream_url
    assert stream_url.startswith("http://127.0.0.1:")
    qtbot.waitUntil(lambda: player.state == "playing" and player.position_ms > 300, timeout=15_000)
    window.player_widget.seek(12_000)  # beyond what was read: libvlc asks the station for a range
    qtbot.waitUntil(lambda: player.position_ms >= 12_000, timeout=15_000)
    assert player.state == "playing"
    assert install_translators("zh_CN")
    try:
        vs.revoke_request(env.director, request_id, reason="案件已办结")
        qtbot.waitUntil(lambda: player.state != "playing", timeout=15_000)  # the window's grant check stops it
        assert player.state == "idle" and not window.player_widget.isEnabled()
        assert "播放已停止" in window.status_text() and "撤销" in window.status_text()
        assert "播放已停止" in window.player_widget.message_text()
    finally:
        remove_translators()
    assert httpx.get(stream_url, headers={"Range": "bytes=0-99"}).status_code == 403
    assert sessions(first)[0].closed_at is not None
    window.close()


def test_player_keys_work_wherever_the_focus_is_in_the_window_but_not_in_text_fields(qtbot: Any, env: Env) -> None:
    """Space/arrows act on the video after a click in the bookmark list; a text field keeps its keys."""
    from PySide6.QtWidgets import QLineEdit

    first = env.ids["Z8A0001"][0]
    env.grant([first])
    players = FakePlayers(length_ms=19_000)
    window = open_window(qtbot, env, first, players)
    player = players.made[0]
    assert player.state == "playing"
    window.activateWindow()
    tree = window.bookmark_panel.tree
    tree.setFocus()
    qtbot.waitUntil(tree.hasFocus, timeout=2_000)
    qtbot.keyClick(tree, Qt.Key.Key_Space)
    assert player.state == "paused"
    position = player.position_ms
    qtbot.keyClick(tree, Qt.Key.Key_Right)
    assert player.position_ms == position + 5_000
    note = QLineEdit(window.bookmark_panel)  # stands for any text field of the window
    note.show()
    qtbot.keyClick(note, Qt.Key.Key_Space)
    assert note.text() == " " and player.state == "paused"
    window.player_widget.setEnabled(False)  # what an expired approval does: no key may start it again
    qtbot.keyClick(tree, Qt.Key.Key_Space)
    assert player.state == "paused"


# ----------------------------------------------------------------------------------------- the grant chosen
def watch_in_my_grants(qtbot: Any, env: Env, request_id: int, players: FakePlayers,
                       monkeypatch: pytest.MonkeyPatch) -> QWidget | None:
    """Choose grant ``request_id`` in My grants and press Watch (players made by ``players``)."""
    monkeypatch.setattr(player_window, "default_player", players)
    grants = GrantsWidget(env.desk)
    qtbot.addWidget(grants)
    grants.refresh()
    assert grants.table.select_object(lambda r: r.request_id == request_id)
    return grants.watch_selected()


def test_watch_opens_the_session_under_the_grant_chosen_and_the_register_names_it(
    qtbot: Any, env: Env, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Issue #20 item 2: choosing grant A (one recording, its own reason) in My grants must not open the player —
    nor log the register — under a newer grant B covering the same recording."""
    first, second = env.ids["Z8A0001"][:2]
    chosen = env.grant([first], reason="单独查看该段录像")
    newer = env.grant([first, second], reason="复议审查")  # the newest live grant: the station's default
    players = FakePlayers(length_ms=19_000)
    window = watch_in_my_grants(qtbot, env, chosen, players, monkeypatch)
    assert isinstance(window, PlayerWindow)
    qtbot.addWidget(window)
    settled(qtbot, window)
    assert window.sessions.session(first).grant.request_id == chosen
    assert f"#{chosen}" in window.header.text() and f"#{newer}" not in window.header.text()
    assert [s.request_id for s in sessions(first)] == [chosen]
    # the next recording is covered by the newer grant only: not under this window's grant, so locked
    assert window.timeline.locked() >= {second}
    assert not window.show_recording(second) and sessions(second) == []
    assert f"#{chosen}" in window.status_text()
    players.made[0].advance(4_000)
    window.close()
    entries = viewing_register(env.director)
    assert [(e.request_id, e.reason, e.watched) for e in entries] == [(chosen, "单独查看该段录像", [(0, 4_000)])]


def test_a_grant_of_five_recordings_opens_their_list_one_at_a_time_or_up_to_four_side_by_side(
    qtbot: Any, env: Env, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Issue #20 item 1: a grant of five recordings could not be watched at all ("at most 4 … choose fewer")."""
    from evidence_station.gui.viewing.grant_recordings import GrantRecordingsWindow

    five = [rid for ids in env.ids.values() for rid in ids][:5]
    assert len(five) == 5
    chosen = env.grant(five, reason="五段录像逐段查看")
    chooser = watch_in_my_grants(qtbot, env, chosen, FakePlayers(length_ms=19_000), monkeypatch)
    assert isinstance(chooser, GrantRecordingsWindow)
    qtbot.addWidget(chooser)
    assert chooser.table.rowCount() == 5 and not chooser.side_by_side_button.isEnabled()
    chooser.table.selectRow(1)
    selected = chooser.current_id()
    assert selected in five
    window = chooser.play_current()
    assert isinstance(window, PlayerWindow)
    qtbot.addWidget(window)
    settled(qtbot, window)
    assert window.current == selected
    assert window.sessions.session(selected).grant.request_id == chosen
    window.close()
    devices = [chooser.table.cell(row, "device").text() for row in range(5)]
    for row in range(5):  # all five ticked: two cameras, one tile each (a camera's recordings one after the other)
        chooser.table.item(row, 0).setCheckState(Qt.CheckState.Checked)
    assert chooser.side_by_side_button.isEnabled() and chooser.message.text() == ""
    together = chooser.play_side_by_side()
    assert isinstance(together, MultiCameraWindow)
    qtbot.addWidget(together)
    assert sorted(len(tile.clips) for tile in together.tiles) == [2, 3]
    together.close()
    for row in range(5):  # were they of five cameras: too many side by side, and it says how many to untick
        chooser.table.cell(row, "device").setText(f"Z9A000{row}")
    assert not chooser.side_by_side_button.isEnabled() and "1" in chooser.message.text()
    keep = (0, next(row for row in range(1, 5) if devices[row] != devices[0]))  # two cameras: side by side
    for row in range(5):
        if row not in keep:
            chooser.table.item(row, 0).setCheckState(Qt.CheckState.Unchecked)
    assert len(chooser.checked_ids()) == 2 and chooser.side_by_side_button.isEnabled()
    multi = chooser.play_side_by_side()
    assert isinstance(multi, MultiCameraWindow)
    qtbot.addWidget(multi)
    multi.close()


def _self_signed(folder: Path) -> tuple[Path, Path]:
    """A certificate and key for 127.0.0.1 (what ``serve --tls-cert/--tls-key`` is given)."""
    import ipaddress

    from cryptography import x509
    from cryptography.hazmat.primitives import hashes, serialization
    from cryptography.hazmat.primitives.asymmetric import ec
    from cryptography.x509.oid import NameOID

    key = ec.generate_private_key(ec.SECP256R1())
    name = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, "station.test")])
    now = FrozenClock(CLOCK_AT).now()
    certificate = (x509.CertificateBuilder().subject_name(name).issuer_name(name).public_key(key.public_key())
                   .serial_number(x509.random_serial_number()).not_valid_before(now - timedelta(days=3650))
                   .not_valid_after(now + timedelta(days=36500))
                   .add_extension(x509.SubjectAlternativeName([x509.IPAddress(ipaddress.ip_address("127.0.0.1"))]),
                                  critical=False)
                   .add_extension(x509.BasicConstraints(ca=True, path_length=None), critical=True)
                   .sign(key, hashes.SHA256()))
    cert, key_file = folder / "station.pem", folder / "station.key"
    cert.write_bytes(certificate.public_bytes(serialization.Encoding.PEM))
    key_file.write_bytes(key.private_bytes(serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8,
                                           serialization.NoEncryption()))
    return cert, key_file


def test_a_remote_desk_plays_footage_over_tls_and_only_its_own_session_may_read_it(
    qtbot: Any, env: Env, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A desk on another machine reaches the station only over TLS: its player reads the footage through that
    connection (``/v1/streams/TOKEN`` with its session's token) — real libvlc plays it and seeks — while another
    log-in session cannot read the same stream, and the revoked grant ends it."""
    import ssl

    from evidence_station.client.transport import HttpTransport
    from evidence_station.server.http_app import create_app
    from evidence_station.server.listen import tcp_socket
    from evidence_station.server.runner import BackgroundServer, uvicorn_config

    available, message = vlc_status()
    if not available:
        pytest.skip(f"libvlc is missing: {message}")
    monkeypatch.setattr(streams, "LIVENESS_TTL_S", 0.0)
    first = env.ids["Z8A0001"][0]
    request_id = env.grant([first])
    cert, key = _self_signed(tmp_path)
    dispatcher = Dispatcher(env.station)
    sock = tcp_socket("127.0.0.1", 0)
    url = f"https://127.0.0.1:{sock.getsockname()[1]}"
    server = BackgroundServer(uvicorn_config(create_app(dispatcher), ssl_certfile=str(cert), ssl_keyfile=str(key)),
                              [sock]).start()
    trusted = ssl.create_default_context(cafile=str(cert))
    transport, other = HttpTransport(url, verify=trusted), HttpTransport(url, verify=trusted)
    try:
        desk = StationClient.login(transport, VIEWER[0], PASSWORD, client="gui")
        desk.now = env.clock.now  # type: ignore[method-assign]
        window = PlayerWindow(desk, first, request_id=request_id, grant_check_interval_ms=300)
        qtbot.addWidget(window)
        window.show()
        player = window.player
        assert player is not None and type(player).__name__ == "VlcPlayer"
        qtbot.waitUntil(lambda: player.state == "playing" and player.position_ms > 300, timeout=15_000)
        window.player_widget.seek(12_000)  # beyond what was read: the desk asks the station for a range
        qtbot.waitUntil(lambda: player.position_ms >= 12_000, timeout=15_000)
        assert player.state == "playing"

        view = window.sessions.session(first)
        original = env.station.vault.blob_path(sessions(first)[0].recording.sha256).read_bytes()
        assert read_footage_of(desk.footage(view), 1000, 2000) == original[1000:3000]
        intruder = StationClient.login(other, VIEWER[0], PASSWORD, client="cli")  # same user, another session
        with pytest.raises(OSError, match="404"):
            intruder.footage(view).open()
        assert httpx.get(f"{url}/v1/streams/{view.stream_url.rpartition('/')[2]}", verify=trusted).status_code == 401

        vs.revoke_request(env.director, request_id, reason="案件已办结")
        qtbot.waitUntil(lambda: player.state != "playing", timeout=15_000)
        with pytest.raises(OSError, match="403"):
            desk.footage(view).open()
        window.close()
        intruder.logout()
        desk.logout()
    finally:
        transport.close()
        other.close()
        server.stop()
        dispatcher.streams.stop()


# ------------------------------------------------------- the synchronised view fits and explains itself (#20 item 3)
def open_multi(qtbot: Any, env: Env, ids: list[int]) -> MultiCameraWindow:
    env.grant(ids)
    window = open_player(env.desk, ids, player_factory=FakePlayers(length_ms=20_000))
    assert isinstance(window, MultiCameraWindow)
    qtbot.addWidget(window)
    return window


def four_of_three_cameras(env: Env) -> list[int]:
    """Two recordings of camera Z8A0001 (one tile) and one of each other camera."""
    return [env.ids["Z8A0001"][0], env.ids["Z8A0001"][1], env.ids["Z8A0002"][0], env.ids["Z8B0107"][0]]


def test_the_view_of_three_cameras_fits_a_1366_by_768_screen_in_chinese(qtbot: Any, env: Env) -> None:
    assert install_translators("zh_CN")
    try:
        window = open_multi(qtbot, env, four_of_three_cameras(env))
        needs = window.minimumSizeHint().expandedTo(window.minimumSize())
        assert needs.width() <= SMALLEST_SCREEN.width() and needs.height() <= SMALLEST_SCREEN.height(), needs
        assert window.width() <= SMALLEST_SCREEN.width() and window.height() <= SMALLEST_SCREEN.height()
        assert oversized_windows() == ""
        window.close()
    finally:
        remove_translators()


def test_each_recordings_volume_is_a_slider_labelled_volume(qtbot: Any, env: Env) -> None:
    assert install_translators("zh_CN")
    try:
        window = open_multi(qtbot, env, list(two_cameras(env)))
        window.show()
        for tile in window.tiles:
            label, slider = tile.widget._volume_label, tile.widget._volume_slider
            assert label.text() == "音量" and label.buddy() is slider and label.isVisible()
            assert slider.width() >= 70, "a short slider looks like a checkbox"
            slider.setValue(40)
            assert tile.widget.player.volume == 40
        window.close()
    finally:
        remove_translators()


def test_an_added_bookmark_is_confirmed_listed_selected_and_marked_on_the_timeline(qtbot: Any, env: Env) -> None:
    one, two = two_cameras(env)
    window = open_multi(qtbot, env, [one, two])
    assert window.bookmark_panel.bookmarks() == [] and window.timeline.timeline.bookmarks == ()
    assert [s.recording_id for s in window.timeline.timeline.segments] == [one, two]

    def fill_in(dialog: QDialog) -> bool:
        assert isinstance(dialog, BookmarkDialog)
        dialog.set_category(BookmarkCategory.QUESTIONING)
        dialog.accept()
        return True

    window.dialog_runner = fill_in
    window.seek_all(20_000)  # 4 s into the second camera's recording, which starts 16 s later
    window.tiles[1].widget.request_bookmark()
    added = list_bookmarks(env.viewer, recording_ids=[one, two])
    assert [(b.recording_id, b.offset_ms) for b in added] == [(two, 4_000)]
    assert f"{two}" in window.message.text() and "b00000" not in window.message.styleSheet()
    listed = window.bookmark_panel.bookmarks()
    assert [b.bookmark_id for b in listed] == [added[0].bookmark_id]
    assert window.bookmark_panel.selected() is not None
    assert window.bookmark_panel.selected().bookmark_id == added[0].bookmark_id
    assert [(m.recording_id, m.offset_ms) for m in window.timeline.timeline.bookmarks] == [(two, 4_000)]
    window.seek_all(0)
    window.bookmark_panel.jumpRequested.emit(two, 4_000)  # a click on the listed bookmark
    assert window.shared_ms == 20_000
    window.close()


def test_a_cameras_chosen_recordings_play_one_after_the_other_in_its_tile(qtbot: Any, env: Env) -> None:
    """Two recordings of camera Z8A0001 and one of Z8A0002: two tiles, not three; at the end of the first recording
    the same tile goes on with the second, each watched range logged against its own recording."""
    first, second = env.ids["Z8A0001"][:2]  # 08:08:36 (19 s) and 08:08:55
    other = env.ids["Z8A0002"][0]
    lag = (env.desk.get_recording(other).start - env.desk.get_recording(first).start).total_seconds() - 4
    Recording.update(clock_offset_s=lag).where(Recording.id == other).execute()  # starts 4 s after the first
    window = open_multi(qtbot, env, [first, other, second])
    assert [[c.recording.id for c in t.clips] for t in window.tiles] == [[first, second], [other]]
    assert [s.recording_id for s in window.timeline.timeline.segments] == [first, other, second]
    camera_a = window.tiles[0]
    player = camera_a.widget.player
    assert plays_recording(env, player, first)
    length = camera_a.clips[0].length_ms
    window.seek_all(1_000)
    window.play_all()
    player.advance(3_000)
    window.seek_all(length + 2_000)  # into the second recording of camera A
    assert camera_a.recording.id == second and plays_recording(env, player, second)
    assert player.position_ms == 2_000
    watched = WatchedRange.select().where(WatchedRange.session == sessions(first)[0].id)
    assert [(r.start_ms, r.end_ms) for r in watched] == [(1_000, 4_000)]
    window.bookmark_panel.jumpRequested.emit(first, 5_000)  # back into the first recording
    assert camera_a.recording.id == first and window.shared_ms == 5_000
    window.close()
    assert all(s.closed_at is not None for s in ViewingSession.select())


def test_chosen_clips_of_one_camera_play_as_one_continuous_timeline(qtbot: Any, env: Env) -> None:
    first, touching, after_gap = env.ids["Z8A0001"]  # 08:08:36, 08:08:55 (touching), 08:14:28 (after a gap)
    env.grant([first, touching, after_gap])
    players = FakePlayers(length_ms=13_000)
    window = open_player(env.desk, [after_gap, first, touching], player_factory=players)
    assert isinstance(window, PlayerWindow), "one player, not side by side"
    qtbot.addWidget(window)
    settled(qtbot, window)
    timeline = window.timeline.timeline
    assert [s.recording_id for s in timeline.segments] == [first, touching, after_gap]
    assert [(g.before_id, g.after_id) for g in timeline.gaps] == [(touching, after_gap)]  # the gap is shown
    assert window.current == first and not any(window.data.is_locked(rid) for rid in (touching, after_gap))
    assert window.data.next_after(first) == touching and window.data.next_after(touching) == after_gap
    players.made[0].advance(13_000)  # the first clip plays to its end …
    window.poll()
    assert window.current == touching  # … and the next one of the chosen clips follows in the same player
    settled(qtbot, window)
    window.close()


def test_the_bookmark_list_shows_headers_times_and_categories_whole_at_1366_by_768(qtbot: Any, env: Env) -> None:
    """Issue #20 item 9: the bookmark columns were cut ("检查生产经…"); the note takes the room that is left (and
    is whole in its tooltip), and nothing needs a horizontal scroll bar."""
    first = env.ids["Z8A0001"][0]
    env.grant([first])
    add_bookmark(env.viewer, first, offset_ms=3_000, category="inspecting_premises",
                 note="查看工资台账、考勤记录和劳动合同签订情况，并请项目负责人签字确认")
    assert install_translators("zh_CN")
    try:
        window = open_window(qtbot, env, first)
        window.resize(1280, 720)  # what the window asks for on a 1366×768 screen
        qtbot.wait(50)
        tree = window.bookmark_panel.tree
        header, metrics = tree.header(), tree.fontMetrics()
        item = tree.topLevelItem(0)
        assert item.text(1) == "检查生产经营场所"
        for column in range(3):
            title = tree.headerItem().text(column)
            assert header.sectionSize(column) >= header.fontMetrics().horizontalAdvance(title) + 6, title
        for column in (0, 1):
            icon = 16 + 4 if column == 1 else 0  # the category icon
            assert header.sectionSize(column) >= metrics.horizontalAdvance(item.text(column)) + icon, item.text(column)
        assert item.toolTip(2) or item.text(2)
        assert header.length() <= tree.viewport().width() and not tree.horizontalScrollBar().isVisible()
        window.close()
    finally:
        remove_translators()
