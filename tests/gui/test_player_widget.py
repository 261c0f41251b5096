"""PlayerWidget: shortcuts, watched ranges, overlays and messages on the fake player; real libvlc playback of a file
and — what a desk does — of a viewing session's stream URL served by the embedded station service."""

from __future__ import annotations

import os
from datetime import UTC, datetime
from pathlib import Path

import pytest
from PySide6.QtCore import Qt

from evidence_station.domain.clock import FrozenClock
from evidence_station.gui.player_widget import PlayerWidget
from evidence_station.playback.fake_player import FakePlayer

START = datetime(2026, 3, 1, 0, 30, 0, tzinfo=UTC)  # 08:30:00 in Asia/Shanghai


@pytest.fixture
def fake_setup(qtbot):
    player = FakePlayer(length_ms=60_000, fps=25)
    widget = PlayerWidget(player, clock=FrozenClock(START), poll_interval_ms=10_000)
    qtbot.addWidget(widget)
    widget.resize(800, 500)
    widget.show()
    widget.open_file("/evidence/clip.mp4")
    return widget, player


def test_space_toggles_play_and_pause(qtbot, fake_setup):
    widget, player = fake_setup
    assert player.state == "playing"
    qtbot.keyClick(widget, Qt.Key.Key_Space)
    assert player.state == "paused"
    qtbot.keyClick(widget, Qt.Key.Key_Space)
    assert player.state == "playing"


def test_arrows_seek_five_seconds_shift_thirty_and_comma_period_step_one_frame(qtbot, fake_setup):
    widget, player = fake_setup
    player.advance(10_000)
    qtbot.keyClick(widget, Qt.Key.Key_Right)
    assert player.position_ms == 15_000
    qtbot.keyClick(widget, Qt.Key.Key_Left)
    qtbot.keyClick(widget, Qt.Key.Key_Left)
    assert player.position_ms == 5_000
    qtbot.keyClick(widget, Qt.Key.Key_Right, Qt.KeyboardModifier.ShiftModifier)
    assert player.position_ms == 35_000
    qtbot.keyClick(widget, Qt.Key.Key_Left, Qt.KeyboardModifier.ShiftModifier)
    assert player.position_ms == 5_000
    qtbot.keyClick(widget, Qt.Key.Key_Period)
    assert player.state == "paused" and player.position_ms == 5_040
    qtbot.keyClick(widget, Qt.Key.Key_Comma)
    assert player.position_ms == 5_000
    qtbot.keyClick(widget, Qt.Key.Key_Right, Qt.KeyboardModifier.ControlModifier)  # not a player shortcut
    assert player.position_ms == 5_000


def test_a_frame_step_changes_the_shown_time(qtbot, fake_setup):
    widget, player = fake_setup
    player.advance(5_000)
    qtbot.keyClick(widget, Qt.Key.Key_Period)
    assert widget._position_label.text().startswith("00:00:05.040 / ")
    qtbot.keyClick(widget, Qt.Key.Key_Period)
    assert widget._position_label.text().startswith("00:00:05.080 / ")
    qtbot.keyClick(widget, Qt.Key.Key_Comma)
    assert widget._position_label.text().startswith("00:00:05.040 / ")


def test_home_and_end_jump_to_the_start_and_the_end(qtbot, fake_setup):
    widget, player = fake_setup
    player.advance(20_000)
    qtbot.keyClick(widget, Qt.Key.Key_Home)
    assert player.position_ms == 0
    qtbot.keyClick(widget, Qt.Key.Key_End)
    assert player.position_ms == 60_000


def test_plus_minus_change_speed_and_up_down_m_the_sound(qtbot, fake_setup):
    widget, player = fake_setup
    qtbot.keyClick(widget, Qt.Key.Key_Plus, Qt.KeyboardModifier.ShiftModifier)  # "+" is Shift+= on most keyboards
    assert player.rate == 1.5
    qtbot.keyClick(widget, Qt.Key.Key_Minus)
    qtbot.keyClick(widget, Qt.Key.Key_Minus)
    assert player.rate < 1.0
    qtbot.keyClick(widget, Qt.Key.Key_Equal)
    assert player.rate == 1.0
    qtbot.keyClick(widget, Qt.Key.Key_Down)
    qtbot.keyClick(widget, Qt.Key.Key_Down)
    assert player.volume == 80 and widget._volume_slider.value() == 80
    qtbot.keyClick(widget, Qt.Key.Key_Up)
    assert player.volume == 90
    qtbot.keyClick(widget, Qt.Key.Key_M)
    assert player.muted and widget._mute_button.isChecked()
    qtbot.keyClick(widget, Qt.Key.Key_M)
    assert not player.muted


