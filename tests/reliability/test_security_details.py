"""Security details an auditor checks: lock-out and its audit trail, the station key encrypted at rest,
no secret in any output or file, and a private home folder."""

from __future__ import annotations

import base64
import stat
from pathlib import Path

import pytest
from cryptography.hazmat.primitives.serialization import load_pem_private_key

from evidence_station.catalogue.audit_tables import AuditEvent
from evidence_station.domain.errors import AccountLockedError, AuthenticationError
from evidence_station.identity.station_key import KEY_FILE
from evidence_station.services.account_changes import confirm_account_change
from evidence_station.services.context import ServiceContext
from evidence_station.services.station import Station
from evidence_station.services.users import login, unlock_user
from tests.conftest import PASSWORD
from tests.e2e.conftest import ADMIN_PASSWORD, USER_PASSWORD, Cli


def _secrets_in(home: Path, secrets: list[bytes]) -> list[str]:
    """Files under ``home`` that contain any secret (raw, hex or base64)."""
    forms = [form for s in secrets for form in (s, s.hex().encode(), base64.b64encode(s))]
    return [str(p.relative_to(home)) for p in home.rglob("*") if p.is_file()
            and any(form in p.read_bytes() for form in forms)]


def test_lockout_is_audited_holds_against_the_right_password_and_needs_an_admin(
        station: Station, admin: ServiceContext, people: dict[str, ServiceContext]) -> None:
    limit = station.settings.lockout_attempts
    wrong = "wrong-password-9"
    for _attempt in range(limit):
        with pytest.raises(AuthenticationError) as caught:
            login(station, "clerk", wrong)
        assert type(caught.value) is AuthenticationError  # the lock is told only to the right password
    with pytest.raises(AccountLockedError, match="locked"):
        login(station, "clerk", PASSWORD)  # even the right password, until an administrator unlocks
    events = list(AuditEvent.select().where(AuditEvent.actor == "clerk").order_by(AuditEvent.seq))
    actions = [(e.action, e.outcome) for e in events if e.outcome == "refused"]
    assert ("auth.locked", "refused") in actions and ("auth.refused_locked", "refused") in actions
    # every attempt is on record: each wrong password, the lock itself, the refused right password
    assert sum(a.startswith("auth.") for a, _ in actions) == limit + 2
    assert not any(wrong in str(e.details) or PASSWORD in str(e.details) for e in events)
    with pytest.raises(Exception, match="may not"):
        unlock_user(people["custodian"], "clerk")  # only an administrator unlocks
    asked = unlock_user(admin, "clerk")  # once the station has a director, a second person confirms
    assert asked.status == "pending"
    with pytest.raises(AccountLockedError):
        login(station, "clerk", PASSWORD)
    confirm_account_change(people["director"], asked.confirmation_id)
    assert login(station, "clerk", PASSWORD).actor.name == "clerk"


def test_the_station_key_is_the_station_s_and_no_password_opens_it(station: Station, admin: ServiceContext) -> None:
    """Only the station signs: its key is a plain PKCS#8 file that only the account running the station may read
    (0600 in the 0700 home); no user's password wraps, unwraps or derives anything about it, and a logged-in
    context holds no key material."""
    path = station.home.identity_dir / KEY_FILE
    pem = path.read_bytes()
    assert b"BEGIN PRIVATE KEY" in pem and b"ENCRYPTED" not in pem
    assert path.stat().st_mode & 0o077 == 0 and station.home.root.stat().st_mode & 0o077 == 0
    key = load_pem_private_key(pem, password=None)
    assert key.public_key().public_numbers() == station.certificate.public_key().public_numbers()
    assert not any(hasattr(admin, name) for name in ("data_key", "signing_key", "_data_key", "_signing_key"))
    station.db.close()
    assert _secrets_in(station.home.root, [PASSWORD.encode()]) == []


def test_the_home_is_closed_to_other_users(station: Station, people: dict[str, ServiceContext]) -> None:
    """Every folder of the home (the home itself, vault, identity, checkpoints …) admits only its owner, so no
    file inside — catalogue, blobs, checkpoints — can be reached by another user; the key file is private too."""
    people["admin"].checkpoint("files exist")
    station.vault.store_bytes(b"some evidence")
    root = station.home.root
    folders = [p for p in [root, *root.rglob("*")] if p.is_dir()]
    assert len(folders) >= 5
    loose = [f"{p.relative_to(root)} {stat.filemode(p.stat().st_mode)}" for p in folders if p.stat().st_mode & 0o077]
    assert loose == []
    assert (station.home.identity_dir / KEY_FILE).stat().st_mode & 0o077 == 0


@pytest.mark.slow
def test_no_secret_in_cli_output_or_home(tmp_path: Path) -> None:
    """Real CLI runs (init, add user, wrong password, audit list): no password in any output or file."""
    cli = Cli(tmp_path / "home")
    runs = [cli.run("--json", "init", "--admin", "admin", password=ADMIN_PASSWORD)]
    cli.add_user("clerk", "clerk", tmp_path)
    runs.append(cli.run("--json", "recordings", user="clerk", password="not-the-password-1"))
    runs.append(cli.as_admin("--json", "audit", "list"))
    assert runs[0].returncode == 0 and runs[1].returncode == 3 and runs[2].returncode == 0
    for run in runs:
        for secret in (ADMIN_PASSWORD, USER_PASSWORD, "not-the-password-1"):
            assert secret not in run.stdout and secret not in run.stderr
    (tmp_path / "clerk.pw").unlink()  # the test's own password file, not the station's
    assert _secrets_in(cli.home, [ADMIN_PASSWORD.encode(), USER_PASSWORD.encode(), b"not-the-password-1"]) == []
