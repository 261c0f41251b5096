"""Replaying the audit log: the security state every catalogue row that grants a right or sets a date must show.

The catalogue is only a cache of what the hash-chained audit log says happened. This module folds the log's
events, oldest first, into the state they imply — users (roles, clearance, active, locked, password), viewing
requests and grants (status, window, revocation, the recordings covered and at which class), recordings (hashes,
size, import, camera and import times, classification, disposal), legal holds, case attachments and case
retention, retention rules — so :mod:`evidence_station.audit.catalogue_check` can name every row that says
something else.

Two ways in, one fold:

* :func:`replay_audit_log` streams the whole log (keyset pages by ``seq``; never all events in memory) for
  ``verify``;
* :func:`replay_subjects` reads only the events about a few objects (one query on the
  ``(object_type, object_id, action)`` index) for a decision about to rely on them.

What the log cannot tell is kept as :data:`UNKNOWN` and reported as a note instead of a problem: events written
before a field was added to them (camera times and password digests before 2026-12-06) — see
:attr:`SecurityState.unknown`.
"""

from __future__ import annotations

from collections.abc import Callable, Collection, Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from typing import Any

import msgspec
from peewee import Database

from evidence_station.catalogue.audit_tables import AuditEvent
from evidence_station.catalogue.database import database_proxy
from evidence_station.domain.clock import ensure_utc
from evidence_station.domain.progress import CancelToken, ProgressCallback, check_cancel, report

#: How many events one page of the streamed log holds.
PAGE_EVENTS = 20_000
#: A time the log knows only as "just before this event" (events written before the exact time was a field of
#: them) matches a catalogue time up to this much earlier than the event.
EVENT_TIME_TOLERANCE = timedelta(minutes=5)


class _Unknown:
    """The log did not record this (an event older than the field)."""

    _instance: _Unknown | None = None

    def __new__(cls) -> _Unknown:
        if cls._instance is None:
            cls._instance = super().__new__(cls)
        return cls._instance

    def __repr__(self) -> str:
        return "UNKNOWN"


UNKNOWN: Any = _Unknown()


def parse_time(raw: object) -> datetime | None:
    """A time as the log or the database hands it back (ISO text, SQLite's text form, or a datetime), in UTC."""
    if raw is None:
        return None
    if isinstance(raw, datetime):
        return ensure_utc(raw)
    return ensure_utc(datetime.fromisoformat(str(raw).replace("Z", "+00:00")))


class LoggedTime:
    """A time as the log knows it: ``exact`` (a field of the event) or only as "at most a little before the event
    that recorded it" (``raw`` is then the event's own time)."""

    __slots__ = ("exact", "raw")

    def __init__(self, raw: object, *, exact: bool) -> None:
        self.raw = raw
        self.exact = exact

    def matches(self, value: datetime | None) -> bool:
        """True when the catalogue's ``value`` is this time (or, inexact, within the tolerance before it)."""
        logged = parse_time(self.raw)
        if value is None or logged is None:
            return value is None and logged is None
        value = ensure_utc(value)
        if self.exact:
            return value == logged
        return logged - EVENT_TIME_TOLERANCE <= value <= logged + timedelta(seconds=1)

    def __str__(self) -> str:
        logged = parse_time(self.raw)
        text = logged.isoformat() if logged else "none"
        return text if self.exact else f"shortly before {text}"


def logged_time(details: dict[str, Any], key: str, event_at: object) -> LoggedTime:
    """``details[key]`` when the event recorded it, else the event's own time (inexact)."""
    if key in details:
        return LoggedTime(details[key], exact=True)
    return LoggedTime(event_at, exact=False)


# -- the state ------------------------------------------------------------------------------------------------


@dataclass(slots=True)
class UserState:
    """A user as the log made them."""

    name: str
    roles: frozenset[str]
    clearance: int
    active: bool = True
    locked: bool = False
    password_sha256: Any = UNKNOWN  # SHA-256 of the stored password hash, UNKNOWN before it was logged


