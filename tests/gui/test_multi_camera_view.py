"""The synchronised view (issue #20 item 3): it fits a 1366×768 screen, its volume control is a labelled slider,
it lists and marks bookmarks (and confirms one added), and chosen clips of one camera play as one continuous
timeline in the single player instead of side by side."""

from __future__ import annotations

from typing import Any

from PySide6.QtWidgets import QDialog

from evidence_station.domain.bookmarks import BookmarkCategory
from evidence_station.gui.bookmark_dialog import BookmarkDialog
from evidence_station.gui.i18n import install_translators, remove_translators
from evidence_station.gui.multi_camera_view import MultiCameraWindow
from evidence_station.gui.player_window import PlayerWindow, open_player
from evidence_station.gui.screen_fit import SMALLEST_SCREEN
from evidence_station.services.bookmark_service import list_bookmarks
from tests.gui import test_player_window as player_tests
from tests.gui.conftest import oversized_windows
from tests.gui.test_player_window import Env, FakePlayers, settled, two_cameras

imported_home = player_tests.imported_home  # the same fixtures: a copy of a station that imported the demo card
env = player_tests.env


def open_multi(qtbot: Any, env: Env, ids: list[int]) -> MultiCameraWindow:
    env.grant(ids)
    window = open_player(env.desk, ids, player_factory=FakePlayers(length_ms=20_000))
    assert isinstance(window, MultiCameraWindow)
    qtbot.addWidget(window)
    return window


def four_of_three_cameras(env: Env) -> list[int]:
    return [env.ids["Z8A0001"][0], env.ids["Z8A0001"][1], env.ids["Z8A0002"][0], env.ids["Z8B0107"][0]]


def test_the_view_of_four_recordings_fits_a_1366_by_768_screen_in_chinese(qtbot: Any, env: Env) -> None:
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
