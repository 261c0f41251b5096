"""Only the station signs (issue #17, item 3): no password yields key material, an old home is migrated once.

The insider reproduction of the issue: every user had a key slot, so an investigator's password unlocked the
station key; with it a script re-signed a rewritten history and made a disc that every check accepted. Here: a new
station has no slots at all and a logged-in context cannot sign; an old home (built in the old layout) opens and
reads but signs nothing until an administrator migrates it; the migration retires the old key, and whatever that
old key signs after its retirement — a checkpoint, a disc — is reported (``retired_key``).
"""

from __future__ import annotations

import json
from datetime import timedelta
from pathlib import Path

import pytest
from cryptography.hazmat.primitives.asymmetric import ec
from cryptography.hazmat.primitives.serialization import Encoding

from evidence_station.audit.checkpoints import create_checkpoint
from evidence_station.catalogue.audit_tables import AuditEvent
from evidence_station.catalogue.schema import LEGACY_KEY_SLOT_TABLE, OLD_KEY_SLOT_TABLE
from evidence_station.domain.clock import FrozenClock
from evidence_station.domain.errors import AuthenticationError, InvalidInputError, PermissionDeniedError
from evidence_station.export.plan import DiscPlan
from evidence_station.export.staging import stage_disc
from evidence_station.identity.signer import KeyFileSigner, StationKeyMigrationNeededError
from evidence_station.identity.station_key import (
    KEY_FILE,
    RETIRED_DIR,
    StationProtection,
    certificate_protection,
    certificate_sha256,
)
from evidence_station.services.audit_checkpoint_check import check_disc_at
from evidence_station.services.audit_service import verify_audit
from evidence_station.services.context import ServiceContext
from evidence_station.services.export_service import _checkpoint_for_disc
from evidence_station.services.station import Station
from evidence_station.services.station_keys import migrate_station_key
from evidence_station.services.users import add_user, login, set_password
from tests.conftest import PASSWORD
from tests.helpers.discs import sample_plan
from tests.legacy_home import make_legacy_home

INVESTIGATOR_PASSWORD = "investigator-pass-1"


def _tables(station: Station) -> set[str]:
    return set(station.db.get_tables())


def test_no_password_yields_key_material(station: Station, admin: ServiceContext) -> None:
    """No slot table; the key file is the station's (unencrypted, 0600); contexts from ``login`` — an
    investigator's, an administrator's — carry nothing to sign with, and a password change re-wraps nothing."""
    add_user(admin, name="li", roles=["investigator"], password=INVESTIGATOR_PASSWORD)
    assert not {OLD_KEY_SLOT_TABLE, LEGACY_KEY_SLOT_TABLE} & _tables(station)
    key_file = station.home.identity_dir / KEY_FILE
    assert key_file.stat().st_mode & 0o777 == 0o600 and station.home.root.stat().st_mode & 0o777 == 0o700
    assert b"BEGIN PRIVATE KEY" in key_file.read_bytes()
    before = key_file.read_bytes()
    for name, password in (("li", INVESTIGATOR_PASSWORD), ("admin", PASSWORD)):
        ctx = login(station, name, password)
        held = {k: v for k, v in vars(ctx).items() if isinstance(v, bytes | ec.EllipticCurvePrivateKey)}
        assert held == {} and not hasattr(ctx, "signing_key") and not hasattr(ctx, "data_key")
    set_password(admin, "li", "another-pass-2")
    assert key_file.read_bytes() == before
    assert not {OLD_KEY_SLOT_TABLE, LEGACY_KEY_SLOT_TABLE} & _tables(station)
    assert certificate_protection(station.certificate) is StationProtection.EMBEDDED  # init without --service