@dataclass(slots=True)
class RequestState:
    """A viewing request (or provision approval) as the log made it."""

    request_id: int
    kind: str
    viewer: str
    requested_by: str
    recording_ids: frozenset[int]
    on_site_only: bool
    station_uid: str
    status: str = "pending"
    decided_by: str | None = None
    decided_at: LoggedTime | None = None
    valid_from: LoggedTime | None = None
    valid_until: LoggedTime | None = None
    revoked_by: str | None = None
    revoked_at: LoggedTime | None = None
    used: bool = False
    #: recording id → the class the grant covers it at (set at approval); None before any approval
    classifications: dict[int, str] | None = None


@dataclass(slots=True)
class RecordingState:
    """A recording as the log made it."""

    recording_id: int
    sha256: str
    sm3: str
    size: int
    import_id: int | None
    start_at: Any  # ISO text, None, or UNKNOWN (stored before the import event recorded camera times)
    end_at: Any
    imported_at: LoggedTime
    classification: str = "ordinary"
    disposed: bool = False


@dataclass(slots=True)
class HoldState:
    """A legal hold as the log made it."""

    hold_id: int
    recording_id: int
    released: bool = False


@dataclass(slots=True)
class CaseState:
    """A case as the log made it: open or closed (with its retention end), and the recordings attached."""

    case_id: int
    status: str = "open"
    retention_until: Any = None  # ISO text or None
    recordings: set[int] = field(default_factory=set)


@dataclass
class SecurityState:
    """Everything the log says about the rows that grant rights or set dates (see the module docstring)."""

    users: dict[str, UserState] = field(default_factory=dict)
    requests: dict[int, RequestState] = field(default_factory=dict)
    recordings: dict[int, RecordingState] = field(default_factory=dict)
    holds: dict[int, HoldState] = field(default_factory=dict)
    cases: dict[int, CaseState] = field(default_factory=dict)
    rules: dict[tuple[str, str], int | None] = field(default_factory=dict)
    #: the events folded in (those that change the security state)
    events: int = 0
    #: what could not be checked, as (what, how many): e.g. ("recording camera times", 12)
    unknown: dict[str, int] = field(default_factory=dict)

    def not_logged(self, what: str) -> None:
        """Count one thing the log did not record."""
        self.unknown[what] = self.unknown.get(what, 0) + 1

    def apply(self, at: object, station_uid: str, actor: str, action: str, object_id: str, details: Any) -> None:
        """Fold one event in (``details`` as stored: JSON text, or already a dict)."""
        handler = HANDLERS.get(action)
        if handler is None:
            return
        if isinstance(details, str | bytes):
            details = msgspec.json.decode(details) if details else {}
        handler(self, _Event(at, station_uid, actor, object_id, details or {}))


@dataclass(slots=True)
class _Event:
    at: object
    station_uid: str
    actor: str
    object_id: str
    details: dict[str, Any]


# -- what each event does ----------------------------------------------------------------------------------------


def _int(value: object) -> int | None:
    try:
        return int(value)  # type: ignore[call-overload]
    except (TypeError, ValueError):
        return None


def _station_init(state: SecurityState, ev: _Event) -> None:
    # ``init`` always made its first user an administrator with clearance 0; logs from 2026-12-06 on also say so.
    name = str(ev.details.get("admin") or ev.actor)
    state.users[name] = UserState(name, frozenset(ev.details.get("roles") or ["admin"]),
                                  int(ev.details.get("clearance") or 0),
                                  password_sha256=ev.details.get("password_sha256", UNKNOWN))


def _user_add(state: SecurityState, ev: _Event) -> None:
    d = ev.details
    state.users[ev.object_id] = UserState(ev.object_id, frozenset(d.get("roles") or ()), int(d.get("clearance") or 0),
                                          password_sha256=d.get("password_sha256", UNKNOWN))


def _user(state: SecurityState, ev: _Event) -> UserState | None:
    return state.users.get(ev.object_id)


