"""Station settings (a JSON file in the home folder), their defaults and the bounds each may take.

Some settings bear on security or on the regulation (lock-out, viewing approvals, audit checkpoints, the
Art. 7/11/15 thresholds, the zone the station reads times in, the organisation named on signed documents):
those are *security settings*. They are checked against bounds whenever the file is read, changed only by the
audited ``settings set`` command, and ``verify`` compares the values in force with the last audited ones.
"""

from __future__ import annotations

import ipaddress
import json
import math
import os
import unicodedata
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

from evidence_station.domain.choices import RuleError
from evidence_station.domain.clock import DEFAULT_ZONE
from evidence_station.domain.errors import InvalidInputError
from evidence_station.domain.messages import Items, Msg
from evidence_station.domain.viewing import MAX_GRANT_HOURS


@dataclass
class Settings:
    """Everything configurable about one station. Rule floors (e.g. 1-year retention) are not here."""

    station_uid: str = ""
    station_name: str = "执法音像记录证据工作站"
    organisation: str = "明山区人力资源和社会保障局"
    zone: str = DEFAULT_ZONE
    language: str = "zh_CN"
    catalogue_url: str = ""
    vault_dir: str = ""  # empty: the home's own vault; several stations name one shared folder here
    gap_threshold_s: float = 5.0
    clock_offset_threshold_s: float = 10.0
    late_import_hours: float = 24.0
    head_acknowledgement_days: int = 3  # Art. 5: the head confirms a non-recording record within this many days
    checkpoint_every_events: int = 100
    lockout_attempts: int = 5
    viewing_default_hours: float = 4.0
    # Remote desks (their network addresses, comma-separated) an administrator allows to stream classified footage;
    # empty: only desks on the service's own machine (Art. 20).
    classified_remote_desks: str = ""
    desk_idle_lock_minutes: int = 10  # a desk program unused this long hides its contents until the password
    # How the station key is kept (fixed by ``init`` and ``station migrate``, see identity/signer.py).
    service: bool = False  # a home prepared for the station service (``init --service``)
    signer: str = "key_file"  # "key_file" (identity/station-key.pem) or "pkcs11" (a token, below)
    pkcs11_module: str = ""
    pkcs11_token: str = ""
    pkcs11_key_label: str = ""
    pkcs11_pin_file: str = ""

    @classmethod
    def load(cls, path: Path) -> Settings:
        """Read settings, keeping defaults for keys the file does not have and ignoring unknown keys.

        Every known key is checked against its :data:`SETTING_RULES`; a value of the wrong type or out of
        bounds raises :class:`InvalidInputError` (exit 2) naming the file, the key, the value and what is
        allowed, so a station never runs on a setting nobody could have set through the station.
        """
        data: Any = {}
        if path.exists():
            try:
                data = json.loads(path.read_text(encoding="utf-8"))
            except (UnicodeDecodeError, json.JSONDecodeError) as exc:
                raise InvalidInputError(
                    Msg(
                        "The station's settings file {path} is not valid JSON ({exc}). Correct it; the "
                        "station does not open until then.",
                        path=path,
                        exc=exc,
                    ),
                ) from None
            if not isinstance(data, dict):
                raise InvalidInputError(
                    Msg("The station's settings file {path} must hold one JSON object (key: value pairs).", path=path),
                )
        values: dict[str, Any] = {}
        for key, rule in SETTING_RULES.items():
            if key not in data:
                continue
            try:
                values[key] = rule.check(data[key])
            except RuleError as exc:
                shown = json.dumps(data[key], ensure_ascii=False)
                raise InvalidInputError(Msg(
                    "The station's settings file {path} sets {key} to {shown}, which is not allowed: {problem} "
                    "Correct the value in the file (settings are changed with `evidence-station settings set`); "
                    "the station does not open until then.",
                    path=path, key=key, shown=shown, problem=exc.msg,
                )) from None
        return cls(**values)

    def save(self, path: Path) -> None:
        """Write settings atomically: a temporary file in the same folder, flushed to disk, then renamed."""
        tmp = path.with_name(f".{path.name}.{os.getpid()}.tmp")
        try:
            with open(tmp, "w", encoding="utf-8") as handle:
                handle.write(json.dumps(asdict(self), ensure_ascii=False, indent=2))
                handle.flush()
                os.fsync(handle.fileno())
            os.replace(tmp, path)
        finally:
            tmp.unlink(missing_ok=True)
        _fsync_folder(path.parent)

    def security_values(self) -> dict[str, Any]:
        """The value of every security setting (what ``init`` and ``settings set`` put in the audit log)."""
        return {key: getattr(self, key) for key in SECURITY_SETTINGS}


