"""Viewing and bookmarks through a real station service process (``serve``): footage leaves only as a stream
bound to one session and its grant, snapshots are decoded by the station, documents are written by the desk,
and no output names a path inside the station's home."""

from __future__ import annotations

import csv
import hashlib
import json
import socket
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest

from tests.e2e.conftest import Cli, CliRun, StationService


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


@pytest.fixture
def stream_port() -> int:
    """The loopback port the service is told to stream on (``serve --stream-port``)."""
    return _free_port()


@pytest.fixture
def service_cli(cli: Cli, stream_port: int) -> Iterator[Cli]:
    """``service_cli`` of conftest, with ``serve --stream-port``."""
    done = cli.as_admin("--json", "station", "migrate", "--service")
    assert done.returncode == 0, done.stderr
    service = StationService(cli.home, "--stream-port", str(stream_port)).start()
    try:
        yield Cli(cli.home, service)
    finally:
        assert service.stop() == 0, "serve must exit 0 on SIGTERM"


@pytest.fixture
def viewing(cli: Cli, service_cli: Cli, tmp_path: Path) -> tuple[Cli, dict]:
    """Users, and the demo card imported through the service; returns the client CLI and the first video."""
    for name, role in (("inv", "investigator"), ("inv2", "investigator")):
        cli.add_user(name, role, tmp_path)
    cli.add_user("boss", "director", tmp_path, "--clearance", "1")
    card = tmp_path / "card"
    assert cli.run("--json", "demo-card", str(card), "--seed", "3").returncode == 0
    imported = service_cli.as_("custodian", "--json", "import", str(card), "--no-thumbnails")
    assert imported.returncode in (0, 1), imported.stderr
    videos = [f for f in imported.json["files"] if f.get("kind") == "video" and f.get("playable")]
    assert len(videos) >= 2
    return service_cli, {"rec": videos[0], "other": videos[1], "card": card}


def _no_home_path(cli: Cli, *runs: CliRun) -> None:
    for run in runs:
        assert str(cli.home) not in run.stdout and str(cli.home) not in run.stderr, run.stdout


def _ask(cli: Cli, rec: int, reason: str, user: str = "inv") -> int:
    asked = cli.as_(user, "--json", "view", "request", str(rec), "--reason", reason)
    assert asked.returncode == 0, asked.stderr
    approved = cli.as_("boss", "--json", "view", "approve", str(asked.json["request_id"]), "--hours", "2")
    assert approved.returncode == 0 and approved.json["status"] == "approved", approved.stderr
    _no_home_path(cli, asked, approved)
    return asked.json["request_id"]


def test_view_open_through_the_service_streams_the_original_under_its_grant(viewing: tuple[Cli, dict],
                                                                           stream_port: int, tmp_path: Path) -> None:
    cli, card = viewing
    rec, other = card["rec"]["recording_id"], card["other"]["recording_id"]
    original = (card["card"] / card["rec"]["card_path"]).read_bytes()

    denied = cli.as_("inv", "--json", "view", "open", str(rec))
    assert denied.returncode == 3 and "view request" in denied.json["error"]["message"]
    assert cli.as_("inv", "--json", "view", "open", "99999999999999999999999").returncode == 2

    first = _ask(cli, rec, "甲：投诉核查")
    second = _ask(cli, rec, "乙：复议审查")
    elsewhere = _ask(cli, other, "丙：其他录像")

    # the grant named must cover the recording; nobody without a grant opens it
    wrong = cli.as_("inv", "--json", "view", "open", str(rec), "--grant", str(elsewhere))
    assert wrong.returncode == 3 and "does not cover" in wrong.json["error"]["message"]
    assert cli.as_("inv2", "--json", "view", "open", str(rec)).returncode == 3
    assert cli.as_("inv2", "--json", "view", "open", str(rec), "--grant", str(first)).returncode == 3

    opened = cli.as_("inv", "--json", "view", "open", str(rec), "--grant", str(first))
    assert opened.returncode == 0, opened.stderr
    view = opened.json
    assert "path" not in view and view["grant"] == first and view["session_id"] > 0
    url = view["stream_url"]
    assert url.startswith(f"http://127.0.0.1:{stream_port}/stream/")  # serve --stream-port
    streamed = httpx.get(url, timeout=30)
    assert streamed.status_code == 200 and streamed.content == original
    part = httpx.get(url, headers={"Range": "bytes=1000-4999"}, timeout=30)
    assert part.status_code == 206 and part.content == original[1000:5000]
    assert hashlib.sha256(streamed.content).hexdigest() == view["sha256"]

    newest = cli.as_("inv", "--json", "view", "open", str(rec))  # default: the newest live grant
    assert newest.returncode == 0 and newest.json["grant"] == second

    # a snapshot is decoded by the station from the original: a PNG of the video's frame size, catalogued
    snapshot_file = tmp_path / "snap.png"
    snap = cli.as_("inv", "--json", "view", "snapshot", str(view["session_id"]), "--at", "00:02",
                   "--out", str(snapshot_file))
    assert snap.returncode == 0, snap.stderr
    png = snapshot_file.read_bytes()
    assert png.startswith(b"\x89PNG") and hashlib.sha256(png).hexdigest() == snap.json["sha256"]
    assert (snap.json["offset_ms"], snap.json["recording_id"]) == (2000, rec)
    import cv2

    capture = cv2.VideoCapture(str(card["card"] / card["rec"]["card_path"]))
    size = (int(capture.get(cv2.CAP_PROP_FRAME_WIDTH)), int(capture.get(cv2.CAP_PROP_FRAME_HEIGHT)))
    capture.release()
    from PIL import Image

    with Image.open(snapshot_file) as picture:
        assert picture.size == size == (snap.json["width"], snap.json["height"])
    again = cli.as_("inv", "--json", "view", "snapshot", str(view["session_id"]), "--at", "2", "--out",
                    str(snapshot_file))
    assert again.returncode == 2  # never overwritten without --force

    # revoking the chosen grant ends its stream, though another grant still covers the recording
    revoked = cli.as_("boss", "--json", "view", "revoke", str(first), "--reason", "撤销甲")
    assert revoked.returncode == 0 and revoked.json["status"] == "revoked"
    assert httpx.get(url, timeout=30).status_code == 403
    assert httpx.get(newest.json["stream_url"], headers={"Range": "bytes=0-9"}, timeout=30).status_code == 206
    closed = cli.as_("inv", "--json", "view", "close", str(newest.json["session_id"]))
    assert closed.returncode == 0 and closed.json["closed_at"], closed.stderr
    assert httpx.get(newest.json["stream_url"], timeout=30).status_code == 403
    assert cli.as_("inv2", "--json", "view", "close", str(view["session_id"])).returncode == 3

    # the register names the grant each session was opened under, and its reason
    pdf, csv_file = tmp_path / "register.pdf", tmp_path / "register.csv"
    register = cli.as_("custodian", "--json", "view", "register", "--pdf", str(pdf), "--csv", str(csv_file))
    assert register.returncode == 0, register.stderr
    entries = {e["session_id"]: e for e in register.json["entries"]}
    assert (entries[view["session_id"]]["request_id"], entries[view["session_id"]]["reason"]) == (first, "甲：投诉核查")
    assert entries[newest.json["session_id"]]["reason"] == "乙：复议审查"
    assert [s["sha256"] for s in entries[view["session_id"]]["snapshots"]] == [snap.json["sha256"]]
    assert pdf.read_bytes().startswith(b"%PDF")
    rows = list(csv.DictReader(csv_file.open(encoding="utf-8-sig")))
    assert {r["reason"] for r in rows} == {"甲：投诉核查", "乙：复议审查"}
    assert cli.as_("custodian", "--json", "view", "register", "--csv", str(csv_file)).returncode == 2
    _no_home_path(cli, denied, wrong, opened, newest, snap, revoked, closed, register)


