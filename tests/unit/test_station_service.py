"""The station service's front desk: sessions, calls and jobs, in-process and over HTTP on a Unix socket."""

from __future__ import annotations

import threading
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

from evidence_station.api.recordings import RecordingCount, RecordingView
from evidence_station.api.session import LoginRequest
from evidence_station.client.station_client import StationClient
from evidence_station.client.transport import HttpTransport, Transport
from evidence_station.domain.errors import (
    AuthenticationError,
    InvalidInputError,
    NotFoundError,
    OperationCancelledError,
    SessionExpiredError,
    StationUnreachableError,
)
from evidence_station.domain.progress import CancelToken, Progress, Stage
from evidence_station.server.dispatch import Dispatcher
from evidence_station.server.listen import unix_socket
from evidence_station.server.operations import build_operations
from evidence_station.services.station import Station
from tests.conftest import PASSWORD
from tests.helpers.transports import WAYS, reached


def test_a_login_opens_a_session_that_names_the_actor_and_the_station(transport: Transport, station: Station):
    client = StationClient.login(transport, "investigator", PASSWORD)
    assert client.actor.name == "investigator"
    assert client.station.station_uid == station.station_uid
    assert client.station.zone == "Asia/Shanghai"
    assert client.session.session_id.startswith("S-")
    assert abs((client.now() - station.clock.now()).total_seconds()) < 5


def test_calls_return_the_services_typed_results(transport: Transport):
    client = StationClient.login(transport, "custodian", PASSWORD)
    assert client.list_recordings(limit=10) == []
    count = client.count_recordings(cap=10)
    assert isinstance(count, RecordingCount) and count == RecordingCount(0, False)
    with pytest.raises(NotFoundError) as caught:
        client.get_recording(42)
    assert caught.value.exit_code == 4 and "42" in caught.value.message and caught.value.message_zh


def test_wrong_password_unknown_arguments_and_out_of_range_values_are_refused(transport: Transport):
    with pytest.raises(AuthenticationError) as caught:
        StationClient.login(transport, "custodian", "wrong-password-1")
    assert caught.value.exit_code == 3
    client = StationClient.login(transport, "custodian", PASSWORD)
    with pytest.raises(InvalidInputError):
        client.transport.call(client.token, "list_recordings", b'{"no_such_argument": 1}')
    with pytest.raises(InvalidInputError):
        client.get_recording(99999999999999999999999)
    with pytest.raises(InvalidInputError):
        client.list_recordings(limit=0)
    with pytest.raises(NotFoundError):
        client.transport.call(client.token, "drop_everything", b"{}")


def test_a_session_ends_at_logout_and_its_token_is_then_refused(transport: Transport, station: Station):
    client = StationClient.login(transport, "auditor", PASSWORD)
    client.list_recordings()
    client.logout()
    with pytest.raises(SessionExpiredError) as caught:
        client.list_recordings()
    assert caught.value.exit_code == 3
    with pytest.raises(SessionExpiredError):
        StationClient.resume(transport, "not-a-token")


def test_audit_events_name_the_session(transport: Transport, station: Station):
    from evidence_station.catalogue.audit_tables import AuditEvent

    client = StationClient.login(transport, "custodian", PASSWORD)
    client.logout()
    events = list(AuditEvent.select().where(AuditEvent.actor == "custodian").order_by(AuditEvent.seq))
    session_events = [(e.action, e.details.get("session")) for e in events if e.action.startswith("session.")]
    sid = client.session.session_id
    assert session_events == [("session.open", sid), ("session.close", sid)]


# -- jobs: progress and cancel ---------------------------------------------------------------------------------
class _JobApi:
    """A test protocol with one job."""

    def count_slowly(self, *, to: int, progress=None, cancel=None) -> int:
        """Count to ``to``, reporting each step."""
        ...


def _count_slowly(ctx, *, to: int, progress=None, cancel=None) -> int:
    for i in range(to):
        if cancel is not None:
            cancel.raise_if_cancelled()
        progress(Progress(i + 1, to, "files", f"step {i + 1}", stage=Stage.COPYING))
        time.sleep(0.02)
    return to


