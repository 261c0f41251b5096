"""Classified footage is streamed only to desks on the service's own machine, unless an administrator allows a named
remote desk (its address, in the audited security setting ``classified_remote_desks``) — and so are its pictures: the
preview strip, snapshot images and the Library's list icon."""

from __future__ import annotations

import itertools
from collections.abc import Iterator
from contextlib import contextmanager

import pytest

from evidence_station.catalogue.audit_tables import AuditEvent
from evidence_station.client.station_client import StationClient
from evidence_station.domain.errors import InvalidInputError, PermissionDeniedError
from evidence_station.server.http_app import remote_desk
from evidence_station.services import viewing_pictures as vp
from evidence_station.services import viewing_service as vs
from evidence_station.services.context import ServiceContext
from evidence_station.services.settings_service import set_setting
from evidence_station.services.station import Station
from evidence_station.services.thumbnail_service import make_thumbnails
from tests.helpers.people import add_person
from tests.helpers.recordings import add_recording, clip_bytes

REMOTE = "10.20.30.40"
_FRAMES = itertools.count(40)


@pytest.fixture
def agent(station: Station, people: dict[str, ServiceContext]) -> ServiceContext:
    return add_person(station, people["admin"], "agent", "investigator", clearance=3)


def _granted(people: dict[str, ServiceContext], agent: ServiceContext, classification: str,
             data: bytes | None = None) -> int:
    rec = add_recording(people["custodian"], classification=classification, data=data).id
    boss = add_person(people["admin"].station, people["admin"], f"boss{rec}", "director", clearance=3)
    vs.approve_request(boss, vs.request_viewing(agent, recording_ids=[rec], reason="专案").request_id)
    return rec


def _at(ctx: ServiceContext, desk: str | None) -> ServiceContext:
    return ServiceContext(ctx.station, ctx.actor, session_id="s-test", desk=desk)


def test_classified_footage_is_refused_to_a_remote_desk_unless_an_administrator_allows_it(
    people: dict[str, ServiceContext], agent: ServiceContext
) -> None:
    secret = _granted(people, agent, "commercial_secret")
    with pytest.raises(PermissionDeniedError) as refused:
        vs.open_viewing_session(_at(agent, REMOTE), secret)
    assert REMOTE in str(refused.value) and "涉密记录只向工作站服务本机" in refused.value.text_zh()
    event = AuditEvent.select().order_by(AuditEvent.seq.desc()).first()
    assert (event.action, event.outcome, event.details["desk"]) == ("refused.classified_stream", "refused", REMOTE)
    assert vs.open_viewing_session(_at(agent, None), secret).classification == "commercial_secret"  # this machine
    set_setting(people["admin"], "classified_remote_desks", f"10.0.0.9, {REMOTE}", reason="专案组远程审看席位")
    assert vs.open_viewing_session(_at(agent, REMOTE), secret).classification == "commercial_secret"
    with pytest.raises(PermissionDeniedError):
        vs.open_viewing_session(_at(agent, "10.20.30.41"), secret)  # another remote desk


def test_ordinary_and_restricted_footage_streams_to_any_desk(people: dict[str, ServiceContext],
                                                             agent: ServiceContext) -> None:
    for classification in ("ordinary", "restricted"):
        rec = _granted(people, agent, classification)
        assert vs.open_viewing_session(_at(agent, REMOTE), rec).classification == classification


def _pictured(people: dict[str, ServiceContext], agent: ServiceContext, classification: str) -> tuple[int, int]:
    """A granted real video of ``classification`` with its thumbnail strip and one snapshot (taken at this
    machine): the recording and the snapshot ids."""
    rec = _granted(people, agent, classification, data=clip_bytes(next(_FRAMES)))  # bytes of its own: its own strip
    assert make_thumbnails(people["custodian"], [rec]) == 1
    session = vs.open_viewing_session(_at(agent, None), rec)
    snapshot = vp.take_snapshot(_at(agent, None), session.session_id, 1_000)
    return rec, snapshot.snapshot_id


def _last_event() -> AuditEvent:
    return AuditEvent.select().order_by(AuditEvent.seq.desc()).first()


