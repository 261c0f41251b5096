"""Cases: create, attach recordings, list/show, close with a retention period; permissions and refusals."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from evidence_station.catalogue.audit_tables import AuditEvent
from evidence_station.catalogue.cases import Case, CaseRecording
from evidence_station.catalogue.recordings import Recording
from evidence_station.domain.cases import parse_retention
from evidence_station.domain.errors import InvalidInputError, NotFoundError, PermissionDeniedError
from evidence_station.services.case_service import (
    add_case,
    attach_recordings,
    close_case,
    detach_recordings,
    get_case,
    list_cases,
)
from evidence_station.services.context import ServiceContext
from tests.helpers.recordings import make_recordings


@pytest.fixture
def recordings(people: dict[str, ServiceContext]) -> list[int]:
    """Three catalogued recordings (one with a Chinese name) imported by the custodian."""
    return make_recordings(people["custodian"])


def _events(action: str) -> list[AuditEvent]:
    return list(AuditEvent.select().where(AuditEvent.action == action).order_by(AuditEvent.seq))


def test_add_attach_show_and_list(people: dict[str, ServiceContext], recordings: list[int]) -> None:
    clerk = people["clerk"]
    case = add_case(clerk, title="某建筑公司拖欠工资案", number="明人社监〔2026〕12号", parties="某建筑公司、王五")
    assert (case.number, case.status, case.recording_ids) == ("明人社监〔2026〕12号", "open", ())
    first = attach_recordings(clerk, case.case_id, [recordings[0], recordings[1]])
    again = attach_recordings(clerk, case.case_id, [recordings[1], recordings[2]])
    assert first.attached == (recordings[0], recordings[1])
    assert (again.attached, again.already_attached) == ((recordings[2],), (recordings[1],))
    shown = get_case(people["auditor"], case.case_id)
    assert shown.recording_ids == tuple(recordings)
    assert shown.recordings[1].file_name == "现场询问录音_李四.WAV"
    assert [c.case_id for c in list_cases(people["director"])] == [case.case_id]
    attached = _events("case.attach")
    assert [len(e.details["recordings"]) for e in attached] == [2, 1]
    assert _events("case.add")[0].details["number"] == "明人社监〔2026〕12号"


def test_numbers_are_generated_and_unique(people: dict[str, ServiceContext]) -> None:
    clerk = people["clerk"]
    assert add_case(clerk, title="甲").number == "CASE-2026-0001"
    assert add_case(people["investigator"], title="乙").number == "CASE-2026-0002"
    add_case(clerk, title="丙", number="X-1")
    with pytest.raises(InvalidInputError, match="already exists"):
        add_case(clerk, title="丁", number="X-1")
    with pytest.raises(InvalidInputError, match="title"):
        add_case(clerk, title="   ")
    assert Case.select().count() == 3


@pytest.mark.parametrize("who", ["director", "auditor", "admin"])
def test_roles_without_case_management_are_refused_and_audited(
    people: dict[str, ServiceContext], recordings: list[int], who: str
) -> None:
    case = add_case(people["clerk"], title="甲")
    with pytest.raises(PermissionDeniedError):
        add_case(people[who], title="乙")
    with pytest.raises(PermissionDeniedError):
        attach_recordings(people[who], case.case_id, recordings)
    assert Case.select().count() == 1 and CaseRecording.select().count() == 0
    refused = _events("refused.manage_cases")
    assert len(refused) == 2 and {e.actor for e in refused} == {who}
    assert all(e.outcome == "refused" for e in refused)


def test_attach_refuses_disposed_missing_and_closed(people: dict[str, ServiceContext], recordings: list[int]) -> None:
    clerk = people["clerk"]
    case = add_case(clerk, title="甲")
    Recording.update(disposed_at=datetime(2026, 1, 1, tzinfo=UTC)).where(Recording.id == recordings[0]).execute()
    with pytest.raises(InvalidInputError, match="disposed"):
        attach_recordings(clerk, case.case_id, recordings)
    with pytest.raises(NotFoundError, match="9999"):
        attach_recordings(clerk, case.case_id, [9999])
    with pytest.raises(NotFoundError, match="No case"):
        attach_recordings(clerk, 4242, recordings[1:])
    assert CaseRecording.select().count() == 0  # nothing half-attached
    close_case(clerk, case.case_id, retention="10y")
    with pytest.raises(InvalidInputError, match="closed"):
        attach_recordings(clerk, case.case_id, recordings[1:])


def test_detach_only_what_is_attached(people: dict[str, ServiceContext], recordings: list[int]) -> None:
    clerk = people["clerk"]
    case = add_case(clerk, title="甲")
    attach_recordings(clerk, case.case_id, recordings)
    assert detach_recordings(clerk, case.case_id, [recordings[0]]).recording_ids == tuple(recordings[1:])
    with pytest.raises(NotFoundError, match="not attached"):
        detach_recordings(clerk, case.case_id, [recordings[0]])
    assert _events("case.detach")[0].details["recordings"] == [recordings[0]]


def test_close_stores_retention(people: dict[str, ServiceContext]) -> None:
    clerk = people["clerk"]
    closed = close_case(clerk, add_case(clerk, title="甲").case_id, retention="30y")
    assert (closed.status, closed.retention) == ("closed", "30y")
    assert closed.closed_at == clerk.now()
    assert closed.retention_until == clerk.now().replace(year=2056)
    forever = close_case(clerk, add_case(clerk, title="乙").case_id, retention="永久")
    assert (forever.retention, forever.retention_until) == ("permanent", None)
    with pytest.raises(InvalidInputError, match="already closed"):
        close_case(clerk, closed.case_id, retention="10y")
    assert [c.case_id for c in list_cases(clerk, status="closed")] == [forever.case_id, closed.case_id]
    assert _events("case.close")[0].details["retention"] == "30y"


def test_retention_parsing() -> None:
    assert parse_retention("10 years").years == 10
    assert parse_retention("30年").text == "30y"
    leap = datetime(2028, 2, 29, tzinfo=UTC)
    assert parse_retention("1y").until(leap) == datetime(2029, 2, 28, tzinfo=UTC)
    for bad in ("0y", "ten years", "", "5m"):
        with pytest.raises(InvalidInputError):
            parse_retention(bad)


def test_a_secret_above_the_users_clearance_is_not_in_the_case_as_they_see_it(
    people: dict[str, ServiceContext], recordings: list[int]
) -> None:
    """Art. 20: `case show`/`case list` leave out (and do not count) a recording above the user's clearance; attaching
    or detaching it answers as for a recording that does not exist, and the attempt is audited."""
    from evidence_station.services.classification_service import set_classification
    from tests.helpers.people import add_person

    chief = add_person(people["admin"].station, people["admin"], "chief", "director", clearance=3)
    cleared = add_person(people["admin"].station, people["admin"], "clerk3", "clerk", clearance=3)
    secret = recordings[1]
    set_classification(chief, secret, "state_secret", reason="涉及国家秘密")
    clerk = people["clerk"]
    case = add_case(clerk, title="某建筑公司拖欠工资案")
    with pytest.raises(NotFoundError, match=f"^No recording with id {secret}\\.$"):
        attach_recordings(clerk, case.case_id, [recordings[0], secret])
    assert CaseRecording.select().count() == 0  # nothing of the refused call was attached
    hidden = _events("recording.hidden_access")
    assert [(e.actor, e.object_id, e.details["attempted"], e.outcome) for e in hidden] == [
        ("clerk", str(secret), "attach_recordings", "refused")]
    attach_recordings(cleared, case.case_id, recordings)
    shown = get_case(clerk, case.case_id)
    assert shown.recording_ids == (recordings[0], recordings[2])
    assert [r.id for r in shown.recordings] == [recordings[0], recordings[2]]
    assert all(r.sha256 != Recording.get_by_id(secret).sha256 for r in shown.recordings)
    assert [c.recording_ids for c in list_cases(clerk)] == [(recordings[0], recordings[2])]
    assert get_case(cleared, case.case_id).recording_ids == tuple(recordings)
    with pytest.raises(NotFoundError, match=f"^No recording with id {secret}\\.$"):
        detach_recordings(clerk, case.case_id, [secret])
    assert CaseRecording.select().where(CaseRecording.recording == secret).count() == 1
