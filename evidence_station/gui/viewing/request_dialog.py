"""The dialog that asks for a viewing request (or a provision/export approval), used by the Library page
(recordings from its selection: :func:`request_viewing`) and the Viewing page (recordings typed as ids or chosen in
a picker). The request goes to the station through the desk's client."""

from __future__ import annotations

import re
from collections.abc import Sequence
from typing import Any

from PySide6.QtWidgets import (
    QAbstractItemView,
    QCheckBox,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QPushButton,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from evidence_station.api.viewing import ViewingRequestResult
from evidence_station.client.station_client import StationClient
from evidence_station.domain.errors import EvidenceStationError
from evidence_station.domain.viewing import RequestKind
from evidence_station.gui.operations import show_error
from evidence_station.gui.recording_model import RecordingModel
from evidence_station.gui.screen_fit import fit_to_screen
from evidence_station.gui.viewing.words import PURPOSE_WORDS, REQUEST_KIND_WORDS, kind_word, purpose_word

_ID_TOKEN = re.compile(r"^#?(\d+)(?:-(\d+))?$")
#: A typed range may not name more recordings than this (a typo like 1-100000 must not freeze the dialog).
MAX_TYPED_IDS = 1000


def parse_recording_ids(text: str) -> list[int] | None:
    """Recording ids typed as "12, 13 20-25" (commas or spaces, ranges with a hyphen, optional #).

    Returns the ids in order without repeats, [] for empty text, None when the text is not such a list.
    """
    ids: list[int] = []
    for token in re.split(r"[\s,，;；]+", text.strip()):
        if not token:
            continue
        match = _ID_TOKEN.match(token)
        if match is None:
            return None
        first = int(match.group(1))
        last = int(match.group(2)) if match.group(2) else first
        if last < first or last - first >= MAX_TYPED_IDS:
            return None
        ids.extend(range(first, last + 1))
    unique = list(dict.fromkeys(ids))
    return unique if len(unique) <= MAX_TYPED_IDS else None


class RequestRecordingPicker(QDialog):
    """Choose recordings from the catalogue (the Library's lazy table, several rows at once)."""

    def __init__(self, client: StationClient, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(self.tr("Choose recordings"))
        self.model = RecordingModel(client, self)
        self.table = QTableView()
        self.table.setModel(self.model)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.ExtendedSelection)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.verticalHeader().hide()
        self.table.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        self.table.setColumnHidden(RecordingModel.FINDINGS, True)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel)
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(QLabel(self.tr("Select one or more recordings (Ctrl or Shift for several).")))
        layout.addWidget(self.table, 1)
        layout.addWidget(buttons)
        fit_to_screen(self, 900, 520)
        self.model.reload()

    def selected_ids(self) -> list[int]:
        """Ids of the selected recordings, in table order."""
        rows = sorted({index.row() for index in self.table.selectionModel().selectedRows()})
        return [self.model.recording_at(row).id for row in rows]