def test_pictures_of_classified_footage_reach_a_remote_desk_only_when_an_administrator_allows_it(
    people: dict[str, ServiceContext], agent: ServiceContext
) -> None:
    secret, snapshot = _pictured(people, agent, "commercial_secret")
    remote = _at(agent, REMOTE)
    assert vp.recording_thumbnail(remote, secret) is None  # the Library shows a placeholder, nothing is audited
    for ask, picture in ((lambda: vp.open_preview(remote, secret), "preview"),
                         (lambda: vp.snapshot_image(remote, snapshot), "snapshot")):
        before = AuditEvent.select().where(AuditEvent.action == f"viewing.{picture}").count()
        with pytest.raises(PermissionDeniedError) as refused:
            ask()
        assert refused.value.exit_code == 3 and REMOTE in str(refused.value)
        assert "涉密记录只向工作站服务本机" in refused.value.text_zh()
        event = _last_event()
        assert (event.action, event.outcome, event.object_id, event.details["desk"]) == (
            f"refused.classified_{picture}", "refused", str(secret), REMOTE)
        assert AuditEvent.select().where(AuditEvent.action == f"viewing.{picture}").count() == before  # no bytes
    here = _at(agent, None)  # the desk on the service's own machine gets them all
    icon, strip = vp.recording_thumbnail(here, secret), vp.open_preview(here, secret)
    image = vp.snapshot_image(here, snapshot)
    assert icon and strip and icon.startswith(b"\x89PNG") and strip.startswith(b"\x89PNG")
    assert image.content.startswith(b"\x89PNG")
    set_setting(people["admin"], "classified_remote_desks", REMOTE, reason="专案组远程审看席位")
    assert vp.recording_thumbnail(remote, secret) == icon
    assert vp.open_preview(remote, secret) == strip
    assert vp.snapshot_image(remote, snapshot).content == image.content
    other = _at(agent, "10.20.30.41")  # another remote desk stays refused
    assert vp.recording_thumbnail(other, secret) is None
    with pytest.raises(PermissionDeniedError):
        vp.open_preview(other, secret)
    with pytest.raises(PermissionDeniedError):
        vp.snapshot_image(other, snapshot)


def test_pictures_of_ordinary_and_restricted_footage_reach_any_desk(people: dict[str, ServiceContext],
                                                                    agent: ServiceContext) -> None:
    for classification in ("ordinary", "restricted"):
        rec, snapshot = _pictured(people, agent, classification)
        remote = _at(agent, REMOTE)
        assert vp.recording_thumbnail(remote, rec) is not None and vp.open_preview(remote, rec) is not None
        assert vp.snapshot_image(remote, snapshot).content.startswith(b"\x89PNG")


def test_the_setting_holds_addresses_only(people: dict[str, ServiceContext]) -> None:
    with pytest.raises(InvalidInputError):
        set_setting(people["admin"], "classified_remote_desks", "desk-3.example", reason="x")
    assert set_setting(people["admin"], "classified_remote_desks", "", reason="撤销").new == ""


@pytest.mark.parametrize(("peer", "desk"), [(None, None), ("", None), ("127.0.0.1", None), ("::1", None),
                                            ("192.168.1.20", "192.168.1.20")])
def test_a_desk_is_remote_unless_it_comes_by_the_unix_socket_or_loopback(peer: str | None, desk: str | None) -> None:
    assert remote_desk(peer) == desk


def _own_address() -> str | None:
    """A non-loopback address of this machine (None: it has none)."""
    import socket

    probe = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
    try:
        probe.connect(("10.255.255.255", 9))  # no packet is sent: this only picks the outgoing interface
        address = probe.getsockname()[0]
    except OSError:
        return None
    finally:
        probe.close()
    return None if address.startswith("127.") else address


@contextmanager
def _over_the_network(station: Station, user: str) -> Iterator[tuple[StationClient, str]]:
    """``user`` logged in to a station service listening on this machine's own network address (so the service
    sees a remote desk): the client and that address."""
    from evidence_station.client.transport import HttpTransport
    from evidence_station.server.dispatch import Dispatcher
    from evidence_station.server.http_app import create_app
    from evidence_station.server.listen import tcp_socket
    from evidence_station.server.runner import BackgroundServer, uvicorn_config
    from tests.conftest import PASSWORD

    address = _own_address()
    assert address is not None
    sock = tcp_socket(address, 0)
    port = sock.getsockname()[1]
    dispatcher = Dispatcher(station)
    server = BackgroundServer(uvicorn_config(create_app(dispatcher)), [sock]).start()
    transport = HttpTransport(f"http://{address}:{port}")
    try:
        yield StationClient.login(transport, user, PASSWORD), address
    finally:
        transport.close()  # the server waits for open connections when it stops
        server.stop()
        dispatcher.streams.stop()


needs_a_network_address = pytest.mark.skipif(_own_address() is None,
                                             reason="this machine has no non-loopback address to connect from")


@needs_a_network_address
def test_a_desk_that_logs_in_over_the_network_is_refused_classified_footage(
    station: Station, people: dict[str, ServiceContext], agent: ServiceContext
) -> None:
    secret = _granted(people, agent, "state_secret")
    with _over_the_network(station, "agent") as (client, address):
        with pytest.raises(PermissionDeniedError):
            client.open_viewing_session(secret)
        opened = AuditEvent.select().where(AuditEvent.action == "session.open").order_by(AuditEvent.seq.desc()).get()
        assert opened.details["desk"] == address


