"""Two-person administration through a real station service (CLI.md "Two-person administration"): the account
commands answer ``status: "pending"`` and a ``confirmation_id`` when a second person must confirm, ``user confirm`` /
``user refuse`` decide, and the one who asked, the user concerned and anyone but an administrator or a director are
refused (exit 3).
"""

from __future__ import annotations

from pathlib import Path

from tests.e2e.conftest import USER_PASSWORD, Cli


def _pw(tmp_path: Path, name: str, text: str) -> str:
    path = tmp_path / f"{name}.pw"
    path.write_text(text + "\n")
    return str(path)


def test_account_changes_wait_for_a_second_person(service_cli: Cli, tmp_path: Path) -> None:
    cli = service_cli
    first = cli.as_admin("--json", "user", "add", "boss", "--role", "director", "--password-file",
                         _pw(tmp_path, "boss", USER_PASSWORD))
    assert first.returncode == 0, first.stderr
    assert (first.json["status"], first.json["single_person"], first.json["confirmation_id"]) == ("done", True, None)
    logged = cli.as_admin("--json", "audit", "list", "--action", "user.add")
    assert logged.returncode == 0, logged.stderr
    assert logged.json["events"][0]["details"]["single_person"] is True  # and a finding was raised

    asked = cli.as_admin("--json", "user", "add", "chief", "--role", "director", "--clearance", "3",
                         "--password-file", _pw(tmp_path, "chief", USER_PASSWORD))
    assert asked.returncode == 0, asked.stderr
    assert asked.json["status"] == "pending" and asked.json["user"] == "chief"
    number = str(asked.json["confirmation_id"])
    assert cli.as_("chief", "--json", "recordings").returncode == 3  # no usable account yet
    waiting = cli.as_("boss", "--json", "user", "pending")
    assert [(r["confirmation_id"], r["change"], r["user"]) for r in waiting.json["requests"]] == [
        (int(number), "add", "chief")]
    own = cli.as_admin("--json", "user", "confirm", number)
    assert own.returncode == 3 and own.json["error"]["code"] == "permission_denied"
    assert cli.as_("custodian", "--json", "user", "confirm", number).returncode == 3
    confirmed = cli.as_("boss", "--json", "user", "confirm", number)
    assert confirmed.returncode == 0, confirmed.stderr
    assert (confirmed.json["status"], confirmed.json["roles"], confirmed.json["clearance"]) == (
        "done", ["director"], 3)
    assert cli.as_("chief", "--json", "user", "pending").json == {"requests": []}

    raise_ = cli.as_admin("--json", "user", "clearance", "custodian", "2")
    assert raise_.json["status"] == "pending"
    refused = cli.as_("chief", "--json", "user", "refuse", str(raise_.json["confirmation_id"]), "--reason", "不需要")
    assert refused.returncode == 0 and refused.json["status"] == "refused"
    again = cli.as_("boss", "--json", "user", "confirm", str(raise_.json["confirmation_id"]))
    assert again.returncode == 2

    reset = cli.as_admin("--json", "user", "passwd", "custodian", "--password-file",
                         _pw(tmp_path, "new", "a-brand-new-pw-1"))
    assert reset.json["status"] == "pending"
    assert cli.as_("custodian", "--json", "recordings").returncode == 0  # the old password until confirmed
    assert cli.as_("custodian", "--json", "user", "confirm", str(reset.json["confirmation_id"])).returncode == 3
    assert cli.as_("chief", "--json", "user", "confirm", str(reset.json["confirmation_id"])).returncode == 0
    assert cli.run("--json", "recordings", user="custodian", password="a-brand-new-pw-1").returncode == 0

    role = cli.as_admin("--json", "user", "role", "custodian", "--add", "director")
    assert role.json["status"] == "pending" and role.json["roles"] == ["custodian"]
    lowered = cli.as_admin("--json", "user", "role", "chief", "--remove", "director")
    assert lowered.returncode == 2  # its only role: deactivate instead
    gone = cli.as_admin("--json", "user", "deactivate", "chief")
    assert gone.returncode == 0 and gone.json["active"] is False
    assert cli.as_admin("--json", "user", "confirm", "99999999999999999999999").returncode == 2
    assert cli.as_("boss", "--json", "user", "confirm", "424242").returncode == 4