class ViewingRequestDialog(QDialog):
    """Asks what a request is for: recordings, reason, purpose, and on the Viewing page also the kind
    (viewing, external provision with its recipient, secret export) and on-site viewing only.

    Without ``client`` the recordings are fixed (the Library's selection) and only reason and purpose are
    asked; with ``client`` the ids can be typed or chosen in a picker and every option is offered.
    """

    def __init__(
        self, recording_ids: Sequence[int] = (), parent: QWidget | None = None, *, client: StationClient | None = None
    ) -> None:
        super().__init__(parent)
        self.setWindowTitle(self.tr("Request viewing"))
        self._client = client
        self._fixed_ids = list(recording_ids)
        self.reason_edit = QPlainTextEdit()
        self.reason_edit.setPlaceholderText(self.tr("Why do you need to view these recordings? (required)"))
        self.reason_edit.setMinimumHeight(80)
        self.purpose_box = QComboBox()
        for value in PURPOSE_WORDS:
            self.purpose_box.addItem(purpose_word(value), value)
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel)
        self.buttons.button(QDialogButtonBox.StandardButton.Ok).setText(self.tr("Send request"))
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)
        self.reason_edit.textChanged.connect(self._update_ok)

        form = QFormLayout()
        self.ids_edit: QLineEdit | None = None
        self.kind_box: QComboBox | None = None
        self.recipient_edit: QLineEdit | None = None
        self.on_site_check: QCheckBox | None = None
        if client is None:
            form.addRow(self.tr("Recordings"), self._fixed_ids_label())
        else:
            form.addRow(self.tr("Recordings"), self._ids_row(client))
            self.kind_box = QComboBox()
            for value in REQUEST_KIND_WORDS:
                self.kind_box.addItem(kind_word(value), value)
            self.kind_box.currentIndexChanged.connect(self._kind_changed)
            form.addRow(self.tr("Kind"), self.kind_box)
        form.addRow(self.tr("Reason"), self.reason_edit)
        form.addRow(self.tr("Purpose"), self.purpose_box)
        if client is not None:
            self.recipient_edit = QLineEdit()
            self.recipient_edit.setPlaceholderText(self.tr("Who receives the copies (unit and person)"))
            self.recipient_edit.textChanged.connect(self._update_ok)
            form.addRow(self.tr("Recipient"), self.recipient_edit)
            self.on_site_check = QCheckBox(self.tr("View on site at this station only"))
            form.addRow("", self.on_site_check)
        self.problem_label = QLabel()
        self.problem_label.setStyleSheet("color: #c00000;")
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(self.problem_label)
        layout.addWidget(QLabel(self.tr("A director decides the request; you are told in the Viewing page.")))
        layout.addWidget(self.buttons)
        fit_to_screen(self, 560, 360 if client is None else 440)
        self._kind_changed()

    def _fixed_ids_label(self) -> QLabel:
        shown = ", ".join(str(rid) for rid in self._fixed_ids[:12])
        if len(self._fixed_ids) > 12:
            shown += " …"
        label = QLabel(self.tr("{count} recording(s): {ids}").format(count=len(self._fixed_ids), ids=shown))
        label.setWordWrap(True)
        return label

    def _ids_row(self, client: StationClient) -> QWidget:
        self.ids_edit = QLineEdit(", ".join(str(rid) for rid in self._fixed_ids))
        self.ids_edit.setPlaceholderText(self.tr("Recording ids, e.g. 12, 13, 20-25"))
        self.ids_edit.textChanged.connect(self._update_ok)
        pick = QPushButton(self.tr("Choose…"))
        pick.clicked.connect(lambda: self.choose_recordings(client))
        row = QWidget()
        box = QHBoxLayout(row)
        box.setContentsMargins(0, 0, 0, 0)
        box.addWidget(self.ids_edit, 1)
        box.addWidget(pick)
        return row

    def choose_recordings(self, client: StationClient) -> None:
        """Open the picker; add the recordings chosen there to the id list."""
        picker = RequestRecordingPicker(client, self)
        if picker.exec() != QDialog.DialogCode.Accepted or self.ids_edit is None:
            return
        ids = list(dict.fromkeys([*(self.recording_ids or []), *picker.selected_ids()]))
        self.ids_edit.setText(", ".join(str(rid) for rid in ids))

    # -- answers ---------------------------------------------------------------------------------
    @property
    def recording_ids(self) -> list[int]:
        """The recordings asked for ([] while the typed list is empty or not a list of ids)."""
        if self.ids_edit is None:
            return list(self._fixed_ids)
        return parse_recording_ids(self.ids_edit.text()) or []

    @property
    def reason(self) -> str:
        """The reason typed (trimmed)."""
        return self.reason_edit.toPlainText().strip()

    @property
    def purpose(self) -> str:
        """The purpose chosen (stored value)."""
        return str(self.purpose_box.currentData())

    @property
    def kind(self) -> str:
        """The request kind chosen (stored value; viewing when the dialog offers no choice)."""
        return str(self.kind_box.currentData()) if self.kind_box is not None else RequestKind.VIEWING.value

    @property
    def recipient(self) -> str:
        """Who receives the copies (external provision only)."""
        if self.recipient_edit is None or self.kind != RequestKind.EXTERNAL_PROVISION.value:
            return ""
        return self.recipient_edit.text().strip()

    @property
    def on_site_only(self) -> bool:
        """True when the grant should be valid at this station only."""
        return self.on_site_check is not None and self.on_site_check.isChecked() and self.kind == "viewing"

    def request_arguments(self) -> dict[str, Any]:
        """Keyword arguments for ``StationClient.request_viewing``."""
        return {"recording_ids": self.recording_ids, "reason": self.reason, "purpose": self.purpose,
                "kind": self.kind, "recipient": self.recipient, "on_site_only": self.on_site_only}

    # -- state -----------------------------------------------------------------------------------
    def _kind_changed(self) -> None:
        viewing = self.kind == RequestKind.VIEWING.value
        if self.recipient_edit is not None:
            self.recipient_edit.setEnabled(self.kind == RequestKind.EXTERNAL_PROVISION.value)
        if self.on_site_check is not None:
            self.on_site_check.setEnabled(viewing)
        self._update_ok()

    def _shown_problem(self) -> str:
        """A problem worth spelling out under the form (a missing reason is plain from the empty box)."""
        if self.ids_edit is not None:
            if parse_recording_ids(self.ids_edit.text()) is None:
                return self.tr("Type recording ids as numbers separated by commas, e.g. 12, 13, 20-25.")
            if not self.recording_ids:
                return self.tr("Name at least one recording.")
        if self.kind == RequestKind.EXTERNAL_PROVISION.value and not self.recipient:
            return self.tr("Name who receives the copies.")
        return ""

    def problem(self) -> str:
        """What is missing before the request can be sent ('' when nothing)."""
        shown = self._shown_problem()
        if shown:
            return shown
        return "" if self.reason else self.tr("Give the reason; it is written into the register.")

    def _update_ok(self) -> None:
        self.buttons.button(QDialogButtonBox.StandardButton.Ok).setEnabled(not self.problem())
        self.problem_label.setText(self._shown_problem())


def request_viewing(
    client: StationClient, recording_ids: Sequence[int], parent: QWidget | None = None
) -> ViewingRequestResult | None:
    """Ask for the reason and purpose of viewing ``recording_ids`` (fixed: e.g. the Library's selection) and send
    the request through ``client``. Returns the request sent; None when the person cancelled, or when the station
    refused it (the refusal is shown in a message box over ``parent``)."""
    ids = list(dict.fromkeys(int(rid) for rid in recording_ids))
    if not ids:
        return None
    dialog = ViewingRequestDialog(ids, parent)
    if dialog.exec() != QDialog.DialogCode.Accepted:
        return None
    try:
        return client.request_viewing(recording_ids=ids, reason=dialog.reason, purpose=dialog.purpose)
    except EvidenceStationError as exc:
        show_error(parent, exc)
        return None