def test_s_requests_a_snapshot_at_the_current_position(qtbot, fake_setup):
    widget, player = fake_setup
    player.advance(4_000)
    with qtbot.waitSignal(widget.snapshotRequested, timeout=1000) as blocker:
        qtbot.keyClick(widget, Qt.Key.Key_S)
    assert blocker.args == [4_000]


def test_f1_and_question_mark_list_every_shortcut_and_tooltips_name_the_keys(qtbot, fake_setup):
    from evidence_station.gui.player_keys import PLAYER_KEYS

    widget, _player = fake_setup
    qtbot.keyClick(widget, Qt.Key.Key_F1)
    dialog = widget.key_help
    assert dialog is not None and dialog.isVisible()
    assert dialog.table.rowCount() == len(PLAYER_KEYS)
    keys = [dialog.table.item(row, 0).text() for row in range(dialog.table.rowCount())]
    for expected in ("Space", "←", "Shift+→", ",", ".", "[ / -", "] / + / =", "Home", "End", "B", "S", "F", "Esc",
                     "M", "F1 / ?"):
        assert expected in keys
    dialog.close()
    qtbot.keyClick(widget, Qt.Key.Key_Question, Qt.KeyboardModifier.ShiftModifier)
    assert dialog.isVisible()
    dialog.close()
    assert "(Space)" in widget._play_button.toolTip()
    assert "(S)" in widget._snapshot_button.toolTip() and "(B)" in widget._bookmark_button.toolTip()
    assert "(,)" in widget._back_frame_button.toolTip() and "(.)" in widget._next_frame_button.toolTip()
    assert "Esc" in widget._fullscreen_button.toolTip()


def test_brackets_change_speed_in_steps(qtbot, fake_setup):
    widget, player = fake_setup
    qtbot.keyClick(widget, Qt.Key.Key_BracketRight)
    assert player.rate == 1.5
    qtbot.keyClick(widget, Qt.Key.Key_BracketRight)
    qtbot.keyClick(widget, Qt.Key.Key_BracketRight)
    qtbot.keyClick(widget, Qt.Key.Key_BracketRight)
    assert player.rate == 4.0
    for _ in range(3):
        qtbot.keyClick(widget, Qt.Key.Key_BracketLeft)
    assert player.rate == 1.0 and widget._speed_box.currentData() == 1.0


def test_b_requests_a_bookmark_at_the_current_position(qtbot, fake_setup):
    widget, player = fake_setup
    player.advance(12_345)
    with qtbot.waitSignal(widget.bookmarkRequested, timeout=1000) as blocker:
        qtbot.keyClick(widget, Qt.Key.Key_B)
    assert blocker.args == [12_345]


def test_watched_ranges_are_reported_on_pause_seek_and_close(qtbot, fake_setup):
    widget, player = fake_setup
    ranges: list[tuple[int, int]] = []
    widget.rangeWatched.connect(lambda start, end: ranges.append((start, end)))
    widget.closed.connect(lambda: ranges.append((-1, -1)))
    player.advance(3_000)
    qtbot.keyClick(widget, Qt.Key.Key_Space)  # pause
    assert ranges == [(0, 3_000)]
    qtbot.keyClick(widget, Qt.Key.Key_Space)  # play again
    player.advance(2_000)
    widget.seek(30_000)
    assert ranges[-1] == (3_000, 5_000)
    player.advance(1_000)
    widget.shutdown()
    assert ranges[-2:] == [(30_000, 31_000), (-1, -1)]
    assert player.closed


def test_range_ends_when_the_file_ends(qtbot, fake_setup):
    widget, player = fake_setup
    with qtbot.waitSignal(widget.rangeWatched, timeout=1000) as blocker:
        player.advance(70_000)
        widget.refresh()
    assert blocker.args == [0, 60_000]