@pytest.fixture
def job_dispatcher(station: Station, people: dict) -> Dispatcher:
    return Dispatcher(station, operations=build_operations({"count_slowly": _count_slowly}, api=_JobApi))


@pytest.fixture(params=WAYS)
def job_transport(request, job_dispatcher: Dispatcher, tmp_path: Path) -> Iterator[Transport]:
    with reached(request.param, job_dispatcher, tmp_path / "station.sock") as way:
        yield way


def test_a_job_streams_typed_progress_and_returns_its_result(job_transport: Transport):
    session = job_transport.login(LoginRequest("custodian", PASSWORD))
    seen: list[Progress] = []
    raw = job_transport.job(session.token, "count_slowly", b'{"to": 5}', seen.append, None)
    assert raw == b"5"
    assert [p.done for p in seen] == [1, 2, 3, 4, 5]
    assert {p.stage for p in seen} == {Stage.COPYING} and seen[-1].item == "step 5"


def test_a_cancelled_job_stops_and_says_so(job_transport: Transport):
    session = job_transport.login(LoginRequest("custodian", PASSWORD))
    cancel = CancelToken()
    seen: list[Progress] = []

    def progress(report: Progress) -> None:
        seen.append(report)
        if report.done == 3:
            cancel.cancel()

    started = time.monotonic()
    with pytest.raises(OperationCancelledError):
        job_transport.job(session.token, "count_slowly", b'{"to": 500}', progress, cancel)
    assert len(seen) < 50 and time.monotonic() - started < 5


def test_an_unreachable_service_is_exit_code_5_naming_the_url(tmp_path: Path):
    http = HttpTransport(f"unix:{tmp_path / 'nobody.sock'}")
    with pytest.raises(StationUnreachableError) as caught:
        StationClient.login(http, "custodian", PASSWORD)
    assert caught.value.exit_code == 5 and "nobody.sock" in caught.value.message


def test_the_unix_socket_is_mode_0660(tmp_path: Path):
    path = tmp_path / "s.sock"
    sock = unix_socket(path)
    try:
        assert path.stat().st_mode & 0o777 == 0o660
    finally:
        sock.close()


def test_calls_from_several_threads_share_the_service(transport: Transport):
    client = StationClient.login(transport, "custodian", PASSWORD)
    errors: list[BaseException] = []

    def work() -> None:
        try:
            for _ in range(5):
                assert isinstance(client.list_recordings(limit=5), list)
        except BaseException as exc:
            errors.append(exc)

    threads = [threading.Thread(target=work) for _ in range(4)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert not errors


def test_results_equal_what_the_services_return_in_process(transport: Transport, people: dict, tmp_path: Path):
    from datetime import date

    from evidence_station.media.demo_card import write_demo_card
    from evidence_station.services.import_service import import_card
    from evidence_station.services.recordings_service import list_recordings

    write_demo_card(tmp_path / "card", seed=3, day=date(2026, 11, 24))
    import_card(people["custodian"], tmp_path / "card")
    client = StationClient.login(transport, "investigator", PASSWORD)
    remote = client.list_recordings()
    assert remote and all(isinstance(r, RecordingView) for r in remote)
    assert remote == list_recordings(people["investigator"])
    page = client.list_recordings(limit=2)
    after = client.list_recordings(limit=2, after=(page[-1].start, page[-1].id))
    assert [r.id for r in page + after] == [r.id for r in remote[:4]]


@pytest.mark.parametrize(("url", "allowed"), [
    ("http://127.0.0.1:47321", True), ("http://localhost:47321", True), ("http://[::1]:47321", True),
    ("http://10.0.0.5:47321", False), ("http://station.example:47321", False), ("ftp://127.0.0.1", False),
])
def test_plain_http_is_for_this_machine_only(url: str, allowed: bool):
    from evidence_station.client.connect import StationTarget, http_transport

    if allowed:
        http_transport(StationTarget(url=url)).close()
    else:
        with pytest.raises(InvalidInputError):
            http_transport(StationTarget(url=url))