@pytest.fixture
def legacy(station: Station, admin: ServiceContext, clock: FrozenClock) -> tuple[Station, ec.EllipticCurvePrivateKey]:
    """The fixture's station turned into a home of the old layout (every user with a key slot), reopened."""
    add_user(admin, name="li", roles=["investigator"], password=INVESTIGATOR_PASSWORD)
    add_user(admin, name="custodian", roles=["custodian"], password=PASSWORD)
    admin.checkpoint("before the upgrade")
    root = station.home.root
    station.close()
    old_key = make_legacy_home(root, {"admin": PASSWORD, "li": INVESTIGATOR_PASSWORD, "custodian": PASSWORD})
    reopened = Station.open(root, clock=clock)
    yield reopened, old_key
    reopened.close()


def test_an_old_home_opens_and_reads_but_signs_nothing_until_migrated(legacy) -> None:
    station, _ = legacy
    assert station.needs_key_migration()
    assert OLD_KEY_SLOT_TABLE not in _tables(station)  # out of the schema; kept aside for the migration only
    assert LEGACY_KEY_SLOT_TABLE in _tables(station)
    custodian = login(station, "custodian", PASSWORD)
    assert custodian.end_session() is None  # reading works; the session end signs nothing
    assert verify_audit(station).ok
    with pytest.raises(StationKeyMigrationNeededError) as refused:
        custodian.checkpoint("requested")
    assert "station migrate" in refused.value.message and "station migrate" in refused.value.message_zh
    assert refused.value.exit_code == 2


def test_only_an_administrator_with_the_right_password_migrates(legacy) -> None:
    station, _ = legacy
    with pytest.raises(PermissionDeniedError):
        migrate_station_key(station, admin_name="li", admin_password=INVESTIGATOR_PASSWORD)
    with pytest.raises(AuthenticationError):
        migrate_station_key(station, admin_name="admin", admin_password="not-the-password")
    assert station.needs_key_migration()


def test_migration_retires_the_old_key_and_signs_with_a_new_one(legacy, clock: FrozenClock) -> None:
    station, old_key = legacy
    old_cert = station.certificate
    old_sha256 = certificate_sha256(old_cert)
    clock.advance(timedelta(days=1))
    result = migrate_station_key(station, admin_name="admin", admin_password=PASSWORD, service=True)
    assert result.retired_certificate_sha256 == old_sha256 and result.retired_at == clock.now()
    assert result.key_slots_removed == 3 and result.service and result.protection == "protected"
    assert not {OLD_KEY_SLOT_TABLE, LEGACY_KEY_SLOT_TABLE} & _tables(station)
    retired = station.home.identity_dir / RETIRED_DIR
    assert (retired / f"{old_sha256}.pem").read_bytes() == old_cert.public_bytes(Encoding.PEM)
    assert json.loads((retired / f"{old_sha256}.json").read_text())["successor_sha256"] == result.certificate_sha256
    event = AuditEvent.select().where(AuditEvent.action == "station.key_retired").get()
    details = event.details
    assert details["certificate_sha256"] == old_sha256 and details["retired_at"].startswith("2026-11-25T02:00:00")
    reopened = Station.open(station.home.root, clock=clock)
    try:
        assert not reopened.needs_key_migration() and reopened.is_service_home()
        assert certificate_sha256(reopened.certificate) == result.certificate_sha256
        assert reopened.registered_certificate_sha256() == result.certificate_sha256
        assert reopened.signer.certificate.public_key().public_numbers() != old_key.public_key().public_numbers()
        key_file = reopened.home.identity_dir / KEY_FILE
        assert b"BEGIN PRIVATE KEY" in key_file.read_bytes() and key_file.stat().st_mode & 0o077 == 0
        assert verify_audit(reopened).ok, verify_audit(reopened).problems  # old checkpoints: the retired cert
        signed = login(reopened, "custodian", PASSWORD).end_session()
        assert signed is not None and signed.verify(reopened.certificate)
    finally:
        reopened.close()
    with pytest.raises(InvalidInputError, match="already a station service home"):
        migrate_station_key(station, admin_name="admin", admin_password=PASSWORD, service=True)


