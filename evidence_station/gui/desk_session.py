"""One desk, one user after another: the log-in dialog, the main window of whoever logged in, and after Log out
the log-in dialog again for the next user (#20 item 7). ``finished`` says nobody is left: the log-in dialog was
cancelled or the main window closed — the program then ends."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QObject, Signal

from evidence_station.api.session import StationInfo
from evidence_station.client.station_client import StationClient
from evidence_station.client.transport import Transport
from evidence_station.gui.login_dialog import LoginDialog
from evidence_station.gui.main_window import MainWindow


class DeskSession(QObject):
    """Log-in dialog → main window → (Log out) → log-in dialog → …, until ``finished``."""

    finished = Signal()

    def __init__(
        self,
        transport: Transport,
        station: StationInfo,
        *,
        user: str | None = None,
        language: str = "zh_CN",
        window_factory: Callable[[StationClient], MainWindow] = MainWindow,
    ) -> None:
        super().__init__()
        self._transport = transport
        self._station = station
        self._first_user = user
        self._language = language
        self._window_factory = window_factory
        self.dialog: LoginDialog | None = None
        self.window: MainWindow | None = None

    def start(self, message: str = "") -> LoginDialog:
        """Show the log-in dialog (not blocking; ``message`` says why, e.g. the session ended)."""
        dialog = LoginDialog(self._transport, self._station, user=self._first_user, language=self._language)
        self._first_user = None  # the next person types their own name
        dialog.language_changed.connect(self._language_chosen)
        if message:
            dialog.show_message(message)
        dialog.accepted.connect(lambda: self._logged_in(dialog))
        dialog.rejected.connect(lambda: self._gave_up(dialog))
        self.dialog = dialog
        dialog.open()
        return dialog

    def end(self) -> None:
        """End the session of the window still open (the program is ending)."""
        if self.window is not None:
            self.window.end_session()

    def _language_chosen(self, language: str) -> None:
        self._language = language

    def _logged_in(self, dialog: LoginDialog) -> None:
        if dialog.client is None:
            return
        window = self._window_factory(dialog.client)
        window.logged_out.connect(self._logged_out)
        window.closed.connect(self.finished)
        self.window = window
        window.show()
        if self.dialog is dialog:
            self.dialog = None
        dialog.deleteLater()

    def _logged_out(self, message: str) -> None:
        window, self.window = self.window, None
        self.start(message)  # shown before the window closes: the program never has no window
        if window is not None:
            window.deleteLater()  # its pages go, and with them their work in flight

    def _gave_up(self, dialog: LoginDialog) -> None:
        if self.dialog is dialog:
            self.dialog = None
        dialog.deleteLater()
        if self.window is None:
            self.finished.emit()