def test_camera_time_watermark_and_secret_banner(qtbot, fake_setup):
    widget, player = fake_setup
    widget.set_camera_time(START, clock_offset_s=90.0)
    widget.set_viewer("张三", "010203")
    widget.set_secret(True)
    player.advance(61_000 - 1_000)
    widget.refresh()
    assert widget._camera_label.text().endswith("08:31:00")
    assert widget._corrected_label.text().endswith("08:29:30")
    assert widget.watermark_text() == "张三  010203  2026-03-01 08:30:00"
    assert player.watermark == widget.watermark_text()
    assert widget._secret_banner.isVisible()
    widget.set_camera_time(START, None)
    assert not widget._corrected_label.isVisibleTo(widget)


def test_full_screen_toggles_with_f_and_leaves_with_escape(qtbot, fake_setup):
    widget, _player = fake_setup
    qtbot.keyClick(widget, Qt.Key.Key_F)
    assert widget.is_full_screen()
    qtbot.keyClick(widget, Qt.Key.Key_Escape)
    assert not widget.is_full_screen()


def test_damaged_file_and_missing_libvlc_show_a_message(qtbot):
    broken = PlayerWidget(FakePlayer(fail_message="The file is damaged."))
    qtbot.addWidget(broken)
    broken.open_file("/evidence/bad.mp4")
    assert broken.message_text() == "The file is damaged."
    assert not broken._play_button.isEnabled()
    missing = PlayerWidget(None, unavailable_message="Install libvlc5")
    qtbot.addWidget(missing)
    assert missing.message_text() == "Install libvlc5"
    qtbot.keyClick(missing, Qt.Key.Key_Space)  # must not crash


# -- real libvlc ---------------------------------------------------------------------------------------


def _vlc_or_skip():
    from evidence_station.playback.availability import vlc_status

    available, message = vlc_status()
    if not available:
        pytest.skip(f"libvlc is not available here: {message}")
    from evidence_station.playback.vlc_backend import VlcPlayer

    return VlcPlayer()


def make_clip(path: Path, seconds: int = 5, fps: int = 10) -> Path:
    """A 320x240 mp4v clip with a frame counter drawn on each frame."""
    cv2 = pytest.importorskip("cv2")
    import numpy as np

    writer = cv2.VideoWriter(str(path), cv2.VideoWriter_fourcc(*"mp4v"), fps, (320, 240))
    for index in range(seconds * fps):
        frame = np.zeros((240, 320, 3), np.uint8)
        frame[:] = (index * 4 % 255, 90, 160)
        cv2.putText(frame, str(index), (90, 150), cv2.FONT_HERSHEY_SIMPLEX, 3, (255, 255, 255), 4)
        writer.write(frame)
    writer.release()
    return path


@pytest.mark.timeout(30)
def test_real_libvlc_plays_advances_and_seeks(qtbot, tmp_path):
    player = _vlc_or_skip()
    clip = make_clip(tmp_path / "clip.mp4")
    widget = PlayerWidget(player, poll_interval_ms=100)
    qtbot.addWidget(widget)
    widget.show()
    widget.open_file(str(clip))
    assert player.window_handle == int(widget._video.winId())  # drawn there unless headless (offscreen)
    qtbot.waitUntil(lambda: player.position_ms >= 500, timeout=5000)
    assert player.state == "playing"
    assert 4_500 <= player.length_ms <= 5_500
    widget.seek(3_000)
    qtbot.waitUntil(lambda: player.state == "playing" and player.position_ms >= 3_000, timeout=3000)
    assert player.position_ms <= 4_500
    assert player.snapshot(tmp_path / "shot.png")
    assert (tmp_path / "shot.png").read_bytes()[:4] == b"\x89PNG"
    widget.pause()
    qtbot.waitUntil(lambda: player.state == "paused", timeout=3000)
    widget.shutdown()


@pytest.mark.timeout(30)
def test_real_libvlc_reports_a_damaged_file_without_hanging(qtbot, tmp_path):
    player = _vlc_or_skip()
    damaged = tmp_path / "damaged.mp4"
    damaged.write_bytes(os.urandom(200_000))
    widget = PlayerWidget(player, poll_interval_ms=100)
    qtbot.addWidget(widget)
    widget.open_file(str(damaged))
    qtbot.waitUntil(lambda: player.state == "error", timeout=10_000)
    assert "damaged" in (player.error_message or "")
    qtbot.waitUntil(lambda: "damaged" in widget.message_text(), timeout=2000)
    widget.shutdown()


