"""Use cases of the station key: list the registered stations and their retired certificates, and migrate a home's
key once (``station migrate``).

The key migration moves a home to "only the station signs":

* a home made by a version before the station service (an encrypted key whose passphrase every user's password
  unwrapped from a per-user key slot), or
* an embedded home (an unencrypted key file the desktop account could read) that should become a service home.

Either way any user could have copied the key, so it is **retired**, never carried over: the administrator's
password unwraps the old key one last time (for an embedded home the key file is read as it is) to sign a last
checkpoint over the chain; the old certificate is kept in ``identity/retired/<sha256>.pem`` (with its
retirement record) and registered in the catalogue as retired (``retired_certificate``); a new key and
certificate are made (protected with ``--service``); the key slots left in the catalogue are deleted; the
retirement is audited (``station.key_retired``: old fingerprint, retirement time, new fingerprint); and a
checkpoint is signed with the new key. A disc or checkpoint signed with the old key after its retirement time is
reported (``retired_key``) by ``audit verify`` and ``verify-disc --against-station``.
"""

from __future__ import annotations

import json
import os
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import Any

from cryptography.hazmat.primitives.serialization import Encoding
from peewee import Table

from evidence_station.api.stations import StationView
from evidence_station.audit.chain import event_time_text
from evidence_station.audit.checkpoints import create_checkpoint
from evidence_station.catalogue.database import write_transaction
from evidence_station.catalogue.people import RetiredCertificate, User
from evidence_station.catalogue.people import Station as StationRow
from evidence_station.catalogue.schema import LEGACY_KEY_SLOT_TABLE
from evidence_station.domain.errors import InvalidInputError
from evidence_station.domain.messages import Msg
from evidence_station.domain.roles import Operation
from evidence_station.identity.key_slots import unwrap_legacy_data_key
from evidence_station.identity.passwords import check_password
from evidence_station.identity.signer import KeyFileSigner, Pkcs11Config, StationSigner
from evidence_station.identity.station_key import (
    CERT_FILE,
    KEY_FILE,
    RETIRED_DIR,
    certificate_sha256,
    unlock_legacy_key,
)
from evidence_station.services.context import ServiceContext
from evidence_station.services.station import Station
from evidence_station.services.users import apply_signer_settings, create_station_signer, login

#: Names the new key and certificate have until the catalogue registered them.
_NEW_SUFFIX = ".new"


@dataclass(frozen=True)
class KeyMigrationResult:
    """What ``station migrate`` did."""

    station_id: str
    retired_certificate_sha256: str
    retired_at: datetime
    certificate_sha256: str
    service: bool
    signer: str
    protection: str
    key_slots_removed: int
    checkpoint_id: int | None


def list_stations(ctx: ServiceContext) -> list[StationView]:
    """Every station registered in the catalogue, oldest first (anyone logged in may see them)."""
    here = ctx.station.station_uid
    return [
        StationView(row.station_uid, row.name, row.certificate_sha256, row.created_at, row.station_uid == here)
        for row in StationRow.select().order_by(StationRow.id)
    ]


def _legacy_slots(station: Station) -> Any:
    """The key slots an older catalogue kept aside for the migration (None once none are left): a peewee
    ``Table`` | None, typed Any because the table's columns are attributes made at runtime (``slots.nonce``)."""
    if not station.db.table_exists(LEGACY_KEY_SLOT_TABLE):
        return None
    return Table(LEGACY_KEY_SLOT_TABLE, ("id", "user_id", "station_uid", "nonce", "wrapped")).bind(station.db)


def _old_signer(station: Station, ctx: ServiceContext, password: str) -> StationSigner:
    """The key to retire: an old encrypted key unwrapped (one last time) with the administrator's key slot, or the
    embedded key file as it is."""
    if not station.needs_key_migration():
        return station.signer
    slots = _legacy_slots(station)
    row = None
    if slots is not None:
        row = (slots.select(slots.nonce, slots.wrapped)
               .where((slots.user_id == ctx.actor.user_id) & (slots.station_uid == station.station_uid))
               .first())
    user = User.get_by_id(ctx.actor.user_id)
    kek = check_password(user.password_hash, password)
    data_key = unwrap_legacy_data_key(kek, row["nonce"], row["wrapped"], station.station_uid) if row and kek else None
    if data_key is None:
        raise ctx.refuse(
            Msg(
                "Administrator {name!r} has no key slot for this station's old key, so cannot retire it: an "
                "administrator who could sign here before must run the migration.",
                name=ctx.actor.name,
            ),
            "station.key_retired", "station", station.station_uid,
        )
    return KeyFileSigner(unlock_legacy_key(station.home.identity_dir, data_key), station.certificate)


def _check_wanted(station: Station, service: bool, pkcs11: Pkcs11Config | None) -> None:
    if pkcs11 is not None and not service:
        raise InvalidInputError(
            Msg("A station key on a PKCS#11 token is for a station service home: add --service."))
    if station.needs_key_migration():
        return
    if station.is_service_home():
        raise InvalidInputError(
            Msg(
                "The station in {root} is already a station service home; its key needs no migration.",
                root=station.home.root,
            ),
        )
    if not service:
        raise InvalidInputError(
            Msg(
                "The station in {root} already signs with its own key file (embedded station); to move it to "
                "the station service run the migration with --service, as the service account.",
                root=station.home.root,
            ),
        )


