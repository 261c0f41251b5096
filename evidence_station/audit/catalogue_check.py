"""Comparing the catalogue with the security state the audit log implies (:mod:`evidence_station.audit.replay`).

Every row that grants a right or sets a date is compared field by field; a row that disagrees, was added outside
the station or deleted from it is one :class:`Alteration`, naming its table, its id and every field that
disagrees, in English and Chinese. ``verify`` reports them all (:func:`all_alterations`); a decision about to rely
on a few rows asks only about those (the ``*_alterations`` functions take which rows).
"""

from __future__ import annotations

import hashlib
from collections import defaultdict
from collections.abc import Collection, Iterable, Iterator
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from evidence_station.audit.replay import UNKNOWN, LoggedTime, SecurityState, parse_time
from evidence_station.catalogue.cases import Case, CaseRecording
from evidence_station.catalogue.people import User, UserRole
from evidence_station.catalogue.recordings import Recording
from evidence_station.catalogue.retention import LegalHold, RetentionRule
from evidence_station.catalogue.viewing import ViewingRequest, ViewingRequestRecording
from evidence_station.domain.messages import Items, Msg

#: Field names as a sentence says them.
FIELD_LABELS: dict[str, Msg] = {
    "roles": Msg("the roles"),
    "clearance": Msg("the clearance"),
    "active": Msg("the active flag"),
    "locked": Msg("the locked flag"),
    "password_hash": Msg("the password hash"),
    "kind": Msg("the kind"),
    "viewer": Msg("the viewer"),
    "requested_by": Msg("the requester"),
    "station_uid": Msg("the station"),
    "on_site_only": Msg("the on-site restriction"),
    "status": Msg("the status"),
    "decided_by": Msg("the decider"),
    "decided_at": Msg("the decision time"),
    "valid_from": Msg("the start of validity"),
    "valid_until": Msg("the end of validity"),
    "revoked_by": Msg("the revoker"),
    "revoked_at": Msg("the revocation time"),
    "used_at": Msg("the use"),
    "recordings": Msg("the recordings covered"),
    "classification": Msg("the classification"),
    "sha256": Msg("the SHA-256"),
    "sm3": Msg("the SM3"),
    "size": Msg("the size"),
    "import_session": Msg("the import"),
    "start_at": Msg("the camera start time"),
    "end_at": Msg("the camera end time"),
    "imported_at": Msg("the import time"),
    "disposed_at": Msg("the disposal"),
    "recording": Msg("the recording"),
    "released_at": Msg("the release"),
    "retention_until": Msg("the end of retention"),
    "years": Msg("the period in years"),
}

@dataclass(frozen=True)
class Difference:
    """One field that disagrees: what the catalogue says and what the log says (as shown to a person)."""

    field: str
    catalogue: str
    audited: str


@dataclass(frozen=True)
class Alteration:
    """A catalogue row that is not what the audit log says: changed (``differences``), ``added`` outside the station
    or ``deleted`` from it."""

    table: str
    row_id: str
    label: Msg  # "recording 4 (DCIM/…)", "user li", …
    change: str = "changed"  # changed | added | deleted
    differences: tuple[Difference, ...] = ()
    recording_id: int | None = None

    @property
    def fields(self) -> list[str]:
        """The fields that disagree (``row`` for an added or deleted row)."""
        return [d.field for d in self.differences] if self.change == "changed" else ["row"]

    @property
    def said(self) -> Msg:
        """The sentence, to render in the reader's language."""
        if self.change == "added":
            return Msg("The catalogue holds {label} but the audit log has no record of it being made: it was added "
                       "outside the station.", label=self.label)
        if self.change == "deleted":
            return Msg("The audit log records {label}, but the catalogue no longer holds it: it was deleted outside "
                       "the station.", label=self.label)
        parts = Items((Msg("the catalogue gives {field} {catalogue}, but the audit log recorded {audited}",
                           field=FIELD_LABELS.get(d.field, d.field), catalogue=d.catalogue, audited=d.audited)
                       for d in self.differences), clauses=True)
        return Msg("The catalogue's {label} disagrees with the audit log: {parts}. The catalogue was altered.",
                   label=self.label, parts=parts)

    @property
    def message(self) -> str:
        """The sentence in English."""
        return self.said.render("en")

    @property
    def message_zh(self) -> str:
        """The same sentence in Chinese."""
        return self.said.render("zh_CN")

    def to_dict(self) -> dict[str, Any]:
        """JSON form (the table, the row and the fields; the sentences are the problem's)."""
        return {"table": self.table, "row_id": self.row_id, "fields": self.fields}


