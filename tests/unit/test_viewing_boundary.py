"""Viewing through the station service (in-process and over HTTP): footage leaves only as a stream bound to one
viewing session and the grant it was opened under; snapshots are decoded by the station; pictures cross as bytes;
nothing names a path inside the station's home."""

from __future__ import annotations

import json
from datetime import timedelta

import httpx
import pytest

from evidence_station.api import codec
from evidence_station.api.viewing import SnapshotView, ViewingSessionView
from evidence_station.catalogue.audit_tables import AuditEvent
from evidence_station.catalogue.recordings import Recording
from evidence_station.catalogue.viewing import Snapshot, ViewingSession
from evidence_station.cli.commands.view_commands import open_json
from evidence_station.client.station_client import StationClient
from evidence_station.client.transport import InProcessTransport, Transport
from evidence_station.domain.clock import FrozenClock
from evidence_station.domain.errors import InvalidInputError, NotFoundError, PermissionDeniedError
from evidence_station.server import streams
from evidence_station.server.dispatch import Dispatcher
from evidence_station.services import viewing_service as vs
from evidence_station.services.classification_service import set_classification
from evidence_station.services.context import ServiceContext
from evidence_station.services.station import Station
from evidence_station.services.thumbnail_service import make_thumbnails
from evidence_station.services.viewing_register import viewing_register
from tests.conftest import PASSWORD
from tests.helpers.people import add_person
from tests.helpers.recordings import CLIP_FPS, CLIP_SIZE, add_recording, clip_bytes


