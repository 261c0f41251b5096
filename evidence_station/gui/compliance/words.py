"""Display words for the compliance vocabulary (English source, translated in context ``ComplianceWords``),
and the small helpers the compliance widgets share: role checks with a tooltip, combo boxes of choices."""

from __future__ import annotations

from PySide6.QtCore import QT_TRANSLATE_NOOP, QCoreApplication
from PySide6.QtWidgets import QComboBox, QWidget

from evidence_station.client.station_client import StationClient
from evidence_station.domain.roles import Operation, allowed

CONTEXT = "ComplianceWords"

DEVICE_STATUS_WORDS: dict[str, str] = {
    "in_service": QT_TRANSLATE_NOOP("ComplianceWords", "In service"),
    "under_repair": QT_TRANSLATE_NOOP("ComplianceWords", "Under repair"),
    "retired": QT_TRANSLATE_NOOP("ComplianceWords", "Retired"),
}
LOG_KIND_WORDS: dict[str, str] = {
    "maintenance": QT_TRANSLATE_NOOP("ComplianceWords", "Maintenance"),
    "damage": QT_TRANSLATE_NOOP("ComplianceWords", "Damage"),
    "repair": QT_TRANSLATE_NOOP("ComplianceWords", "Repair"),
    "status": QT_TRANSLATE_NOOP("ComplianceWords", "Status change"),
}
ACTIVITY_KIND_WORDS: dict[str, str] = {
    "likely_dispute": QT_TRANSLATE_NOOP("ComplianceWords", "Likely to cause a dispute (Art. 4 (1))"),
    "obstruction": QT_TRANSLATE_NOOP("ComplianceWords", "Obstruction of enforcement (Art. 4 (2))"),
    "emergency": QT_TRANSLATE_NOOP("ComplianceWords", "Major emergency or mass incident (Art. 4 (3))"),
    "major_case": QT_TRANSLATE_NOOP("ComplianceWords", "Major or complex case (Art. 4 (4))"),
    "sealing_seizure": QT_TRANSLATE_NOOP("ComplianceWords", "Sealing or seizure (Art. 4 (5))"),
    "required_by_law": QT_TRANSLATE_NOOP("ComplianceWords", "Recording required by law (Art. 4 (6))"),
    "ordinary_inspection": QT_TRANSLATE_NOOP("ComplianceWords", "Ordinary inspection"),
}
NON_RECORDING_WORDS: dict[str, str] = {
    "explosion_hazard": QT_TRANSLATE_NOOP("ComplianceWords", "Explosion hazard without explosion-proof camera"),
    "secret_or_privacy": QT_TRANSLATE_NOOP("ComplianceWords", "State or commercial secret, or privacy"),
    "emergency": QT_TRANSLATE_NOOP("ComplianceWords", "Emergency, no time to record"),
    "objectively_impossible": QT_TRANSLATE_NOOP("ComplianceWords", "Objectively impossible to record"),
}
CONDUCT_NOTE_WORDS: dict[str, str] = {
    "complaint": QT_TRANSLATE_NOOP("ComplianceWords", "Complaint"),
    "conduct": QT_TRANSLATE_NOOP("ComplianceWords", "Appearance, language or conduct seen"),
}
GAP_REASON_WORDS: dict[str, str] = {
    "equipment_fault": QT_TRANSLATE_NOOP("ComplianceWords", "Equipment fault or damage"),
    "battery": QT_TRANSLATE_NOOP("ComplianceWords", "Battery low"),
    "storage_full": QT_TRANSLATE_NOOP("ComplianceWords", "Storage full"),
    "bad_weather": QT_TRANSLATE_NOOP("ComplianceWords", "Bad weather"),
    "change_of_place": QT_TRANSLATE_NOOP("ComplianceWords", "Change of inspection place"),
    "other": QT_TRANSLATE_NOOP("ComplianceWords", "Other reason"),
}
LATE_IMPORT_WORDS: dict[str, str] = {
    "continuous_work": QT_TRANSLATE_NOOP("ComplianceWords", "Continuous work"),
    "off_site_work": QT_TRANSLATE_NOOP("ComplianceWords", "Work away from the unit"),
    "remote_area": QT_TRANSLATE_NOOP("ComplianceWords", "Enforcement in a remote area"),
    "other": QT_TRANSLATE_NOOP("ComplianceWords", "Other reason (no Art. 15 exemption)"),
}
MATCH_WORDS: dict[str, str] = {
    "device": QT_TRANSLATE_NOOP("ComplianceWords", "device"),
    "officer": QT_TRANSLATE_NOOP("ComplianceWords", "officer"),
}
OPERATION_WORDS: dict[Operation, str] = {
    Operation.MANAGE_DEVICES: QT_TRANSLATE_NOOP("ComplianceWords", "Your roles do not allow managing devices."),
    Operation.MANAGE_ACTIVITIES: QT_TRANSLATE_NOOP(
        "ComplianceWords", "Your roles do not allow managing enforcement activities."),
    Operation.RESOLVE_FINDING: QT_TRANSLATE_NOOP("ComplianceWords", "Your roles do not allow resolving findings."),
    Operation.ACKNOWLEDGE_NON_RECORDING: QT_TRANSLATE_NOOP(
        "ComplianceWords", "Only the head of the enforcement body (director) confirms non-recording records."),
    Operation.RECORD_CONDUCT: QT_TRANSLATE_NOOP(
        "ComplianceWords", "Your roles do not allow recording complaint or conduct notes."),
    Operation.READ_FINDINGS: QT_TRANSLATE_NOOP("ComplianceWords", "Your roles do not allow reading findings."),
}


def cw(table: dict[str, str], value: str | None) -> str:
    """The display word for a stored compliance ``value`` (unknown values as stored)."""
    if not value:
        return ""
    english = table.get(value)
    return QCoreApplication.translate(CONTEXT, english) if english else value


def choice_box(table: dict[str, str], parent: QWidget | None = None) -> QComboBox:
    """A combo box of the choices in ``table`` (display word shown, stored value as item data)."""
    box = QComboBox(parent)
    for value in table:
        box.addItem(cw(table, value), value)
    return box


def guard(client: StationClient, operation: Operation, *widgets: QWidget) -> bool:
    """Disable ``widgets`` with a tooltip saying why when the user's roles do not allow ``operation``.

    Only a convenience: the service checks the permission again. Returns True when allowed.
    """
    permitted = allowed(client.actor.roles, operation)
    if not permitted:
        reason = QCoreApplication.translate(CONTEXT, OPERATION_WORDS[operation])
        for widget in widgets:
            widget.setEnabled(False)
            widget.setToolTip(reason)
    return permitted