def shown(value: Any) -> str:
    """A value as a message shows it."""
    if value is None:
        return "none"
    if isinstance(value, LoggedTime):
        return str(value)
    if isinstance(value, datetime):
        return parse_time(value).isoformat()  # type: ignore[union-attr]
    if isinstance(value, bool):
        return "yes" if value else "no"
    if isinstance(value, frozenset | set | list | tuple):
        return ", ".join(str(v) for v in sorted(value)) or "none"
    return str(value)


@dataclass
class _Row:
    """Collects the differences of one row."""

    differences: list[Difference] = field(default_factory=list)
    only: Collection[str] | None = None  # compare only these fields (None: all)

    def same(self, name: str, catalogue: Any, audited: Any) -> None:
        if self.only is not None and name not in self.only:
            return
        if catalogue != audited:
            self.differences.append(Difference(name, shown(catalogue), shown(audited)))

    def same_time(self, name: str, catalogue: datetime | None, audited: Any) -> None:
        if audited is UNKNOWN or (self.only is not None and name not in self.only):
            return
        if isinstance(audited, LoggedTime):
            if not audited.matches(catalogue):
                self.differences.append(Difference(name, shown(catalogue), shown(audited)))
            return
        logged = parse_time(audited)
        if (None if catalogue is None else parse_time(catalogue)) != logged:
            self.differences.append(Difference(name, shown(catalogue), shown(logged)))

    def hidden(self, name: str, catalogue_matches: bool) -> None:
        """A secret value (a password hash) that differs is named, never shown."""
        if not catalogue_matches:
            self.differences.append(Difference(name, "another value", "the one last set through the station"))


def _names() -> dict[int, str]:
    return {user_id: name for user_id, name in User.select(User.id, User.name).tuples()}


def _chunks(values: list[Any], size: int = 500) -> Iterator[list[Any]]:
    for start in range(0, len(values), size):
        yield values[start:start + size]


# -- users ---------------------------------------------------------------------------------------------------------


def password_digest(password_hash: str) -> str:
    """What the log records of a password: the SHA-256 of its stored (salted scrypt) hash — it tells whether the
    hash was swapped, and nothing that helps guess the password."""
    return hashlib.sha256(password_hash.encode("utf-8")).hexdigest()


def user_alterations(state: SecurityState, names: Collection[str] | None = None) -> list[Alteration]:
    """Users (roles, clearance, active, locked, password) that disagree with the log; ``names``: only these."""
    query = User.select()
    if names is not None:
        query = query.where(User.name.in_(list(names)))
    users = list(query)
    roles: dict[int, set[str]] = defaultdict(set)
    for user_id, role in UserRole.select(UserRole.user, UserRole.role).where(
            UserRole.user.in_([u.id for u in users])).tuples():
        roles[user_id].add(role)
    found: list[Alteration] = []
    seen = set()
    for user in users:
        seen.add(user.name)
        label = Msg("user {name}", name=user.name)
        logged = state.users.get(user.name)
        if logged is None:
            found.append(Alteration("user", user.name, label, "added"))
            continue
        row = _Row()
        row.same("roles", frozenset(roles[user.id]), logged.roles)
        row.same("clearance", user.clearance, logged.clearance)
        row.same("active", bool(user.active), logged.active)
        row.same("locked", bool(user.locked), logged.locked)
        if logged.password_sha256 is not UNKNOWN and logged.password_sha256 is not None:
            row.hidden("password_hash", password_digest(user.password_hash) == logged.password_sha256)
        if row.differences:
            found.append(Alteration("user", user.name, label, differences=tuple(row.differences)))
    for name in sorted(state.users.keys() - seen):
        if names is None or name in names:
            found.append(Alteration("user", name, Msg("user {name}", name=name), "deleted"))
    return found


def unlogged_passwords(state: SecurityState) -> int:
    """How many users' passwords were set before the log recorded their digest (not checkable)."""
    return sum(1 for user in state.users.values() if user.password_sha256 is UNKNOWN)


# -- viewing requests and grants ---------------------------------------------------------------------------------