@pytest.fixture(autouse=True)
def _ask_the_grant_every_time(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(streams, "LIVENESS_TTL_S", 0.0)


@pytest.fixture
def clip(people: dict[str, ServiceContext]) -> int:
    """A real video recording (its bytes in the vault)."""
    return add_recording(people["custodian"], data=clip_bytes()).id


def grant(people: dict[str, ServiceContext], rec: int, reason: str = "核查投诉 2026-001", who: str = "investigator",
          hours: float | None = None) -> int:
    req = vs.request_viewing(people[who], recording_ids=[rec], reason=reason)
    return vs.approve_request(people["director"], req.request_id, hours=hours).request_id


def login(transport: Transport, name: str = "investigator") -> StationClient:
    return StationClient.login(transport, name, PASSWORD)


# ----------------------------------------------------------------------------------------- the stream
def test_open_answers_a_stream_of_the_original_and_no_path(transport: Transport, people: dict, clip: int,
                                                           station: Station) -> None:
    request_id = grant(people, clip)
    client = login(transport)
    view = client.open_viewing_session(clip, client="cli")
    assert isinstance(view, ViewingSessionView) and view.grant.request_id == request_id
    assert view.stream_url.startswith("http://127.0.0.1:") and "/stream/" in view.stream_url
    original = clip_bytes()
    whole = httpx.get(view.stream_url)
    assert whole.status_code == 200 and whole.content == original
    assert whole.headers["content-type"] == "video/mp4"
    part = httpx.get(view.stream_url, headers={"Range": "bytes=100-1099"})
    assert part.status_code == 206 and part.content == original[100:1100]
    encoded = codec.encode(view).decode()
    assert '"path' not in encoded and str(station.home.root) not in encoded
    printed = open_json(view)
    assert "path" not in printed and printed["stream_url"] == view.stream_url and printed["grant"] == request_id


def test_revoking_the_grant_or_closing_the_session_answers_403(transport: Transport, people: dict,
                                                               clip: int) -> None:
    request_id = grant(people, clip)
    client = login(transport)
    first = client.open_viewing_session(clip)
    second = client.open_viewing_session(clip)
    assert httpx.get(first.stream_url, headers={"Range": "bytes=0-9"}).status_code == 206
    summary = client.close_viewing_session(second.session_id)
    assert summary.closed_at is not None
    assert httpx.get(second.stream_url).status_code == 403
    vs.revoke_request(people["director"], request_id, reason="案件办结")
    assert httpx.get(first.stream_url).status_code == 403


def test_an_expired_grant_ends_the_stream(transport: Transport, people: dict, clip: int, clock: FrozenClock) -> None:
    grant(people, clip, hours=1)
    view = login(transport).open_viewing_session(clip)
    assert httpx.get(view.stream_url, headers={"Range": "bytes=0-0"}).status_code == 206
    clock.advance(timedelta(hours=1, seconds=1))
    assert httpx.get(view.stream_url).status_code == 403


def test_a_session_lives_and_dies_with_its_own_grant(transport: Transport, people: dict, clip: int,
                                                     station: Station) -> None:
    older = grant(people, clip, reason="甲：投诉核查")
    newer = grant(people, clip, reason="乙：复议审查")
    client = login(transport)
    assert client.open_viewing_session(clip).grant.request_id == newer  # the default: the newest live grant
    chosen = client.open_viewing_session(clip, request_id=older)
    assert chosen.grant.request_id == older and chosen.grant.reason == "甲：投诉核查"
    [entry] = [e for e in viewing_register(people["auditor"]) if e.session_id == chosen.session_id]
    assert (entry.request_id, entry.reason) == (older, "甲：投诉核查")
    vs.revoke_request(people["director"], older, reason="撤销甲")
    # the other grant does not keep this session alive: the stream, ranges and snapshots all stop
    assert httpx.get(chosen.stream_url).status_code == 403
    assert client.record_watched_range(chosen.session_id, 0, 500).grant_live is False
    with pytest.raises(PermissionDeniedError):
        client.take_snapshot(chosen.session_id, 1000)
    with pytest.raises(PermissionDeniedError):
        client.require_session_grant(chosen.session_id)
    assert client.require_viewing_grant(clip).request_id == newer  # while the recording itself stays viewable


def test_a_named_grant_must_be_mine_live_and_cover_the_recording(transport: Transport, people: dict, clip: int,
                                                                 station: Station) -> None:
    other_rec = add_recording(people["custodian"], data=clip_bytes()).id
    mine = grant(people, clip)
    theirs = grant(people, clip, who="investigator2")
    elsewhere = grant(people, other_rec)
    pending = vs.request_viewing(people["investigator"], recording_ids=[clip], reason="待批").request_id
    client = login(transport)
    for request_id, words in ((theirs, "not 'investigator'"), (elsewhere, "does not cover"),
                              (pending, "is pending")):
        before = ViewingSession.select().count()
        with pytest.raises(PermissionDeniedError, match=words) as caught:
            client.open_viewing_session(clip, request_id=request_id)
        assert caught.value.exit_code == 3 and caught.value.message_zh
        event = AuditEvent.select().order_by(AuditEvent.seq.desc()).first()
        assert (event.action, event.outcome, event.details["request_id"]) == (
            "refused.open_recording", "refused", request_id)
        assert ViewingSession.select().count() == before
    with pytest.raises(NotFoundError):
        client.open_viewing_session(clip, request_id=999_999)
    with pytest.raises(InvalidInputError):  # beyond 64 bits: refused before any service runs
        client.open_viewing_session(clip, request_id=2**64)
    assert client.open_viewing_session(clip, request_id=mine).grant.request_id == mine


def test_logging_out_closes_the_viewing_sessions_it_opened(transport: Transport, people: dict, clip: int,
                                                         dispatcher: Dispatcher) -> None:
    grant(people, clip)
    client = login(transport)
    view = client.open_viewing_session(clip)
    client.logout()
    assert httpx.get(view.stream_url).status_code == 403
    session = ViewingSession.get_by_id(view.session_id)
    assert session.closed_at is not None
    closing = AuditEvent.select().where(AuditEvent.action == "viewing.close").get()
    assert closing.details["session"] == client.session.session_id


def test_a_stream_read_counts_as_use_of_the_service_session(dispatcher: Dispatcher, people: dict,
                                                           clip: int) -> None:
    grant(people, clip)
    client = login(InProcessTransport(dispatcher))
    view = client.open_viewing_session(clip)
    [session] = dispatcher.sessions.sessions()
    idle = dispatcher.sessions.idle.total_seconds()
    session.last_used -= idle * 0.7  # no call for a while…
    assert httpx.get(view.stream_url, headers={"Range": "bytes=0-0"}).status_code == 206  # …but a read is use
    session.last_used -= idle * 0.7  # longer than the idle time since the last call, not since the last read
    assert dispatcher.end_expired_sessions() == 0
    session.last_used -= idle * 1.1
    assert dispatcher.end_expired_sessions() == 1
    assert httpx.get(view.stream_url).status_code == 403  # an expired service session streams nothing
    assert ViewingSession.get_by_id(view.session_id).closed_at is not None


# ----------------------------------------------------------------------------------------- snapshots
def test_a_snapshot_is_decoded_by_the_station_from_the_original(transport: Transport, people: dict, clip: int,
                                                                 station: Station) -> None:
    import cv2
    import numpy as np

    grant(people, clip)
    client = login(transport)
    view = client.open_viewing_session(clip)
    snap = client.take_snapshot(view.session_id, 2_500)
    assert isinstance(snap, SnapshotView) and (snap.width, snap.height) == CLIP_SIZE
    row = Snapshot.get_by_id(snap.snapshot_id)
    assert (row.session_id, row.recording_id, row.offset_ms, row.sha256) == (view.session_id, clip, 2_500,
                                                                              snap.sha256)
    assert snap.sha256 != Recording.get_by_id(clip).sha256  # derived evidence, not an original
    image = client.snapshot_image(snap.snapshot_id)
    assert image.media_type == "image/png" and image.content == station.vault.blob_path(snap.sha256).read_bytes()
    picture = cv2.imdecode(np.frombuffer(image.content, np.uint8), cv2.IMREAD_COLOR)
    assert picture.shape == (CLIP_SIZE[1], CLIP_SIZE[0], 3)
    frame = int(2_500 * CLIP_FPS / 1000)  # the clip's frame n is grey 5·n
    assert abs(float(picture.mean()) - 5 * frame) < 4, "the picture of the moment asked for"
    events = [e.action for e in AuditEvent.select().order_by(AuditEvent.seq.desc()).limit(2)]
    assert events == ["viewing.snapshot_image", "viewing.snapshot"]
    with pytest.raises(InvalidInputError):  # the wire refuses a negative time before any service runs
        client.take_snapshot(view.session_id, -1)
    with pytest.raises(PermissionDeniedError):  # someone without a grant gets no snapshot image
        login(transport, "investigator2").snapshot_image(snap.snapshot_id)


# ----------------------------------------------------------------------------------------- thumbnails
def test_thumbnails_only_for_recordings_one_may_know_of(transport: Transport, people: dict, clip: int,
                                                        station: Station) -> None:
    from PIL import Image

    assert make_thumbnails(people["custodian"], [clip]) == 1
    client = login(transport)
    icon = client.recording_thumbnail(clip)
    assert icon is not None and icon.startswith(b"\x89PNG")
    with Image.open(__import__("io").BytesIO(icon)) as image:
        assert image.height == 32 and image.width <= 128  # a list icon, not the strip
    with pytest.raises(PermissionDeniedError):  # the strip shows footage: only under a grant
        client.open_preview(clip)
    grant(people, clip)
    strip = client.open_preview(clip)
    assert strip is not None and len(strip) > len(icon)
    boss = add_person(station, people["admin"], "boss", "director", clearance=3)
    set_classification(boss, clip, "state_secret", reason="涉密")
    with pytest.raises(NotFoundError):  # above the investigator's clearance: as if it did not exist
        client.recording_thumbnail(clip)
    assert AuditEvent.select().order_by(AuditEvent.seq.desc()).first().action == "recording.hidden_access"
    assert client.recording_thumbnail(add_recording(people["custodian"]).id) is None  # no strip was made


def test_no_viewing_answer_names_a_path_in_the_home(transport: Transport, people: dict, clip: int,
                                                    station: Station) -> None:
    make_thumbnails(people["custodian"], [clip])
    request_id = grant(people, clip)
    client = login(transport)
    view = client.open_viewing_session(clip)
    answers = [view, client.require_viewing_grant(clip), client.my_grants(), client.get_request(request_id),
               client.take_snapshot(view.session_id, 100), client.record_watched_range(view.session_id, 0, 100),
               client.close_viewing_session(view.session_id)]
    auditor = login(transport, "auditor")
    answers += [auditor.viewing_register(), auditor.viewing_register_csv()]
    text = json.dumps([json.loads(codec.encode(a)) for a in answers], ensure_ascii=False)
    assert str(station.home.root) not in text and str(station.vault.blob_path(view.sha256)) not in text


# ----------------------------------------------------------------------------------------- libvlc
def test_libvlc_plays_the_stream_headless(dispatcher: Dispatcher, people: dict, clip: int) -> None:
    import time

    from evidence_station.playback.availability import vlc_status
    from evidence_station.playback.vlc_backend import create_instance

    ok, why = vlc_status()
    if not ok:
        pytest.skip(f"libvlc is not available here: {why}")
    grant(people, clip)
    view = login(InProcessTransport(dispatcher)).open_viewing_session(clip)
    instance = create_instance(headless=True)
    player = instance.media_player_new()
    media = instance.media_new(view.stream_url)
    media.add_option(":network-caching=100")
    player.set_media(media)
    try:
        player.play()
        deadline = time.monotonic() + 20
        while time.monotonic() < deadline and not (player.get_length() > 0 and player.get_time() > 0):
            time.sleep(0.05)
        assert player.get_length() > 0 and player.get_time() > 0, "libvlc played the stream URL"
        assert abs(player.get_length() - 4_500) < 500
    finally:
        player.stop()
        player.release()
        media.release()
        instance.release()


def test_snapshots_are_listed_per_recording_without_their_pictures(transport: Transport, people: dict, clip: int,
                                                                   station: Station, clock: FrozenClock) -> None:
    request_id = grant(people, clip)
    client = login(transport)
    view = client.open_viewing_session(clip, request_id=request_id)
    later = client.take_snapshot(view.session_id, 3_000)
    clock.advance(timedelta(minutes=1))
    earlier = client.take_snapshot(view.session_id, 1_000)
    client.close_viewing_session(view.session_id)
    listed = client.list_snapshots(clip)
    assert [(s.snapshot_id, s.offset_ms, s.session_id, s.author) for s in listed] == [
        (earlier.snapshot_id, 1_000, view.session_id, "investigator"), (later.snapshot_id, 3_000, view.session_id,
                                                                        "investigator")]
    assert listed[0].sha256 == earlier.sha256 and listed[0].taken_at == earlier.taken_at
    assert client.list_snapshots(add_recording(people["custodian"]).id) == []
    auditor = login(transport, "auditor")  # may know of the recording: sees the list, not the pictures
    assert [s.snapshot_id for s in auditor.list_snapshots(clip)] == [earlier.snapshot_id, later.snapshot_id]
    with pytest.raises(PermissionDeniedError):
        auditor.snapshot_image(earlier.snapshot_id)
    boss = add_person(station, people["admin"], "boss", "director", clearance=3)
    set_classification(boss, clip, "state_secret", reason="涉密")
    with pytest.raises(NotFoundError):  # above the investigator's clearance: as if it did not exist
        client.list_snapshots(clip)
    assert AuditEvent.select().order_by(AuditEvent.seq.desc()).first().action == "recording.hidden_access"
    with pytest.raises(InvalidInputError):  # an id out of range is refused before any service runs
        client.list_snapshots(99999999999999999999999)
