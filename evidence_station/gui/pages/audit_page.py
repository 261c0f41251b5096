"""The Audit page: browse the audit log (paged, filtered), read one event in full, verify the chain (also against
witness files: signed documents and evidence discs carrying the chain head they were issued at) and the vault."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from typing import TYPE_CHECKING, Any, ClassVar

from PySide6.QtCore import QT_TRANSLATE_NOOP, QCoreApplication, QDate, QModelIndex, QObject, Qt
from PySide6.QtGui import QBrush, QColor, QKeySequence
from PySide6.QtWidgets import (
    QAbstractItemView,
    QCheckBox,
    QFileDialog,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QPlainTextEdit,
    QPushButton,
    QSplitter,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from evidence_station.api.audit import DOCUMENT_LABELS, AuditEventView, StoreVerification, Witness, WitnessCheck
from evidence_station.client.station_client import StationClient
from evidence_station.domain.audit_labels import action_label, detail_label, detail_value_label, object_label
from evidence_station.domain.clock import local_to_utc, to_local
from evidence_station.domain.errors import EvidenceStationError
from evidence_station.domain.progress import CancelToken, ProgressCallback
from evidence_station.domain.roles import Operation, allowed
from evidence_station.gui.i18n import in_language, interface_language, shown_label
from evidence_station.gui.lazy_table_model import PAGE_SIZE, LazyTableModel
from evidence_station.gui.operations import RunningOperation, error_text, run_operation
from evidence_station.gui.widgets import optional_date_edit

if TYPE_CHECKING:
    from evidence_station.api.audit import AuditVerification

PROBLEM_COLOUR = QColor("#c00000")
OK_COLOUR = QColor("#1b7a1b")


@dataclass(frozen=True)
class AuditFilter:
    """What the events table shows: exact actor, action containing text, and local dates (inclusive)."""

    actor: str = ""
    action: str = ""
    first_day: date | None = None
    last_day: date | None = None

    def since(self, zone: str) -> datetime | None:
        """Start of ``first_day`` in the station zone, as UTC."""
        return local_to_utc(datetime.combine(self.first_day, time()), zone) if self.first_day else None

    def until(self, zone: str) -> datetime | None:
        """End of ``last_day`` (start of the next day) in the station zone, as UTC."""
        if self.last_day is None:
            return None
        return local_to_utc(datetime.combine(self.last_day + timedelta(days=1), time()), zone)


class AuditEventModel(LazyTableModel[AuditEventView]):
    """Audit events, newest first, read a page at a time on a worker thread as the view scrolls."""

    COLUMNS = (
        QT_TRANSLATE_NOOP("AuditEventModel", "#"),
        QT_TRANSLATE_NOOP("AuditEventModel", "Time"),
        QT_TRANSLATE_NOOP("AuditEventModel", "User"),
        QT_TRANSLATE_NOOP("AuditEventModel", "Action"),
        QT_TRANSLATE_NOOP("AuditEventModel", "Object"),
        QT_TRANSLATE_NOOP("AuditEventModel", "Outcome"),
    )
    #: Outcomes as stored → English words shown (translated).
    OUTCOMES: ClassVar[dict[str, str]] = {
        "ok": QT_TRANSLATE_NOOP("AuditEventModel", "OK"),
        "refused": QT_TRANSLATE_NOOP("AuditEventModel", "Refused"),
        "failed": QT_TRANSLATE_NOOP("AuditEventModel", "Failed"),
    }

    def __init__(
        self, client: StationClient, parent: QObject | None = None, *, page_size: int = PAGE_SIZE,
        background: bool = True,
    ) -> None:
        super().__init__(parent, page_size=page_size, background=background)
        self._client = client
        self._zone = client.station.zone
        self._filter = AuditFilter()

    @property
    def audit_filter(self) -> AuditFilter:
        """The filter in force."""
        return self._filter

    def set_filter(self, audit_filter: AuditFilter) -> None:
        """Show only events matching ``audit_filter`` (reloads from the first page)."""
        self._filter = audit_filter
        self.reload()

    def fetch_page(self, offset: int, limit: int) -> list[AuditEventView]:
        """One page of events matching the filter (worker thread)."""
        f = self._filter
        return self._client.list_audit_events(
            since=f.since(self._zone), until=f.until(self._zone), actor=f.actor or None,
            action_contains=f.action or None, limit=limit, offset=offset,
        )

    def event_at(self, row: int) -> AuditEventView:
        """The event shown in ``row``."""
        return self.row_at(row)

    def cell(self, event: AuditEventView, column: int, role: int) -> Any:
        """Cell text; refused and failed events in red."""
        if role == Qt.ItemDataRole.DisplayRole:
            return self._cell_text(event, column)
        if role == Qt.ItemDataRole.ToolTipRole and column in (3, 4):
            return event.action if column == 3 else f"{event.object_type} {event.object_id}".strip()
        if role == Qt.ItemDataRole.ForegroundRole and event.outcome != "ok":
            return QBrush(PROBLEM_COLOUR)
        if role == Qt.ItemDataRole.TextAlignmentRole and column == 0:
            return int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        return None

    def _cell_text(self, event: AuditEventView, column: int) -> str:
        if column == 0:
            return str(event.seq)
        if column == 1:
            return format_local(event.at, self._zone)
        if column == 2:
            return event.actor
        if column == 3:
            return action_text(event.action)
        if column == 4:
            return object_text(event.object_type, event.object_id)
        return outcome_text(event.outcome)


def action_text(action: str) -> str:
    """An audit action in the interface language (the stored name when the station has no label for it)."""
    label = action_label(action)
    return label.render(interface_language()) if label else action


def object_text(object_type: str, object_id: str) -> str:
    """What an event concerns, e.g. ``录像 12`` / ``recording 12`` (unknown kinds as stored)."""
    label = object_label(object_type)
    return f"{label.render(interface_language()) if label else object_type} {object_id}".strip()


def field_separator() -> str:
    """``：`` in Chinese, ``: `` in English."""
    return in_language(": ", "：")


def detail_lines(details: Any, indent: str = "") -> list[str]:
    """An event's details as readable "field: value" lines (fields named in the interface language where the
    station knows them, nested values indented), never as JSON."""
    if not isinstance(details, dict):
        return [indent + _detail_value(details)]
    lines = []
    for key in sorted(details):
        label = detail_label(key)
        name = label.render(interface_language()) if label else key
        value = details[key]
        nested = (isinstance(value, dict) and bool(value)) or (
            isinstance(value, list) and any(isinstance(item, dict | list) for item in value))
        if nested:
            lines.append(f"{indent}{name}{field_separator().rstrip()}")
            items = value.items() if isinstance(value, dict) else enumerate(value, start=1)
            for sub_key, sub_value in items:
                if isinstance(value, dict):
                    lines.extend(detail_lines({sub_key: sub_value}, indent + "    "))
                else:
                    lines.append(f"{indent}    {sub_key}.")
                    lines.extend(detail_lines(sub_value, indent + "        "))
        else:
            value_label = detail_value_label(key, value)
            shown = value_label.render(interface_language()) if value_label else _detail_value(value)
            lines.append(f"{indent}{name}{field_separator()}{shown}")
    return lines


def _detail_value(value: Any) -> str:
    if value is None:
        return "—"
    if isinstance(value, bool):
        return in_language("yes", "是") if value else in_language("no", "否")
    if isinstance(value, list):
        return in_language(", ", "、").join(_detail_value(item) for item in value) or "—"
    if isinstance(value, dict):
        return "—"  # an empty mapping (non-empty ones are shown as lines)
    return str(value)


def outcome_text(outcome: str) -> str:
    """An event outcome in the interface language (unknown outcomes as stored)."""
    english = AuditEventModel.OUTCOMES.get(outcome)
    return QCoreApplication.translate("AuditEventModel", english) if english else outcome


def format_local(at: datetime, zone: str) -> str:
    """``YYYY-MM-DD HH:MM:SS`` in the station zone."""
    return to_local(at, zone).strftime("%Y-%m-%d %H:%M:%S")


class AuditPage(QWidget):
    """Events table with filters, a detail pane, and the chain verification."""

    def __init__(self, client: StationClient, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._client = client
        self.last_operation: RunningOperation[Any] | None = None
        self.model = AuditEventModel(client, self)
        self._build()
        self.model.load_failed.connect(self._show_load_error)
        self.model.loading_changed.connect(self._update_hint)
        self.model.modelReset.connect(self._update_hint)
        if allowed(client.actor.roles, Operation.READ_AUDIT):
            self.model.reload()
        else:
            self.model.stop_loading()  # the view would ask for rows, be refused and log a refusal each time
            self._show_load_error(
                self.tr("Your roles do not allow reading the audit log; you may still verify it.")
            )

    # -- layout ------------------------------------------------------------------------------------
    def _build(self) -> None:
        self.actor_edit = QLineEdit()
        self.actor_edit.setPlaceholderText(self.tr("User name"))
        self.action_edit = QLineEdit()
        self.action_edit.setPlaceholderText(self.tr("Action contains…"))
        today = QDate(to_local(self._client.now(), self._client.station.zone).date())
        self.from_check = QCheckBox(self.tr("From"))
        self.from_date = optional_date_edit(today.addDays(-30))
        self.to_check = QCheckBox(self.tr("To"))
        self.to_date = optional_date_edit(today)
        self.from_check.toggled.connect(self.from_date.setEnabled)
        self.to_check.toggled.connect(self.to_date.setEnabled)
        apply_button = QPushButton(self.tr("Filter"))
        apply_button.clicked.connect(self.apply_filter)
        clear_button = QPushButton(self.tr("Clear"))
        clear_button.clicked.connect(self.clear_filter)
        refresh_button = QPushButton(self.tr("Refresh"))
        refresh_button.setShortcut(QKeySequence(QKeySequence.StandardKey.Refresh))
        refresh_button.setToolTip(self.tr("Read the log again (F5)"))
        refresh_button.clicked.connect(self.model.reload)
        self.verify_button = QPushButton(self.tr("Verify chain"))
        self.verify_button.setToolTip(
            self.tr("Check every event's hash, the chain links, the signed checkpoints and the certificate.")
        )
        self.verify_button.clicked.connect(self.verify_chain)
        self.witness_button = QPushButton(self.tr("Check against witness files…"))
        self.witness_button.setToolTip(
            self.tr("Choose signed documents of this station (import receipts, viewing registers, monthly reports, "
                    "disposal certificates) or evidence disc images: each carries the chain head it was issued at, "
                    "and a catalogue older than any of them is a problem.")
        )
        self.witness_button.clicked.connect(self.choose_witnesses)
        self.verify_vault_button = QPushButton(self.tr("Verify originals"))
        self.verify_vault_button.setToolTip(
            self.tr("Re-hash every stored original (SHA-256 and SM3) against the catalogue, look for missing, "
                    "altered, writable or unexpected files in the vault, and check the audit chain.")
        )
        self.verify_vault_button.clicked.connect(lambda: self.verify_vault())
        self.quick_check = QCheckBox(self.tr("Quick (sizes only)"))
        self.quick_check.setToolTip(self.tr("Skip the re-hash: check sizes, permissions and the audit chain only."))
        if not allowed(self._client.actor.roles, Operation.VERIFY_STORE):
            self.verify_vault_button.setEnabled(False)
            self.quick_check.setEnabled(False)
            self.verify_vault_button.setToolTip(
                self.tr("Only custodians, auditors and administrators may verify the vault.")
            )
        for edit in (self.actor_edit, self.action_edit):
            edit.returnPressed.connect(self.apply_filter)

        filters = QHBoxLayout()
        for widget in (
            QLabel(self.tr("User")), self.actor_edit, QLabel(self.tr("Action")), self.action_edit,
            self.from_check, self.from_date, self.to_check, self.to_date, apply_button, clear_button,
            refresh_button,
        ):
            filters.addWidget(widget)
        filters.addStretch(1)

        self.table = QTableView()
        self.table.setModel(self.model)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.verticalHeader().hide()
        self.table.setAlternatingRowColors(True)
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(3, QHeaderView.ResizeMode.Stretch)
        self.table.selectionModel().currentRowChanged.connect(self._show_details)

        self.status_label = QLabel()
        self.status_label.setWordWrap(True)
        self.hint_label = QLabel()
        self.hint_label.setObjectName("auditHint")
        self.hint_label.setStyleSheet("color: #606060;")
        self.hint_label.hide()
        self.details = QPlainTextEdit()
        self.details.setReadOnly(True)
        self.details.setPlaceholderText(self.tr("Select an event to see its details and hash."))
        self.model.modelReset.connect(self.details.clear)
        self.results = QListWidget()
        self.results.setWordWrap(True)
        self.results.setObjectName("verificationResults")

        results_box = QWidget()
        results_layout = QVBoxLayout(results_box)
        results_layout.setContentsMargins(0, 0, 0, 0)
        checks = QHBoxLayout()
        checks.addWidget(QLabel(self.tr("Verification")))
        checks.addStretch(1)
        for widget in (self.verify_button, self.witness_button, self.verify_vault_button, self.quick_check):
            checks.addWidget(widget)
        results_layout.addLayout(checks)
        results_layout.addWidget(self.results)
        details_box = QWidget()
        details_layout = QVBoxLayout(details_box)
        details_layout.setContentsMargins(0, 0, 0, 0)
        details_layout.addWidget(QLabel(self.tr("Event details")))
        details_layout.addWidget(self.details)

        lower = QSplitter(Qt.Orientation.Horizontal)
        lower.addWidget(details_box)
        lower.addWidget(results_box)
        lower.setSizes([600, 400])
        splitter = QSplitter(Qt.Orientation.Vertical)
        splitter.addWidget(self.table)
        splitter.addWidget(lower)
        splitter.setSizes([500, 260])

        layout = QVBoxLayout(self)
        layout.addLayout(filters)
        layout.addWidget(self.status_label)
        layout.addWidget(self.hint_label)
        layout.addWidget(splitter, 1)
        self.status_label.hide()

    # -- filtering ---------------------------------------------------------------------------------
    def current_filter(self) -> AuditFilter:
        """The filter the controls describe."""
        return AuditFilter(
            actor=self.actor_edit.text().strip(),
            action=self.action_edit.text().strip(),
            first_day=self.from_date.date().toPython() if self.from_check.isChecked() else None,
            last_day=self.to_date.date().toPython() if self.to_check.isChecked() else None,
        )

    def apply_filter(self) -> None:
        """Reload the table with the filter the controls describe."""
        self.status_label.hide()
        self.details.clear()
        self.model.set_filter(self.current_filter())

    def clear_filter(self) -> None:
        """Show every event again."""
        self.actor_edit.clear()
        self.action_edit.clear()
        self.from_check.setChecked(False)
        self.to_check.setChecked(False)
        self.apply_filter()

    def _update_hint(self) -> None:
        """Say that events are being read, or why the table is empty (nothing when rows are shown)."""
        if self.model.loading and self.model.rowCount() == 0:
            text = self.tr("Reading the audit log…")
        elif self.model.loading or self.model.rowCount() or self.model.error_message or not self.model.exhausted:
            text = ""
        elif self.model.audit_filter != AuditFilter():
            text = self.tr("No event matches the filter. Press Clear to see every event.")
        else:
            text = self.tr("The audit log is empty.")
        self.hint_label.setText(text)
        self.hint_label.setVisible(bool(text))

    def _show_load_error(self, message: str) -> None:
        self.status_label.setText(message)
        self.status_label.setStyleSheet(f"color: {PROBLEM_COLOUR.name()};")
        self.status_label.show()

    # -- details -----------------------------------------------------------------------------------
    def _show_details(self, current: QModelIndex, _previous: QModelIndex) -> None:
        if not current.isValid():
            self.details.clear()
            return
        self.details.setPlainText(self.describe(self.model.event_at(current.row())))

    def describe(self, event: AuditEventView) -> str:
        """The full text of one event: fields, hash and details as "field: value" lines; the stored action name
        stays in brackets for auditors who search the log by it."""
        zone = self._client.station.zone
        fields = [
            (self.tr("Event"), f"#{event.seq} {action_text(event.action)} ({event.action})"),
            (self.tr("Time"), f"{format_local(event.at, zone)} ({zone})"),
            (self.tr("User"), event.actor),
            (self.tr("Object"), object_text(event.object_type, event.object_id)),
            (self.tr("Outcome"), outcome_text(event.outcome)),
            (self.tr("Hash (SHA-256)"), event.hash),
        ]
        separator = field_separator()
        lines = [f"{label}{separator}{value}" for label, value in fields]
        lines.append(self.tr("Details") + separator.rstrip())
        lines.extend(detail_lines(event.details or {}, "    ") or ["    —"])
        return "\n".join(lines)

    # -- verification ------------------------------------------------------------------------------
    def verify_vault(self, quick: bool | None = None) -> RunningOperation[StoreVerification]:
        """Verify every stored original (``quick``: sizes only; default: the check box) in the background."""
        client = self._client
        quick = self.quick_check.isChecked() if quick is None else quick

        def work(progress: ProgressCallback, cancel: CancelToken) -> StoreVerification:
            return client.verify_originals(quick=quick, progress=progress, cancel=cancel)

        label = (self.tr("Checking the sizes of the stored originals…") if quick
                 else self.tr("Re-hashing every stored original (SHA-256 and SM3)…"))
        return self._run_verification(work, self._show_vault_verification, label)

    def verify_chain(self) -> RunningOperation[AuditVerification]:
        """Verify the audit chain in the background and show the result."""
        client = self._client

        def work(progress: ProgressCallback, cancel: CancelToken) -> AuditVerification:
            return client.verify_audit_chain(progress, cancel)

        return self._run_verification(work, self._show_verification, self.tr("Verifying the audit chain…"))

    def choose_witnesses(self) -> RunningOperation[AuditVerification] | None:
        """Ask for witness files, then verify the chain against them (nothing when none is chosen)."""
        paths, _filter = QFileDialog.getOpenFileNames(
            self, self.tr("Choose witness files"), "",
            self.tr("Signed documents and disc images (*.pdf *.PDF *.iso *.ISO);;All files (*)"))
        return self.verify_with_witnesses(paths) if paths else None

    def verify_with_witnesses(self, paths: Sequence[str]) -> RunningOperation[AuditVerification] | None:
        """Verify the audit chain and the catalogue against the chain head each witness file carries (read here, at
        the desk, as ``audit verify --witness`` does); a file that is no witness is named in red and nothing runs."""
        from evidence_station.disc.witness import read_witness  # pypdf and the disc reader: only when asked

        witnesses: list[Witness] = []
        unreadable: list[str] = []
        for path in paths:
            try:
                witnesses.append(read_witness(path))
            except EvidenceStationError as exc:
                unreadable.append(error_text(exc))
        if unreadable or not witnesses:
            self.results.clear()
            for text in unreadable:
                self._add_result(text, PROBLEM_COLOUR)
            return None
        client = self._client

        def work(progress: ProgressCallback, cancel: CancelToken) -> AuditVerification:
            return client.verify_audit_chain(progress, cancel, witnesses=witnesses)

        return self._run_verification(work, self._show_verification,
                                      self.tr("Verifying the audit chain against {count} witness file(s)…").format(
                                          count=len(witnesses)))

    def _run_verification(
        self, work: Callable[[ProgressCallback, CancelToken], Any], on_success: Callable[[Any], None], label: str
    ) -> RunningOperation[Any]:
        self._set_verifying(True)
        self.results.clear()
        self.last_operation = run_operation(
            self, work, on_success=on_success, on_failure=self._verification_failed, progress_label=label,
            cancellable=True,
        )
        return self.last_operation

    def _set_verifying(self, busy: bool) -> None:
        self.verify_button.setEnabled(not busy)
        self.witness_button.setEnabled(not busy)
        may_verify_vault = allowed(self._client.actor.roles, Operation.VERIFY_STORE)
        self.verify_vault_button.setEnabled(not busy and may_verify_vault)

    def _show_vault_verification(self, result: StoreVerification) -> None:
        if result.quick:
            ok = self.tr("Vault OK: {count} originals have their catalogued size; the audit chain is intact.")
        else:
            ok = self.tr("Vault OK: {count} originals re-hashed, SHA-256 and SM3 match the catalogue; "
                         "the audit chain is intact.")
        headline = self.tr("The vault has {count} problem(s) ({checked} originals checked):")
        self._show_outcome(result.ok, ok.format(count=result.checked),
                           headline.format(count=len(result.problems), checked=result.checked), result.problems)

    def _show_verification(self, result: AuditVerification) -> None:
        ok = self.tr("Audit chain OK: {events} events and {checkpoints} signed checkpoints verified.")
        headline = self.tr("The audit chain has {count} problem(s) ({events} events checked):")
        self._show_outcome(result.ok, ok.format(events=result.events, checkpoints=result.checkpoints),
                           headline.format(count=len(result.problems), events=result.events), result.problems)
        for witness in result.witnesses:
            self._add_result(self.witness_text(witness), OK_COLOUR if witness.ok else PROBLEM_COLOUR)

    def witness_text(self, witness: WitnessCheck) -> str:
        """One witness as checked: what it is, the chain head it carries, and whether the catalogue agrees."""
        what = shown_label(DOCUMENT_LABELS, witness.document)
        count = "?" if witness.event_count is None else str(witness.event_count)
        text = (self.tr("Witness {source} ({what}, chain head of {count} events): agrees.") if witness.ok else
                self.tr("Witness {source} ({what}, chain head of {count} events): the catalogue DISAGREES."))
        return text.format(source=witness.source, what=what, count=count)

    def _show_outcome(self, ok: bool, ok_text: str, headline: str, problems: Sequence[Any]) -> None:
        """One verification's result: the OK line in green, or the headline and each problem in red."""
        self._set_verifying(False)
        if ok:
            self._add_result(ok_text, OK_COLOUR)
        else:
            self._add_result(headline, PROBLEM_COLOUR)
            for problem in problems:
                self._add_result(in_language(problem.message, problem.message_zh), PROBLEM_COLOUR)
        if allowed(self._client.actor.roles, Operation.READ_AUDIT):
            self.model.reload()  # the verification itself was audited

    def _verification_failed(self, error: BaseException) -> None:
        self._set_verifying(False)
        text = self.tr("Verification did not finish: {message}").format(message=error_text(error))
        self._add_result(text, PROBLEM_COLOUR)

    def _add_result(self, text: str, colour: QColor) -> None:
        item = QListWidgetItem(text)
        item.setForeground(QBrush(colour))
        self.results.addItem(item)

    def result_texts(self) -> list[str]:
        """The lines the verification result list shows."""
        return [self.results.item(i).text() for i in range(self.results.count())]


def create_page(client: StationClient, parent: QWidget | None = None) -> QWidget:
    """The Audit page for the logged-in user."""
    return AuditPage(client, parent)