def request_alterations(state: SecurityState, request_ids: Collection[int] | None = None) -> list[Alteration]:
    """Viewing requests and grants (status, window, revocation, who, the recordings covered and at which class)
    that disagree with the log; ``request_ids``: only these."""
    names = _names()
    query = ViewingRequest.select().order_by(ViewingRequest.id)
    links = ViewingRequestRecording.select(ViewingRequestRecording.id, ViewingRequestRecording.request,
                                           ViewingRequestRecording.recording,
                                           ViewingRequestRecording.classification)
    if request_ids is not None:
        query = query.where(ViewingRequest.id.in_(list(request_ids)))
        links = links.where(ViewingRequestRecording.request.in_(list(request_ids)))
    covered: dict[int, dict[int, tuple[int, str]]] = defaultdict(dict)
    for link_id, request_id, recording_id, classification in links.tuples().iterator():
        covered[request_id][recording_id] = (link_id, classification)
    found: list[Alteration] = []
    seen = set()
    for req in query.iterator():
        seen.add(req.id)
        label = Msg("viewing request {id}", id=req.id)
        logged = state.requests.get(req.id)
        if logged is None:
            found.append(Alteration("viewing_request", str(req.id), label, "added"))
            continue
        row = _Row()
        row.same("kind", req.kind, logged.kind)
        row.same("viewer", names.get(req.viewer_id), logged.viewer)
        row.same("requested_by", names.get(req.requested_by_id), logged.requested_by)
        row.same("station_uid", req.station_uid, logged.station_uid)
        row.same("on_site_only", bool(req.on_site_only), logged.on_site_only)
        row.same("status", req.status, logged.status)
        row.same("decided_by", names.get(req.decided_by_id) if req.decided_by_id else None, logged.decided_by)
        row.same_time("decided_at", req.decided_at, logged.decided_at)
        row.same_time("valid_from", req.valid_from, logged.valid_from)
        row.same_time("valid_until", req.valid_until, logged.valid_until)
        row.same("revoked_by", names.get(req.revoked_by_id) if req.revoked_by_id else None, logged.revoked_by)
        row.same_time("revoked_at", req.revoked_at, logged.revoked_at)
        row.same("used_at", req.used_at is not None, logged.used)
        row.same("recordings", frozenset(covered[req.id]), logged.recording_ids)
        if row.differences:
            found.append(Alteration("viewing_request", str(req.id), label,
                                    differences=tuple(row.differences)))
        if logged.classifications is not None:
            for recording_id, (link_id, classification) in sorted(covered[req.id].items()):
                audited = logged.classifications.get(recording_id)
                if audited is not None and audited != classification:
                    found.append(Alteration(
                        "viewing_request_recording", str(link_id),
                        Msg("grant of request {request_id} for recording {recording_id}", request_id=req.id,
                            recording_id=recording_id), recording_id=recording_id,
                        differences=(Difference("classification", classification, audited),)))
    for request_id in sorted(state.requests.keys() - seen):
        if request_ids is None or request_id in request_ids:
            found.append(Alteration("viewing_request", str(request_id),
                                    Msg("viewing request {id}", id=request_id), "deleted"))
    return found


# -- recordings ------------------------------------------------------------------------------------------------


def _recording_label(recording_id: int, card_path: str | None) -> Msg:
    if card_path is None:
        return Msg("recording {id}", id=recording_id)
    return Msg("recording {id} ({path})", id=recording_id, path=card_path)


_RECORDING_COLUMNS = (Recording.id, Recording.card_path, Recording.sha256, Recording.sm3, Recording.size,
                      Recording.import_session, Recording.start_at, Recording.end_at, Recording.imported_at,
                      Recording.classification, Recording.disposed_at)


#: Every field of a recording the log vouches for.
RECORDING_FIELDS = frozenset({"sha256", "sm3", "size", "import_session", "start_at", "end_at", "imported_at",
                              "classification", "disposed_at"})


#: Recordings read per query when every recording is compared with the log.
RECORDING_PAGE = 20_000


def _recording_pages() -> Iterator[list[tuple[Any, ...]]]:
    """Every recording's compared columns, in id order, in keyset pages of :data:`RECORDING_PAGE` (on PostgreSQL a
    plain cursor fetches a whole result into memory at once: ten million rows would not fit)."""
    last = 0
    while True:
        rows = list(Recording.select(*_RECORDING_COLUMNS).where(Recording.id > last).order_by(Recording.id)
                    .limit(RECORDING_PAGE).tuples())
        if rows:
            yield rows
        if len(rows) < RECORDING_PAGE:
            return
        last = rows[-1][0]


