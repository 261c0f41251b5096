"""Each recording's retention decision (Art. 16), computed from the catalogue and stored on the recording.

:func:`decisions_for` loads what decides (rules, activity kind, classification, cases and their evidence discs,
legal holds) and asks :func:`evidence_station.domain.retention.keep_until`. The result is stored on the recording
(``keep_until`` and ``retention_state``, schema version 8) so that "what is due" and the dashboard's figures are
indexed queries instead of a pass over every recording (issue #22). Every service that changes what decides calls
:func:`restamp` (or :func:`restamp_where`) inside its own write transaction; :func:`stamp_unknown` computes rows
never stamped (catalogues from before version 8, rows inserted without the services) before a retention query.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Iterator, Sequence
from datetime import datetime
from typing import Any, TypeVar

from evidence_station.catalogue.cases import Case, CaseRecording
from evidence_station.catalogue.compliance import Activity
from evidence_station.catalogue.database import is_postgres, write_transaction
from evidence_station.catalogue.recordings import Recording
from evidence_station.catalogue.retention import LegalHold, RetentionRule
from evidence_station.domain.retention import CaseLink, Hold, KeepUntil, RuleScope, keep_until
from evidence_station.domain.retention import RetentionRule as RuleValue
from evidence_station.services.evidence_exports import evidence_exports_of, recordings_of_export

T = TypeVar("T")
#: Recordings per query of the inputs (an SQL ``IN`` list stays well below every database's limit).
CHUNK = 500
#: Recordings read per page when many are recomputed (a rule change, never-stamped rows).
_PAGE = 5000

#: ``retention_state`` values: kept until ``keep_until``; held (open case, legal hold); kept for ever; not computed;
#: disposed of (``keep_until`` as it was: a disposed recording is never due again, and stays out of the due range of
#: the index, where the tombstones of years of disposals would otherwise be read by every count).
STATE_DATE, STATE_HELD, STATE_PERMANENT, STATE_UNKNOWN, STATE_DISPOSED = "date", "held", "permanent", "", "disposed"


def chunks(items: Sequence[T], size: int = CHUNK) -> Iterator[Sequence[T]]:
    """``items`` in consecutive slices of at most ``size``."""
    for start in range(0, len(items), size):
        yield items[start:start + size]


def configured_rules() -> list[RuleValue]:
    """The configured retention rules as the domain rules read them."""
    return [RuleValue(RuleScope(r.scope), r.value, r.years) for r in RetentionRule.select()]


#: The recording columns the decision reads (and the due list shows): loading only these keeps a long list cheap.
DECISION_COLUMNS = (Recording.id, Recording.start_at, Recording.imported_at, Recording.activity_id,
                    Recording.classification, Recording.disposed_at)


def decisions_for(recordings: Sequence[Recording], rules: list[RuleValue] | None = None, *,
                  among: Any = None) -> dict[int, KeepUntil]:
    """The retention decision of each recording (one query per input kind and chunk, not per recording).

    ``among``: a sub-query of ids holding every one of ``recordings`` (e.g. the due list's own condition); the cases,
    discs and holds are then read in one query each with it instead of in chunks of ids.
    """
    rules = configured_rules() if rules is None else rules
    activity_ids = {r.activity_id for r in recordings if r.activity_id is not None}
    kinds: dict[int | None, str] = {  # activity id → kind; None (no activity) is never a key
        a.id: a.kind for a in Activity.select(Activity.id, Activity.kind).where(Activity.id.in_(activity_ids))
    } if activity_ids else {}
    cases: dict[int, list[CaseLink]] = defaultdict(list)
    holds: dict[int, list[Hold]] = defaultdict(list)
    wanted = {r.id for r in recordings}
    groups: Iterable[Any] = [among] if among is not None else chunks([r.id for r in recordings])
    for group in groups:
        on_disc = evidence_exports_of(group)
        for link in CaseRecording.select(CaseRecording, Case).join(Case).where(CaseRecording.recording.in_(group)):
            if link.recording_id not in wanted:
                continue
            case = link.case
            exports = tuple(e.id for e in on_disc.get(link.recording_id, []) if e.case_id == case.id)
            cases[link.recording_id].append(CaseLink(case.id, case.number, case.status, case.retention,
                                                     case.retention_until, exports))
        for rid, discs in on_disc.items():  # on a case's evidence disc but no longer attached (detached before
            if rid not in wanted:  # detaching such a recording was refused): the case keeps it
                continue
            linked = {c.case_id for c in cases[rid]}
            for case_id in dict.fromkeys(e.case_id for e in discs if e.case_id not in linked):
                case = Case.get_by_id(case_id)
                cases[rid].append(CaseLink(case.id, case.number, case.status, case.retention, case.retention_until,
                                           tuple(e.id for e in discs if e.case_id == case_id)))
        for hold in LegalHold.select().where(LegalHold.recording.in_(group) & LegalHold.released_at.is_null()):
            if hold.recording_id in wanted:
                holds[hold.recording_id].append(Hold(hold.id, hold.reason))
    return {
        r.id: keep_until(r.start_at, imported_at=r.imported_at, activity_kind=kinds.get(r.activity_id),
                         classification=r.classification, rules=rules, cases=cases[r.id], holds=holds[r.id])
        for r in recordings
    }


def stored_form(decision: KeepUntil, *, disposed: bool = False) -> tuple[datetime | None, str]:
    """``(keep_until, retention_state)`` as the recording stores ``decision`` (``disposed``: it was disposed of)."""
    if disposed:
        return decision.until, STATE_DISPOSED
    if decision.until is not None:
        return decision.until, STATE_DATE
    return None, STATE_HELD if decision.held else STATE_PERMANENT


def _store(recordings: Sequence[Recording], rules: list[RuleValue], *, among: Any = None) -> None:
    """Compute and write the decision of ``recordings`` (loaded with at least :data:`DECISION_COLUMNS`; one prepared
    statement for all of them); ``among`` as for :func:`decisions_for`."""
    if not recordings:
        return
    decisions = decisions_for(recordings, rules, among=among)
    db = Recording._meta.database
    table = Recording._meta.table_name
    param = db.param
    to_db = Recording.keep_until.db_value
    rows: list[tuple[Any, ...]] = []
    for rec in recordings:
        until, state = stored_form(decisions[rec.id], disposed=rec.disposed_at is not None)
        rows.append((rec.id, to_db(until), state))
    if is_postgres(db.obj):  # one statement for the page: psycopg2's executemany is a round trip per row
        values = ", ".join([f"({param}, {param}, {param})"] * len(rows))
        db.execute_sql(f'UPDATE "{table}" AS r SET "keep_until" = v.k::timestamp, "retention_state" = v.s '
                       f'FROM (VALUES {values}) AS v(id, k, s) WHERE r."id" = v.id', [x for row in rows for x in row])
        return
    db.cursor().executemany(f'UPDATE "{table}" SET "keep_until" = {param}, "retention_state" = {param} '
                            f'WHERE "id" = {param}', [(until, state, rid) for rid, until, state in rows])


def restamp(recording_ids: Iterable[int]) -> None:
    """Recompute and store the decision of the recordings ``recording_ids`` (call inside the changing transaction)."""
    ids = sorted({int(r) for r in recording_ids})
    rules = configured_rules()
    for chunk in chunks(ids):
        _store(list(Recording.select(*DECISION_COLUMNS).where(Recording.id.in_(list(chunk)))), rules)


def restamp_export(export_id: int) -> None:
    """Recompute the recordings on the discs of export ``export_id`` (its evidence status changed: Art. 16 keeps a
    recording on a completed evidence disc with the case file)."""
    restamp(recordings_of_export(export_id))


def restamp_where(condition: Any) -> int:
    """Recompute and store the decision of every recording matching the peewee ``condition`` (paged by id);
    return how many. For a rule change: the recordings in the rule's scope.

    Each page loads only the deciding columns, and its cases, discs and holds are read in one query each over the
    page's id range (not in ``IN`` lists of ids: building those statements cost more than running them)."""
    rules = configured_rules()
    last, done = 0, 0
    while True:
        page = list(Recording.select(*DECISION_COLUMNS).where(condition & (Recording.id > last))
                    .order_by(Recording.id).limit(_PAGE))
        if not page:
            return done
        among = Recording.select(Recording.id).where((Recording.id > last) & (Recording.id <= page[-1].id))
        _store(page, rules, among=among)
        done += len(page)
        last = page[-1].id


def rule_scope_condition(scope: RuleScope, value: str) -> Any:
    """The recordings a rule of ``scope``/``value`` can apply to (as a peewee condition)."""
    if scope is RuleScope.CLASSIFICATION:
        return Recording.classification == value
    if scope is RuleScope.ACTIVITY_KIND:
        return Recording.activity_id.in_(Activity.select(Activity.id).where(Activity.kind == value))
    return Recording.id > 0


def stamp_unknown() -> int:
    """Compute the decision of every recording never stamped (state ``""``); return how many. A no-op look-up
    (one indexed row) when there are none."""
    unknown = Recording.retention_state == STATE_UNKNOWN
    if not Recording.select(Recording.id).where(unknown).limit(1).exists():
        return 0
    with write_transaction():
        return restamp_where(unknown)