def _fsync_folder(folder: Path) -> None:
    """Make a rename in ``folder`` durable (POSIX; Windows has no directory handles to flush)."""
    if os.name != "posix":
        return
    fd = os.open(folder, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


@dataclass(frozen=True)
class SettingRule:
    """What one setting may hold.

    Numbers must lie in ``low``–``high``; texts must have ``low``–``high`` characters. ``security``: the
    setting bears on security or the regulation (audited, compared by ``verify``). ``settable``: ``settings
    set`` may change it (False for what is fixed when the station is made: its id, name, catalogue and vault).
    """

    kind: type
    low: float
    high: float
    what: Msg  # the setting's name (and what it is for), to render in the reader's language
    unit: Msg | None = None
    security: bool = False
    settable: bool = True
    time_zone: bool = False
    choices: tuple[str, ...] = ()
    addresses: bool = False  # a comma-separated list of IP addresses (may be empty)

    @property
    def allowed(self) -> Msg:
        """The allowed values, to render in the reader's language."""
        if self.time_zone:
            return Msg("an IANA time-zone name such as Asia/Shanghai")
        if self.addresses:
            return Msg("IP addresses separated by commas (empty: none)")
        if self.kind is bool:
            return Msg("true or false")
        if self.choices:
            return Msg("one of {choices}", choices=Items(self.choices))
        bounds = {"low": self.low, "high": self.high}
        if self.kind is str:
            return Msg("one line of text of {low:g} to {high:g} characters", **bounds)
        if self.unit is not None:
            if self.kind is int:
                return Msg("a whole number from {low:g} to {high:g} {unit}", unit=self.unit, **bounds)
            return Msg("a number from {low:g} to {high:g} {unit}", unit=self.unit, **bounds)
        if self.kind is int:
            return Msg("a whole number from {low:g} to {high:g}", **bounds)
        return Msg("a number from {low:g} to {high:g}", **bounds)

    def check(self, value: Any) -> Any:
        """``value`` when it is allowed (numbers of a float setting as float), else :class:`RuleError`."""
        if self.kind is bool:
            ok = isinstance(value, bool)
        elif self.choices:
            ok = value in self.choices
        elif self.kind is str:
            ok = (isinstance(value, str) and self.low <= len(value) <= self.high
                  and not any(unicodedata.category(ch) == "Cc" for ch in value))
            if ok and self.time_zone:
                ok = _is_time_zone(value)
            if ok and self.addresses:
                ok = all(_is_address(item) for item in address_list(value))
        elif self.kind is int:
            ok = isinstance(value, int) and not isinstance(value, bool) and self.low <= value <= self.high
        else:
            ok = (isinstance(value, (int, float)) and not isinstance(value, bool) and math.isfinite(value)
                  and self.low <= value <= self.high)
            value = float(value) if ok else value
        if not ok:
            raise RuleError(Msg("{what} must be {allowed}.", what=self.what, allowed=self.allowed))
        return value

    def parse(self, text: str) -> Any:
        """A value typed by a person (``settings set KEY VALUE``), checked; :class:`RuleError` otherwise."""
        value: Any = text
        if self.kind is int:
            try:
                value = int(text.strip())
            except ValueError:
                pass
        elif self.kind is float:
            try:
                value = float(text.strip())
            except ValueError:
                pass
        return self.check(value)


def address_list(text: str) -> list[str]:
    """The addresses of a comma-separated setting (blanks dropped)."""
    return [item.strip() for item in text.split(",") if item.strip()]


def _is_address(text: str) -> bool:
    try:
        ipaddress.ip_address(text)
    except ValueError:
        return False
    return True


def _is_time_zone(name: str) -> bool:
    try:
        ZoneInfo(name)
    except (KeyError, ValueError, OSError):
        return False
    return True


#: How every setting is checked. Keys with ``security=True`` are the security settings.
SETTING_RULES: dict[str, SettingRule] = {
    "station_uid": SettingRule(str, 1, 64, Msg("station_uid (the station's id)"), settable=False),
    "station_name": SettingRule(str, 1, 200, Msg("station_name (named in the station certificate)"),
                                settable=False),
    "organisation": SettingRule(str, 1, 200, Msg("organisation (printed on every signed document)"),
                                security=True),
    "zone": SettingRule(str, 1, 64, Msg("zone (the zone card times and report days are read in)"),
                        security=True, time_zone=True),
    "language": SettingRule(str, 0, 20, Msg("language")),
    "catalogue_url": SettingRule(str, 0, 2000, Msg("catalogue_url"), settable=False),
    "vault_dir": SettingRule(str, 0, 4000, Msg("vault_dir"), settable=False),
    "gap_threshold_s": SettingRule(float, 1, 60, Msg("gap_threshold_s (a longer gap is an Art. 11 finding)"),
                                   Msg("seconds"), security=True),
    "clock_offset_threshold_s": SettingRule(float, 1, 60, Msg("clock_offset_threshold_s (Art. 7 camera clock check)"),
                                            Msg("seconds"), security=True),
    "late_import_hours": SettingRule(float, 1, 24, Msg("late_import_hours (Art. 15: store within 24 hours)"),
                                     Msg("hours"), security=True),
    "head_acknowledgement_days": SettingRule(
        int, 1, 30, Msg("head_acknowledgement_days (Art. 5: the head confirms a non-recording record within)"),
        Msg("days"), security=True),
    "checkpoint_every_events": SettingRule(int, 1, 1000, Msg("checkpoint_every_events (signed audit checkpoints)"),
                                           Msg("events"), security=True),
    "lockout_attempts": SettingRule(int, 3, 10, Msg("lockout_attempts (wrong passwords before an account locks)"),
                                    Msg("attempts"), security=True),
    "service": SettingRule(bool, 0, 1, Msg("service (a home prepared for the station service)"), settable=False),
    "signer": SettingRule(str, 0, 20, Msg("signer (where the station key is kept)"),
                          settable=False, choices=("key_file", "pkcs11")),
    "pkcs11_module": SettingRule(str, 0, 4000, Msg("pkcs11_module (the PKCS#11 library)"), settable=False),
    "pkcs11_token": SettingRule(str, 0, 200, Msg("pkcs11_token (the token's label)"), settable=False),
    "pkcs11_key_label": SettingRule(str, 0, 200, Msg("pkcs11_key_label (the station key's label on the token)"),
                                    settable=False),
    "pkcs11_pin_file": SettingRule(str, 0, 4000, Msg("pkcs11_pin_file (a file only the service account can read)"),
                                   settable=False),
    "viewing_default_hours": SettingRule(float, 0.25, MAX_GRANT_HOURS,
                                         Msg("viewing_default_hours (default validity of a viewing approval, Art. 18)"),
                                         Msg("hours"), security=True),
    "classified_remote_desks": SettingRule(
        str, 0, 1000, Msg("classified_remote_desks (remote desks allowed to stream classified footage, Art. 20)"),
        security=True, addresses=True),
    "desk_idle_lock_minutes": SettingRule(
        int, 1, 240, Msg("desk_idle_lock_minutes (the desktop program locks after this long unused)"),
        Msg("minutes"), security=True),
}

#: The settings that bear on security or on the regulation, in the order they are shown.
SECURITY_SETTINGS: tuple[str, ...] = tuple(key for key, rule in SETTING_RULES.items() if rule.security)

#: The settings ``settings set`` may change.
SETTABLE_SETTINGS: tuple[str, ...] = tuple(key for key, rule in SETTING_RULES.items() if rule.settable)


def setting_rule(key: str) -> SettingRule:
    """The rule of a setting that ``settings set`` may change; :class:`RuleError` naming the others otherwise."""
    rule = SETTING_RULES.get(key)
    if rule is None or not rule.settable:
        valid = Items(SETTABLE_SETTINGS)
        if rule:
            raise RuleError(Msg("{key!r} is fixed when the station is made; the settings that can be changed are: "
                                "{valid}.", key=key, valid=valid))
        raise RuleError(Msg("{key!r} is not a setting; the settings that can be changed are: {valid}.",
                            key=key, valid=valid))
    return rule


def same_setting(key: str, first: Any, second: Any) -> bool:
    """True when two values of setting ``key`` are the same (``10`` and ``10.0`` are, for a number setting)."""
    rule = SETTING_RULES[key]
    if rule.kind is float and all(isinstance(v, (int, float)) and not isinstance(v, bool) for v in (first, second)):
        return float(first) == float(second)
    return bool(type(first) is type(second) and first == second)


def shown_value(value: Any) -> str:
    """A setting's value as the messages show it (JSON: strings quoted, numbers as they are)."""
    return json.dumps(value, ensure_ascii=False)