def _user_unlock(state: SecurityState, ev: _Event) -> None:
    if (user := _user(state, ev)) is not None:
        user.locked = False


def _auth_locked(state: SecurityState, ev: _Event) -> None:
    if (user := _user(state, ev)) is not None:
        user.locked = True


def _user_password(state: SecurityState, ev: _Event) -> None:
    if (user := _user(state, ev)) is not None:
        user.password_sha256 = ev.details.get("password_sha256", UNKNOWN)


def _user_role(state: SecurityState, ev: _Event) -> None:
    if (user := _user(state, ev)) is not None:
        user.roles = frozenset(ev.details.get("roles") or ())


def _user_clearance(state: SecurityState, ev: _Event) -> None:
    if (user := _user(state, ev)) is not None:
        user.clearance = int(ev.details.get("new") or 0)


def _user_deactivate(state: SecurityState, ev: _Event) -> None:
    if (user := _user(state, ev)) is not None:
        user.active = False


def _request(state: SecurityState, ev: _Event) -> RequestState | None:
    request_id = _int(ev.object_id)
    return state.requests.get(request_id) if request_id is not None else None


def _viewing_request(state: SecurityState, ev: _Event) -> None:
    d = ev.details
    request_id = _int(ev.object_id)
    if request_id is None:
        return
    state.requests[request_id] = RequestState(
        request_id, str(d.get("kind") or "viewing"), str(d.get("viewer") or ev.actor), ev.actor,
        frozenset(int(r) for r in d.get("recording_ids") or ()), bool(d.get("on_site_only")), ev.station_uid,
    )


def _viewing_approve(state: SecurityState, ev: _Event) -> None:
    if (req := _request(state, ev)) is None:
        return
    d = ev.details
    req.status, req.decided_by = "approved", ev.actor
    req.decided_at = req.valid_from = logged_time(d, "valid_from", ev.at)
    req.valid_until = LoggedTime(d.get("valid_until"), exact=True)
    req.on_site_only = bool(d.get("on_site_only", req.on_site_only))
    logged = d.get("classifications")
    if logged is not None:
        req.classifications = {int(k): str(v) for k, v in logged.items()}
    else:  # before 2026-12-06: the class each recording had then, as the log says
        req.classifications = {rid: rec.classification for rid in req.recording_ids
                               if (rec := state.recordings.get(rid)) is not None}


def _viewing_refuse(state: SecurityState, ev: _Event) -> None:
    if (req := _request(state, ev)) is not None:
        req.status, req.decided_by = "refused", ev.actor
        req.decided_at = logged_time(ev.details, "decided_at", ev.at)


def _viewing_revoke(state: SecurityState, ev: _Event) -> None:
    if (req := _request(state, ev)) is not None:
        req.status, req.revoked_by = "revoked", ev.actor
        req.revoked_at = logged_time(ev.details, "revoked_at", ev.at)


def _provision_used(state: SecurityState, ev: _Event) -> None:
    if (req := _request(state, ev)) is not None:
        req.used = True


def _recording_stored(state: SecurityState, ev: _Event) -> None:
    d = ev.details
    recording_id = _int(ev.object_id)
    if recording_id is None:
        return
    if "start" not in d:
        state.not_logged("recording camera times")
    state.recordings[recording_id] = RecordingState(
        recording_id, str(d.get("sha256")), str(d.get("sm3")), _int(d.get("size")) or 0, _int(d.get("import_id")),
        d.get("start", UNKNOWN), d.get("end", UNKNOWN), logged_time(d, "imported_at", ev.at),
    )


def _recording(state: SecurityState, object_id: object) -> RecordingState | None:
    recording_id = _int(object_id)
    return state.recordings.get(recording_id) if recording_id is not None else None


def _recording_classify(state: SecurityState, ev: _Event) -> None:
    if (rec := _recording(state, ev.object_id)) is not None:
        rec.classification = str(ev.details.get("new"))


def _disposal_approve(state: SecurityState, ev: _Event) -> None:
    for item in ev.details.get("disposed") or ():
        if (rec := _recording(state, item.get("id"))) is not None:
            rec.disposed = True


