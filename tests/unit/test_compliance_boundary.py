"""Compliance and retention through the station service (in-process and over HTTP on a Unix socket): the client
gets what the services return in-process, the service refuses what a role may not do, ids and counts out of
range are refused before any service runs, and documents cross as bytes — no result names a path in the home."""

from __future__ import annotations

import dataclasses
import hashlib
from datetime import timedelta

import pytest

from evidence_station.api import codec
from evidence_station.client.station_client import StationClient
from evidence_station.client.transport import Transport
from evidence_station.domain.clock import FrozenClock
from evidence_station.domain.errors import InvalidInputError, PermissionDeniedError
from evidence_station.services.compliance_report import monthly_figures
from evidence_station.services.context import ServiceContext
from evidence_station.services.dashboard_service import build_dashboard
from evidence_station.services.device_service import get_device, list_devices
from evidence_station.services.retention_service import get_disposal, retention_of
from tests.conftest import PASSWORD
from tests.helpers.recordings import make_recordings


def _login(transport: Transport, name: str) -> StationClient:
    return StationClient.login(transport, name, PASSWORD)


def _no_home_path(ctx: ServiceContext, value: object) -> None:
    assert str(ctx.station.home.root) not in codec.encode(value).decode()


def test_compliance_results_through_the_client_equal_the_services(
    transport: Transport, people: dict[str, ServiceContext], clock: FrozenClock
) -> None:
    custodian = _login(transport, "custodian")
    device = custodian.add_device(serial="Z8A0001", model="DSJ-V9", group="一组", responsible_person="王组长")
    check = custodian.add_pre_use_check(serial="Z8A0001", offset_s=42.0, checked_at=clock.now())
    assert check.finding_id and device.needs_completion is False
    start = clock.now() - timedelta(hours=3)
    activity = custodian.add_activity(kind="obstruction", place="某工地", start=start, end=start + timedelta(hours=1),
                                      devices=["Z8A0001"], officers=["010203"])
    record = custodian.add_non_recording_record(reason="secret_or_privacy", basis="涉及商业秘密", reporter="张三",
                                                head_acknowledged="李队长", occurred_on=start.date(),
                                                activity_id=activity.id)
    assert record.activity_id == activity.id
    resolved = custodian.resolve_finding(finding_id=check.finding_id, resolution="已校时")
    assert resolved.finding.status == "resolved" and resolved.resolved_by == "custodian"

    clerk = _login(transport, "clerk")
    assert clerk.list_devices() == list_devices(people["clerk"])
    assert clerk.get_device("Z8A0001") == get_device(people["clerk"], "Z8A0001")
    board = clerk.build_dashboard(weeks=2)
    assert dataclasses.replace(board, generated_at=None) == dataclasses.replace(
        build_dashboard(people["clerk"], weeks=2), generated_at=None)
    month = f"{clock.now():%Y-%m}"
    report = clerk.monthly_report(month=month)
    assert report.figures == monthly_figures(people["clerk"], month=month)
    assert report.document.content.startswith(b"%PDF") and report.document.media_type == "application/pdf"
    assert hashlib.sha256(report.document.content).hexdigest() == report.sha256
    _no_home_path(people["clerk"], report.figures)


def test_the_service_refuses_what_a_role_may_not_and_values_out_of_range(
    transport: Transport, people: dict[str, ServiceContext]
) -> None:
    clerk = _login(transport, "clerk")
    for refused in (lambda: clerk.add_device(serial="Z9"), lambda: clerk.approve_disposal(1),
                    lambda: clerk.propose_disposal([1], reason="x"), lambda: clerk.place_hold([1], reason="x")):
        with pytest.raises(PermissionDeniedError) as caught:
            refused()
        assert caught.value.exit_code == 3
    for out_of_range in (lambda: clerk.approve_disposal(0), lambda: clerk.disposal_certificate(2**63),
                         lambda: clerk.build_dashboard(weeks=0), lambda: clerk.build_dashboard(undocked_days=10**6),
                         lambda: clerk.due_for_disposal(within_days=-1), lambda: clerk.retention_of(0),
                         lambda: clerk.resolve_finding(finding_id=99999999999999999999999, resolution="x"),
                         lambda: clerk.explain_gap(finding_id=1, reason="battery", spoken_offset_s=-1.0),
                         lambda: clerk.assign_recordings(activity_id=1, recording_ids=[0])):
        with pytest.raises(InvalidInputError) as refused_value:
            out_of_range()
        assert refused_value.value.exit_code == 2


def test_a_disposal_through_the_client_and_its_certificate_as_a_document(
    transport: Transport, people: dict[str, ServiceContext], clock: FrozenClock
) -> None:
    recordings = make_recordings(people["custodian"])
    clock.advance(timedelta(days=366))
    custodian, director = _login(transport, "custodian"), _login(transport, "director")
    assert [d.recording_id for d in custodian.due_for_disposal()] == recordings
    holds = director.place_hold([recordings[1]], reason="诉讼保全")
    assert isinstance(holds, tuple) and holds[0].active
    assert custodian.retention_of(recordings[1]) == retention_of(people["custodian"], recordings[1])
    proposal = custodian.propose_disposal([recordings[0]], reason="保存期满")
    assert not proposal.has_certificate
    done = director.approve_disposal(proposal.proposal_id)
    assert done == get_disposal(people["director"], proposal.proposal_id)
    assert done.status == "approved" and done.has_certificate and [i.blob for i in done.disposed] == ["removed"]
    _no_home_path(people["director"], done)
    certificate = custodian.disposal_certificate(proposal.proposal_id)
    assert certificate.content.startswith(b"%PDF")
    assert hashlib.sha256(certificate.content).hexdigest() == done.certificate_sha256
