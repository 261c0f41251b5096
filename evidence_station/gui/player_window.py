"""The investigator's player window: one recording under a live grant, on its device's continuous timeline.

:func:`open_player` is what the rest of the GUI calls, with the desk's client and — from "My grants" — the grant
the viewer chose. It refuses (with a message, and no window) when the user has no live viewing approval — the
station decides and audits that — and otherwise shows:

* the :class:`~evidence_station.gui.player_widget.PlayerWidget` with the watermark (viewer, badge number,
  current time) and the red secret banner for secret classes;
* the device's recordings around the chosen one as one timeline (gaps with their length and explanation
  status, overlaps as warnings, bookmarks; recordings without an approval locked and never played); at the
  end of a file the next one plays;
* the thumbnail strip of the current recording, with hover preview;
* the bookmark side panel (click to jump, edit, withdraw, history); B adds a bookmark at the position;
* a snapshot button storing the current picture as derived evidence, and the list of the recording's snapshots.

Each recording shown gets its own viewing session, opened under the chosen grant (never another: the register names
the grant the viewer chose); the player reads the session's footage through the station client
(``StationClient.footage``) — the station serves it while that grant is live, the desk never reads the vault. Ranges
watched and snapshots are logged against the session and closing the window closes it (its stream ends). When the
grant ends during playback the player stops and says so. Two or more recordings of one camera play here as one
continuous timeline (just those, in time order, with the gaps between them); recordings of two to four cameras open
the synchronised multi-camera view (one tile per camera).
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QCoreApplication, Qt, QTimer, Signal
from PySide6.QtGui import QCloseEvent
from PySide6.QtWidgets import QDialog, QLabel, QMessageBox, QSplitter, QTabWidget, QVBoxLayout, QWidget

from evidence_station.api.bookmarks import BookmarkView
from evidence_station.api.viewing import SnapshotView, ViewingSessionView
from evidence_station.client.station_client import StationClient
from evidence_station.domain.clock import to_local
from evidence_station.domain.errors import EvidenceStationError, InvalidInputError
from evidence_station.domain.messages import Msg
from evidence_station.domain.viewing import Classification, stored_classification
from evidence_station.gui.background_read import LatestRead
from evidence_station.gui.bookmark_dialog import ask_bookmark, run_modal
from evidence_station.gui.bookmark_panel import BookmarkPanel
from evidence_station.gui.device_timeline_widget import DeviceTimelineWidget
from evidence_station.gui.i18n import in_language, interface_language
from evidence_station.gui.operations import RunningOperation, error_text
from evidence_station.gui.player_keys import route_player_keys
from evidence_station.gui.player_timeline import DeviceTimeline, device_timeline, same_camera
from evidence_station.gui.player_widget import PlayerWidget, default_player
from evidence_station.gui.screen_fit import fit_to_screen
from evidence_station.gui.snapshot_list import SnapshotList
from evidence_station.gui.snapshot_store import SnapshotStore
from evidence_station.gui.thumbnail_strip import ThumbnailStrip
from evidence_station.gui.viewing_sessions import ViewingSessions
from evidence_station.playback.player import Player

# Makes a player: ``(player or None, message)`` — :func:`default_player` (libvlc) unless a test passes one.
PlayerFactory = Callable[[], tuple[Player | None, str]]
MAX_CAMERAS = 4
POLL_INTERVAL_MS = 200
GRANT_CHECK_INTERVAL_MS = 15_000
INFO_STYLE = "color: #1a5e1a;"
PROBLEM_STYLE = "color: #b00000; font-weight: bold;"
SECRET_HEADER_STYLE = "background: #c00000; color: white; font-weight: bold; padding: 3px;"
RESTRICTED_HEADER_STYLE = "background: #f0c000; color: black; padding: 3px;"

_open_windows: set[QWidget] = set()


def keep_open(window: QWidget) -> None:
    """Hold a reference to a top-level window until it is closed (the caller may drop its own)."""
    _open_windows.add(window)
    window.destroyed.connect(lambda *_: _open_windows.discard(window))


def header_style(classification: str) -> str:
    """The style of the classification line: red for secret classes, amber for restricted, none else."""
    cls = stored_classification(classification)
    if cls.is_secret:
        return SECRET_HEADER_STYLE
    return RESTRICTED_HEADER_STYLE if cls is not Classification.ORDINARY else ""


class PlayerWindow(QWidget):
    """Plays one recording and the device's neighbouring recordings the user may watch — with ``request_id``, those
    of that grant only, each session opened under it.

    Raises the station's errors from the constructor when the chosen recording may not be opened (no live
    grant, unknown recording, a grant that does not cover it); :func:`open_player` turns them into a message.
    Signal ``closed()`` after every session was closed.
    """

    closed = Signal()

    def __init__(
        self,
        client: StationClient,
        recording_id: int,
        *,
        request_id: int | None = None,
        player_factory: PlayerFactory = default_player,
        parent: QWidget | None = None,
        poll_interval_ms: int = POLL_INTERVAL_MS,
        grant_check_interval_ms: int = GRANT_CHECK_INTERVAL_MS,
        clips: list[int] | None = None,
    ) -> None:
        super().__init__(parent, Qt.WindowType.Window)
        self.client = client
        self.request_id = request_id
        self.clips = list(clips or [])  # chosen recordings of one camera: the timeline holds just these
        self.sessions = ViewingSessions(client, request_id=request_id)
        self.snapshots = SnapshotStore(self, self.sessions)
        self.snapshots.stored.connect(self._snapshot_stored)
        self.snapshots.failed.connect(self._snapshot_failed)
        self.current: int | None = None
        self._advanced_from: int | None = None
        self._stopping = False
        self._is_closed = False
        self._error_checked: int | None = None  # the recording whose player error was put to the grant check
        self.dialog_runner: Callable[[QDialog], bool] = run_modal
        self.data: DeviceTimeline = device_timeline(client, recording_id, request_id=request_id, clips=self.clips,
                                                   language=interface_language())
        player, message = player_factory()
        if player is None:
            client.require_viewing_grant(recording_id)  # still refuse (audited) without a grant
        self.player = player
        self._build(player, message)
        self._show_timeline()
        self._poll_timer = QTimer(self)
        self._poll_timer.setInterval(poll_interval_ms)
        self._poll_timer.timeout.connect(self.poll)
        self._grant_timer = QTimer(self)
        self._grant_timer.setInterval(grant_check_interval_ms)
        self._grant_timer.timeout.connect(self.check_grant)
        if player is not None:
            try:
                self._start(recording_id)
            except BaseException:
                self.player_widget.shutdown()
                self.sessions.close_all()
                raise
            self._poll_timer.start()
            self._grant_timer.start()
        else:
            self.current = recording_id
            self.header.setText(self._title(recording_id))

    # -- construction ------------------------------------------------------------------------------
    def _build(self, player: Player | None, message: str) -> None:
        self.setWindowTitle(self.tr("Player — Evidence Station"))
        self.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        self.header = QLabel(self)
        self.header.setStyleSheet("font-size: 14px; font-weight: bold;")
        self.classification_label = QLabel(self)
        self.classification_label.hide()
        self.status = QLabel(self)
        self.status.setWordWrap(True)
        self.status.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.player_widget = PlayerWidget(player, self, unavailable_message=message, clock=self.client)
        self.player_widget.rangeWatched.connect(self._on_range)
        self.player_widget.snapshotRequested.connect(self.take_snapshot)
        self.player_widget.bookmarkRequested.connect(self.add_bookmark_at)
        self.thumbnails = ThumbnailStrip(self)
        self.thumbnails.positionRequested.connect(lambda ms: self.jump_to(self.current or 0, ms))
        # the preview strip is fetched in the background (no object holding this window outlives the fetch)
        self._preview_for: int | None = None
        self._preview: LatestRead[bytes | None] = LatestRead(self, self._preview_arrived, self._preview_failed)
        self.timeline = DeviceTimelineWidget(self)
        self.timeline.positionRequested.connect(self.jump_to)
        self.bookmark_panel = BookmarkPanel(self.client, self)
        self.bookmark_panel.jumpRequested.connect(self.jump_to)
        self.bookmark_panel.changed.connect(self._refresh_timeline)
        self.snapshot_list = SnapshotList(self.client, self)
        self.snapshot_list.jumpRequested.connect(self.jump_to)
        self.side_tabs = QTabWidget(self)
        self.bookmark_panel.title.hide()  # the tab names it
        self.side_tabs.addTab(self.bookmark_panel, self.tr("Bookmarks"))
        self.side_tabs.addTab(self.snapshot_list, self.tr("Snapshots"))
        route_player_keys(self, self.player_widget)  # Space, arrows, B, S, F1 … wherever the focus is

        left = QWidget(self)
        left_layout = QVBoxLayout(left)
        left_layout.setContentsMargins(0, 0, 0, 0)
        left_layout.addWidget(self.player_widget, 1)
        left_layout.addWidget(self.thumbnails)
        left_layout.addWidget(self.timeline)
        splitter = QSplitter(Qt.Orientation.Horizontal, self)
        splitter.addWidget(left)
        splitter.addWidget(self.side_tabs)
        splitter.setStretchFactor(0, 4)
        splitter.setStretchFactor(1, 1)
        splitter.setSizes([930, 330])  # the bookmark list shows time and category whole at 1366×768
        layout = QVBoxLayout(self)
        layout.addWidget(self.header)
        layout.addWidget(self.classification_label)
        layout.addWidget(splitter, 1)
        layout.addWidget(self.status)
        fit_to_screen(self, 1280, 720)  # fits a 1366×768 screen

    def _title(self, recording_id: int) -> str:
        rec = self.data.recordings.get(recording_id)
        name = rec.file_name if rec else str(recording_id)
        device = rec.device if rec and rec.device else self.tr("unknown device")
        return self.tr("Recording {id}: {name} · device {device}").format(id=recording_id, name=name, device=device)

    # -- loading recordings ------------------------------------------------------------------------
    def _start(self, recording_id: int) -> None:
        view = self.sessions.open(recording_id)  # raises (audited) without a live grant
        self._load(view, 0, autoplay=True)

    def show_recording(self, recording_id: int, offset_ms: int = 0, *, autoplay: bool = True) -> bool:
        """Switch to ``recording_id`` at ``offset_ms``; False (with a message) when it may not be played."""
        if self.player is None or self._is_closed:
            return False
        if self.data.is_locked(recording_id):
            self.say(self.locked_text(recording_id), problem=True)
            return False
        self._end_current_range()
        try:
            view = self.sessions.open(recording_id)
        except EvidenceStationError as exc:
            self._lock(recording_id)
            self.say(error_text(exc), problem=True)
            return False
        self._load(view, offset_ms, autoplay=autoplay)
        return True

    def _load(self, view: ViewingSessionView, offset_ms: int, *, autoplay: bool) -> None:
        self.current = view.recording_id
        self._advanced_from = None
        widget = self.player_widget
        widget.setEnabled(True)
        widget.set_viewer(view.viewer_name, view.badge_number)
        widget.set_secret(stored_classification(view.classification).is_secret)
        widget.set_camera_time(view.camera_start, view.clock_offset_s)
        widget.open_file(self.client.footage(view), autoplay=autoplay)  # read from the station, never a vault path
        if offset_ms > 0:
            widget.seek(offset_ms)
        until = to_local(view.grant.valid_until, self.client.station.zone)
        self.header.setText(self._title(view.recording_id) + "  ·  " + self.tr(
            "approval #{request} valid until {until}").format(request=view.grant.request_id,
                                                               until=f"{until:%Y-%m-%d %H:%M}"))
        self.classification_label.setText(view.banner_text)
        self.classification_label.setStyleSheet(header_style(view.classification))
        self.classification_label.setVisible(bool(view.banner_text))
        self.timeline.set_current(view.recording_id)
        self._show_thumbnails(view.recording_id)
        self.snapshot_list.set_recording(view.recording_id)
        self._error_checked = None
        self.say("")

    @property
    def preview_loading(self) -> bool:
        """True while the preview strip of the current recording is being fetched."""
        return self._preview.loading

    def _show_thumbnails(self, recording_id: int) -> None:
        """Fetch the recording's preview strip from the station in the background (a PNG, under the grant)."""
        self.thumbnails.set_strip(None, 0)
        client = self.client
        self._preview_for = recording_id  # a strip asked for before the recording changed is dropped
        self._preview.start(lambda _cancel: client.open_preview(recording_id))

    def _preview_failed(self, _error: BaseException) -> None:
        self._preview_arrived(None)  # no strip: the recording plays without one

    def _preview_arrived(self, png: bytes | None) -> None:
        recording_id = self._preview_for
        rec = None if recording_id is None else self.data.recordings.get(recording_id)
        if rec is None or recording_id != self.current or self._is_closed:
            return
        media = rec.media or {}
        width, height = media.get("width") or 4, media.get("height") or 3
        length = int(float(media.get("duration_s") or 0) * 1000)
        if not length and rec.start and rec.end:
            length = int((rec.end - rec.start).total_seconds() * 1000)
        self.thumbnails.set_strip(png, length, float(width) / float(height))

    def _refresh_timeline(self) -> None:
        """Read the timeline again (after a bookmark changed)."""
        around = self.current if self.current is not None else self.data.order[0]
        self.data = device_timeline(self.client, around, request_id=self.request_id, clips=self.clips,
                                    language=interface_language())
        self._show_timeline()

    def _show_timeline(self) -> None:
        self.timeline.set_timeline(self.data.timeline)
        self.timeline.set_locked(rid for rid in self.data.recordings if self.data.is_locked(rid))
        labels = {rid: self.data.timeline.segment(rid).label if self.data.timeline.segment(rid) else str(rid)
                  for rid in self.data.recordings}
        self.bookmark_panel.set_recordings(list(self.data.recordings), labels)

    def _lock(self, recording_id: int) -> None:
        self.data = DeviceTimeline(self.data.timeline, self.data.recordings,
                                   self.data.granted - {recording_id}, self.data.order)
        self.timeline.set_locked(rid for rid in self.data.recordings if self.data.is_locked(rid))

    def locked_text(self, recording_id: int) -> str:
        """Why ``recording_id`` cannot be played in this window."""
        if self.request_id is not None:
            return self.tr("Recording {id} is locked: approval #{request}, under which this window plays, does not "
                           "cover it. Open it from My grants under its own approval.").format(
                               id=recording_id, request=self.request_id)
        return self.tr("Recording {id} is locked: you have no live viewing approval for it. Ask a director "
                       "to approve a viewing request first.").format(id=recording_id)

    # -- messages ----------------------------------------------------------------------------------
    def say(self, text: str, *, problem: bool = False) -> None:
        """Show a line under the player (red for problems)."""
        self.status.setStyleSheet(PROBLEM_STYLE if problem else INFO_STYLE)
        self.status.setText(text)

    def status_text(self) -> str:
        """The line under the player."""
        return self.status.text()

    # -- playback events ---------------------------------------------------------------------------
    def _end_current_range(self) -> None:
        """End the watched range of the file playing now (before switching files)."""
        self.player_widget.refresh()
        self.player_widget.pause()

    def _on_range(self, start_ms: int, end_ms: int) -> None:
        if self.current is None:
            return
        try:
            live = self.sessions.record_range(self.current, start_ms, end_ms)
        except EvidenceStationError as exc:
            self.say(error_text(exc), problem=True)
            return
        if not live:
            self.grant_ended(self.current)

    def grant_ended(self, recording_id: int, reason: str | None = None) -> None:
        """Stop playing ``recording_id`` because its approval expired or was revoked, and say so."""
        if self._stopping:
            return
        self._stopping = True
        try:
            if recording_id == self.current:
                self.player_widget.stop()
                self.player_widget.setEnabled(False)
            self.sessions.close(recording_id)
            self._lock(recording_id)
        finally:
            self._stopping = False
        text = self.tr("Playback stopped: the viewing approval for recording {id} has expired or was revoked. "
                       "Ask for a new approval to continue.").format(id=recording_id)
        if recording_id == self.current:
            self.player_widget.show_notice(text)  # over the picture, instead of a stream error
        self.say(text + (f"\n{reason}" if reason else ""), problem=True)

    def check_grant(self) -> None:
        """Stop when the current recording's approval ended (the timer calls this while the window is open)."""
        if self.current is None or self.sessions.session(self.current) is None:
            return
        problem = self.sessions.grant_problem(self.current)
        if problem is not None:
            self.grant_ended(self.current, problem)

    def poll(self) -> None:
        """Move the timeline cursor; at the end of a file go on with the next one the user may watch."""
        if self.player is None or self.current is None or self.sessions.session(self.current) is None:
            return
        state = self.player.state
        if state == "error" and self._error_checked != self.current:
            # the stream stops answering when its grant ends: say that rather than "cannot be played"
            self._error_checked = self.current
            self.check_grant()
            return
        self.timeline.set_cursor(self.current, self.player.position_ms)
        if state == "ended" and self._advanced_from != self.current:
            self._advanced_from = self.current
            following = self.data.next_after(self.current)
            if following is not None:
                self.show_recording(following, 0, autoplay=True)

    def jump_to(self, recording_id: int, offset_ms: int) -> None:
        """Go to ``offset_ms`` in ``recording_id`` (seek within the file, or switch files)."""
        if recording_id == self.current and self.sessions.session(recording_id) is not None:
            self.player_widget.seek(offset_ms)
            return
        self.show_recording(recording_id, offset_ms, autoplay=True)

    # -- bookmarks and snapshots -------------------------------------------------------------------
    def add_bookmark_at(self, position_ms: int) -> BookmarkView | None:
        """Ask for a category and note, then add a bookmark at ``position_ms`` of the current recording."""
        if self.current is None:
            return None
        recording_id = self.current
        was_playing = self.player is not None and self.player.state == "playing"
        if was_playing:
            self.player_widget.pause()
        rec = self.data.recordings.get(recording_id)
        values = ask_bookmark(self, position_ms, rec.file_name if rec else str(recording_id), self.dialog_runner)
        result: BookmarkView | None = None
        if values is not None:
            try:
                result = self.client.add_bookmark(recording_id, offset_ms=position_ms, category=values.category,
                                                  note=values.note)
            except EvidenceStationError as exc:
                self.say(error_text(exc), problem=True)
            else:
                self.say(self.tr("Bookmark added: {category}.").format(
                    category=in_language(result.category_label_en, result.category_label)))
                self._refresh_timeline()
                self.bookmark_panel.select(result.bookmark_id)
        if was_playing and recording_id == self.current:
            self.player_widget.play()
        self.player_widget.setFocus()
        return result

    def take_snapshot(self, position_ms: int) -> RunningOperation[SnapshotView] | None:
        """Have the station keep the picture at ``position_ms`` as a derived PNG in the vault, linked to the
        recording and position.

        The station decodes it from the original, hashes, stores and audits it on a worker (the status line says
        when it is done). Returns the operation, or None when nothing is open (said in the status line).
        """
        if self.player is None or self.current is None:
            return None
        operation = self.snapshots.take(self.current, position_ms)
        if operation is not None:
            self.say(self.tr("Storing the snapshot…"))
        return operation

    def _snapshot_failed(self, message: str) -> None:
        self.say(message, problem=True)

    def _snapshot_stored(self, snap: SnapshotView) -> None:
        self.say(self.tr("Snapshot {id} stored as derived evidence (not an original): SHA-256 {sha}…, "
                         "SM3 {sm3}…").format(id=snap.snapshot_id, sha=snap.sha256[:16], sm3=snap.sm3[:16]))
        if not self._is_closed and snap.recording_id == self.snapshot_list.recording_id:
            self.snapshot_list.reload(select=snap.snapshot_id)

    # -- closing -----------------------------------------------------------------------------------
    def shutdown(self) -> None:
        """Stop playing, log the last range and close every session (once)."""
        if self._is_closed:
            return
        self._poll_timer.stop()
        self._grant_timer.stop()
        self._preview.cancel()  # its outcome, should it still come, is dropped with this window
        self.player_widget.shutdown()  # emits the last watched range while the session is still open
        self.snapshots.finish()  # a snapshot being stored still lands in its open session
        self._is_closed = True
        try:
            self.sessions.close_all()
        except EvidenceStationError as exc:  # the catalogue refused: say so, the window closes anyway
            self.say(error_text(exc), problem=True)
        self.closed.emit()

    def closeEvent(self, event: QCloseEvent) -> None:
        """Closing the window closes the sessions."""
        self.shutdown()
        super().closeEvent(event)


