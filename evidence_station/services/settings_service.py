"""Use cases: show the station's settings, change one (audited), and find security settings edited by hand.

The settings live in the home's ``settings.json``, outside the catalogue. The security settings (see
:data:`~evidence_station.domain.settings.SECURITY_SETTINGS`) are therefore recorded in the hash-chained audit
log whenever they are set — by ``init`` (its ``station.init`` event) and by :func:`set_setting` (one
``settings.set`` event per change, written in the transaction that saves the file) — and ``verify`` compares
the values in force with the last audited ones. A station with no audited value for a setting (one joined to a
shared catalogue, or made before settings were audited) is compared with the default it was made with.
"""

from __future__ import annotations

import contextlib
import dataclasses
from dataclasses import dataclass
from typing import Any
from urllib.parse import urlsplit, urlunsplit

from evidence_station.api.settings import SettingChange, SettingView
from evidence_station.catalogue.audit_tables import AuditEvent
from evidence_station.catalogue.database import write_transaction
from evidence_station.domain.cases import clean_text
from evidence_station.domain.choices import RuleError, input_error
from evidence_station.domain.errors import InvalidInputError
from evidence_station.domain.messages import Msg
from evidence_station.domain.roles import Operation
from evidence_station.domain.settings import (
    SECURITY_SETTINGS,
    SETTING_RULES,
    Settings,
    same_setting,
    setting_rule,
)
from evidence_station.services.context import ServiceContext
from evidence_station.services.station import Station

#: The audit action of one change made with :func:`set_setting`.
SETTING_SET_ACTION = "settings.set"
#: The audit action of ``init``, whose details carry the initial security settings under ``settings``.
STATION_INIT_ACTION = "station.init"


@dataclass(frozen=True)
class SettingAlteration:
    """A security setting whose value in force differs from the last audited one."""

    key: str
    in_force: Any
    audited: Any


def masked_url(url: str) -> str:
    """``url`` with any password replaced by ``***`` (PostgreSQL URLs may carry one)."""
    parts = urlsplit(url)
    if parts.password is None:
        return url
    netloc = parts.netloc.replace(f":{parts.password}@", ":***@", 1)
    return urlunsplit(parts._replace(netloc=netloc))


def audited_settings(station_uid: str) -> dict[str, Any]:
    """The last audited value of every security setting of station ``station_uid`` (default when none)."""
    values = Settings().security_values()
    events = (AuditEvent.select(AuditEvent.action, AuditEvent.details)
              .where((AuditEvent.station_uid == station_uid)
                     & AuditEvent.action.in_([STATION_INIT_ACTION, SETTING_SET_ACTION]))
              .order_by(AuditEvent.seq))
    for event in events:
        details = event.details if isinstance(event.details, dict) else {}
        if event.action == STATION_INIT_ACTION:
            initial = details.get("settings")
            if isinstance(initial, dict):
                values.update({k: v for k, v in initial.items() if k in SECURITY_SETTINGS})
        elif details.get("key") in SECURITY_SETTINGS and "new" in details:
            values[details["key"]] = details["new"]
    return values


def settings_alterations(station: Station) -> list[SettingAlteration]:
    """Every security setting in force whose value is not the last one set through the station."""
    audited = audited_settings(station.station_uid)
    return [SettingAlteration(key, getattr(station.settings, key), audited[key]) for key in SECURITY_SETTINGS
            if not same_setting(key, getattr(station.settings, key), audited[key])]


def show_settings(ctx: ServiceContext) -> list[SettingView]:
    """Every setting in force, with what it may hold and, for security settings, the last audited value.

    Any logged-in user may read them (as on the Settings page); a catalogue password is masked.
    """
    settings = ctx.station.settings
    audited = audited_settings(ctx.station.station_uid)
    views = []
    for key, rule in SETTING_RULES.items():
        value = getattr(settings, key)
        if key == "catalogue_url":
            value = masked_url(value)
        allowed = (str(rule.allowed), rule.allowed.render("zh_CN"))  # the JSON keys allowed / allowed_zh
        if rule.security:
            views.append(SettingView(key, value, True, rule.settable, *allowed, audited[key],
                                     same_setting(key, value, audited[key])))
        else:
            views.append(SettingView(key, value, False, rule.settable, *allowed))
    return views


def set_setting(ctx: ServiceContext, key: str, value: Any, reason: str = "") -> SettingChange:
    """Change one setting (administrator): checked against its bounds, audited with the old and the new value
    in the transaction that saves ``settings.json`` (atomically), and in force in this process at once.

    ``value`` may be the text a person typed. A security setting needs a ``reason``. Setting a value already in
    the file records it in the audit log when the audit had another (accepting a hand edit after review);
    when the file and the audit both have it already, nothing changes.
    """
    ctx.require(Operation.MANAGE_SETTINGS, "setting", key)
    try:
        rule = setting_rule(key)
        new = rule.parse(value) if isinstance(value, str) else rule.check(value)
    except RuleError as exc:
        raise input_error(exc) from None
    reason = clean_text(reason, "reason", required=False, limit=1000)
    if rule.security and not reason:
        raise InvalidInputError(Msg(
            "Give the reason for changing the security setting {key} (--reason TEXT).",
            key=key,
        ))
    path = ctx.station.home.settings_file
    previous: Settings | None = None
    try:
        with write_transaction():  # the catalogue's write lock also serialises writers of settings.json
            on_disk = Settings.load(path)
            old = getattr(on_disk, key)
            audited = audited_settings(ctx.station.station_uid).get(key, old)
            if same_setting(key, old, new) and same_setting(key, audited, new):
                return SettingChange(key, old, new, False, reason)
            details: dict[str, Any] = {"key": key, "old": old, "new": new, "reason": reason}
            if rule.security and not same_setting(key, audited, old):
                details["audited_before"] = audited  # the file had been edited by hand
            ctx.audit(SETTING_SET_ACTION, "setting", key, details)
            updated = dataclasses.replace(on_disk, **{key: new})
            previous = on_disk
            updated.save(path)
    except BaseException:
        if previous is not None:  # the audit event was not committed: the file must not keep the change either
            with contextlib.suppress(OSError):
                previous.save(path)
        raise
    setattr(ctx.station.settings, key, new)
    return SettingChange(key, old, new, True, reason)
