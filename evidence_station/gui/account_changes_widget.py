"""Two-person administration on the Settings page: the account changes waiting for a second person.

Granting the administrator or director role, raising a clearance, resetting another user's password, unlocking
and creating such a user wait for a second administrator or director once the station has one (``user pending``,
``user confirm ID``, ``user refuse ID --reason`` in the CLI). The administrators and directors who may decide them
see them here and confirm (nothing more is asked, as in the CLI) or refuse with a reason. The station decides who
may: never the one who asked, never the user concerned — a refusal is shown, not raised.
"""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QT_TRANSLATE_NOOP, QCoreApplication, Signal
from PySide6.QtWidgets import QGroupBox, QHBoxLayout, QLabel, QPushButton, QVBoxLayout, QWidget

from evidence_station.api.users import AccountChangeView, UserChange
from evidence_station.client.station_client import StationClient
from evidence_station.domain.errors import EvidenceStationError
from evidence_station.domain.roles import Operation, Role, allowed
from evidence_station.gui.compliance.form_dialog import FormDialog
from evidence_station.gui.compliance.retention_widget import ReasonDialog
from evidence_station.gui.object_table import ObjectTable
from evidence_station.gui.operations import error_text
from evidence_station.gui.recording_model import format_local
from evidence_station.gui.role_titles import role_title

CONTEXT = "AccountChanges"

#: The kinds of account change, translated in context ``AccountChanges``.
CHANGE_WORDS: dict[str, str] = {
    "add": QT_TRANSLATE_NOOP("AccountChanges", "New user"),
    "role": QT_TRANSLATE_NOOP("AccountChanges", "Grant role"),
    "clearance": QT_TRANSLATE_NOOP("AccountChanges", "Raise clearance"),
    "password": QT_TRANSLATE_NOOP("AccountChanges", "Reset password"),
    "unlock": QT_TRANSLATE_NOOP("AccountChanges", "Unlock account"),
}


def _tr(text: str) -> str:
    return QCoreApplication.translate(CONTEXT, text)


def _role_words(names: list[str] | str) -> str:

    titles = []
    for name in [names] if isinstance(names, str) else names:
        try:
            titles.append(role_title(Role(name)))
        except (ValueError, KeyError):
            titles.append(str(name))
    return "、".join(titles)


def change_details_text(change: AccountChangeView) -> str:
    """What a waiting change asks for, in the interface language (never a password: the station keeps none here)."""
    details: dict[str, Any] = change.details
    if change.change == "add":
        return QCoreApplication.translate("AccountChanges", "roles {roles}, clearance {clearance}").format(
            roles=_role_words(list(details.get("roles", []))), clearance=details.get("clearance", 0))
    if change.change == "role":
        return _role_words(str(details.get("role", "")))
    if change.change == "clearance":
        text = QCoreApplication.translate("AccountChanges", "clearance {old} → {new}")
        return text.format(old=details.get("old", "?"), new=details.get("clearance", "?"))
    return "—"


def change_outcome_text(result: UserChange) -> str:
    """What became of an account change: in effect, or waiting for a second person's confirmation (待第二人确认)."""
    if result.status == "pending":
        waiting = QCoreApplication.translate(
            "AccountChanges", "Waiting for a second person's confirmation (request #{id}): nothing changes until "
                              "another administrator or a director confirms it.")
        return waiting.format(id=result.confirmation_id)
    if result.single_person:
        alone = QCoreApplication.translate(
            "AccountChanges", "Done for {user} — on one person's say: no second administrator or director could "
                              "confirm it; a finding was raised.")
        return alone.format(user=result.user)
    done = QCoreApplication.translate("AccountChanges", "Done: {user} now has roles {roles}, clearance {clearance}.")
    return done.format(user=result.user, roles=_role_words(result.roles) or "—", clearance=result.clearance)


