"""``retention …`` and ``dispose …`` through the real CLI: the one-year floor (refused, exit 2), a hold,
the two-person rule (exit 3), an approved disposal with its certificate, and ``verify`` staying clean.
The CLI runs on the real clock, so the station's history begins in 2024: its first card was imported then (in
process, on a frozen clock — catalogue and audit log agree, as a decision now checks); the rules themselves are
tested on a frozen clock in ``tests/unit/test_retention.py``. Backdating a recording in the catalogue behind the
station's back (what an insider with the sqlite3 tool does) is caught by the director's approval: the rows disagree
with the audit log (``catalogue_altered``), nothing is disposed of and ``verify`` fails."""

from __future__ import annotations

import sqlite3
from datetime import UTC, date, datetime
from pathlib import Path

from evidence_station.domain.clock import FrozenClock
from evidence_station.media.demo_card import write_demo_card
from evidence_station.services.import_service import import_card
from evidence_station.services.station import Station
from evidence_station.services.users import add_user, init_station, login
from tests.e2e.conftest import ADMIN_PASSWORD, USER_PASSWORD, Cli


def _backdate(home: Path, ids: list[int]) -> None:
    with sqlite3.connect(home / "catalogue.sqlite3") as db:
        db.execute(f"UPDATE recording SET start_at = '2024-01-02 01:00:00', imported_at = '2024-01-02 09:00:00' "
                   f"WHERE id IN ({','.join('?' * len(ids))})", ids)


def _station_since_2024(home: Path, tmp_path: Path) -> tuple[list[int], dict[int, str]]:
    """A home made on 2024-01-02 whose custodian imported a card that day; the ids of its stored recordings, and
    each one's SHA-256."""
    clock = FrozenClock(datetime(2024, 1, 2, 9, 0, tzinfo=UTC))
    init_station(home, admin_name="admin", admin_password=ADMIN_PASSWORD, clock=clock)
    station = Station.open(home, clock=clock)
    try:
        admin = login(station, "admin", ADMIN_PASSWORD)
        add_user(admin, name="custodian", roles=["custodian"], password=USER_PASSWORD)
        card = tmp_path / "card-2024"
        write_demo_card(card, seed=2, day=date(2024, 1, 2))
        custodian = login(station, "custodian", USER_PASSWORD)
        result = import_card(custodian, card)
        custodian.end_session()
        admin.end_session()
        stored = [f for f in result.files if f.status == "stored" and f.recording_id]
        return sorted({f.recording_id for f in stored}), {f.recording_id: f.sha256 or "" for f in stored}
    finally:
        station.close()


def test_retention_and_disposal_lifecycle(tmp_path: Path) -> None:
    cli = Cli(tmp_path / "home")
    old, old_sha256 = _station_since_2024(cli.home, tmp_path)
    card = tmp_path / "card"
    write_demo_card(card, seed=3, day=date(2026, 11, 24))
    imported = cli.as_("custodian", "--json", "import", str(card), "--no-thumbnails")
    assert imported.returncode in (0, 1), imported.stderr
    recent = sorted({f["recording_id"] for f in imported.json["files"] if f.get("status") == "stored"})
    cli.add_user("wang", "director", tmp_path)

    early = cli.as_("custodian", "--json", "dispose", "propose", str(recent[0]), "--reason", "试试")
    assert early.returncode == 2 and early.json["error"]["code"] == "disposal_blocked"
    assert "Art. 16" in early.json["error"]["message"]

    new_sha256 = {f.get("sha256") for f in imported.json["files"]}
    ids = [r for r in old if old_sha256[r] not in new_sha256][:2]  # blobs no later recording shares: removed
    due = cli.as_("custodian", "--json", "retention", "due").json["recordings"]
    assert [d["recording_id"] for d in due] == old and all(d["due_now"] for d in due)
    assert due[0]["reasons"][0]["basis"] == "minimum" and due[0]["keep_until"].endswith("+08:00")
    hold = cli.as_("wang", "--json", "retention", "hold", str(ids[1]), "--reason", "投诉调查").json["holds"][0]
    assert hold["recording_id"] == ids[1] and hold["active"] is True
    blocked = cli.as_("custodian", "--json", "dispose", "propose", *map(str, ids), "--reason", "保存期满")
    assert blocked.returncode == 2 and "投诉调查" in blocked.json["error"]["message"]

    proposal = cli.as_("custodian", "--json", "dispose", "propose", str(ids[0]), "--reason", "保存期满").json
    assert proposal["status"] == "pending" and [i["recording_id"] for i in proposal["items"]] == ids[:1]
    by_custodian = cli.as_("custodian", "--json", "dispose", "approve", str(proposal["proposal_id"]))
    assert by_custodian.returncode == 3  # only a director approves (self-approval: unit tests)
    certificate = tmp_path / "销毁证明.pdf"
    done = cli.as_("wang", "--json", "dispose", "approve", str(proposal["proposal_id"]), "--certificate",
                   str(certificate))
    assert done.returncode == 0, done.stderr
    result = done.json
    assert result["status"] == "approved" and result["complete"] is True
    assert [i["blob"] for i in result["items"]] == ["removed"]
    assert certificate.is_file() and result["certificate_sha256"]
    verified = cli.as_("custodian", "--json", "verify", "--quick")
    assert verified.returncode == 0 and verified.json["ok"], verified.stdout

    # A recent recording backdated behind the station's back: the director's approval, which checks the rows it
    # relies on against the audit log, refuses and disposes of nothing, and verify names the alteration.
    _backdate(cli.home, recent[:1])
    backdated = cli.as_("custodian", "--json", "dispose", "propose", str(recent[0]), "--reason", "保存期满").json
    refused = cli.as_("wang", "--json", "dispose", "approve", str(backdated["proposal_id"]), "--certificate",
                      str(tmp_path / "销毁证明-2.pdf"))
    assert refused.returncode == 1 and refused.json["error"]["code"] == "catalogue_altered", refused.stdout
    assert not (tmp_path / "销毁证明-2.pdf").exists()
    shown = cli.as_("custodian", "--json", "dispose", "show", str(backdated["proposal_id"])).json
    assert shown["status"] == "pending" and [i["blob"] for i in shown["items"]] == [None]
    verified = cli.as_("custodian", "--json", "verify", "--quick")
    assert verified.returncode == 1 and not verified.json["ok"]