def _retention_hold(state: SecurityState, ev: _Event) -> None:
    hold_id, recording_id = _int(ev.details.get("hold_id")), _int(ev.object_id)
    if hold_id is not None and recording_id is not None:
        state.holds[hold_id] = HoldState(hold_id, recording_id)


def _retention_release(state: SecurityState, ev: _Event) -> None:
    hold_id = _int(ev.details.get("hold_id"))
    if hold_id is not None and (hold := state.holds.get(hold_id)) is not None:
        hold.released = True


def _rule_set(state: SecurityState, ev: _Event) -> None:
    years = ev.details.get("years")
    state.rules[(str(ev.details.get("scope")), str(ev.details.get("value") or ""))] = (
        None if years == "permanent" else _int(years))


def _rule_clear(state: SecurityState, ev: _Event) -> None:
    state.rules.pop((str(ev.details.get("scope")), str(ev.details.get("value") or "")), None)


def _case(state: SecurityState, ev: _Event) -> CaseState | None:
    case_id = _int(ev.object_id)
    if case_id is None:
        return None
    return state.cases.setdefault(case_id, CaseState(case_id))


def _case_add(state: SecurityState, ev: _Event) -> None:
    _case(state, ev)


def _case_attach(state: SecurityState, ev: _Event) -> None:
    if (case := _case(state, ev)) is not None:
        case.recordings.update(int(r["id"]) for r in ev.details.get("recordings") or ())


def _case_detach(state: SecurityState, ev: _Event) -> None:
    if (case := _case(state, ev)) is not None:
        case.recordings.difference_update(int(r) for r in ev.details.get("recordings") or ())


def _case_close(state: SecurityState, ev: _Event) -> None:
    if (case := _case(state, ev)) is not None:
        case.status, case.retention_until = "closed", ev.details.get("retention_until")


HANDLERS: dict[str, Callable[[SecurityState, _Event], None]] = {
    "station.init": _station_init,
    "user.add": _user_add,
    "user.unlock": _user_unlock,
    "auth.locked": _auth_locked,
    "user.password": _user_password,
    "user.role": _user_role,
    "user.clearance": _user_clearance,
    "user.deactivate": _user_deactivate,
    "viewing.request": _viewing_request,
    "viewing.approve": _viewing_approve,
    "viewing.refuse": _viewing_refuse,
    "viewing.revoke": _viewing_revoke,
    "viewing.provision_used": _provision_used,
    "recording.stored": _recording_stored,
    "recording.classify": _recording_classify,
    "disposal.approve": _disposal_approve,
    "retention.hold": _retention_hold,
    "retention.release": _retention_release,
    "retention.rule_set": _rule_set,
    "retention.rule_clear": _rule_clear,
    "case.add": _case_add,
    "case.attach": _case_attach,
    "case.detach": _case_detach,
    "case.close": _case_close,
}

#: The events that change the security state of a user (the object of the event is the user's name).
USER_ACTIONS = ("user.add", "user.unlock", "auth.locked", "user.password", "user.role", "user.clearance",
                "user.deactivate")

# -- reading the log ---------------------------------------------------------------------------------------------

_COLUMNS = (AuditEvent.seq, AuditEvent.at, AuditEvent.station_uid, AuditEvent.actor, AuditEvent.action,
            AuditEvent.object_id, AuditEvent.details)


def _raw_rows(query: Any, db: Database) -> Iterator[tuple[Any, ...]]:
    """The rows of ``query`` as the driver returns them (no per-row model or field conversion: fast)."""
    sql, params = query.sql()
    cursor = db.execute_sql(sql, params)
    while rows := cursor.fetchmany(2_000):
        yield from rows


