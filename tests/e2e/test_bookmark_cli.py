"""``bookmark …`` through the real CLI: added under a grant, edited and withdrawn (still listed with
``--all``), JSON keys of the contract. The rules themselves (refusals, offsets, authorship) are tested in
``tests/unit/test_bookmarks.py``; this checks the wiring with as few (slow, logged-in) runs as possible."""

from __future__ import annotations

from pathlib import Path

from tests.e2e.conftest import Cli

KEYS = {"bookmark_id", "recording_id", "offset_ms", "category", "category_label", "note", "author", "created_at",
        "status"}


def test_bookmark_lifecycle(cli: Cli, tmp_path: Path) -> None:
    card = tmp_path / "card"
    assert cli.run("--json", "demo-card", str(card), "--seed", "3").returncode == 0
    imported = cli.as_("custodian", "--json", "import", str(card), "--no-thumbnails")
    assert imported.returncode == 0, imported.stderr
    rec = next(f["recording_id"] for f in imported.json["files"] if f.get("kind") == "video" and f.get("playable"))
    for name, role in (("zhang", "investigator"), ("wang", "director")):
        cli.add_user(name, role, tmp_path)

    request = cli.as_("zhang", "--json", "view", "request", str(rec), "--reason", "核查")
    assert cli.as_("wang", "--json", "view", "approve", str(request.json["request_id"])).returncode == 0
    added = cli.as_("zhang", "--json", "bookmark", "add", str(rec), "--at", "00:01", "--category",
                    "notification_given", "--note", "已告知")
    assert added.returncode == 0, added.stderr
    mark = added.json
    assert set(mark) >= KEYS and (mark["offset_ms"], mark["category_label"], mark["author"], mark["status"]) == (
        1000, "告知执法记录", "zhang", "active")
    assert mark["created_at"].endswith("+08:00")

    mark_id = str(mark["bookmark_id"])
    edited = cli.as_("zhang", "--json", "bookmark", "edit", mark_id, "--category", "questioning", "--reason", "看错")
    assert edited.returncode == 0 and edited.json["category"] == "questioning"
    withdrawn = cli.as_("zhang", "--json", "bookmark", "withdraw", mark_id, "--reason", "重复")
    assert (withdrawn.json["status"], withdrawn.json["revision"]) == ("withdrawn", 3)
    listed = cli.as_("wang", "--json", "bookmark", "list", "--recording", str(rec), "--all").json["bookmarks"]
    assert [(b["bookmark_id"], b["status"], b["category"]) for b in listed] == [
        (mark["bookmark_id"], "withdrawn", "questioning")]