class AccountChangesWidget(QGroupBox):
    """The account changes waiting for a second person, with 确认 and 拒绝… (administrators and directors)."""

    #: Emitted after a change was confirmed or refused.
    changed = Signal()

    def __init__(self, client: StationClient, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setTitle(self.tr("Account changes waiting for a second person"))
        self.client = client
        self.zone = client.station.zone
        self.dialog: FormDialog | None = None
        self.table = ObjectTable([self.tr("#"), self.tr("Change"), self.tr("User"), self.tr("Asked for"),
                                  self.tr("Asked by"), self.tr("Asked at"), self.tr("Expires")],
                                 empty_text=self.tr("Nothing waits for a second person."), word_wrap=True)
        self.table.setMinimumHeight(120)
        self.confirm_button = QPushButton(self.tr("Confirm"))
        self.confirm_button.clicked.connect(self.confirm_selected)
        self.refuse_button = QPushButton(self.tr("Refuse…"))
        self.refuse_button.clicked.connect(self.open_refuse_dialog)
        self.reload_button = QPushButton(self.tr("Refresh"))
        self.reload_button.clicked.connect(self.reload)
        self.status_label = QLabel()
        self.status_label.setWordWrap(True)
        note = QLabel(self.tr("You may decide a change another administrator asked for — not your own, and not one "
                              "that concerns you."))
        note.setWordWrap(True)
        buttons = QHBoxLayout()
        for button in (self.confirm_button, self.refuse_button, self.reload_button):
            buttons.addWidget(button)
        buttons.addStretch(1)
        layout = QVBoxLayout(self)
        layout.addWidget(note)
        layout.addWidget(self.table)
        layout.addLayout(buttons)
        layout.addWidget(self.status_label)
        self.table.itemSelectionChanged.connect(self._selection_changed)
        self.reload()

    @staticmethod
    def may_decide(client: StationClient) -> bool:
        """Whether the logged-in user's roles let them decide account changes (administrators, directors)."""
        return allowed(client.actor.roles, Operation.CONFIRM_ACCOUNT_CHANGE)

    def reload(self) -> None:
        """Read the waiting changes again (a refusal to list them is shown under the table)."""
        try:
            changes = self.client.list_account_changes()
        except EvidenceStationError as exc:
            self.table.set_rows([])
            self.status_label.setText(error_text(exc))
            self._selection_changed()
            return
        self.table.set_rows([(c, [f"#{c.confirmation_id}", _tr(CHANGE_WORDS.get(c.change, c.change)), c.user,
                                  change_details_text(c), c.requested_by, format_local(c.requested_at, self.zone),
                                  format_local(c.expires_at, self.zone)]) for c in changes])
        self._selection_changed()

    def _selection_changed(self) -> None:
        chosen = self.table.current_object() is not None
        self.confirm_button.setEnabled(chosen)
        self.refuse_button.setEnabled(chosen)

    def _say(self, text: str) -> None:
        self.status_label.setText(text)

    def confirm_selected(self) -> UserChange | None:
        """Confirm the selected change; it takes effect at once (the station checks who may)."""
        change: AccountChangeView | None = self.table.current_object()
        if change is None:
            return None
        try:
            result = self.client.confirm_account_change(change.confirmation_id)
        except EvidenceStationError as exc:
            self._say(error_text(exc))
            return None
        self.reload()
        self._say(self.tr("Confirmed request #{id}. {outcome}").format(id=change.confirmation_id,
                                                                        outcome=change_outcome_text(result)))
        self.changed.emit()
        return result

    def open_refuse_dialog(self) -> FormDialog | None:
        """Ask the reason for refusing the selected change, then refuse it."""
        change: AccountChangeView | None = self.table.current_object()
        if change is None:
            return None
        client, confirmation_id = self.client, change.confirmation_id
        dialog = ReasonDialog(client, lambda reason: client.refuse_account_change(confirmation_id, reason=reason),
                              self)
        dialog.set_text(self.tr("Refuse account change"),
                        self.tr("Refuse request #{id} ({change} for {user}): nothing changes.").format(
                            id=confirmation_id, change=_tr(CHANGE_WORDS.get(change.change, change.change)),
                            user=change.user))
        dialog.accepted.connect(lambda: self._refused(confirmation_id))
        self.dialog = dialog
        dialog.open()
        return dialog

    def _refused(self, confirmation_id: int) -> None:
        self.reload()
        self._say(self.tr("Refused request #{id}: nothing changed.").format(id=confirmation_id))
        self.changed.emit()