def test_the_insider_with_a_copy_of_the_old_key_is_caught(legacy, clock: FrozenClock, tmp_path: Path) -> None:
    """The issue's script, after the migration: a checkpoint re-signed and a disc made with the copied old key
    are both reported as signed by a retired key; a disc the old key made before its retirement still checks."""
    station, old_key = legacy
    insider = KeyFileSigner(old_key, station.certificate)
    before = tmp_path / "disc-before"
    old_plan = _insider_plan(tmp_path / "v1", station, insider, clock)
    stage_disc(old_plan, before, insider)
    clock.advance(timedelta(hours=2))
    migrate_station_key(station, admin_name="admin", admin_password=PASSWORD)
    assert check_disc_at(station, before).ok, check_disc_at(station, before).problems

    clock.advance(timedelta(hours=2))
    login(station, "li", INVESTIGATOR_PASSWORD)  # a new event, so the insider has a head to sign
    forged = create_checkpoint(at=clock.now(), station_uid=station.station_uid, signer=insider,
                               checkpoints_dir=station.home.checkpoints_dir, reason="session end")
    assert forged is not None
    kinds = {p.kind for p in verify_audit(station).problems}
    assert "retired_key" in kinds

    after = tmp_path / "disc-after"
    stage_disc(_insider_plan(tmp_path / "v2", station, insider, clock), after, insider)
    check = check_disc_at(station, after)
    assert not check.ok and "retired_key" in {p.kind for p in check.problems}
    # Even carrying a genuine checkpoint from before the retirement, a disc extracted after it is refused.
    from dataclasses import replace

    late = tmp_path / "disc-late"
    stage_disc(replace(old_plan, provenance=replace(old_plan.provenance, extraction_time=clock.now())), late, insider)
    check = check_disc_at(station, late)
    problem = next(p for p in check.problems if p.kind == "retired_key")
    assert "after the retirement" in problem.message and "晚于停用时间" in problem.message_zh


def _insider_plan(vault: Path, station: Station, signer: KeyFileSigner, clock: FrozenClock) -> DiscPlan:
    """A disc plan extracted "now", carrying a checkpoint the insider signed over the live chain."""
    from dataclasses import replace

    from evidence_station.audit.checkpoints import latest_checkpoint

    plan = sample_plan(vault)
    signed = create_checkpoint(at=clock.now(), station_uid=station.station_uid, signer=signer,
                               checkpoints_dir=station.home.checkpoints_dir, reason="export") or latest_checkpoint()
    provenance = replace(plan.provenance, extraction_time=clock.now(), station_id=station.station_uid)
    return replace(plan, provenance=provenance, audit_checkpoint=_checkpoint_for_disc(signed))


def test_an_embedded_home_moves_to_the_service_only_with_service(station: Station, admin: ServiceContext) -> None:
    with pytest.raises(InvalidInputError, match="--service") as refused:
        migrate_station_key(station, admin_name="admin", admin_password=PASSWORD)
    assert "--service" in refused.value.message_zh
    old = certificate_sha256(station.certificate)
    result = migrate_station_key(station, admin_name="admin", admin_password=PASSWORD, service=True)
    assert result.retired_certificate_sha256 == old and result.key_slots_removed == 0
    assert station.is_service_home() and verify_audit(station).ok


def test_verify_disc_warns_of_embedded_and_of_unmarked_certificates(station: Station, tmp_path: Path) -> None:
    """``unprotected_station`` for an embedded station's certificate and for one that says nothing (older
    versions); none for a protected one."""
    from evidence_station.disc.verify_disc import protection_warnings

    embedded = protection_warnings(station.certificate)
    assert [w.kind for w in embedded] == ["unprotected_station"] and "embedded" in embedded[0].message
    protected = KeyFileSigner.create(tmp_path / "p", station_name="S", station_uid="ES-P", protected=True)
    assert protection_warnings(protected.certificate) == []
    from tests.helpers.discs import station_identity

    _, unmarked = station_identity()
    old = protection_warnings(unmarked)
    assert [w.kind for w in old] == ["unprotected_station"] and "未受保护" in old[0].message_zh