@needs_a_network_address
def test_a_desk_that_logs_in_over_the_network_gets_no_picture_of_classified_footage(
    station: Station, people: dict[str, ServiceContext], agent: ServiceContext
) -> None:
    secret, snapshot = _pictured(people, agent, "state_secret")
    ordinary, ordinary_snapshot = _pictured(people, agent, "ordinary")
    with _over_the_network(station, "agent") as (client, address):
        assert client.recording_thumbnail(secret) is None
        with pytest.raises(PermissionDeniedError) as refused:
            client.open_preview(secret)
        assert refused.value.exit_code == 3 and address in str(refused.value)
        assert (_last_event().action, _last_event().details["desk"]) == ("refused.classified_preview", address)
        with pytest.raises(PermissionDeniedError):
            client.snapshot_image(snapshot)
        assert _last_event().action == "refused.classified_snapshot"
        # ordinary footage's pictures cross the network as before
        assert client.recording_thumbnail(ordinary).startswith(b"\x89PNG")
        assert client.open_preview(ordinary).startswith(b"\x89PNG")
        assert client.snapshot_image(ordinary_snapshot).content.startswith(b"\x89PNG")
        set_setting(people["admin"], "classified_remote_desks", address, reason="专案组远程审看席位")
        assert client.recording_thumbnail(secret).startswith(b"\x89PNG")
        assert client.open_preview(secret).startswith(b"\x89PNG")
        assert client.snapshot_image(snapshot).content.startswith(b"\x89PNG")


# -- the disc image of a classified export (a classified carrier holds the footage itself) -------------------------
def _export(people: dict[str, ServiceContext], classification: str) -> tuple[ServiceContext, int]:
    """A clerk (cleared for secrets) and a verified export of one recording of ``classification``."""
    from evidence_station.services.case_service import add_case, attach_recordings
    from evidence_station.services.export_service import export_evidence

    admin, station = people["admin"], people["admin"].station
    rec = add_recording(people["custodian"], classification=classification).id
    clerk = add_person(station, admin, f"clerk{rec}", "clerk", clearance=3)
    case = add_case(clerk, title="某公司拖欠工资案", number=f"明人社监〔2026〕{rec}号")
    attach_recordings(clerk, case.case_id, [rec])
    if classification in ("commercial_secret", "state_secret"):
        chief = add_person(station, admin, f"chief{rec}", "director", clearance=3)
        vs.approve_request(chief, vs.request_viewing(clerk, recording_ids=[rec], reason="作为证据附卷",
                                                     kind="secret_export").request_id)
    result = export_evidence(clerk, case.case_id, producer=clerk.actor.name, extractor="李四（执法证 33010001）",
                             secrecy_period="10年" if classification.endswith("secret") else "")
    assert result.verified
    return clerk, result.export_id


def test_the_image_of_a_classified_export_reaches_a_remote_desk_only_when_an_administrator_allows_it(
    people: dict[str, ServiceContext]
) -> None:
    from evidence_station.services.export_discs import open_export_image

    clerk, export_id = _export(people, "state_secret")
    with pytest.raises(PermissionDeniedError) as refused:
        open_export_image(_at(clerk, REMOTE), export_id, 1)
    assert refused.value.exit_code == 3 and REMOTE in str(refused.value)
    assert "涉密载体" in refused.value.text_zh() and "settings set classified_remote_desks" in refused.value.text_zh()
    event = _last_event()
    assert (event.action, event.outcome, event.object_type, event.object_id) == (
        "refused.classified_image", "refused", "export", str(export_id))
    assert (event.details["desk"], event.details["disc"], event.details["classification"]) == (
        REMOTE, 1, "state_secret")
    assert not AuditEvent.select().where(AuditEvent.action == "export.download").exists()
    with open_export_image(_at(clerk, None), export_id, 1) as image:  # a desk on the station's own machine
        assert image.read(16)
    set_setting(people["admin"], "classified_remote_desks", REMOTE, reason="专案组远程制作席位")
    with open_export_image(_at(clerk, REMOTE), export_id, 1) as image:
        assert image.read(16)
    with pytest.raises(PermissionDeniedError):
        open_export_image(_at(clerk, "10.20.30.41"), export_id, 1)  # another remote desk stays refused


def test_the_image_of_an_ordinary_export_reaches_any_desk(people: dict[str, ServiceContext]) -> None:
    from evidence_station.services.export_discs import open_export_image

    clerk, export_id = _export(people, "restricted")
    with open_export_image(_at(clerk, REMOTE), export_id, 1) as image:
        assert image.read(16)


@needs_a_network_address
def test_a_desk_that_logs_in_over_the_network_cannot_download_a_classified_disc_image(
    station: Station, people: dict[str, ServiceContext]
) -> None:
    clerk, export_id = _export(people, "commercial_secret")
    with _over_the_network(station, clerk.actor.name) as (client, address):
        with pytest.raises(PermissionDeniedError) as refused, client.download_export_image(export_id, 1):
            pass
        assert refused.value.exit_code == 3 and address in str(refused.value)
        assert (_last_event().action, _last_event().details["desk"]) == ("refused.classified_image", address)
        set_setting(people["admin"], "classified_remote_desks", address, reason="专案组远程制作席位")
        with client.download_export_image(export_id, 1) as stream:
            assert stream.read(16)