def recording_alterations(
    state: SecurityState, recording_ids: Collection[int] | None = None, *,
    fields: Collection[str] = RECORDING_FIELDS,
) -> list[Alteration]:
    """Recordings (hashes, size, import, camera and import times, classification, disposal) that disagree with the
    log; ``recording_ids``: only these; ``fields``: only these fields (those the events read can vouch for)."""
    found: list[Alteration] = []
    seen: set[int] = set()
    if recording_ids is None:
        batches: Iterable[Any] = _recording_pages()
    else:
        batches = (Recording.select(*_RECORDING_COLUMNS).where(Recording.id.in_(chunk)).tuples()
                   for chunk in _chunks(sorted(recording_ids)))
    for rows in batches:
        for (recording_id, card_path, sha256, sm3, size, import_id, start_at, end_at, imported_at, classification,
             disposed_at) in rows:
            seen.add(recording_id)
            label = _recording_label(recording_id, card_path)
            logged = state.recordings.get(recording_id)
            if logged is None:
                found.append(Alteration("recording", str(recording_id), label, "added",
                                        recording_id=recording_id))
                continue
            row = _Row(only=fields)
            row.same("sha256", sha256, logged.sha256)
            row.same("sm3", sm3, logged.sm3)
            row.same("size", size, logged.size)
            if logged.import_id is not None:
                row.same("import_session", import_id, logged.import_id)
            row.same_time("start_at", start_at, logged.start_at)
            row.same_time("end_at", end_at, logged.end_at)
            row.same_time("imported_at", imported_at, logged.imported_at)
            row.same("classification", classification, logged.classification)
            row.same("disposed_at", "disposed" if disposed_at is not None else "kept",
                     "disposed" if logged.disposed else "kept")
            if row.differences:
                found.append(Alteration("recording", str(recording_id), label,
                                        differences=tuple(row.differences), recording_id=recording_id))
    for recording_id in sorted(state.recordings.keys() - seen):
        if recording_ids is None or recording_id in recording_ids:
            label = _recording_label(recording_id, None)
            found.append(Alteration("recording", str(recording_id), label, "deleted",
                                    recording_id=recording_id))
    return found


# -- retention: holds, case attachments, cases, rules -------------------------------------------------------------


def hold_alterations(state: SecurityState, recording_ids: Collection[int] | None = None) -> list[Alteration]:
    """Legal holds that disagree with the log (moved, released or deleted outside the station); ``recording_ids``:
    only the holds the log or the catalogue puts on these recordings."""
    query = LegalHold.select(LegalHold.id, LegalHold.recording, LegalHold.released_at)
    if recording_ids is not None:
        ids = list(recording_ids)
        logged_ids = [h.hold_id for h in state.holds.values() if h.recording_id in recording_ids]
        query = query.where(LegalHold.recording.in_(ids) | LegalHold.id.in_(logged_ids or [0]))
    found: list[Alteration] = []
    seen: set[int] = set()
    for hold_id, recording_id, released_at in query.tuples().iterator():
        seen.add(hold_id)
        label = Msg("legal hold {hold_id} (recording {recording_id})", hold_id=hold_id, recording_id=recording_id)
        logged = state.holds.get(hold_id)
        if logged is None:
            found.append(Alteration("legal_hold", str(hold_id), label, "added", recording_id=recording_id))
            continue
        row = _Row()
        row.same("recording", recording_id, logged.recording_id)
        row.same("released_at", "released" if released_at is not None else "in force",
                 "released" if logged.released else "in force")
        if row.differences:
            found.append(Alteration("legal_hold", str(hold_id), label, differences=tuple(row.differences),
                                    recording_id=logged.recording_id))
    for hold_id in sorted(state.holds.keys() - seen):
        logged = state.holds[hold_id]
        if recording_ids is None or logged.recording_id in recording_ids:
            found.append(Alteration("legal_hold", str(hold_id),
                                    Msg("legal hold {hold_id} (recording {recording_id})", hold_id=hold_id,
                                        recording_id=logged.recording_id),
                                    "deleted", recording_id=logged.recording_id))
    return found


