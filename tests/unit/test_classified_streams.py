"""Classified footage is streamed only to desks on the service's own machine, unless an administrator allows a named
remote desk (its address, in the audited security setting ``classified_remote_desks``)."""

from __future__ import annotations

import pytest

from evidence_station.catalogue.audit_tables import AuditEvent
from evidence_station.domain.errors import InvalidInputError, PermissionDeniedError
from evidence_station.server.http_app import remote_desk
from evidence_station.services import viewing_service as vs
from evidence_station.services.context import ServiceContext
from evidence_station.services.settings_service import set_setting
from evidence_station.services.station import Station
from tests.unit.test_viewing import add_person, make_recording

REMOTE = "10.20.30.40"


@pytest.fixture
def agent(station: Station, people: dict[str, ServiceContext]) -> ServiceContext:
    return add_person(station, people["admin"], "agent", "investigator", clearance=3)


def _granted(people: dict[str, ServiceContext], agent: ServiceContext, classification: str) -> int:
    rec = make_recording(people["custodian"], classification=classification)
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


@pytest.mark.skipif(_own_address() is None, reason="this machine has no non-loopback address to connect from")
def test_a_desk_that_logs_in_over_the_network_is_refused_classified_footage(
    station: Station, people: dict[str, ServiceContext], agent: ServiceContext
) -> None:
    from evidence_station.client.station_client import StationClient
    from evidence_station.client.transport import HttpTransport
    from evidence_station.server.dispatch import Dispatcher
    from evidence_station.server.http_app import create_app
    from evidence_station.server.listen import tcp_socket
    from evidence_station.server.runner import BackgroundServer, uvicorn_config
    from tests.conftest import PASSWORD

    secret = _granted(people, agent, "state_secret")
    address = _own_address()
    sock = tcp_socket(address, 0)
    port = sock.getsockname()[1]
    server = BackgroundServer(uvicorn_config(create_app(Dispatcher(station))), [sock]).start()
    transport = HttpTransport(f"http://{address}:{port}")
    try:
        client = StationClient.login(transport, "agent", PASSWORD)
        with pytest.raises(PermissionDeniedError):
            client.open_viewing_session(secret)
        opened = AuditEvent.select().where(AuditEvent.action == "session.open").order_by(AuditEvent.seq.desc()).get()
        assert opened.details["desk"] == address
    finally:
        transport.close()  # the server waits for open connections when it stops
        server.stop()