def show_refusal(parent: QWidget | None, error: BaseException) -> None:
    """Say in a message box why the player cannot open."""
    title = QCoreApplication.translate("PlayerWindow", "The recording cannot be opened")
    QMessageBox.warning(parent, title, error_text(error))


def open_player(
    client: StationClient,
    recording_ids: list[int],
    parent: QWidget | None = None,
    *,
    request_id: int | None = None,
    player_factory: PlayerFactory | None = None,
) -> QWidget | None:
    """Open the player for one recording or several of one camera (one continuous timeline), or the synchronised
    view for recordings of two to four cameras; None when refused.

    With ``request_id`` (the grant the viewer chose) every viewing session is opened under that grant, so the
    register names it; without, the station takes the newest live grant covering each recording. Refusals (no
    live grant, a grant not covering the recording, unknown recording, too many recordings) are shown in a
    message box and no window opens. The window is shown and kept alive until closed. ``player_factory``
    (default: :func:`~evidence_station.gui.player_widget.default_player`, libvlc) makes each player.
    """
    ids = list(dict.fromkeys(int(r) for r in recording_ids))
    if not ids:
        return None
    player_factory = player_factory or default_player  # looked up now: tests may replace it
    window: QWidget
    try:
        recordings = [client.get_recording(rid) for rid in ids] if len(ids) > 1 else []
        if len(ids) > 1 and same_camera(recordings):
            first = min(recordings, key=lambda r: (r.start is None, r.start or recordings[0].start, r.id))
            window = PlayerWindow(client, first.id, request_id=request_id, player_factory=player_factory,
                                  parent=parent, clips=ids)
        elif len({r.device or ("recording", r.id) for r in recordings}) > MAX_CAMERAS:
            raise InvalidInputError(
                Msg(
                    "The synchronised view shows at most {MAX_CAMERAS} cameras side by side; choose fewer.",
                    MAX_CAMERAS=MAX_CAMERAS,
                ))
        elif len(ids) == 1:
            window = PlayerWindow(client, ids[0], request_id=request_id, player_factory=player_factory,
                                  parent=parent)
        else:
            from evidence_station.gui.multi_camera_view import MultiCameraWindow

            window = MultiCameraWindow(client, ids, request_id=request_id, player_factory=player_factory,
                                       parent=parent)
    except EvidenceStationError as exc:
        show_refusal(parent, exc)
        return None
    keep_open(window)
    window.show()
    window.raise_()
    return window

