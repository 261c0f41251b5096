"""The embedded station service: the same dispatcher, privately, inside a client's own process.

For the demo, a single-user laptop and the tests: the home belongs to the caller's account, so nothing is
protected from that account (the station says so in its certificate and on what it signs).
"""

from __future__ import annotations

import os
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from evidence_station.api.audit import AuditVerification, StoreVerification, Witness
from evidence_station.api.exports import DiscCheckpointCheck, DiscCheckpointEvidence
from evidence_station.domain.clock import Clock
from evidence_station.domain.progress import ProgressCallback
from evidence_station.server.dispatch import Dispatcher
from evidence_station.services.station import Station


def open_embedded(home: Path, *, clock: Clock | None = None, catalogue_url: str | None = None) -> Dispatcher:
    """Open the station in ``home`` and a dispatcher over it (close with ``close_embedded``)."""
    station = Station.open(home, clock=clock, catalogue_url=catalogue_url)
    return Dispatcher(station, protected=False)


def close_embedded(dispatcher: Dispatcher) -> None:
    """End every session (signing their checkpoints) and close the catalogue."""
    try:
        dispatcher.close()
    finally:
        dispatcher.station.close()


# -- what an embedded station's owner does on the home itself (no service session) ------------------------------
def init_home(home: Path, *, admin: str, password: str, station_name: str | None = None,
              catalogue_url: str | None = None, vault_dir: Path | None = None, service: bool = False,
              pkcs11: dict[str, str] | None = None) -> Any:
    """Create a station home (``init``); ``pkcs11`` names a token (module, token_label, key_label, pin_file)."""
    from evidence_station.identity.signer import Pkcs11Config
    from evidence_station.services.users import init_station

    # A service home is private to its account whatever umask ``sudo -u``/``runuser`` passed on (022 would leave the
    # catalogue, settings and certificate 0644 inside the 0700 home): its files are made 0600, its folders 0700.
    previous = os.umask(0o077) if service else None
    try:
        return init_station(home, admin_name=admin, admin_password=password, station_name=station_name,
                            catalogue_url=catalogue_url, vault_dir=vault_dir, service=service,
                            pkcs11=Pkcs11Config(**pkcs11) if pkcs11 else None)
    finally:
        if previous is not None:
            os.umask(previous)


def migrate_home(home: Path, *, admin: str, password: str, service: bool, pkcs11: dict[str, str] | None,
                 reason: str, catalogue_url: str | None = None) -> Any:
    """Retire the key of a home any user could have copied and issue a new one (``station migrate``)."""
    from evidence_station.identity.signer import Pkcs11Config
    from evidence_station.services.station_keys import migrate_station_key

    station = Station.open(home, catalogue_url=catalogue_url)
    try:
        return migrate_station_key(station, admin_name=admin, admin_password=password, service=service,
                                   pkcs11=Pkcs11Config(**pkcs11) if pkcs11 else None, reason=reason)
    finally:
        station.close()


def verify_home(home: Path, *, quick: bool = False, progress: ProgressCallback | None = None,
                catalogue_url: str | None = None) -> StoreVerification:
    """``verify`` by the owner of an embedded home, without logging in (nothing is changed or audited)."""
    from evidence_station.services.verify_service import verify_store

    station = Station.open(home, catalogue_url=catalogue_url)
    try:
        return verify_store(station, None, quick=quick, progress=progress)
    finally:
        station.close()


def verify_home_audit(home: Path, *, progress: ProgressCallback | None = None,
                      catalogue_url: str | None = None, witnesses: Sequence[Witness] = ()) -> AuditVerification:
    """``audit verify [--witness …]`` by the owner of an embedded home, without logging in."""
    from evidence_station.services.audit_service import verify_audit

    station = Station.open(home, catalogue_url=catalogue_url)
    try:
        return verify_audit(station, None, progress=progress, witnesses=witnesses)
    finally:
        station.close()


def check_disc_at_home(home: Path, evidence: DiscCheckpointEvidence, *,
                       catalogue_url: str | None = None) -> DiscCheckpointCheck:
    """``verify-disc --against-station`` by the owner of an embedded home, without logging in."""
    from evidence_station.services.audit_checkpoint_check import check_checkpoint_evidence

    station = Station.open(home, catalogue_url=catalogue_url)
    try:
        return check_checkpoint_evidence(station, evidence)
    finally:
        station.close()


def zone_of(home: Path) -> str:
    """The time zone an embedded home shows times in."""
    from evidence_station.domain.settings import Settings
    from evidence_station.services.home import StationHome

    return Settings.load(StationHome(home).settings_file).zone
