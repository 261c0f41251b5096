"""The roles' titles in the interface language (the main window's header, the account-change lists)."""

from __future__ import annotations

from PySide6.QtCore import QT_TRANSLATE_NOOP, QCoreApplication

from evidence_station.domain.roles import Role

#: English role titles, translated in context "Roles".
ROLE_TITLES: dict[Role, str] = {
    Role.ADMIN: QT_TRANSLATE_NOOP("Roles", "Administrator"),
    Role.CUSTODIAN: QT_TRANSLATE_NOOP("Roles", "Custodian"),
    Role.INVESTIGATOR: QT_TRANSLATE_NOOP("Roles", "Investigator"),
    Role.DIRECTOR: QT_TRANSLATE_NOOP("Roles", "Director"),
    Role.CLERK: QT_TRANSLATE_NOOP("Roles", "Clerk"),
    Role.AUDITOR: QT_TRANSLATE_NOOP("Roles", "Auditor"),
}


def role_title(role: Role) -> str:
    """A role's title in the interface language."""
    return QCoreApplication.translate("Roles", ROLE_TITLES[role])
