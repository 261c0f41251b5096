"""Two to four cameras of one activity side by side, synchronised by corrected camera time.

Each camera is a :class:`~evidence_station.gui.player_widget.PlayerWidget` playing the footage of each recording's
own viewing session, read through the station client (opened under the grant the viewer chose, else under its own
live grant; refused with no window otherwise). The shared controls play, pause and seek all of them together on one
clock: the corrected time (camera time minus the camera's measured clock offset). A camera with no footage at that
time waits and joins when its next recording starts (several chosen recordings of one camera play in its tile one
after the other); one whose grant ends stops alone, with a message.

Under the players, a timeline on the same corrected clock shows each recording and its bookmarks (click to go
there); beside them, the bookmark panel of the single player lists the bookmarks of every recording shown. The
window fits a 1366×768 screen. Recordings all of one camera are not shown here: :func:`open_player` plays them as
one continuous timeline in the single player.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime, timedelta

from PySide6.QtCore import Qt, QTimer, Signal
from PySide6.QtGui import QCloseEvent
from PySide6.QtWidgets import (
    QDialog,
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QSlider,
    QSplitter,
    QVBoxLayout,
    QWidget,
)

from evidence_station.api.recordings import RecordingView
from evidence_station.api.viewing import SnapshotView
from evidence_station.client.station_client import StationClient
from evidence_station.domain.clock import to_local
from evidence_station.domain.errors import EvidenceStationError, InvalidInputError
from evidence_station.domain.messages import Msg
from evidence_station.domain.viewing import stored_classification
from evidence_station.gui.bookmark_dialog import ask_bookmark, run_modal
from evidence_station.gui.bookmark_panel import BookmarkPanel
from evidence_station.gui.i18n import in_language
from evidence_station.gui.operations import error_text
from evidence_station.gui.player_timeline import timeline_bookmarks
from evidence_station.gui.player_widget import PlayerWidget
from evidence_station.gui.screen_fit import fit_to_screen
from evidence_station.gui.snapshot_store import SnapshotStore
from evidence_station.gui.timeline_widget import TimelineWidget
from evidence_station.gui.viewing_sessions import ViewingSessions
from evidence_station.playback.player import Player
from evidence_station.playback.timeline import Timeline, TimelineSegment

PlayerFactory = Callable[[], tuple[Player | None, str]]
SYNC_TOLERANCE_MS = 400
POLL_INTERVAL_MS = 200
GRANT_CHECK_INTERVAL_MS = 15_000
PROBLEM_STYLE = "color: #b00000; font-weight: bold;"
INFO_STYLE = "color: #1a5e1a;"


@dataclass
class Clip:
    """One recording of a camera's tile and its place on the shared clock."""

    recording: RecordingView
    start: datetime  # corrected start time
    length_ms: int

    def offset_ms(self, origin: datetime) -> int:
        """How long after ``origin`` this recording starts."""
        return round((self.start - origin).total_seconds() * 1000)


@dataclass
class Tile:
    """One camera of the view: its recordings in time order, the widget and the recording loaded in it."""

    clips: list[Clip]
    widget: PlayerWidget
    current: int = 0
    live: bool = True

    @property
    def clip(self) -> Clip:
        """The recording loaded in the widget."""
        return self.clips[self.current]

    @property
    def recording(self) -> RecordingView:
        """The recording loaded in the widget."""
        return self.clip.recording

    @property
    def start(self) -> datetime:
        """The corrected start of the loaded recording."""
        return self.clip.start

    @property
    def length_ms(self) -> int:
        """The length of the loaded recording."""
        return self.clip.length_ms

    def offset_ms(self, origin: datetime) -> int:
        """How long after ``origin`` the loaded recording starts."""
        return self.clip.offset_ms(origin)

    def local(self, shared_ms: int, origin: datetime) -> int:
        """The position in the loaded recording for ``shared_ms`` after ``origin`` (may be outside the file)."""
        return shared_ms - self.offset_ms(origin)

    def covers(self, local_ms: int) -> bool:
        """Whether the loaded file has footage at ``local_ms``."""
        return 0 <= local_ms < self.length_ms

    def clip_at(self, shared_ms: int, origin: datetime) -> int | None:
        """The index of the recording with footage at ``shared_ms`` (None in a gap or outside)."""
        return next((index for index, clip in enumerate(self.clips)
                     if 0 <= shared_ms - clip.offset_ms(origin) < clip.length_ms), None)

    def end_ms(self, origin: datetime) -> int:
        """Where the camera's last recording ends, after ``origin``."""
        return max(clip.offset_ms(origin) + clip.length_ms for clip in self.clips)


