"""The player window wired to the services: grants, the viewing register, bookmarks, snapshots, timeline.

Most tests drive the window with the fake player on a copy of a station that imported the demo card once;
one test plays a real imported clip through libvlc.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from datetime import timedelta
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QDialog

from evidence_station.catalogue.audit_tables import AuditEvent
from evidence_station.catalogue.viewing import Snapshot, ViewingSession, WatchedRange
from evidence_station.domain.bookmarks import BookmarkCategory
from evidence_station.domain.clock import FrozenClock
from evidence_station.gui import player_window
from evidence_station.gui.bookmark_dialog import BookmarkDialog, WithdrawDialog
from evidence_station.gui.multi_camera_view import MultiCameraWindow
from evidence_station.gui.player_window import PlayerWindow, open_player
from evidence_station.playback.availability import vlc_status
from evidence_station.playback.fake_player import FakePlayer
from evidence_station.services import viewing_service as vs
from evidence_station.services.bookmark_service import bookmark_history, list_bookmarks
from evidence_station.services.context import ServiceContext
from evidence_station.services.recordings_service import list_recordings
from evidence_station.services.station import Station
from evidence_station.services.thumbnail_service import make_thumbnails
from evidence_station.services.users import login
from tests.conftest import PASSWORD
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

    def grant(self, recording_ids: list[int], hours: float | None = None) -> int:
        req = vs.request_viewing(self.viewer, recording_ids=recording_ids, reason="案件办理 2026-017")
        return vs.approve_request(self.director, req.request_id, hours=hours).request_id


@pytest.fixture
def env(imported_home: Path, tmp_path: Path) -> Iterator[Env]:
    clock = FrozenClock(CLOCK_AT)
    station = open_copy(imported_home, tmp_path, clock)
    viewer = login(station, VIEWER[0], PASSWORD)
    ids: dict[str, list[int]] = {}
    for rec in list_recordings(viewer):
        if rec.device and rec.kind == "video":
            ids.setdefault(rec.device, []).append(rec.id)
    yield Env(station, clock, viewer, login(station, "director", PASSWORD), ids)
    station.close()


class FakePlayers:
    """A player factory handing out fake players (kept for the assertions)."""

    def __init__(self, **kwargs: Any) -> None:
        self.kwargs = kwargs
        self.made: list[FakePlayer] = []

    def __call__(self) -> tuple[FakePlayer, str]:
        player = FakePlayer(**self.kwargs)
        self.made.append(player)
        return player, "fake player"


def open_window(qtbot: Any, env: Env, recording_id: int, players: FakePlayers | None = None) -> PlayerWindow:
    window = PlayerWindow(env.viewer, recording_id, player_factory=players or FakePlayers(length_ms=19_000),
                          poll_interval_ms=60_000)
    qtbot.addWidget(window)
    window.show()
    return window


def sessions(recording_id: int) -> list[ViewingSession]:
    return list(ViewingSession.select().where(ViewingSession.recording == recording_id).order_by(ViewingSession.id))


def last_event() -> AuditEvent:
    return AuditEvent.select().order_by(AuditEvent.seq.desc()).first()


# ----------------------------------------------------------------------------------------- opening
def test_open_is_refused_without_a_grant(qtbot: Any, env: Env, monkeypatch: pytest.MonkeyPatch) -> None:
    shown: list[str] = []
    monkeypatch.setattr(player_window.QMessageBox, "warning", lambda parent, title, text: shown.append(text))
    first = env.ids["Z8A0001"][0]
    assert open_player(env.viewer, [first], player_factory=FakePlayers()) is None
    assert len(shown) == 1 and "no live approval" in shown[0] and str(first) in shown[0]
    assert last_event().action == "refused.open_recording" and last_event().outcome == "refused"
    assert ViewingSession.select().count() == 0


def test_open_with_grant_logs_a_session_and_shows_the_continuous_timeline(qtbot: Any, env: Env) -> None:
    first, second, after_gap = env.ids["Z8A0001"]
    request_id = env.grant([first, second])
    players = FakePlayers(length_ms=19_000)
    window = open_player(env.viewer, [first], player_factory=players)
    assert isinstance(window, PlayerWindow)
    qtbot.addWidget(window)
    opened = sessions(first)
    assert len(opened) == 1 and opened[0].closed_at is None and opened[0].request_id == request_id
    event = AuditEvent.select().where(AuditEvent.action == "viewing.open").get()
    assert event.object_id == str(first)

    player = players.made[0]
    assert player.state == "playing" and player.loaded_path == env.station.vault.blob_path(opened[0].recording.sha256)
    assert VIEWER[1] in window.player_widget.watermark_text() and VIEWER[2] in window.player_widget.watermark_text()
    timeline = window.timeline.timeline
    assert [s.recording_id for s in timeline.segments] == [first, second, after_gap]
    assert len(timeline.gaps) == 1 and not timeline.gaps[0].explained
    assert timeline.gaps[0].minutes_seconds() == (5, 20)
    assert window.timeline.locked() == {after_gap}
    assert window.thumbnails.has_strip()

    # a locked recording is never played
    window.jump_to(after_gap, 0)
    assert window.current == first and sessions(after_gap) == []
    assert "locked" in window.status_text()

    # at the end of the file the next one plays, in its own session; the range of the first is logged
    player.advance(19_000)
    window.poll()
    assert window.current == second and len(sessions(second)) == 1
    assert [(r.start_ms, r.end_ms) for r in WatchedRange.select().where(WatchedRange.session == opened[0].id)] == [
        (0, 19_000)]


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


def test_a_snapshot_still_being_stored_lands_before_the_window_closes_its_session(qtbot: Any, env: Env) -> None:
    first = env.ids["Z8A0001"][0]
    env.grant([first])
    players = FakePlayers(length_ms=19_000)
    # Not handed to qtbot: the window deletes itself on close, and the events below let it.
    window = PlayerWindow(env.viewer, first, player_factory=players, poll_interval_ms=60_000)
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


def test_multi_camera_view_syncs_by_corrected_time(qtbot: Any, env: Env) -> None:
    one, two = env.ids["Z8A0002"][:2]  # 08:29:36 and 08:29:52 (16 s later)
    env.grant([one, two])
    players = FakePlayers(length_ms=60_000)
    window = open_player(env.viewer, [one, two], player_factory=players)
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
    window.close()
    assert all(s.closed_at is not None for s in ViewingSession.select())


# ----------------------------------------------------------------------------------------- real libvlc
def test_real_libvlc_plays_an_imported_clip_through_the_window(qtbot: Any, env: Env) -> None:
    available, message = vlc_status()
    if not available:
        pytest.skip(f"libvlc is missing: {message}")
    first = env.ids["Z8A0001"][0]
    env.grant([first])
    window = open_player(env.viewer, [first])
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