def stream_events(
    db: Database | None = None, *, page: int = PAGE_EVENTS, cancel: CancelToken | None = None,
    actions: Collection[str] | None = None,
) -> Iterator[tuple[Any, ...]]:
    """The events (of ``actions`` only, when given) as ``(seq, at, station_uid, actor, action, object_id,
    details)``, oldest first, one page of ``page`` events at a time (keyset on ``seq``: never the whole log in
    memory, the same on every backend).

    The actions are filtered by the database while it walks the primary key (``"action" || ''`` keeps the planner
    off the ``action`` index, which would sort every page instead of reading it in order).
    """
    db = db or database_proxy.obj
    p = db.param
    where = f'"seq" > {p}'
    wanted: list[str] = []
    if actions is not None:
        wanted = sorted(actions)
        where += f""" AND ("action" || '') IN ({", ".join([p] * len(wanted))})"""
    sql = (f'SELECT "seq", "at", "station_uid", "actor", "action", "object_id", "details" FROM "audit_event" '
           f'WHERE {where} ORDER BY "seq" LIMIT {int(page)}')
    last = 0
    while True:
        check_cancel(cancel)
        cursor = db.execute_sql(sql, (last, *wanted))
        count = 0
        while rows := cursor.fetchmany(2_000):
            count += len(rows)
            last = rows[-1][0]
            yield from rows
        if count < page:
            return


def replay_audit_log(
    db: Database | None = None,
    *,
    progress: ProgressCallback | None = None,
    cancel: CancelToken | None = None,
    page: int = PAGE_EVENTS,
) -> SecurityState:
    """Fold the whole log, streamed, into the security state it implies."""
    state = SecurityState()
    handlers = HANDLERS
    decode = msgspec.json.decode
    total = None
    if progress is not None:
        last = AuditEvent.select(AuditEvent.seq).order_by(AuditEvent.seq.desc()).first()
        total = last.seq if last else 0
    count = 0
    for seq, at, station_uid, actor, action, object_id, details in stream_events(
            db, page=page, cancel=cancel, actions=handlers.keys()):
        count += 1
        handlers[action](state, _Event(at, station_uid, actor, object_id, decode(details) if details else {}))
        if total is not None and count % page == 0:
            report(progress, seq, total, "events", "audit replay")
    state.events = count
    if total is not None:
        report(progress, total, total, "events", "audit replay")
    return state


@dataclass(frozen=True)
class Subject:
    """Events about some objects: ``object_type`` with ``object_ids`` (None: every object of the type), limited to
    ``actions`` (None: every action)."""

    object_type: str
    object_ids: Sequence[str] | None = None
    actions: Sequence[str] | None = None


def subjects_query(subjects: Iterable[Subject], *, with_init: bool = False) -> Any:
    """The one query reading the events about ``subjects`` (and ``station.init`` with ``with_init``), oldest first;
    None when there is nothing to read. Each subject is answered from the ``(object_type, object_id, action)``
    index (``station.init`` from the ``action`` index)."""
    condition = None
    for subject in subjects:
        part = AuditEvent.object_type == subject.object_type
        if subject.object_ids is not None:
            ids = [str(i) for i in subject.object_ids]
            if not ids:
                continue
            part &= AuditEvent.object_id.in_(ids)
        if subject.actions is not None:
            part &= AuditEvent.action.in_(list(subject.actions))
        condition = part if condition is None else condition | part
    if with_init:
        init = AuditEvent.action == "station.init"
        condition = init if condition is None else condition | init
    if condition is None:
        return None
    return AuditEvent.select(*_COLUMNS).where(condition).order_by(AuditEvent.seq)


def replay_subjects(subjects: Iterable[Subject], *, with_init: bool = False, db: Database | None = None
                    ) -> SecurityState:
    """Fold only the events about ``subjects`` (and the ``station.init`` event with ``with_init``, which made the
    first administrator): one indexed query (:func:`subjects_query`)."""
    state = SecurityState()
    query = subjects_query(subjects, with_init=with_init)
    if query is None:
        return state
    for _seq, at, station_uid, actor, action, object_id, details in _raw_rows(query, db or database_proxy.obj):
        state.events += 1
        state.apply(at, station_uid, actor, action, object_id, details)
    return state
