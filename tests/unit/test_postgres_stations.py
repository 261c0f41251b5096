"""Several stations in one catalogue: joining, key slots per station, checkpoints verified per signer.

Runs on the backend of the run (``--backend``): two station homes share the first station's catalogue.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from cryptography.hazmat.primitives.serialization import Encoding
from evidence_station.services.station_join import grant_key_slot, join_station, list_stations

from evidence_station.audit.checkpoints import catalogue_checkpoints
from evidence_station.audit.verify import verify_external_checkpoint
from evidence_station.catalogue.audit_tables import AuditEvent
from evidence_station.catalogue.database import sqlite_url
from evidence_station.catalogue.people import Station as StationRow
from evidence_station.domain.clock import FrozenClock
from evidence_station.domain.errors import (
    AuthenticationError,
    InvalidInputError,
    NotFoundError,
    PermissionDeniedError,
)
from evidence_station.services.audit_service import verify_audit
from evidence_station.services.context import ServiceContext
from evidence_station.services.station import Station
from evidence_station.services.users import add_user, login
from tests.conftest import PASSWORD


def _url(station: Station) -> str:
    return station.settings.catalogue_url or sqlite_url(station.home.catalogue_file)


@pytest.fixture
def two_stations(station: Station, admin: ServiceContext, tmp_path: Path,
                 clock: FrozenClock) -> tuple[Station, Path]:
    """Station A (the fixture, with a custodian) and a joined station B's home sharing A's vault folder."""
    add_user(admin, name="custodian", roles=["custodian"], password=PASSWORD)
    result = join_station(tmp_path / "b", catalogue_url=_url(station), admin_name="admin", admin_password=PASSWORD,
                          vault_dir=station.vault_dir, station_name="二号工作站", clock=clock)
    assert result.stations == 2 and result.vault_dir == station.vault_dir
    return station, result.home


def _open(home: Path, clock: FrozenClock) -> Station:
    return Station.open(home, clock=clock)


def test_joined_station_has_its_own_identity_and_is_registered(two_stations: tuple[Station, Path],
                                                               clock: FrozenClock) -> None:
    a, b_home = two_stations
    b = _open(b_home, clock)
    assert b.station_uid != a.station_uid
    assert b.vault_dir == a.vault_dir and b.settings.catalogue_url == _url(a)
    assert b.registered_certificate_sha256() not in (None, a.registered_certificate_sha256())
    admin_b = login(b, "admin", PASSWORD)
    assert admin_b.signing_key is not None  # the joining administrator can sign here at once
    views = list_stations(admin_b)
    assert [(v.station_id, v.this_station) for v in views] == [(a.station_uid, False), (b.station_uid, True)]
    joined = AuditEvent.get(AuditEvent.action == "station.join")
    assert (joined.station_uid, joined.actor, joined.details["station_name"]) == (b.station_uid, "admin", "二号工作站")
    # Events name the station they happened at.
    admin_b.audit("test.at_b")
    assert AuditEvent.get(AuditEvent.action == "test.at_b").station_uid == b.station_uid
    assert verify_audit(b).ok
    b.close()


def test_checkpoints_of_both_stations_verify_with_each_signers_certificate(
    two_stations: tuple[Station, Path], clock: FrozenClock
) -> None:
    a_home, b_home = two_stations[0].home.root, two_stations[1]
    b = _open(b_home, clock)
    b_ctx = login(b, "admin", PASSWORD)
    b_ctx.audit("test.at_b")
    b_checkpoint = b_ctx.checkpoint("test")
    assert b_checkpoint is not None and b_checkpoint.payload["station_uid"] == b.station_uid
    b.close()
    a = _open(a_home, clock)
    a_ctx = login(a, "admin", PASSWORD)
    a_ctx.audit("test.at_a")
    assert a_ctx.checkpoint("test") is not None
    signers = {c.payload["station_uid"] for c in catalogue_checkpoints()}
    assert signers == {a.station_uid, b.station_uid}
    result = verify_audit(a)
    assert result.ok, result.problems
    # A disc checkpoint signed by B checks out at A too.
    assert verify_external_checkpoint(b_checkpoint.to_dict(), a.certificate) == []
    # If someone swaps B's registered certificate for A's, B's checkpoints no longer verify — and say so.
    a_pem = a.certificate.public_bytes(Encoding.PEM).decode("ascii")
    StationRow.update(certificate_pem=a_pem).where(StationRow.station_uid == b.station_uid).execute()
    problems = verify_audit(a).problems
    assert any(p.kind == "bad_signature" and b.station_uid in p.message for p in problems), problems
    # A checkpoint naming a station the catalogue does not know is reported as such.
    StationRow.update(station_uid="ES-GONE").where(StationRow.station_uid == b.station_uid).execute()
    assert any(p.kind == "unknown_signer" for p in verify_audit(a).problems)
    a.close()


def test_other_users_work_but_sign_only_after_a_key_slot_is_granted(two_stations: tuple[Station, Path],
                                                                    clock: FrozenClock) -> None:
    a_home, b_home = two_stations[0].home.root, two_stations[1]
    b = _open(b_home, clock)
    custodian_b = login(b, "custodian", PASSWORD)
    assert custodian_b.data_key is None
    with pytest.raises(PermissionDeniedError, match="no key slot"):
        _ = custodian_b.signing_key
    admin_b = login(b, "admin", PASSWORD)
    with pytest.raises(PermissionDeniedError):
        grant_key_slot(custodian_b, name="custodian", password=PASSWORD)
    with pytest.raises(AuthenticationError, match="own current password"):
        grant_key_slot(admin_b, name="custodian", password="wrong-password")
    refused = AuditEvent.select().where(AuditEvent.action == "user.key_slot").order_by(AuditEvent.seq.desc()).get()
    assert refused.outcome == "refused"
    result = grant_key_slot(admin_b, name="custodian", password=PASSWORD)
    assert (result.user, result.station_id, result.replaced) == ("custodian", b.station_uid, False)
    assert login(b, "custodian", PASSWORD).signing_key is not None
    b.close()
    # The password did not change, so the custodian's slot at station A still works.
    a = _open(a_home, clock)
    assert login(a, "custodian", PASSWORD).signing_key is not None
    a.close()


def test_join_refusals_leave_nothing_behind(station: Station, admin: ServiceContext, tmp_path: Path,
                                            clock: FrozenClock) -> None:
    add_user(admin, name="custodian", roles=["custodian"], password=PASSWORD)
    url = _url(station)
    home = tmp_path / "b"
    with pytest.raises(AuthenticationError):
        join_station(home, catalogue_url=url, admin_name="admin", admin_password="wrong-password",
                     vault_dir=station.vault_dir, clock=clock)
    with pytest.raises(PermissionDeniedError):
        join_station(home, catalogue_url=url, admin_name="custodian", admin_password=PASSWORD,
                     vault_dir=station.vault_dir, clock=clock)
    with pytest.raises(InvalidInputError, match="Mount the shared vault"):
        join_station(home, catalogue_url=url, admin_name="admin", admin_password=PASSWORD,
                     vault_dir=tmp_path / "not-mounted", clock=clock)
    with pytest.raises(InvalidInputError, match="already holds a station"):
        join_station(station.home.root, catalogue_url=url, admin_name="admin", admin_password=PASSWORD,
                     vault_dir=station.vault_dir, clock=clock)
    assert not home.exists()
    assert StationRow.select().count() == 1
    assert AuditEvent.select().where(AuditEvent.action == "refused.manage_users").count() == 1
    with pytest.raises(NotFoundError, match="no catalogue file"):
        join_station(home, catalogue_url=sqlite_url(tmp_path / "typo.sqlite3"), admin_name="admin",
                     admin_password=PASSWORD, vault_dir=station.vault_dir, clock=clock)
    assert not home.exists() and not (tmp_path / "typo.sqlite3").exists()


def test_shared_vault_cleanup_leaves_other_machines_imports_alone(tmp_path: Path) -> None:
    from evidence_station.vault import blob_store

    vault = blob_store.Vault(tmp_path / "vault")
    elsewhere = vault.tmp_dir / "ingest-999999999@0123456789ab-x.part"  # another station's import in progress
    here_dead = vault.tmp_dir / f"ingest-999999999@{blob_store.HOST_TAG}-y.part"  # a killed import of ours
    for path in (elsewhere, here_dead):
        path.write_bytes(b"partial")
    assert vault.cleanup_temp() == 1
    assert elsewhere.exists() and not here_dead.exists()
    stored = vault.store_bytes(b"evidence")  # our own temp names carry this machine's tag
    assert stored.newly_stored and vault.has_blob(stored.sha256)