def corrected_start(rec: RecordingView) -> datetime:
    """The recording's start on the true clock (camera time minus the measured clock offset)."""
    if rec.start is None:
        raise InvalidInputError(Msg(
            "Recording {id} has no start time, so it cannot be synchronised with others.",
            id=rec.id,
        ))
    return rec.start - timedelta(seconds=rec.clock_offset_s or 0.0)


def recording_length_ms(rec: RecordingView) -> int:
    """The recording's length from its media facts, or from its start and end."""
    seconds = float((rec.media or {}).get("duration_s") or 0.0)
    if seconds <= 0 and rec.start and rec.end:
        seconds = (rec.end - rec.start).total_seconds()
    return max(0, round(seconds * 1000))


def by_camera(recordings: list[RecordingView]) -> list[list[RecordingView]]:
    """The recordings grouped by camera (in the order cameras first appear), each camera's in time order; a
    recording of no known camera stands alone."""
    groups: dict[object, list[RecordingView]] = {}
    for rec in recordings:
        groups.setdefault(rec.device or ("recording", rec.id), []).append(rec)
    return [sorted(group, key=lambda r: (corrected_start(r), r.id)) for group in groups.values()]


class MultiCameraWindow(QWidget):
    """The synchronised view of 2–4 cameras (see the module docstring). Signal ``closed()``."""

    closed = Signal()

    def __init__(
        self,
        client: StationClient,
        recording_ids: list[int],
        *,
        request_id: int | None = None,
        player_factory: PlayerFactory,
        parent: QWidget | None = None,
        poll_interval_ms: int = POLL_INTERVAL_MS,
        grant_check_interval_ms: int = GRANT_CHECK_INTERVAL_MS,
    ) -> None:
        super().__init__(parent, Qt.WindowType.Window)
        cameras = by_camera([client.get_recording(rid) for rid in dict.fromkeys(recording_ids)])
        if not 2 <= len(cameras) <= 4:
            raise InvalidInputError(Msg("The synchronised view shows two to four cameras."))
        self.client = client
        self.sessions = ViewingSessions(client, request_id=request_id)
        self.snapshots = SnapshotStore(self, self.sessions)
        self.snapshots.stored.connect(self._snapshot_stored)
        self.snapshots.failed.connect(self._snapshot_failed)
        self.dialog_runner: Callable[[QDialog], bool] = run_modal
        self.tiles: list[Tile] = []
        self._playing = False
        self._shared_ms = 0
        self._anchor = (0, time.monotonic())
        self._is_closed = False
        self._errors_checked: set[int] = set()
        self.origin = min(corrected_start(rec) for group in cameras for rec in group)
        self.setWindowTitle(self.tr("Synchronised view — Evidence Station"))
        self.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        self.message = QLabel(self)
        self.message.setWordWrap(True)
        self.message.setStyleSheet(PROBLEM_STYLE)
        grid = QGridLayout()
        try:
            for index, group in enumerate(cameras):
                player, unavailable = player_factory()
                if player is None:
                    for rec in group:
                        client.require_viewing_grant(rec.id)
                widget = PlayerWidget(player, self, unavailable_message=unavailable, clock=client, compact=True)
                clips = [Clip(rec, corrected_start(rec), recording_length_ms(rec)) for rec in group]
                tile = Tile(clips, widget)
                self.tiles.append(tile)
                grid.addWidget(self._tile_box(tile), index // 2, index % 2)
                if player is not None:
                    self._open_tile(tile)
        except BaseException:
            self._release()
            raise
        self.span_ms = max(t.end_ms(self.origin) for t in self.tiles)
        self._build_controls(grid)
        self._timer = QTimer(self)
        self._timer.setInterval(poll_interval_ms)
        self._timer.timeout.connect(self.poll)
        self._timer.start()
        self._grant_timer = QTimer(self)
        self._grant_timer.setInterval(grant_check_interval_ms)
        self._grant_timer.timeout.connect(self.check_grants)
        self._grant_timer.start()
        self.seek_all(0)

    # -- construction ------------------------------------------------------------------------------
    def _tile_box(self, tile: Tile) -> QWidget:
        box = QWidget(self)
        layout = QVBoxLayout(box)
        layout.setContentsMargins(2, 2, 2, 2)
        rec = tile.recording
        start = to_local(tile.start, self.client.station.zone)
        names = " → ".join(clip.recording.file_name for clip in tile.clips)
        caption = self.tr("{device} · starts {time} (corrected) · {name}").format(
            device=rec.device or self.tr("unknown device"), name=names, time=f"{start:%H:%M:%S}")
        label = QLabel(caption, box)
        label.setToolTip(caption)
        label.setMinimumWidth(1)  # a long file name is cut by the tile, never widens the window
        layout.addWidget(label)
        layout.addWidget(tile.widget, 1)
        return box

    def _open_tile(self, tile: Tile) -> None:
        for clip in tile.clips:
            self.sessions.open(clip.recording.id)  # raises (audited) without a live grant
        self._load(tile, 0)
        widget = tile.widget
        widget.rangeWatched.connect(lambda start, end, tile=tile: self._on_range(tile, start, end))
        widget.snapshotRequested.connect(lambda ms, tile=tile: self._snapshot(tile.recording.id, ms))
        widget.bookmarkRequested.connect(lambda ms, tile=tile: self._bookmark(tile, ms))

    def _load(self, tile: Tile, index: int) -> None:
        """Load the camera's recording ``index`` into its tile (the range watched of the one before is logged)."""
        widget = tile.widget
        if widget.player is not None and widget.player.state == "playing":
            widget.refresh()
            widget.pause()  # ends the watched range while the tile still names the recording it was in
        tile.current = index
        view = self.sessions.session(tile.recording.id)
        if view is None:
            return
        widget.set_viewer(view.viewer_name, view.badge_number)
        widget.set_secret(stored_classification(view.classification).is_secret)
        widget.set_camera_time(view.camera_start, view.clock_offset_s)
        widget.open_file(self.client.footage(view), autoplay=False)  # read from the station, never a vault path

    def _follow(self, tile: Tile) -> None:
        """Load the camera's recording that has footage at the shared time, when another is loaded."""
        index = tile.clip_at(self._shared_ms, self.origin)
        if index is not None and index != tile.current:
            self._load(tile, index)

    def _build_controls(self, grid: QGridLayout) -> None:
        self.play_button = QPushButton(self.tr("Play all"), self)
        self.play_button.clicked.connect(self.toggle_all)
        self.slider = QSlider(Qt.Orientation.Horizontal, self)
        self.slider.setRange(0, max(0, self.span_ms))
        self.slider.sliderReleased.connect(lambda: self.seek_all(self.slider.value()))
        self.time_label = QLabel(self)
        self.timeline = TimelineWidget(self)
        self.timeline.positionRequested.connect(self.jump_to)
        self.bookmark_panel = BookmarkPanel(self.client, self)
        self.bookmark_panel.jumpRequested.connect(self.jump_to)
        self.bookmark_panel.changed.connect(self._show_timeline)
        controls = QHBoxLayout()
        controls.addWidget(self.play_button)
        controls.addWidget(self.slider, 1)
        controls.addWidget(self.time_label)
        left = QWidget(self)
        left_layout = QVBoxLayout(left)
        left_layout.setContentsMargins(0, 0, 0, 0)
        left_layout.addLayout(grid, 1)
        left_layout.addLayout(controls)
        left_layout.addWidget(self.timeline)
        splitter = QSplitter(Qt.Orientation.Horizontal, self)
        splitter.addWidget(left)
        splitter.addWidget(self.bookmark_panel)
        splitter.setStretchFactor(0, 4)
        splitter.setStretchFactor(1, 1)
        splitter.setSizes([1030, 300])
        layout = QVBoxLayout(self)
        layout.addWidget(splitter, 1)
        layout.addWidget(self.message)
        self._show_timeline()
        fit_to_screen(self, 1340, 720)  # fits a 1366×768 screen

    def _show_timeline(self) -> None:
        """Show the recordings and their active bookmarks on the corrected clock; list their bookmarks."""
        clips = [clip for tile in self.tiles for clip in tile.clips]
        ids = [clip.recording.id for clip in clips]
        try:
            marks = timeline_bookmarks(self.client.list_bookmarks(recording_ids=ids))
        except EvidenceStationError as exc:
            marks = []
            self.say(error_text(exc), problem=True)
        segments = tuple(sorted(
            (TimelineSegment(c.recording.id, c.start, c.start + timedelta(milliseconds=c.length_ms),
                             c.recording.device or str(c.recording.id)) for c in clips),
            key=lambda s: (s.start, s.recording_id)))
        known = {s.recording_id for s in segments}
        self.timeline.set_timeline(Timeline(segments, bookmarks=tuple(b for b in marks if b.recording_id in known)))
        labels = {c.recording.id: f"{c.recording.device or ''} {c.recording.file_name}".strip() for c in clips}
        offsets = {c.recording.id: c.recording.clock_offset_s or 0.0 for c in clips}
        self.bookmark_panel.set_recordings(ids, labels, clock_offsets=offsets)  # on the corrected clock

    def jump_to(self, recording_id: int, offset_ms: int) -> None:
        """Put every player at the moment ``offset_ms`` into ``recording_id`` (a bookmark or timeline click)."""
        clip = next((c for t in self.tiles for c in t.clips if c.recording.id == recording_id), None)
        if clip is not None:
            self.seek_all(clip.offset_ms(self.origin) + offset_ms)

    # -- the shared clock --------------------------------------------------------------------------
    @property
    def shared_ms(self) -> int:
        """Milliseconds since the earliest corrected start."""
        return self._shared_ms

    def shared_time(self) -> datetime:
        """The corrected time shown by all players."""
        return self.origin + timedelta(milliseconds=self._shared_ms)

    def _usable(self) -> list[Tile]:
        return [t for t in self.tiles if t.live and t.widget.player is not None and
                self.sessions.session(t.recording.id) is not None]

    def seek_all(self, shared_ms: int) -> None:
        """Put every player at the same corrected time (those without footage there wait, paused)."""
        self._shared_ms = max(0, min(int(shared_ms), self.span_ms))
        self._anchor = (self._shared_ms, time.monotonic())
        for tile in self._usable():
            self._follow(tile)
            local = tile.local(self._shared_ms, self.origin)
            if tile.covers(local):
                tile.widget.seek(local)
                if self._playing and tile.widget.player.state != "playing":
                    tile.widget.play()
            else:
                tile.widget.pause()
                tile.widget.seek(max(0, min(local, tile.length_ms)))
        self._show_time()

    def play_all(self) -> None:
        """Play every recording that has footage at the shared time; the others join at their start."""
        self._playing = True
        self._anchor = (self._shared_ms, time.monotonic())
        for tile in self._usable():
            if tile.covers(tile.local(self._shared_ms, self.origin)):
                tile.widget.play()
        self.play_button.setText(self.tr("Pause all"))

    def pause_all(self) -> None:
        """Pause every recording."""
        self._playing = False
        for tile in self._usable():
            tile.widget.pause()
        self.play_button.setText(self.tr("Play all"))

    def toggle_all(self) -> None:
        """Pause all when playing, play all otherwise."""
        if self._playing:
            self.pause_all()
        else:
            self.play_all()

    def poll(self) -> None:
        """Follow the shared clock: keep players within the tolerance, start or stop them at their edges."""
        for tile in self._usable():  # a stream stops answering when its grant ends: say that, not "damaged"
            if tile.widget.player.state == "error" and tile.recording.id not in self._errors_checked:
                self._errors_checked.add(tile.recording.id)
                problem = self.sessions.grant_problem(tile.recording.id)
                if problem is not None:
                    self.grant_ended(tile, problem)
        if not self._playing:
            return
        reference = next((t for t in self._usable() if t.widget.player.state == "playing"), None)
        if reference is not None:
            self._shared_ms = reference.offset_ms(self.origin) + reference.widget.player.position_ms
            self._anchor = (self._shared_ms, time.monotonic())
        else:
            anchor_ms, anchor_t = self._anchor
            self._shared_ms = anchor_ms + round((time.monotonic() - anchor_t) * 1000)
        if self._shared_ms >= self.span_ms:
            self.pause_all()
            return
        for tile in self._usable():
            self._follow(tile)
            local = tile.local(self._shared_ms, self.origin)
            player = tile.widget.player
            if not tile.covers(local):
                continue
            if player.state != "playing":
                tile.widget.seek(local)
                tile.widget.play()
            elif abs(player.position_ms - local) > SYNC_TOLERANCE_MS:
                tile.widget.seek(local)
        self._show_time()

    def _show_time(self) -> None:
        if not self.slider.isSliderDown():
            self.slider.blockSignals(True)
            self.slider.setValue(self._shared_ms)
            self.slider.blockSignals(False)
        self.timeline.set_cursor_time(self.shared_time())
        shown = f"{to_local(self.shared_time(), self.client.station.zone):%H:%M:%S}"
        self.time_label.setText(self.tr("Corrected time {time}").format(time=shown))

    # -- logging -----------------------------------------------------------------------------------
    def say(self, text: str, *, problem: bool = False) -> None:
        """Show a line under the players (red for problems, green otherwise)."""
        self.message.setStyleSheet(PROBLEM_STYLE if problem else INFO_STYLE)
        self.message.setText(text)

    def _on_range(self, tile: Tile, start_ms: int, end_ms: int) -> None:
        try:
            live = self.sessions.record_range(tile.recording.id, start_ms, end_ms)
        except EvidenceStationError as exc:
            self.say(error_text(exc), problem=True)
            return
        if not live:
            self.grant_ended(tile)

    def grant_ended(self, tile: Tile, reason: str | None = None) -> None:
        """Stop ``tile`` alone because its approval expired or was revoked, and say so (its session closes)."""
        if not tile.live:
            return
        tile.live = False
        tile.widget.stop()
        tile.widget.setEnabled(False)
        text = self.tr("Playback of recording {id} stopped: its viewing approval has expired or was revoked."
                       ).format(id=tile.recording.id)
        tile.widget.show_notice(text)
        try:
            for clip in tile.clips:
                self.sessions.close(clip.recording.id)
        except EvidenceStationError as exc:
            reason = "\n".join(filter(None, [reason, error_text(exc)]))
        self.say(text + (f"\n{reason}" if reason else ""), problem=True)

    def check_grants(self) -> None:
        """Stop every recording whose approval ended (the timer calls this while the window is open)."""
        for tile in self._usable():
            problem = self.sessions.grant_problem(tile.recording.id)
            if problem is not None:
                self.grant_ended(tile, problem)

    def _snapshot(self, recording_id: int, position_ms: int) -> None:
        self.snapshots.take(recording_id, position_ms)  # decoded and stored by the station on a worker

    def _snapshot_stored(self, snap: SnapshotView) -> None:
        self.say(self.tr("Snapshot {id} stored as derived evidence (not an original).").format(id=snap.snapshot_id))

    def _snapshot_failed(self, message: str) -> None:
        self.say(message, problem=True)

    def _bookmark(self, tile: Tile, position_ms: int) -> None:
        """Ask for a category and note and add the bookmark; it is confirmed below the players, selected in the
        bookmark list and marked on the timeline."""
        values = ask_bookmark(self, position_ms, tile.recording.file_name, self.dialog_runner)
        if values is None:
            return
        try:
            result = self.client.add_bookmark(tile.recording.id, offset_ms=position_ms, category=values.category,
                                              note=values.note)
        except EvidenceStationError as exc:
            self.say(error_text(exc), problem=True)
            return
        self.say(self.tr("Bookmark added to recording {id}: {category}.").format(
            id=tile.recording.id, category=in_language(result.category_label_en, result.category_label)))
        self._show_timeline()
        self.bookmark_panel.select(result.bookmark_id)

    # -- closing -----------------------------------------------------------------------------------
    def _release(self) -> None:
        for tile in self.tiles:
            tile.widget.shutdown()
        self.snapshots.finish()
        self.sessions.close_all()

    def shutdown(self) -> None:
        """Log the last ranges and close every session (once)."""
        if self._is_closed:
            return
        self._is_closed = True
        self._timer.stop()
        self._grant_timer.stop()
        self._release()
        self.closed.emit()

    def closeEvent(self, event: QCloseEvent) -> None:
        """Closing the window closes the sessions."""
        self.shutdown()
        super().closeEvent(event)
