"""The video player widget: video surface, transport controls, camera time, watermark and shortcuts.

The widget drives any :class:`~evidence_station.playback.player.Player` (tests pass the fake one) and
polls it with a timer; it never waits on the player.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime

from PySide6.QtCore import QEvent, Qt, QTimer, Signal
from PySide6.QtGui import QCloseEvent, QKeyEvent, QPalette, QResizeEvent
from PySide6.QtWidgets import (
    QBoxLayout,
    QComboBox,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QSlider,
    QVBoxLayout,
    QWidget,
)

from evidence_station.domain.clock import Clock, SystemClock, to_local
from evidence_station.gui.i18n import in_language
from evidence_station.gui.operations import error_text
from evidence_station.gui.player_keys import PlayerKeysDialog, action_for, keys_text, with_keys
from evidence_station.playback.player import RATE_STEPS, Player, Source, next_rate_step
from evidence_station.playback.timecode import camera_times, format_ms, format_ms_precise

POLL_INTERVAL_MS = 200
WATERMARK_INTERVAL_MS = 1000
SEEK_STEP_MS = 5000
BIG_SEEK_STEP_MS = 30_000
SECRET_BANNER_STYLE = "background: #c00000; color: white; font-weight: bold; font-size: 16px; padding: 4px;"
VOLUME_STEP = 10


def default_player() -> tuple[Player | None, str]:
    """A libvlc player for the GUI, or ``(None, message)`` saying what to install when libvlc is missing (in the
    interface's language)."""
    from evidence_station.playback.availability import unavailable_message_zh, vlc_status
    from evidence_station.playback.vlc_backend import VlcPlayer

    available, message = vlc_status()
    if not available:
        return None, in_language(message, unavailable_message_zh(message))
    try:
        return VlcPlayer(), message
    except Exception as exc:  # libvlc present but refusing to start: show why instead of crashing
        return None, error_text(exc)


class VideoSurface(QWidget):
    """A black native child window that the player backend draws into."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setAttribute(Qt.WidgetAttribute.WA_NativeWindow, True)
        self.setAttribute(Qt.WidgetAttribute.WA_DontCreateNativeAncestors, True)
        self.setAutoFillBackground(True)
        palette = self.palette()
        palette.setColor(QPalette.ColorRole.Window, Qt.GlobalColor.black)
        self.setPalette(palette)
        self.setMinimumSize(320, 180)


def _overlay_label(parent: QWidget, style: str) -> QLabel:
    """A label drawn above the native video surface (native itself so it stacks above it on X11)."""
    label = QLabel(parent)
    label.setAttribute(Qt.WidgetAttribute.WA_NativeWindow, True)
    label.setAttribute(Qt.WidgetAttribute.WA_DontCreateNativeAncestors, True)
    label.setStyleSheet(style)
    label.setAlignment(Qt.AlignmentFlag.AlignCenter)
    label.hide()
    return label


class PlayerWidget(QWidget):
    """Plays one recording under a viewing grant.

    Signals: ``rangeWatched(start_ms, end_ms)`` when a contiguous watched stretch ends (pause, seek, stop,
    end, close), ``snapshotRequested(position_ms)``, ``bookmarkRequested(position_ms)`` and ``closed()``.
    Pass ``player=None`` with ``unavailable_message`` when libvlc is missing: the widget then only shows
    the message. A ``compact`` widget (one tile of the synchronised view, driven by the view's shared clock) has
    a smaller picture and only the per-recording controls: mute, volume, snapshot and bookmark.
    """

    rangeWatched = Signal(int, int)
    snapshotRequested = Signal(int)
    bookmarkRequested = Signal(int)
    closed = Signal()

    def __init__(
        self,
        player: Player | None,
        parent: QWidget | None = None,
        *,
        unavailable_message: str | None = None,
        clock: Clock | None = None,
        poll_interval_ms: int = POLL_INTERVAL_MS,
        compact: bool = False,
    ) -> None:
        super().__init__(parent)
        self._player = player
        self._compact = compact
        self._clock: Clock = clock or SystemClock()
        self._camera_start: datetime | None = None
        self._clock_offset_s: float | None = None
        self._viewer_name = ""
        self._badge_number = ""
        self._secret = False
        self._loaded = False
        self._watch_start: int | None = None
        self._last_position = 0
        self._last_state = "idle"
        self._slider_held = False
        self._is_closed = False
        self._restore_parent: tuple[QWidget | None, int] | None = None
        self.key_help: PlayerKeysDialog | None = None
        self.setFocusPolicy(Qt.FocusPolicy.StrongFocus)
        self._build()
        self._poll_timer = QTimer(self)
        self._poll_timer.setInterval(poll_interval_ms)
        self._poll_timer.timeout.connect(self.refresh)
        self._watermark_timer = QTimer(self)
        self._watermark_timer.setInterval(WATERMARK_INTERVAL_MS)
        self._watermark_timer.timeout.connect(self._update_watermark)
        if player is None:
            self._show_message(
                unavailable_message or self.tr("Video playback is unavailable on this computer.")
            )
        self._update_controls()

    # -- construction ------------------------------------------------------------------------------
    def _build(self) -> None:
        self._screen = QWidget(self)
        self._video = VideoSurface(self._screen)
        screen_layout = QVBoxLayout(self._screen)
        screen_layout.setContentsMargins(0, 0, 0, 0)
        screen_layout.addWidget(self._video)
        self._message = QLabel(self._screen)
        self._message.setWordWrap(True)
        self._message.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self._message.setStyleSheet("background: #202020; color: #ffb0b0; font-size: 15px; padding: 24px;")
        self._message.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self._message.hide()
        screen_layout.addWidget(self._message)
        self._secret_banner = _overlay_label(self._screen, SECRET_BANNER_STYLE)
        self._secret_banner.setText(self.tr("SECRET-CLASSIFIED RECORDING"))
        self._watermark = _overlay_label(
            self._screen, "background: rgba(0, 0, 0, 110); color: rgba(255, 255, 255, 200); padding: 3px;"
        )

        self._position_label = QLabel(format_ms_precise(0) + " / " + format_ms(0), self)
        self._camera_label = QLabel(self)
        self._corrected_label = QLabel(self)
        self._camera_label.hide()
        self._corrected_label.hide()
        self._seek_slider = QSlider(Qt.Orientation.Horizontal, self)
        self._seek_slider.setRange(0, 0)
        self._seek_slider.setPageStep(SEEK_STEP_MS)
        self._seek_slider.sliderPressed.connect(self._on_slider_pressed)
        self._seek_slider.sliderReleased.connect(self._on_slider_released)
        self._seek_slider.sliderMoved.connect(self._on_slider_moved)
        self._seek_slider.actionTriggered.connect(self._on_slider_action)

        self._play_button = self._button(self.tr("Play"), self.toggle_play,
                                         with_keys(self.tr("Play / pause"), "toggle_play"))
        self._stop_button = self._button(self.tr("Stop"), self.stop, self.tr("Stop and go back to the start"))
        self._back_frame_button = self._button(
            self.tr("◀|"), self.previous_frame, with_keys(self.tr("Previous frame"), "previous_frame")
        )
        self._next_frame_button = self._button(
            self.tr("|▶"), self.next_frame, with_keys(self.tr("Next frame"), "next_frame")
        )
        self._speed_box = QComboBox(self)
        self._speed_box.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        self._speed_box.setToolTip(self.tr("Playback speed (slower: {slower}; faster: {faster})").format(
            slower=keys_text("slower"), faster=keys_text("faster")))
        for step in RATE_STEPS:
            self._speed_box.addItem(f"{step:g}×", step)
        self._speed_box.setCurrentIndex(RATE_STEPS.index(1.0))
        self._speed_box.currentIndexChanged.connect(self._on_speed_chosen)
        self._mute_button = self._button(self.tr("Mute"), self.toggle_mute, with_keys(self.tr("Mute"), "toggle_mute"))
        self._mute_button.setCheckable(True)
        self._volume_slider = QSlider(Qt.Orientation.Horizontal, self)
        self._volume_slider.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        self._volume_slider.setRange(0, 100)
        self._volume_slider.setValue(100)
        self._volume_slider.setMinimumWidth(70)
        self._volume_slider.setMaximumWidth(110)
        self._volume_label = QLabel(self.tr("Volume"), self)  # a bare short slider looked like a checkbox
        self._volume_label.setBuddy(self._volume_slider)
        self._volume_slider.setToolTip(self.tr("Volume (louder: {louder}; quieter: {quieter})").format(
            louder=keys_text("louder"), quieter=keys_text("quieter")))
        self._volume_slider.valueChanged.connect(self.set_volume)
        self._snapshot_button = self._button(
            self.tr("Snapshot"), self.request_snapshot,
            with_keys(self.tr("Store the current picture as derived evidence"), "request_snapshot"))
        self._bookmark_button = self._button(
            self.tr("Bookmark"), self.request_bookmark, with_keys(self.tr("Bookmark this moment"), "request_bookmark")
        )
        self._fullscreen_button = self._button(
            self.tr("Full screen"), self.toggle_full_screen,
            self.tr("Full screen ({enter}; {leave} to leave)").format(
                enter=keys_text("toggle_full_screen"), leave=keys_text("leave_full_screen"))
        )
        self._keys_button = self._button(
            self.tr("Shortcuts"), self.show_key_help, with_keys(self.tr("Keyboard shortcuts"), "show_key_help"))
        self._seek_slider.setToolTip(self.tr("Position (←/→ 5 seconds, Shift+←/→ 30 seconds, Home/End)"))

        times = QHBoxLayout()
        times.addWidget(self._position_label)
        times.addStretch(1)
        times.addWidget(self._camera_label)
        times.addWidget(self._corrected_label)
        controls = QHBoxLayout()
        for widget in (
            self._play_button,
            self._stop_button,
            self._back_frame_button,
            self._next_frame_button,
            self._speed_box,
        ):
            controls.addWidget(widget)
        controls.addStretch(1)
        for widget in (
            self._mute_button,
            self._volume_label,
            self._volume_slider,
            self._snapshot_button,
            self._bookmark_button,
            self._fullscreen_button,
            self._keys_button,
        ):
            controls.addWidget(widget)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self._screen, 1)
        layout.addWidget(self._seek_slider)
        layout.addLayout(times)
        layout.addLayout(controls)
        if self._compact:  # the view's shared controls play, pause, seek and step every tile together
            self._video.setMinimumSize(240, 135)
            for widget in (self._seek_slider, self._play_button, self._stop_button, self._back_frame_button,
                           self._next_frame_button, self._speed_box, self._fullscreen_button, self._keys_button):
                widget.hide()

    def _button(self, text: str, slot: Callable[[], None], tooltip: str | None = None) -> QPushButton:
        button = QPushButton(text, self)
        button.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        button.clicked.connect(lambda _checked=False: slot())
        if tooltip:
            button.setToolTip(tooltip)
        return button

    # -- configuration -----------------------------------------------------------------------------
    @property
    def player(self) -> Player | None:
        """The backend this widget drives."""
        return self._player

    def open_file(self, source: Source, *, autoplay: bool = True) -> None:
        """Load ``source`` — a viewing session's footage from the station client (or a file) — into the player, and
        start playing unless ``autoplay`` is False."""
        if self._player is None:
            return
        self._player.set_window(int(self._video.winId()))
        self._player.load(source)
        self._loaded = True
        self._message.hide()
        self._video.show()
        self._update_watermark()
        self._watermark_timer.start()
        if self._player.state == "error":
            self._show_error()
            return
        if autoplay:
            self.play()
        self._poll_timer.start()
        self.refresh()

    def set_viewer(self, name: str, badge_number: str) -> None:
        """Whose name and badge number the watermark shows."""
        self._viewer_name, self._badge_number = name, badge_number
        self._update_watermark()

    def set_secret(self, secret: bool) -> None:
        """Show or hide the red secret-classification banner."""
        self._secret = secret
        self._place_overlays()

    def set_camera_time(self, camera_start: datetime | None, clock_offset_s: float | None = None) -> None:
        """The camera clock at offset 0 (aware) and its measured offset (camera minus true time, seconds)."""
        self._camera_start, self._clock_offset_s = camera_start, clock_offset_s
        self._update_time_labels(self._last_position)

    # -- transport ---------------------------------------------------------------------------------
    def play(self) -> None:
        """Start or resume playing."""
        if self._player is None or not self._loaded:
            return
        self._player.play()
        self._begin_range(self._player.position_ms)
        self._poll_timer.start()
        self.refresh()

    def pause(self) -> None:
        """Pause playing."""
        if self._player is None:
            return
        position = self._player.position_ms
        self._player.pause()
        self._end_range(position)
        self.refresh()

    def toggle_play(self) -> None:
        """Pause when playing, play otherwise."""
        if self._player is not None and self._player.state == "playing":
            self.pause()
        else:
            self.play()

    def stop(self) -> None:
        """Stop playing and rewind."""
        if self._player is None:
            return
        self._end_range(self._player.position_ms)
        self._player.stop()
        self.refresh()

    def seek(self, ms: int) -> None:
        """Jump to ``ms`` into the file (ends the current watched range and starts a new one there)."""
        if self._player is None or not self._loaded:
            return
        length = self._player.length_ms
        target = max(0, min(int(ms), length)) if length > 0 else max(0, int(ms))
        was_playing = self._watch_start is not None
        self._end_range(self._player.position_ms)
        self._player.seek_ms(target)
        self._last_position = target
        if was_playing:
            self._begin_range(target)
        self.refresh()

    def seek_relative(self, delta_ms: int) -> None:
        """Jump ``delta_ms`` forward (negative: backward)."""
        if self._player is not None:
            self.seek(self._player.position_ms + delta_ms)

    def step_back(self) -> None:
        """Jump 5 seconds back."""
        self.seek_relative(-SEEK_STEP_MS)

    def step_forward(self) -> None:
        """Jump 5 seconds forward."""
        self.seek_relative(SEEK_STEP_MS)

    def jump_back(self) -> None:
        """Jump 30 seconds back."""
        self.seek_relative(-BIG_SEEK_STEP_MS)

    def jump_forward(self) -> None:
        """Jump 30 seconds forward."""
        self.seek_relative(BIG_SEEK_STEP_MS)

    def go_to_start(self) -> None:
        """Jump to the start of the file."""
        self.seek(0)

    def go_to_end(self) -> None:
        """Jump to the end of the file (its length when known)."""
        if self._player is not None and self._player.length_ms > 0:
            self.seek(self._player.length_ms)

    def next_frame(self) -> None:
        """Pause and step one frame forward."""
        self._step_frame(forward=True)

    def previous_frame(self) -> None:
        """Pause and step one frame back."""
        self._step_frame(forward=False)

    def _step_frame(self, *, forward: bool) -> None:
        if self._player is None or not self._loaded:
            return
        self._end_range(self._player.position_ms)
        if forward:
            self._player.next_frame()
        else:
            self._player.previous_frame()
        self.refresh()

    def set_rate(self, rate: float) -> None:
        """Set the speed (0.25×–4×) and show it in the speed box."""
        if self._player is None:
            return
        self._player.rate = rate
        index = self._speed_box.findData(self._player.rate)
        self._speed_box.blockSignals(True)
        if index >= 0:
            self._speed_box.setCurrentIndex(index)
        self._speed_box.blockSignals(False)

    def change_rate(self, direction: int) -> None:
        """One speed step up (``direction`` > 0) or down."""
        if self._player is not None:
            self.set_rate(next_rate_step(self._player.rate, direction))

    def slower(self) -> None:
        """One speed step down."""
        self.change_rate(-1)

    def faster(self) -> None:
        """One speed step up."""
        self.change_rate(+1)

    def louder(self) -> None:
        """Volume up one step."""
        self.set_volume(min(100, self._volume_slider.value() + VOLUME_STEP))

    def quieter(self) -> None:
        """Volume down one step."""
        self.set_volume(max(0, self._volume_slider.value() - VOLUME_STEP))

    def set_volume(self, volume: int) -> None:
        """Set the volume 0–100."""
        if self._player is not None:
            self._player.volume = volume
        if self._volume_slider.value() != volume:
            self._volume_slider.setValue(volume)

    def toggle_mute(self) -> None:
        """Mute or unmute the sound."""
        if self._player is None:
            return
        self._player.muted = not self._player.muted
        self._mute_button.setChecked(self._player.muted)

    def request_snapshot(self) -> None:
        """Ask the owner to take a snapshot at the current position (it logs and stores it)."""
        if self._player is not None and self._loaded:
            self.snapshotRequested.emit(self._player.position_ms)

    def request_bookmark(self) -> None:
        """Ask the owner to add a bookmark at the current position."""
        if self._player is not None and self._loaded:
            self.bookmarkRequested.emit(self._player.position_ms)

    # -- watched ranges ----------------------------------------------------------------------------
    def _begin_range(self, position: int) -> None:
        if self._watch_start is None and self._player is not None and self._player.state == "playing":
            self._watch_start = position

    def _end_range(self, position: int) -> None:
        start, self._watch_start = self._watch_start, None
        if start is not None and position > start:
            self.rangeWatched.emit(start, position)

    # -- polling -----------------------------------------------------------------------------------
    def refresh(self) -> None:
        """Poll the player once and update slider, labels and buttons (the timer calls this)."""
        if self._player is None or not self._loaded:
            return
        state = self._player.state
        position = self._player.position_ms
        if state == "error":
            self._end_range(self._last_position)
            self._show_error()
            self._poll_timer.stop()
            return
        if state != "playing" and self._watch_start is not None:
            self._end_range(position if state != "idle" else self._last_position)
        elif state == "playing" and self._watch_start is None and self._last_state != "playing":
            self._watch_start = position
        self._last_position, self._last_state = position, state
        length = self._player.length_ms
        if not self._slider_held:
            self._seek_slider.blockSignals(True)
            self._seek_slider.setRange(0, max(0, length))
            self._seek_slider.setValue(position)
            self._seek_slider.blockSignals(False)
        self._position_label.setText(f"{format_ms_precise(position)} / {format_ms(length)}")
        self._update_time_labels(position)
        self._update_controls()

    def _update_time_labels(self, position: int) -> None:
        camera, corrected = camera_times(self._camera_start, position, self._clock_offset_s)
        self._camera_label.setVisible(camera is not None)
        self._corrected_label.setVisible(corrected is not None)
        if camera is not None:
            self._camera_label.setText(self.tr("Camera time {time}").format(time=f"{camera:%H:%M:%S}"))
        if corrected is not None:
            self._corrected_label.setText(self.tr("Corrected time {time}").format(time=f"{corrected:%H:%M:%S}"))

    def _update_controls(self) -> None:
        usable = self._player is not None and self._loaded and self._player.state != "error"
        playing = usable and self._player is not None and self._player.state == "playing"
        self._play_button.setText(self.tr("Pause") if playing else self.tr("Play"))
        for widget in (
            self._play_button,
            self._stop_button,
            self._back_frame_button,
            self._next_frame_button,
            self._speed_box,
            self._seek_slider,
            self._snapshot_button,
            self._bookmark_button,
        ):
            widget.setEnabled(usable)

    def _update_watermark(self) -> None:
        if self._player is None:
            return
        now = to_local(self._clock.now())
        parts = [self._viewer_name, self._badge_number, f"{now:%Y-%m-%d %H:%M:%S}"]
        text = "  ".join(part for part in parts if part)
        self._watermark.setText(text)
        if self._loaded and self._player.state != "error":
            self._player.set_watermark(text)
        self._place_overlays()

    def watermark_text(self) -> str:
        """The watermark currently drawn over the video (empty when none)."""
        return self._watermark.text() if self._watermark.isVisibleTo(self) else ""

    def _show_error(self) -> None:
        english = self._player.error_message if self._player else None
        chinese = self._player.error_message_zh if self._player else None
        message = in_language(english, chinese) if english else self.tr("This recording cannot be played.")
        self._show_message(message)

    def _show_message(self, text: str) -> None:
        self._message.setText(text)
        self._video.hide()
        self._message.show()
        self._place_overlays()
        self._update_controls()

    def show_notice(self, text: str) -> None:
        """Show ``text`` instead of the video (e.g. why playback stopped); the controls follow the player."""
        self._show_message(text)

    def message_text(self) -> str:
        """The error or availability message shown instead of the video (empty when none)."""
        return self._message.text() if self._message.isVisibleTo(self) else ""

    def _place_overlays(self) -> None:
        width = self._screen.width()
        showing_video = self._loaded and not self._message.isVisibleTo(self)
        self._secret_banner.setVisible(self._secret)
        if self._secret:
            self._secret_banner.setGeometry(0, 0, width, 32)
            self._secret_banner.raise_()
        self._watermark.setVisible(showing_video and bool(self._watermark.text()))
        if self._watermark.isVisibleTo(self):
            self._watermark.adjustSize()
            hint = self._watermark.sizeHint()
            top = 36 if self._secret else 4
            self._watermark.setGeometry(max(0, width - hint.width() - 8), top, hint.width(), hint.height())
            self._watermark.raise_()

    def resizeEvent(self, event: QResizeEvent) -> None:
        """Keep the overlays in place."""
        super().resizeEvent(event)
        self._place_overlays()

    # -- seek slider -------------------------------------------------------------------------------
    def _on_slider_pressed(self) -> None:
        self._slider_held = True

    def _on_slider_moved(self, value: int) -> None:
        length = self._player.length_ms if self._player else 0
        self._position_label.setText(f"{format_ms_precise(value)} / {format_ms(length)}")

    def _on_slider_released(self) -> None:
        self._slider_held = False
        self.seek(self._seek_slider.value())

    def _on_slider_action(self, action: int) -> None:
        if action != QSlider.SliderAction.SliderMove.value and not self._slider_held:
            QTimer.singleShot(0, lambda: self.seek(self._seek_slider.value()))

    def _on_speed_chosen(self, index: int) -> None:
        self.set_rate(float(self._speed_box.itemData(index)))

    # -- keyboard and full screen ------------------------------------------------------------------
    def keyPressEvent(self, event: QKeyEvent) -> None:
        """The shortcuts of :data:`~evidence_station.gui.player_keys.PLAYER_KEYS` (F1 or ? lists them)."""
        action = action_for(event.key(), event.modifiers())
        if action is None:
            super().keyPressEvent(event)
            return
        getattr(self, action)()
        event.accept()

    def show_key_help(self) -> PlayerKeysDialog:
        """Show the list of shortcuts (not blocking); returns the dialog."""
        if self.key_help is None:
            self.key_help = PlayerKeysDialog(self)
            self.key_help.finished.connect(lambda _result: self.setFocus())
        self.key_help.show()
        self.key_help.raise_()
        return self.key_help

    def is_full_screen(self) -> bool:
        """Whether the player fills the screen."""
        return self.isWindow() and self.isFullScreen()

    def toggle_full_screen(self) -> None:
        """Enter or leave full screen."""
        if self.is_full_screen():
            self.leave_full_screen()
        else:
            self.enter_full_screen()

    def enter_full_screen(self) -> None:
        """Fill the screen (an embedded player becomes its own window until it leaves full screen)."""
        if self.is_full_screen():
            return
        if not self.isWindow():
            parent = self.parentWidget()
            layout = parent.layout() if parent is not None else None
            index = layout.indexOf(self) if layout is not None else -1
            self._restore_parent = (parent, index)
            self.setWindowFlags(Qt.WindowType.Window)
        self.showFullScreen()
        self._rehand_window()
        self.setFocus()

    def leave_full_screen(self) -> None:
        """Go back from full screen into the window the player came from."""
        if not self.is_full_screen():
            return
        self.showNormal()
        if self._restore_parent is not None:
            parent, index = self._restore_parent
            self._restore_parent = None
            self.setWindowFlags(Qt.WindowType.Widget)
            layout = parent.layout() if parent is not None else None
            if isinstance(layout, QBoxLayout) and index >= 0:
                layout.insertWidget(index, self)
            else:
                self.setParent(parent)
            self.show()
        self._rehand_window()
        self.setFocus()

    def _rehand_window(self) -> None:
        if self._player is not None and self._loaded:
            handle = int(self._video.winId())
            if getattr(self._player, "window_handle", handle) != handle:
                self._player.set_window(handle)

    # -- closing -----------------------------------------------------------------------------------
    def shutdown(self) -> None:
        """End the watched range, stop timers, release the player and emit ``closed`` (once)."""
        if self._is_closed:
            return
        self._is_closed = True
        self._poll_timer.stop()
        self._watermark_timer.stop()
        if self._player is not None:
            self._end_range(self._player.position_ms)
            self._player.close()
        self.closed.emit()

    def closeEvent(self, event: QCloseEvent) -> None:
        """Closing the window shuts the player down."""
        self.shutdown()
        super().closeEvent(event)

    def changeEvent(self, event: QEvent) -> None:
        """Re-place overlays when the window state changes (full screen)."""
        super().changeEvent(event)
        if event.type() == QEvent.Type.WindowStateChange:
            self._place_overlays()