def test_the_other_viewing_and_bookmark_commands_through_the_service(viewing: tuple[Cli, dict]) -> None:
    cli, card = viewing
    rec = card["rec"]["recording_id"]
    asked = cli.as_("inv", "--json", "view", "request", str(rec), "--reason", "核查")
    refused = cli.as_("boss", "--json", "view", "refuse", str(asked.json["request_id"]), "--reason", "理由不足")
    assert refused.returncode == 0 and refused.json["status"] == "refused"
    assert cli.as_("inv", "--json", "view", "approve", str(asked.json["request_id"])).returncode == 3
    request_id = _ask(cli, rec, "案件办理")
    listed = cli.as_("boss", "--json", "view", "list", "--status", "live")
    assert [r["request_id"] for r in listed.json["requests"]] == [request_id]
    grants = cli.as_("inv", "--json", "view", "grants")
    assert [g["request_id"] for g in grants.json["grants"]] == [request_id]

    added = cli.as_("inv", "--json", "bookmark", "add", str(rec), "--at", "00:01", "--category",
                    "notification_given", "--note", "已告知")
    assert added.returncode == 0 and added.json["offset_ms"] == 1000, added.stderr
    mark = str(added.json["bookmark_id"])
    assert cli.as_("inv2", "--json", "bookmark", "add", str(rec), "--at", "1", "--category",
                   "questioning").returncode == 3
    edited = cli.as_("inv", "--json", "bookmark", "edit", mark, "--note", "已告知权利", "--reason", "补充")
    withdrawn = cli.as_("inv", "--json", "bookmark", "withdraw", mark, "--reason", "重复")
    assert (edited.json["revision"], withdrawn.json["status"]) == (2, "withdrawn")
    history = cli.as_("boss", "--json", "bookmark", "history", mark)
    assert [r["action"] for r in history.json["revisions"]] == ["create", "edit", "withdraw"]
    marks = cli.as_("boss", "--json", "bookmark", "list", "--recording", str(rec), "--all")
    assert [b["status"] for b in marks.json["bookmarks"]] == ["withdrawn"]

    assert cli.as_("inv", "--json", "classify", str(rec), "restricted", "--reason", "限阅").returncode == 3
    classified = cli.as_("boss", "--json", "view", "classify", str(rec), "restricted", "--reason", "限阅")
    assert classified.returncode == 0 and classified.json["classification"] == "restricted"
    again = cli.as_("boss", "--json", "classify", str(rec), "ordinary", "--reason", "解除限阅")
    assert again.returncode == 0 and again.json["direction"] == "lowered"
    _no_home_path(cli, refused, listed, grants, added, edited, withdrawn, history, marks, classified, again)
    audit = cli.as_("boss", "--json", "audit", "list", "--limit", "200")
    sessions = {e["details"].get("session") for e in audit.json["events"] if e["action"].startswith("bookmark.")}
    assert sessions and None not in sessions  # every event through the service names its session
    assert json.dumps(audit.json).count("viewing.approve") >= 1
