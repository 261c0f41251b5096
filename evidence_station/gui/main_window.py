"""The main window: navigation list, the pages in a stack, and a status bar (station, user, station time, Lock,
Log out). After ``desk_idle_lock_minutes`` without input it locks (see ``gui/desk_lock.py``)."""

from __future__ import annotations

import sys
import traceback
from collections.abc import Callable, Sequence

from PySide6.QtCore import QSize, Qt, QTimer, Signal
from PySide6.QtGui import QCloseEvent, QFont, QFontMetrics, QGuiApplication
from PySide6.QtWidgets import (
    QApplication,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QMainWindow,
    QMenu,
    QMessageBox,
    QPushButton,
    QSplitter,
    QStackedWidget,
    QWidget,
)

from evidence_station.client.station_client import StationClient
from evidence_station.domain.clock import to_local
from evidence_station.domain.errors import (
    AccountLockedError,
    AuthenticationError,
    EvidenceStationError,
    SessionExpiredError,
)
from evidence_station.domain.roles import Operation, allowed
from evidence_station.gui import pages as page_registry
from evidence_station.gui.desk_lock import IdleWatcher, LockPanel
from evidence_station.gui.operations import error_text
from evidence_station.gui.pages import PageSpec
from evidence_station.gui.role_titles import role_title
from evidence_station.gui.screen_fit import fit_to_screen
from evidence_station.gui.viewing.new_grants import new_grants_count


def _viewing_inbox_count(client: StationClient) -> int:
    """How many viewing requests wait for this user's decision (0 for anyone who does not decide)."""
    if not allowed(client.actor.roles, Operation.DECIDE_VIEWING):
        return 0
    return len(client.list_requests(pending_for_me=True))


def _viewing_badge_count(client: StationClient) -> int:
    """What 查阅 counts: requests waiting for this user's decision, and approvals they have not seen yet."""
    return _viewing_inbox_count(client) + new_grants_count(client)


#: Navigation badges: page key → the count shown next to its title (0 shows none), read every
#: :data:`BADGE_REFRESH_MS` and when a page calls :meth:`MainWindow.refresh_badges`.
BADGE_COUNTERS: dict[str, Callable[[StationClient], int]] = {"viewing": _viewing_badge_count}
BADGE_REFRESH_MS = 30_000


# The navigation list: its font size, and what an item needs besides its text (icon, padding, frame).
_NAVIGATION_FONT_PX = 15
_NAVIGATION_CHROME_PX = 24 + 2 * 8 + 8 + 12


