"""A director's dialogs: approve a request (hours, on-site only), refuse or revoke it (reason required),
and change a recording's classification (reason required)."""

from __future__ import annotations

from collections.abc import Sequence

from PySide6.QtCore import QCoreApplication
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QDoubleSpinBox,
    QFormLayout,
    QLabel,
    QPlainTextEdit,
    QVBoxLayout,
    QWidget,
)

from evidence_station.api.viewing import ViewingRequestResult
from evidence_station.domain.viewing import MAX_GRANT_HOURS, Classification, banner_text
from evidence_station.gui.recording_model import CLASSIFICATION_WORDS, word
from evidence_station.gui.viewing.common import banner_label
from evidence_station.gui.viewing.words import kind_word, purpose_word


def _summary(request: ViewingRequestResult, recordings: str) -> str:
    purpose = QCoreApplication.translate("ApproveDialog", "{purpose}: {reason}").format(
        purpose=purpose_word(request.purpose), reason=request.reason)
    return "\n".join([f"#{request.request_id} · {kind_word(request.kind)} · {request.viewer_label}", recordings,
                      purpose])


class ApproveDialog(QDialog):
    """Approve a request: how many hours the grant lasts and whether it is valid at this station only."""

    def __init__(
        self, request: ViewingRequestResult, *, recordings: str, classification: Classification,
        default_hours: float, parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.setWindowTitle(self.tr("Approve request #{number}").format(number=request.request_id))
        self.banner = banner_label()
        if classification.is_secret:
            self.banner.setText(banner_text(classification))
            self.banner.show()
        self.summary = QLabel(_summary(request, recordings))
        self.summary.setWordWrap(True)
        self.hours_spin = QDoubleSpinBox()
        self.hours_spin.setDecimals(1)
        self.hours_spin.setRange(0.5, MAX_GRANT_HOURS)
        self.hours_spin.setSingleStep(0.5)
        self.hours_spin.setSuffix(self.tr(" h"))
        self.hours_spin.setValue(min(max(default_hours, 0.5), MAX_GRANT_HOURS))
        self.on_site_check = QCheckBox(self.tr("Valid on site at this station only"))
        if request.on_site_only:
            self.on_site_check.setChecked(True)
            self.on_site_check.setEnabled(False)
            self.on_site_check.setToolTip(self.tr("The request asks for on-site viewing; that cannot be widened."))
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel)
        buttons.button(QDialogButtonBox.StandardButton.Ok).setText(self.tr("Approve"))
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        form = QFormLayout()
        form.addRow(self.tr("Request"), self.summary)
        form.addRow(self.tr("Valid for"), self.hours_spin)
        form.addRow("", self.on_site_check)
        layout = QVBoxLayout(self)
        layout.addWidget(self.banner)
        layout.addLayout(form)
        layout.addWidget(buttons)
        self.resize(520, 260)

    @property
    def hours(self) -> float:
        """Validity of the grant in hours."""
        return float(self.hours_spin.value())

    @property
    def on_site_only(self) -> bool:
        """True when the grant is valid at this station only."""
        return self.on_site_check.isChecked()


class ReasonDialog(QDialog):
    """Ask for a reason (refusing, revoking): the OK button stays disabled until one is typed."""

    def __init__(self, title: str, prompt: str, ok_text: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(title)
        text = QLabel(prompt)
        text.setWordWrap(True)
        self.reason_edit = QPlainTextEdit()
        self.reason_edit.setPlaceholderText(self.tr("Reason (required; it is shown to the requester)"))
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel)
        self.ok_button = self.buttons.button(QDialogButtonBox.StandardButton.Ok)
        self.ok_button.setText(ok_text)
        self.ok_button.setEnabled(False)
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)
        self.reason_edit.textChanged.connect(lambda: self.ok_button.setEnabled(bool(self.reason)))
        layout = QVBoxLayout(self)
        layout.addWidget(text)
        layout.addWidget(self.reason_edit)
        layout.addWidget(self.buttons)
        self.resize(480, 240)

    @property
    def reason(self) -> str:
        """The reason typed (trimmed)."""
        return self.reason_edit.toPlainText().strip()

    def accept(self) -> None:
        """Close only with a reason (Enter in an empty box does nothing)."""
        if self.reason:
            super().accept()


class ClassifyDialog(QDialog):
    """Set a recording's classification (director): which recording, which class, and why."""

    def __init__(self, recordings: Sequence[tuple[int, str, str]], parent: QWidget | None = None) -> None:
        """``recordings``: (id, description, current classification) to choose from."""
        super().__init__(parent)
        self.setWindowTitle(self.tr("Set classification"))
        self.recording_box = QComboBox()
        self._current: dict[int, str] = {}
        for recording_id, description, current in recordings:
            self.recording_box.addItem(description, recording_id)
            self._current[recording_id] = current
        self.class_box = QComboBox()
        for item in Classification:
            self.class_box.addItem(word(CLASSIFICATION_WORDS, item.value), item.value)
        self.reason_edit = QPlainTextEdit()
        self.reason_edit.setPlaceholderText(self.tr("Reason for the change (required)"))
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel)
        self.ok_button = self.buttons.button(QDialogButtonBox.StandardButton.Ok)
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)
        self.recording_box.currentIndexChanged.connect(self._show_current)
        for signal in (self.class_box.currentIndexChanged, self.reason_edit.textChanged):
            signal.connect(self._update_ok)
        form = QFormLayout()
        form.addRow(self.tr("Recording"), self.recording_box)
        form.addRow(self.tr("Classification"), self.class_box)
        form.addRow(self.tr("Reason"), self.reason_edit)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(QLabel(self.tr("Raising the class ends grants approved under the lower class.")))
        layout.addWidget(self.buttons)
        self.resize(520, 280)
        self._show_current()

    @property
    def recording_id(self) -> int:
        """The recording chosen."""
        return int(self.recording_box.currentData())

    @property
    def classification(self) -> str:
        """The class chosen (stored value)."""
        return str(self.class_box.currentData())

    @property
    def reason(self) -> str:
        """The reason typed (trimmed)."""
        return self.reason_edit.toPlainText().strip()

    def _show_current(self) -> None:
        current = self._current.get(self.recording_id) if self.recording_box.count() else None
        if current is not None:
            self.class_box.setCurrentIndex(max(0, self.class_box.findData(current)))
        self._update_ok()

    def _update_ok(self) -> None:
        changed = self.recording_box.count() > 0 and self.classification != self._current.get(self.recording_id)
        self.ok_button.setEnabled(changed and bool(self.reason))
