"""The Settings page changes settings.json only through the audited settings service (issue #16)."""

from __future__ import annotations

import json
from typing import Any

from evidence_station.catalogue.audit_tables import AuditEvent
from evidence_station.domain.roles import Role
from evidence_station.gui.pages.settings_page import SettingsPage
from evidence_station.services.context import ServiceContext
from evidence_station.services.settings_service import set_setting
from evidence_station.services.station import Station
from evidence_station.services.verify_service import verify_store


def test_saving_the_language_is_audited_and_keeps_a_security_setting_set_meanwhile(
        qtbot: Any, station: Station, admin: ServiceContext, client_of: Any) -> None:
    page = SettingsPage(client_of(admin))
    qtbot.addWidget(page)
    set_setting(admin, "lockout_attempts", "4", "bureau policy")
    station.settings.lockout_attempts = 5  # as a window opened before that change (in another process) has it
    page.language_box.setCurrentIndex(page.language_box.findData("en"))
    page.save_language()
    data = json.loads(station.home.settings_file.read_text(encoding="utf-8"))
    assert data["language"] == "en" and data["lockout_attempts"] == 4  # the audited change was not undone
    last = AuditEvent.select().order_by(AuditEvent.seq.desc()).first()
    assert (last.action, last.actor, last.details["key"], last.details["new"]) == ("settings.set", "admin",
                                                                                   "language", "en")
    station.settings.lockout_attempts = 4
    assert verify_store(station, quick=True).ok


def test_a_refused_save_is_shown_not_raised(qtbot: Any, station: Station, user_with_role: Any) -> None:
    page = SettingsPage(user_with_role(Role.CLERK))
    qtbot.addWidget(page)
    before = station.home.settings_file.read_bytes()
    page.save_language()  # the button is disabled; calling the slot anyway must not raise out of Qt
    assert "may not" in page.language_note.text() or "无权" in page.language_note.text()
    assert station.home.settings_file.read_bytes() == before
