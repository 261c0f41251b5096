"""The log-in dialog: user name, password and language; shows why a log-in was refused."""

from __future__ import annotations

from PySide6.QtCore import QEvent, Qt, Signal
from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QLineEdit,
    QVBoxLayout,
    QWidget,
)

from evidence_station.api.session import StationInfo
from evidence_station.client.station_client import StationClient
from evidence_station.client.transport import Transport
from evidence_station.domain.errors import AccountLockedError, AuthenticationError, EvidenceStationError
from evidence_station.gui.i18n import LANGUAGES, install_translators, normalise_language
from evidence_station.gui.operations import error_text


class LoginDialog(QDialog):
    """Asks for user name and password and logs in to the station (its service, or the embedded one).

    After ``exec()`` returns ``Accepted``, :attr:`client` holds the logged-in client. Choosing a language switches
    the interface at once for this session and emits ``language_changed``.
    """

    language_changed = Signal(str)

    def __init__(
        self,
        transport: Transport,
        station: StationInfo,
        *,
        user: str | None = None,
        language: str = "zh_CN",
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self._transport = transport
        self._station = station
        self.client: StationClient | None = None
        self.heading = QLabel()
        self.heading.setStyleSheet("font-size: 16px; font-weight: bold;")
        self.heading.setWordWrap(True)
        self.station_label = QLabel()
        self.user_edit = QLineEdit(user or "")
        self.password_edit = QLineEdit()
        self.password_edit.setEchoMode(QLineEdit.EchoMode.Password)
        self.language_box = QComboBox()
        for code, name in LANGUAGES.items():
            self.language_box.addItem(name, code)
        self.language_box.setCurrentIndex(self.language_box.findData(normalise_language(language)))
        self.language_box.currentIndexChanged.connect(self._language_chosen)
        self.message_label = QLabel()
        self.message_label.setObjectName("loginMessage")
        self.message_label.setWordWrap(True)
        self.message_label.setStyleSheet("color: #c00000;")
        self.message_label.hide()
        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
        )
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)

        self._field_labels = [QLabel(), QLabel(), QLabel()]
        form = QFormLayout()
        for label, field in zip(self._field_labels, (self.user_edit, self.password_edit, self.language_box),
                                strict=True):
            form.addRow(label, field)
        layout = QVBoxLayout(self)
        layout.addWidget(self.heading)
        layout.addWidget(self.station_label)
        layout.addLayout(form)
        layout.addWidget(self.message_label)
        layout.addWidget(self.buttons)
        self.setMinimumWidth(460)
        self.retranslate()
        (self.password_edit if user else self.user_edit).setFocus()

    def retranslate(self) -> None:
        """Set every text in the current language."""
        self.setWindowTitle(self.tr("Log in — Evidence Station"))
        self.heading.setText(self._station.station_name)
        self.station_label.setText(self.tr("Station ID: {station}").format(station=self._station.station_uid))
        texts = (self.tr("User name"), self.tr("Password"), self.tr("Language"))
        for label, text in zip(self._field_labels, texts, strict=True):
            label.setText(text)
        self.buttons.button(QDialogButtonBox.StandardButton.Ok).setText(self.tr("Log in"))
        self.buttons.button(QDialogButtonBox.StandardButton.Cancel).setText(self.tr("Cancel"))

    def changeEvent(self, event: QEvent) -> None:
        """Re-translate when the application language changes."""
        if event.type() == QEvent.Type.LanguageChange and hasattr(self, "_field_labels"):
            self.retranslate()
        super().changeEvent(event)

    @property
    def language(self) -> str:
        """The language chosen in the dialog."""
        return str(self.language_box.currentData())

    def _language_chosen(self, _index: int) -> None:
        install_translators(self.language)
        self.retranslate()  # at once; other widgets follow on the LanguageChange event
        self.language_changed.emit(self.language)

    def show_message(self, text: str) -> None:
        """Show ``text`` in red under the form."""
        self.message_label.setText(text)
        self.message_label.show()

    @property
    def message(self) -> str:
        """The message currently shown ("" when none)."""
        return self.message_label.text()

    def accept(self) -> None:
        """Try to log in; stay open and say why when refused."""
        name = self.user_edit.text().strip()
        password = self.password_edit.text()
        if not name or not password:
            self.show_message(self.tr("Enter your user name and password."))
            return
        QGuiApplication.setOverrideCursor(Qt.CursorShape.WaitCursor)
        try:
            self.client = StationClient.login(self._transport, name, password, client="gui")
        except AccountLockedError as exc:
            self._refused(self.tr("The account is locked."), exc)
            return
        except AuthenticationError as exc:
            self._refused(self.tr("Log-in refused."), exc)
            return
        except EvidenceStationError as exc:
            self._refused(self.tr("Log-in failed."), exc)
            return
        finally:
            QGuiApplication.restoreOverrideCursor()
        super().accept()

    def _refused(self, headline: str, error: EvidenceStationError) -> None:
        self.show_message(f"{headline}\n{error_text(error)}")
        self.password_edit.clear()
        self.password_edit.setFocus()