def migrate_station_key(
    station: Station,
    *,
    admin_name: str,
    admin_password: str,
    service: bool = False,
    pkcs11: Pkcs11Config | None = None,
    reason: str = "",
) -> KeyMigrationResult:
    """Retire the home's station key and give the station a new one (see the module docstring).

    Run once by an administrator (their password is checked with the lock-out rules; for an older home it also
    unwraps the old key one last time). ``service``: the new certificate says the station is protected and the
    home is prepared for ``serve`` (run this as the service account); ``pkcs11``: the new key lives on that token.
    """
    _check_wanted(station, service, pkcs11)
    ctx = login(station, admin_name, admin_password)
    ctx.require(Operation.MANAGE_SETTINGS, "station", station.station_uid)
    old = _old_signer(station, ctx, admin_password)
    identity = station.home.identity_dir
    uid = station.station_uid
    old_cert = old.certificate
    old_sha256 = certificate_sha256(old_cert)
    # The old key's last signature: the chain as it stands when the key is retired.
    create_checkpoint(at=ctx.now(), station_uid=uid, signer=old, checkpoints_dir=station.home.checkpoints_dir,
                      reason="key retired")
    settings = station.settings
    apply_signer_settings(settings, service=service, pkcs11=pkcs11)
    for leftover in (identity / (KEY_FILE + _NEW_SUFFIX), identity / (CERT_FILE + _NEW_SUFFIX)):
        leftover.unlink(missing_ok=True)
    new = create_station_signer(identity, settings, protected=service, pkcs11=pkcs11,
                                key_name=KEY_FILE + _NEW_SUFFIX, cert_name=CERT_FILE + _NEW_SUFFIX)
    new_sha256 = certificate_sha256(new.certificate)
    retired_at = ctx.now()
    reason = reason or ("moved to the station service" if service else "per-user key slots retired")
    _keep_retired_certificate(identity, old_cert.public_bytes(Encoding.PEM), old_sha256, retired_at, new_sha256,
                              reason)
    slots = _legacy_slots(station)
    with write_transaction():
        removed = 0
        if slots is not None:
            removed = slots.delete().where(slots.station_uid == uid).execute()
            if not slots.select().exists():
                station.db.execute_sql(f'DROP TABLE "{LEGACY_KEY_SLOT_TABLE}"')
        RetiredCertificate.create(
            station_uid=uid, certificate_pem=old_cert.public_bytes(Encoding.PEM).decode("ascii"),
            certificate_sha256=old_sha256, retired_at=retired_at, successor_sha256=new_sha256, reason=reason,
        )
        StationRow.update(
            certificate_pem=new.certificate.public_bytes(Encoding.PEM).decode("ascii"), certificate_sha256=new_sha256,
        ).where(StationRow.station_uid == uid).execute()
        ctx.audit("station.key_retired", "station", uid, {
            "certificate_sha256": old_sha256, "retired_at": event_time_text(retired_at),
            "successor_sha256": new_sha256, "reason": reason, "key_slots_removed": removed,
            "service": service, "signer": settings.signer, "protection": new.protection.value,
        })
    _put_in_place(identity, new)
    settings.save(station.home.settings_file)
    station.__dict__.pop("certificate", None)
    station.signer = new
    signed = ctx.checkpoint("key migrated")
    return KeyMigrationResult(
        station_id=uid, retired_certificate_sha256=old_sha256, retired_at=retired_at, certificate_sha256=new_sha256,
        service=service, signer=settings.signer, protection=new.protection.value, key_slots_removed=removed,
        checkpoint_id=signed.checkpoint_id if signed else None,
    )


def _keep_retired_certificate(
    identity: Path, pem: bytes, sha256: str, retired_at: datetime, successor: str, reason: str
) -> None:
    folder = identity / RETIRED_DIR
    folder.mkdir(parents=True, exist_ok=True, mode=0o700)
    (folder / f"{sha256}.pem").write_bytes(pem)
    record = {"certificate_sha256": sha256, "retired_at": event_time_text(retired_at),
              "successor_sha256": successor, "reason": reason}
    (folder / f"{sha256}.json").write_text(json.dumps(record, ensure_ascii=False, indent=2) + "\n", encoding="utf-8")


def _put_in_place(identity: Path, new: StationSigner) -> None:
    """Move the new certificate (and key file) over the old ones; a token's station has no key file left."""
    os.replace(identity / (CERT_FILE + _NEW_SUFFIX), identity / CERT_FILE)
    if isinstance(new, KeyFileSigner):
        os.replace(identity / (KEY_FILE + _NEW_SUFFIX), identity / KEY_FILE)
    else:
        (identity / KEY_FILE).unlink(missing_ok=True)


def retired_certificates(station_uid: str) -> list[RetiredCertificate]:
    """The retired certificates of a station, oldest first."""
    return list(RetiredCertificate.select().where(RetiredCertificate.station_uid == station_uid)
                .order_by(RetiredCertificate.retired_at))