class MainWindow(QMainWindow):
    """The station's main window for one logged-in session.

    Pages are built on first display from the registry (:data:`evidence_station.gui.pages.PAGES`).
    Closing the window ends the session (the station signs an audit checkpoint over it) and emits ``closed``;
    Log out ends it too, closes the window and emits ``logged_out`` (with a message for the next log-in, "" when
    none) instead, so the desk can ask the next user to log in. Locked (:meth:`lock`), the window shows only the
    lock panel until the same user's password is given again.
    """

    page_shown = Signal(str)
    logged_out = Signal(str)
    closed = Signal()

    def __init__(
        self, client: StationClient, *, pages: Sequence[PageSpec] | None = None, parent: QWidget | None = None,
        ends_session: bool = True,
    ) -> None:
        """``ends_session`` False: closing the window leaves the session to its owner (the read-only smoke
        test, whose local session must leave no trace in the audit log)."""
        super().__init__(parent)
        self.client = client
        registry = page_registry.PAGES if pages is None else pages
        self.pages = [spec for spec in registry if spec.shown_to(client.actor.roles)]  # e.g. Import: custodians
        self._built: dict[str, QWidget] = {}
        self.broken_pages: dict[str, str] = {}  # key -> traceback of a page that could not be built
        self._session_ended = not ends_session
        self._logging_out = False
        self._hidden_while_locked: list[QWidget] = []
        station = client.station
        self.setWindowTitle(self.tr("{station} — Evidence Station").format(station=station.station_name))
        fit_to_screen(self, 1400, 880)

        self.navigation = QListWidget()
        self.navigation.setObjectName("navigation")
        self.navigation.setIconSize(QSize(24, 24))
        self.navigation.setMinimumWidth(170)
        self.navigation.setMaximumWidth(240)
        self.navigation.setStyleSheet(
            f"QListWidget {{ font-size: {_NAVIGATION_FONT_PX}px; }} QListWidget::item {{ padding: 8px; }}")
        for spec in self.pages:
            item = QListWidgetItem(spec.display_title)
            if spec.icon is not None:
                item.setIcon(self.style().standardIcon(spec.icon))
            item.setData(Qt.ItemDataRole.UserRole, spec.key)
            self.navigation.addItem(item)
        self.stack = QStackedWidget()
        splitter = QSplitter(Qt.Orientation.Horizontal)
        splitter.addWidget(self.navigation)
        splitter.addWidget(self.stack)
        splitter.setStretchFactor(1, 1)
        splitter.setSizes([self._navigation_width(), 1200])
        self.lock_panel = LockPanel(client.actor.label)
        self.lock_panel.unlock_requested.connect(self.unlock)
        self.lock_panel.logout_requested.connect(lambda: self.log_out())
        self.contents = QStackedWidget()  # the pages, or the lock panel hiding them
        self.contents.addWidget(splitter)
        self.contents.addWidget(self.lock_panel)
        self.setCentralWidget(self.contents)

        station_text = self.tr("Station: {name} ({station_id})")
        self.station_label = QLabel(station_text.format(name=station.station_name, station_id=station.station_uid))
        roles = ", ".join(role_title(role) for role in sorted(client.actor.roles)) or self.tr("no role")
        self.user_label = QLabel(self.tr("User: {user} — {roles}").format(user=client.actor.label, roles=roles))
        self.clock_label = QLabel()
        status = self.statusBar()
        status.addWidget(self.station_label)
        status.addWidget(self.user_label)
        status.addPermanentWidget(self.clock_label)
        self.lock_button = QPushButton(self.tr("Lock"))
        self.lock_button.setObjectName("lockButton")
        self.lock_button.setToolTip(self.tr("Hide the window's contents until your password is given again."))
        self.lock_button.clicked.connect(lambda: self.lock())
        self.logout_button = QPushButton(self.tr("Log out"))
        self.logout_button.setObjectName("logoutButton")
        self.logout_button.setToolTip(self.tr("End your session; the next user logs in."))
        self.logout_button.clicked.connect(lambda: self.log_out())
        status.addPermanentWidget(self.lock_button)
        status.addPermanentWidget(self.logout_button)
        self._clock_timer = QTimer(self)
        self._clock_timer.timeout.connect(self.update_clock)
        self._clock_timer.start(1000)
        self.update_clock()

        self._badges: dict[str, int] = {}
        self._badge_timer = QTimer(self)
        self._badge_timer.timeout.connect(self.refresh_badges)
        self._badge_timer.start(BADGE_REFRESH_MS)
        self.refresh_badges()

        self.navigation.currentRowChanged.connect(self._on_navigation)
        if self.pages:
            self.navigation.setCurrentRow(0)

        self.idle_watcher = IdleWatcher(client.station.desk_idle_lock_minutes, self)
        self.idle_watcher.idle.connect(self.lock)
        if ends_session:  # not the read-only smoke test
            self.idle_watcher.start()

    # -- pages -------------------------------------------------------------------------------------
    def _navigation_width(self) -> int:
        """Wide enough for the longest page title in the interface language (English titles are longer)."""
        font = QFont(self.navigation.font())
        font.setPixelSize(_NAVIGATION_FONT_PX)
        metrics = QFontMetrics(font)
        widest = max((metrics.horizontalAdvance(spec.display_title) for spec in self.pages), default=0)
        width = min(max(widest + _NAVIGATION_CHROME_PX, 170), 300)
        self.navigation.setMaximumWidth(max(width, 240))
        return width

    def page_keys(self) -> list[str]:
        """Keys of the pages in navigation order."""
        return [spec.key for spec in self.pages]

    def page(self, key: str) -> QWidget | None:
        """The page ``key`` if it was built already."""
        return self._built.get(key)

    def current_key(self) -> str:
        """Key of the page on display."""
        for key, widget in self._built.items():
            if widget is self.stack.currentWidget():
                return key
        return ""

    def show_page(self, key: str) -> QWidget:
        """Build (once) and display page ``key``; errors while building propagate."""
        index = self.page_keys().index(key)
        widget = self._built.get(key)
        if widget is None:
            widget = self.pages[index].factory(self.client, self.stack)
            widget.setObjectName(widget.objectName() or f"page_{key}")
            self._built[key] = widget
            self.stack.addWidget(widget)
        self.stack.setCurrentWidget(widget)
        if self.navigation.currentRow() != index:
            self.navigation.blockSignals(True)
            self.navigation.setCurrentRow(index)
            self.navigation.blockSignals(False)
        self.page_shown.emit(key)
        return widget

    def _on_navigation(self, row: int) -> None:
        if row < 0:
            return
        key = self.pages[row].key
        try:
            self.show_page(key)
        except Exception as exc:
            traceback.print_exc()
            self.broken_pages[key] = traceback.format_exc()
            broken = QLabel(self.tr("This page could not be opened: {error}").format(error=error_text(exc)))
            broken.setWordWrap(True)
            broken.setStyleSheet("color: #c00000; padding: 24px;")
            self._built[key] = broken
            self.stack.addWidget(broken)
            self.stack.setCurrentWidget(broken)

    # -- badges ------------------------------------------------------------------------------------
    def set_badge(self, key: str, count: int) -> None:
        """Show ``count`` next to the navigation title of page ``key`` (0 removes it)."""
        if key not in self.page_keys():
            return
        self._badges[key] = max(0, int(count))
        spec = self.pages[self.page_keys().index(key)]
        item = self.navigation.item(self.page_keys().index(key))
        font = item.font()
        font.setBold(bool(count))
        item.setFont(font)
        item.setText(f"{spec.display_title} ({count})" if count else spec.display_title)

    def badge(self, key: str) -> int:
        """The count shown on page ``key`` (0 when none)."""
        return self._badges.get(key, 0)

    def refresh_badges(self) -> None:
        """Read every badge count again (a failing counter leaves its badge as it was)."""
        for key, counter in BADGE_COUNTERS.items():
            if key not in self.page_keys():
                continue
            try:
                self.set_badge(key, counter(self.client))
            except Exception:
                traceback.print_exc()

    # -- status bar --------------------------------------------------------------------------------
    def update_clock(self) -> None:
        """Show the station clock's time in the station zone."""
        zone = self.client.station.zone
        now = to_local(self.client.now(), zone)
        self.clock_label.setText(f"{now:%Y-%m-%d %H:%M:%S} ({zone})")

    # -- lock --------------------------------------------------------------------------------------
    @property
    def locked(self) -> bool:
        """True while the lock panel hides the pages."""
        return self.contents.currentWidget() is self.lock_panel

    def lock(self) -> bool:
        """Hide the pages (and the program's other windows) until the same user's password is given again;
        True when locked. While a modal dialog is open the lock waits for the next idle period (closing the
        dialog under its owner could cancel work, e.g. a disc being burnt)."""
        if self.locked or self._session_ended:
            return self.locked
        modal = QApplication.activeModalWidget()
        if modal is not None and modal is not self:
            self.idle_watcher.start()
            return False
        self.idle_watcher.stop()
        self._hidden_while_locked = [w for w in self._other_windows() if w.isVisible()]
        for window in self._hidden_while_locked:
            window.hide()
        self.lock_panel.reset()
        self.contents.setCurrentWidget(self.lock_panel)
        self.navigation.setEnabled(False)
        self.lock_button.setEnabled(False)
        self.lock_panel.password_edit.setFocus()
        return True

    def unlock(self, password: str) -> bool:
        """Ask the station to check the session user's password; show the pages again when it is right. A wrong
        password is said so and counts toward the lock-out; a session that ended or an account now locked logs
        out (the next log-in dialog says why)."""
        if not self.locked:
            return True
        QGuiApplication.setOverrideCursor(Qt.CursorShape.WaitCursor)
        try:
            self.client.unlock_session(password)
        except (AccountLockedError, SessionExpiredError) as exc:
            self.log_out(error_text(exc))
            return False
        except AuthenticationError as exc:
            self.lock_panel.show_message(self.tr("Wrong password.") + "\n" + error_text(exc))
            return False
        except EvidenceStationError as exc:
            self.lock_panel.show_message(error_text(exc))
            return False
        finally:
            QGuiApplication.restoreOverrideCursor()
        self.contents.setCurrentIndex(0)
        self.navigation.setEnabled(True)
        self.lock_button.setEnabled(True)
        for window in self._hidden_while_locked:
            window.show()
        self._hidden_while_locked = []
        self.idle_watcher.start()
        return True

    def _other_windows(self) -> list[QWidget]:
        """The program's other top-level windows (players, previews, dialogs), not menus or tooltips."""
        return [w for w in QApplication.topLevelWidgets()
                if w is not self and w.isWindow() and not isinstance(w, QMenu)
                and w.windowType() not in (Qt.WindowType.ToolTip, Qt.WindowType.Popup)]

    # -- session -----------------------------------------------------------------------------------
    def log_out(self, message: str = "") -> None:
        """End the session, close the program's other windows and this one, and emit ``logged_out(message)``
        (the desk then asks the next user to log in)."""
        if self._logging_out:
            return
        self._logging_out = True
        # The players close their viewing sessions as they close: while the user's session still holds.
        for window in self._other_windows():
            if window.isVisible() or window in self._hidden_while_locked:
                window.close()
        self._hidden_while_locked = []
        self.end_session()
        self.logged_out.emit(message)
        self.close()

    def end_session(self) -> None:
        """End the user's session once (the station signs an audit checkpoint over what they did)."""
        if self._session_ended:
            return
        self._session_ended = True
        self.idle_watcher.stop()
        self._clock_timer.stop()
        self._badge_timer.stop()
        try:
            self.client.logout()
        except Exception as exc:
            print(f"Could not sign the session-end checkpoint: {exc}", file=sys.stderr)
            text = self.tr("The session-end checkpoint could not be signed: {error}")
            QMessageBox.warning(self, self.tr("Session end"), text.format(error=error_text(exc)))

    def closeEvent(self, event: QCloseEvent) -> None:
        """Closing the window ends the session (``closed`` unless it was a log-out)."""
        self.end_session()
        super().closeEvent(event)
        if not self._logging_out:
            self.closed.emit()
