"""Display words of viewing control (purposes, request kinds, states) and the time-left format."""

from __future__ import annotations

from PySide6.QtCore import QT_TRANSLATE_NOOP, QCoreApplication

from evidence_station.domain.viewing import (
    Classification,
    RequestKind,
    RequestStatus,
    ViewingPurpose,
    stored_classification,
)

#: Viewing purposes → English (translated in context ``Purposes``), in the order the dialog offers them.
PURPOSE_WORDS: dict[str, str] = {
    ViewingPurpose.CASE_HANDLING.value: QT_TRANSLATE_NOOP("Purposes", "Case handling"),
    ViewingPurpose.COMPLAINT_PETITION.value: QT_TRANSLATE_NOOP("Purposes", "Complaint or petition"),
    ViewingPurpose.REVIEW_LITIGATION.value: QT_TRANSLATE_NOOP("Purposes", "Administrative review or litigation"),
    ViewingPurpose.SUPERVISION.value: QT_TRANSLATE_NOOP("Purposes", "Law-enforcement supervision"),
    ViewingPurpose.OTHER.value: QT_TRANSLATE_NOOP("Purposes", "Other"),
}

#: Request kinds → English (context ``RequestKinds``), in the order the dialog offers them.
REQUEST_KIND_WORDS: dict[str, str] = {
    RequestKind.VIEWING.value: QT_TRANSLATE_NOOP("RequestKinds", "Viewing"),
    RequestKind.EXTERNAL_PROVISION.value: QT_TRANSLATE_NOOP("RequestKinds", "External provision"),
    RequestKind.SECRET_EXPORT.value: QT_TRANSLATE_NOOP("RequestKinds", "Secret export"),
}

#: What a request means right now (stored status or live/expired) → English (context ``RequestStates``).
STATE_WORDS: dict[str, str] = {
    RequestStatus.PENDING.value: QT_TRANSLATE_NOOP("RequestStates", "Waiting for a decision"),
    "live": QT_TRANSLATE_NOOP("RequestStates", "Approved, valid"),
    "expired": QT_TRANSLATE_NOOP("RequestStates", "Expired"),
    RequestStatus.APPROVED.value: QT_TRANSLATE_NOOP("RequestStates", "Approved"),
    RequestStatus.REFUSED.value: QT_TRANSLATE_NOOP("RequestStates", "Refused"),
    RequestStatus.REVOKED.value: QT_TRANSLATE_NOOP("RequestStates", "Revoked"),
}

#: Text colour of each state in the tables.
STATE_COLOURS: dict[str, str] = {
    "pending": "#a35c00", "live": "#1b7a1b", "expired": "#666666", "refused": "#c00000", "revoked": "#c00000",
}


def _translated(context: str, table: dict[str, str], value: str) -> str:
    english = table.get(value)
    return QCoreApplication.translate(context, english) if english else value


def purpose_word(value: str) -> str:
    """A purpose in the interface language (unknown values as stored)."""
    return _translated("Purposes", PURPOSE_WORDS, value)


def kind_word(value: str) -> str:
    """A request kind in the interface language."""
    return _translated("RequestKinds", REQUEST_KIND_WORDS, value)


def state_word(value: str) -> str:
    """A request state in the interface language."""
    return _translated("RequestStates", STATE_WORDS, value)


def is_secret(classification: str) -> bool:
    """True for commercial and state secrets (an unreadable class counts as secret)."""
    return stored_classification(classification).is_secret


def classification_level(classification: str) -> Classification:
    """The class of a stored value (unreadable → the most secret)."""
    return stored_classification(classification)


def format_time_left(seconds: float) -> str:
    """Time left of a grant as people read it, to the minute ("3 h 05 min", "12 min", "expired")."""
    if seconds <= 0:
        return QCoreApplication.translate("TimeLeft", "expired")
    minutes = int(seconds // 60)
    if minutes < 1:
        return QCoreApplication.translate("TimeLeft", "less than a minute")
    hours, minutes = divmod(minutes, 60)
    if hours:
        return QCoreApplication.translate("TimeLeft", "{hours} h {minutes} min").format(
            hours=hours, minutes=f"{minutes:02d}")
    return QCoreApplication.translate("TimeLeft", "{minutes} min").format(minutes=minutes)