def case_alterations(state: SecurityState, recording_ids: Collection[int] | None = None) -> list[Alteration]:
    """Case attachments, and the status and retention of cases, that disagree with the log; ``recording_ids``: only
    the attachments of these recordings and the cases they belong to (in the log or the catalogue)."""
    links = CaseRecording.select(CaseRecording.id, CaseRecording.case, CaseRecording.recording)
    if recording_ids is not None:
        links = links.where(CaseRecording.recording.in_(list(recording_ids)))
    catalogued: dict[tuple[int, int], int] = {(case_id, rid): link_id for link_id, case_id, rid in links.tuples()}
    logged = {(case.case_id, rid) for case in state.cases.values() for rid in case.recordings
              if recording_ids is None or rid in recording_ids}
    found: list[Alteration] = []
    for case_id, recording_id in sorted(catalogued.keys() - logged):
        found.append(Alteration("case_recording", str(catalogued[(case_id, recording_id)]),
                                Msg("attachment of recording {recording_id} to case {case_id}",
                                    recording_id=recording_id, case_id=case_id), "added", recording_id=recording_id))
    for case_id, recording_id in sorted(logged - catalogued.keys()):
        found.append(Alteration("case_recording", f"{case_id}/{recording_id}",
                                Msg("attachment of recording {recording_id} to case {case_id}",
                                    recording_id=recording_id, case_id=case_id), "deleted", recording_id=recording_id))
    case_ids = None if recording_ids is None else {case_id for case_id, _ in catalogued.keys() | logged}
    cases = Case.select(Case.id, Case.status, Case.retention_until)
    if case_ids is not None:
        cases = cases.where(Case.id.in_(sorted(case_ids)))
    seen = set()
    for case_id, status, retention_until in cases.tuples():
        seen.add(case_id)
        label = Msg("case {id}", id=case_id)
        audited = state.cases.get(case_id)
        if audited is None:
            found.append(Alteration("evidence_case", str(case_id), label, "added"))
            continue
        row = _Row()
        row.same("status", status, audited.status)
        row.same_time("retention_until", retention_until, audited.retention_until)
        if row.differences:
            found.append(Alteration("evidence_case", str(case_id), label, differences=tuple(row.differences)))
    for case_id in sorted(state.cases.keys() - seen):
        if case_ids is None or case_id in case_ids:
            found.append(Alteration("evidence_case", str(case_id), Msg("case {id}", id=case_id), "deleted"))
    return found


def rule_alterations(state: SecurityState) -> list[Alteration]:
    """Configured retention rules that disagree with the log."""
    found: list[Alteration] = []
    catalogued = {(scope, value): (rule_id, years) for rule_id, scope, value, years in
                  RetentionRule.select(RetentionRule.id, RetentionRule.scope, RetentionRule.value,
                                       RetentionRule.years).tuples()}
    for key in sorted(catalogued.keys() | state.rules.keys()):
        scope, value = key
        label = (Msg("retention rule {scope} {value}", scope=scope, value=value) if value
                 else Msg("retention rule {scope}", scope=scope))
        row_id = str(catalogued[key][0]) if key in catalogued else f"{scope}:{value}"
        if key not in state.rules:
            found.append(Alteration("retention_rule", row_id, label, "added"))
        elif key not in catalogued:
            found.append(Alteration("retention_rule", row_id, label, "deleted"))
        elif catalogued[key][1] != state.rules[key]:
            found.append(Alteration("retention_rule", row_id, label, differences=(
                Difference("years", shown(catalogued[key][1] if catalogued[key][1] is not None else "permanent"),
                           shown(state.rules[key] if state.rules[key] is not None else "permanent")),)))
    return found


def all_alterations(state: SecurityState) -> list[Alteration]:
    """Every catalogue row the log disagrees with (``verify``)."""
    return [*user_alterations(state), *request_alterations(state), *recording_alterations(state),
            *hold_alterations(state), *case_alterations(state), *rule_alterations(state)]


def unchecked_notes(state: SecurityState) -> list[Msg]:
    """What the log could not vouch for: fields older events did not record."""
    notes: list[Msg] = []
    times = state.unknown.get("recording camera times", 0)
    if times:
        notes.append(Msg("The camera start and end times of {count} recording(s) could not be checked against the "
                         "audit log: they were imported before the log recorded them (their hashes, sizes and import "
                         "times were checked).", count=times))
    passwords = unlogged_passwords(state)
    if passwords:
        notes.append(Msg("The password hashes of {count} user(s) could not be checked against the audit log: they "
                         "were set before the log recorded their digest; they are checked from the next password "
                         "change on.", count=passwords))
    return notes
