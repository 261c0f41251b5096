"""``retention …`` and ``dispose …`` through the real CLI: the one-year floor (refused, exit 2), a hold,
the two-person rule (exit 3), an approved disposal with its certificate, and ``verify`` staying clean.
The CLI runs on the real clock, so the recordings are backdated in the catalogue to make them due — which the
director's approval catches (the rows disagree with the audit log); the rules and the approved path are tested
on a frozen clock in ``tests/unit/test_retention.py``."""

from __future__ import annotations

import sqlite3
from datetime import date
from pathlib import Path

from evidence_station.media.demo_card import write_demo_card
from tests.e2e.conftest import Cli


def _backdate(home: Path, ids: list[int]) -> None:
    with sqlite3.connect(home / "catalogue.sqlite3") as db:
        db.execute(f"UPDATE recording SET start_at = '2024-01-02 01:00:00', imported_at = '2024-01-02 09:00:00' "
                   f"WHERE id IN ({','.join('?' * len(ids))})", ids)


def test_retention_and_disposal_lifecycle(cli: Cli, tmp_path: Path) -> None:
    card = tmp_path / "card"
    write_demo_card(card, seed=2, day=date(2026, 11, 24))
    imported = cli.as_("custodian", "--json", "import", str(card), "--no-thumbnails")
    assert imported.returncode == 0, imported.stderr
    ids = sorted({f["recording_id"] for f in imported.json["files"] if f.get("status") == "stored"})[:2]
    cli.add_user("wang", "director", tmp_path)

    early = cli.as_("custodian", "--json", "dispose", "propose", str(ids[0]), "--reason", "试试")
    assert early.returncode == 2 and early.json["error"]["code"] == "disposal_blocked"
    assert "Art. 16" in early.json["error"]["message"]

    _backdate(cli.home, ids)
    due = cli.as_("custodian", "--json", "retention", "due").json["recordings"]
    assert [d["recording_id"] for d in due] == ids and all(d["due_now"] for d in due)
    assert due[0]["reasons"][0]["basis"] == "minimum" and due[0]["keep_until"].endswith("+08:00")
    hold = cli.as_("wang", "--json", "retention", "hold", str(ids[1]), "--reason", "投诉调查").json["holds"][0]
    assert hold["recording_id"] == ids[1] and hold["active"] is True
    blocked = cli.as_("custodian", "--json", "dispose", "propose", *map(str, ids), "--reason", "保存期满")
    assert blocked.returncode == 2 and "投诉调查" in blocked.json["error"]["message"]

    proposal = cli.as_("custodian", "--json", "dispose", "propose", str(ids[0]), "--reason", "保存期满").json
    assert proposal["status"] == "pending" and [i["recording_id"] for i in proposal["items"]] == ids[:1]
    by_custodian = cli.as_("custodian", "--json", "dispose", "approve", str(proposal["proposal_id"]))
    assert by_custodian.returncode == 3  # only a director approves (self-approval: unit tests)
    # The recordings were backdated behind the station's back (the CLI runs on the real clock), so the director's
    # approval, which checks the rows it relies on against the audit log, refuses and disposes of nothing; the
    # approved path with its certificate is tested on a frozen clock in tests/unit/test_retention.py.
    refused = cli.as_("wang", "--json", "dispose", "approve", str(proposal["proposal_id"]), "--certificate",
                      str(tmp_path / "销毁证明.pdf"))
    assert refused.returncode == 1 and refused.json["error"]["code"] == "catalogue_altered", refused.stdout
    assert not (tmp_path / "销毁证明.pdf").exists()
    shown = cli.as_("custodian", "--json", "dispose", "show", str(proposal["proposal_id"])).json
    assert shown["status"] == "pending" and [i["blob"] for i in shown["items"]] == [None]
    verified = cli.as_("custodian", "--json", "verify", "--quick")
    assert verified.returncode == 1 and not verified.json["ok"]
