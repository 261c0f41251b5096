"""Locking a shared desk: a watch for idle minutes, and the panel that hides the window's contents until the same
user's password is given again (or someone logs the session out).

The station setting ``desk_idle_lock_minutes`` (audited, 1–240, default 10) says how long the program may stay
unused; the main window (``gui/main_window.py``) locks then, and asks the station to check the password
(``unlock_session``: a wrong password counts toward the lock-out exactly as at log-in).
"""

from __future__ import annotations

from PySide6.QtCore import QEvent, QObject, Qt, QTimer, Signal
from PySide6.QtWidgets import (
    QApplication,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

#: What counts as someone using the program (anything else — repaints, timers, a video playing — does not).
INPUT_EVENTS = frozenset({
    QEvent.Type.KeyPress, QEvent.Type.MouseButtonPress, QEvent.Type.MouseButtonDblClick, QEvent.Type.MouseMove,
    QEvent.Type.Wheel, QEvent.Type.TouchBegin, QEvent.Type.TouchUpdate, QEvent.Type.TabletPress,
})
_MS_PER_MINUTE = 60_000


class IdleWatcher(QObject):
    """Emits ``idle`` once the program had no keyboard, mouse or touch input for ``minutes`` (while running)."""

    idle = Signal()

    def __init__(self, minutes: int, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.timer = QTimer(self)
        self.timer.setSingleShot(True)
        self.timer.timeout.connect(self.idle)
        self.set_minutes(minutes)
        self._filtering = False

    def set_minutes(self, minutes: int) -> None:
        """Lock after ``minutes`` without input (at least one)."""
        self.timer.setInterval(max(1, int(minutes)) * _MS_PER_MINUTE)

    @property
    def running(self) -> bool:
        """True while the watch counts."""
        return self.timer.isActive()

    def start(self) -> None:
        """Start (or restart) counting idle time; input anywhere in the program restarts it."""
        app = QApplication.instance()
        if app is not None and not self._filtering:
            app.installEventFilter(self)
            self._filtering = True
        self.timer.start()

    def stop(self) -> None:
        """Stop counting (while locked, or when the session ended)."""
        self.timer.stop()
        app = QApplication.instance()
        if app is not None and self._filtering:
            app.removeEventFilter(self)
            self._filtering = False

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        """Input restarts the count; nothing is filtered out."""
        if event.type() in INPUT_EVENTS and self.timer.isActive():
            self.timer.start()
        return False


class LockPanel(QWidget):
    """What a locked main window shows instead of its pages: whose session it is, the password field, Unlock,
    and Log out (for the next person at the desk)."""

    unlock_requested = Signal(str)
    logout_requested = Signal()

    def __init__(self, user_label: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("lockPanel")
        self.heading = QLabel(self.tr("This desk is locked"))
        self.heading.setStyleSheet("font-size: 22px; font-weight: bold;")
        self.explanation = QLabel(self.tr(
            "The program was not used for a while, so its contents are hidden. {user}: enter your password to "
            "continue. Someone else: log this session out, then log in.").format(user=user_label))
        self.explanation.setWordWrap(True)
        self.password_edit = QLineEdit()
        self.password_edit.setObjectName("unlockPassword")
        self.password_edit.setEchoMode(QLineEdit.EchoMode.Password)
        self.password_edit.setPlaceholderText(self.tr("Password"))
        self.password_edit.returnPressed.connect(self._unlock_clicked)
        self.unlock_button = QPushButton(self.tr("Unlock"))
        self.unlock_button.setObjectName("unlockButton")
        self.unlock_button.setDefault(True)
        self.unlock_button.clicked.connect(self._unlock_clicked)
        self.logout_button = QPushButton(self.tr("Log out"))
        self.logout_button.setObjectName("lockLogoutButton")
        self.logout_button.clicked.connect(self.logout_requested)
        self.message_label = QLabel()
        self.message_label.setObjectName("unlockMessage")
        self.message_label.setWordWrap(True)
        self.message_label.setStyleSheet("color: #c00000;")
        row = QHBoxLayout()
        row.addWidget(self.password_edit, 1)
        row.addWidget(self.unlock_button)
        row.addWidget(self.logout_button)
        box = QWidget()
        box.setMaximumWidth(560)
        inner = QVBoxLayout(box)
        inner.addWidget(self.heading)
        inner.addWidget(self.explanation)
        inner.addLayout(row)
        inner.addWidget(self.message_label)
        layout = QVBoxLayout(self)
        layout.addStretch(1)
        layout.addWidget(box, 0, Qt.AlignmentFlag.AlignHCenter)
        layout.addStretch(2)

    def reset(self) -> None:
        """Empty the field and the message (each time the window locks)."""
        self.password_edit.clear()
        self.message_label.clear()
        self.password_edit.setFocus()

    def show_message(self, text: str) -> None:
        """Say why the password was not accepted; the field is emptied for the next try."""
        self.message_label.setText(text)
        self.password_edit.clear()
        self.password_edit.setFocus()

    @property
    def message(self) -> str:
        """The message shown ("" when none)."""
        return self.message_label.text()

    def _unlock_clicked(self) -> None:
        password = self.password_edit.text()
        if not password:
            self.show_message(self.tr("Enter your password."))
            return
        self.unlock_requested.emit(password)