@pytest.fixture
def streamed_clip(tmp_path, people, clients):
    """A real 5 s clip in the vault under a live grant; the investigator's desk client (in-process service)."""
    from evidence_station.services import viewing_service as vs
    from tests.helpers.recordings import add_recording

    clip = make_clip(tmp_path / "clip.mp4")
    recording_id = add_recording(people["custodian"], data=clip.read_bytes()).id
    request = vs.request_viewing(people["investigator"], recording_ids=[recording_id], reason="核查")
    vs.approve_request(people["director"], request.request_id)
    return clients["investigator"], recording_id, request.request_id


@pytest.mark.timeout(60)
def test_real_libvlc_plays_a_station_stream_url_and_seeks_by_range(qtbot, streamed_clip):
    player = _vlc_or_skip()
    client, recording_id, request_id = streamed_clip
    view = client.open_viewing_session(recording_id, request_id=request_id)
    assert view.stream_url.startswith("http://127.0.0.1:")
    widget = PlayerWidget(player, poll_interval_ms=100)
    qtbot.addWidget(widget)
    widget.show()
    widget.open_file(view.stream_url)
    qtbot.waitUntil(lambda: player.state == "playing" and player.position_ms >= 500, timeout=15_000)
    assert 4_500 <= player.length_ms <= 5_500  # the index at the end of the file was read by a range
    qtbot.waitUntil(lambda: player.position_ms >= 1_500, timeout=5_000)  # the playing time moves on
    widget.pause()
    qtbot.waitUntil(lambda: player.state == "paused", timeout=3_000)
    held = player.position_ms
    assert held >= 1_500, "a pause holds the position reached"
    widget.play()
    qtbot.waitUntil(lambda: player.position_ms >= held + 500, timeout=5_000)
    widget.seek(3_000)
    qtbot.waitUntil(lambda: player.state == "playing" and player.position_ms >= 3_000, timeout=10_000)
    assert player.position_ms <= 4_800
    widget.shutdown()
    client.close_viewing_session(view.session_id)


@pytest.mark.timeout(60)
def test_real_libvlc_on_a_closed_sessions_stream_fails_without_naming_its_url(qtbot, streamed_clip):
    player = _vlc_or_skip()
    client, recording_id, request_id = streamed_clip
    view = client.open_viewing_session(recording_id, request_id=request_id)
    client.close_viewing_session(view.session_id)  # the URL answers 403 from now on
    widget = PlayerWidget(player, poll_interval_ms=100)
    qtbot.addWidget(widget)
    widget.open_file(view.stream_url)
    qtbot.waitUntil(lambda: player.state == "error", timeout=15_000)
    token = view.stream_url.rsplit("/", 1)[1]
    assert "stream from the station" in (player.error_message or "")
    assert token not in (player.error_message or "") and token not in widget.message_text()
    widget.shutdown()


def test_the_error_line_and_a_missing_libvlc_speak_chinese(qtbot, monkeypatch: pytest.MonkeyPatch) -> None:
    from PySide6.QtCore import QLocale

    from evidence_station.gui import player_widget
    from evidence_station.gui.i18n import install_translators, remove_translators
    from evidence_station.playback import availability

    before = QLocale()
    install_translators("zh_CN")
    try:
        broken = PlayerWidget(FakePlayer(fail_message="The file is damaged.", fail_message_zh="文件已损坏。"))
        qtbot.addWidget(broken)
        broken.open_file("/evidence/bad.mp4")
        assert broken.message_text() == "文件已损坏。"
        detail = "libvlc could not be loaded (libvlc.so.5: cannot open shared object file)"
        message = f"Video playback is unavailable: {detail}. {availability.install_hint()}"
        monkeypatch.setattr(availability, "vlc_status", lambda: (False, message))
        player, shown = player_widget.default_player()
        assert player is None and shown.startswith("此计算机无法播放视频：无法加载 libvlc")
    finally:
        remove_translators()
        QLocale.setDefault(before)
