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

#: Field names as a sentence says them: (English, Chinese).
FIELD_LABELS: dict[str, tuple[str, str]] = {
    "roles": ("the roles", "角色"),
    "clearance": ("the clearance", "密级许可"),
    "active": ("the active flag", "在用状态"),
    "locked": ("the locked flag", "锁定状态"),
    "password_hash": ("the password hash", "密码哈希"),
    "kind": ("the kind", "类型"),
    "viewer": ("the viewer", "查阅人"),
    "requested_by": ("the requester", "申请人"),
    "station_uid": ("the station", "工作站"),
    "on_site_only": ("the on-site restriction", "仅限现场查阅限制"),
    "status": ("the status", "状态"),
    "decided_by": ("the decider", "审批人"),
    "decided_at": ("the decision time", "审批时间"),
    "valid_from": ("the start of validity", "有效期起点"),
    "valid_until": ("the end of validity", "有效期终点"),
    "revoked_by": ("the revoker", "撤销人"),
    "revoked_at": ("the revocation time", "撤销时间"),
    "used_at": ("the use", "使用状态"),
    "recordings": ("the recordings covered", "涵盖的录像"),
    "classification": ("the classification", "密级"),
    "sha256": ("the SHA-256", "SHA-256 哈希值"),
    "sm3": ("the SM3", "SM3 哈希值"),
    "size": ("the size", "大小"),
    "import_session": ("the import", "所属导入"),
    "start_at": ("the camera start time", "摄录开始时间"),
    "end_at": ("the camera end time", "摄录结束时间"),
    "imported_at": ("the import time", "导入时间"),
    "disposed_at": ("the disposal", "销毁状态"),
    "recording": ("the recording", "所属录像"),
    "released_at": ("the release", "解除状态"),
    "retention_until": ("the end of retention", "保存期限终点"),
    "years": ("the period in years", "保存年限"),
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
    label: str  # "recording 4 (DCIM/…)", "user li", …
    label_zh: str
    change: str = "changed"  # changed | added | deleted
    differences: tuple[Difference, ...] = ()
    recording_id: int | None = None

    @property
    def fields(self) -> list[str]:
        """The fields that disagree (``row`` for an added or deleted row)."""
        return [d.field for d in self.differences] if self.change == "changed" else ["row"]

    @property
    def message(self) -> str:
        """The sentence in English."""
        if self.change == "added":
            return (f"The catalogue holds {self.label} but the audit log has no record of it being made: it was "
                    "added outside the station.")
        if self.change == "deleted":
            return (f"The audit log records {self.label}, but the catalogue no longer holds it: it was deleted "
                    "outside the station.")
        parts = "; ".join(f"the catalogue gives {FIELD_LABELS.get(d.field, (d.field,))[0]} {d.catalogue}, but the "
                          f"audit log recorded {d.audited}" for d in self.differences)
        return f"The catalogue's {self.label} disagrees with the audit log: {parts}. The catalogue was altered."

    @property
    def message_zh(self) -> str:
        """The same sentence in Chinese."""
        if self.change == "added":
            return f"目录中有{self.label_zh}，但审计日志中没有它的创建记录：它是在工作站之外被添加的。"
        if self.change == "deleted":
            return f"审计日志记录了{self.label_zh}，但目录中已没有它：它是在工作站之外被删除的。"
        parts = "；".join(f"目录记载{FIELD_LABELS.get(d.field, ('', d.field))[1]}为 {d.catalogue}，而审计日志记录为 "
                         f"{d.audited}" for d in self.differences)
        return f"目录中{self.label_zh}与审计日志不符：{parts}。目录已被篡改。"

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
        label, label_zh = f"user {user.name}", f"用户“{user.name}”"
        logged = state.users.get(user.name)
        if logged is None:
            found.append(Alteration("user", user.name, label, label_zh, "added"))
            continue
        row = _Row()
        row.same("roles", frozenset(roles[user.id]), logged.roles)
        row.same("clearance", user.clearance, logged.clearance)
        row.same("active", bool(user.active), logged.active)
        row.same("locked", bool(user.locked), logged.locked)
        if logged.password_sha256 is not UNKNOWN and logged.password_sha256 is not None:
            row.hidden("password_hash", password_digest(user.password_hash) == logged.password_sha256)
        if row.differences:
            found.append(Alteration("user", user.name, label, label_zh, differences=tuple(row.differences)))
    for name in sorted(state.users.keys() - seen):
        if names is None or name in names:
            found.append(Alteration("user", name, f"user {name}", f"用户“{name}”", "deleted"))
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
        label, label_zh = f"viewing request {req.id}", f"调阅申请 {req.id}"
        logged = state.requests.get(req.id)
        if logged is None:
            found.append(Alteration("viewing_request", str(req.id), label, label_zh, "added"))
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
            found.append(Alteration("viewing_request", str(req.id), label, label_zh,
                                    differences=tuple(row.differences)))
        if logged.classifications is not None:
            for recording_id, (link_id, classification) in sorted(covered[req.id].items()):
                audited = logged.classifications.get(recording_id)
                if audited is not None and audited != classification:
                    found.append(Alteration(
                        "viewing_request_recording", str(link_id),
                        f"grant of request {req.id} for recording {recording_id}",
                        f"调阅申请 {req.id} 对录像 {recording_id} 的批准", recording_id=recording_id,
                        differences=(Difference("classification", classification, audited),)))
    for request_id in sorted(state.requests.keys() - seen):
        if request_ids is None or request_id in request_ids:
            found.append(Alteration("viewing_request", str(request_id), f"viewing request {request_id}",
                                    f"调阅申请 {request_id}", "deleted"))
    return found


# -- recordings ------------------------------------------------------------------------------------------------


def _recording_label(recording_id: int, card_path: str | None) -> tuple[str, str]:
    if card_path is None:
        return f"recording {recording_id}", f"记录 {recording_id}"
    return f"recording {recording_id} ({card_path})", f"记录 {recording_id}（{card_path}）"


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
            label, label_zh = _recording_label(recording_id, card_path)
            logged = state.recordings.get(recording_id)
            if logged is None:
                found.append(Alteration("recording", str(recording_id), label, label_zh, "added",
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
                found.append(Alteration("recording", str(recording_id), label, label_zh,
                                        differences=tuple(row.differences), recording_id=recording_id))
    for recording_id in sorted(state.recordings.keys() - seen):
        if recording_ids is None or recording_id in recording_ids:
            label, label_zh = _recording_label(recording_id, None)
            found.append(Alteration("recording", str(recording_id), label, label_zh, "deleted",
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
        label, label_zh = f"legal hold {hold_id} (recording {recording_id})", f"保全 {hold_id}（记录 {recording_id}）"
        logged = state.holds.get(hold_id)
        if logged is None:
            found.append(Alteration("legal_hold", str(hold_id), label, label_zh, "added", recording_id=recording_id))
            continue
        row = _Row()
        row.same("recording", recording_id, logged.recording_id)
        row.same("released_at", "released" if released_at is not None else "in force",
                 "released" if logged.released else "in force")
        if row.differences:
            found.append(Alteration("legal_hold", str(hold_id), label, label_zh, differences=tuple(row.differences),
                                    recording_id=logged.recording_id))
    for hold_id in sorted(state.holds.keys() - seen):
        logged = state.holds[hold_id]
        if recording_ids is None or logged.recording_id in recording_ids:
            found.append(Alteration("legal_hold", str(hold_id), f"legal hold {hold_id} (recording "
                                    f"{logged.recording_id})", f"保全 {hold_id}（记录 {logged.recording_id}）",
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
                                f"attachment of recording {recording_id} to case {case_id}",
                                f"记录 {recording_id} 与案件 {case_id} 的关联", "added", recording_id=recording_id))
    for case_id, recording_id in sorted(logged - catalogued.keys()):
        found.append(Alteration("case_recording", f"{case_id}/{recording_id}",
                                f"attachment of recording {recording_id} to case {case_id}",
                                f"记录 {recording_id} 与案件 {case_id} 的关联", "deleted", recording_id=recording_id))
    case_ids = None if recording_ids is None else {case_id for case_id, _ in catalogued.keys() | logged}
    cases = Case.select(Case.id, Case.status, Case.retention_until)
    if case_ids is not None:
        cases = cases.where(Case.id.in_(sorted(case_ids)))
    seen = set()
    for case_id, status, retention_until in cases.tuples():
        seen.add(case_id)
        label, label_zh = f"case {case_id}", f"案件 {case_id}"
        audited = state.cases.get(case_id)
        if audited is None:
            found.append(Alteration("evidence_case", str(case_id), label, label_zh, "added"))
            continue
        row = _Row()
        row.same("status", status, audited.status)
        row.same_time("retention_until", retention_until, audited.retention_until)
        if row.differences:
            found.append(Alteration("evidence_case", str(case_id), label, label_zh, differences=tuple(row.differences)))
    for case_id in sorted(state.cases.keys() - seen):
        if case_ids is None or case_id in case_ids:
            found.append(Alteration("evidence_case", str(case_id), f"case {case_id}", f"案件 {case_id}", "deleted"))
    return found


def rule_alterations(state: SecurityState) -> list[Alteration]:
    """Configured retention rules that disagree with the log."""
    found: list[Alteration] = []
    catalogued = {(scope, value): (rule_id, years) for rule_id, scope, value, years in
                  RetentionRule.select(RetentionRule.id, RetentionRule.scope, RetentionRule.value,
                                       RetentionRule.years).tuples()}
    for key in sorted(catalogued.keys() | state.rules.keys()):
        scope, value = key
        label = f"retention rule {scope}" + (f" {value}" if value else "")
        label_zh = f"保存期限规则 {scope}" + (f" {value}" if value else "")
        row_id = str(catalogued[key][0]) if key in catalogued else f"{scope}:{value}"
        if key not in state.rules:
            found.append(Alteration("retention_rule", row_id, label, label_zh, "added"))
        elif key not in catalogued:
            found.append(Alteration("retention_rule", row_id, label, label_zh, "deleted"))
        elif catalogued[key][1] != state.rules[key]:
            found.append(Alteration("retention_rule", row_id, label, label_zh, differences=(
                Difference("years", shown(catalogued[key][1] if catalogued[key][1] is not None else "permanent"),
                           shown(state.rules[key] if state.rules[key] is not None else "permanent")),)))
    return found


def all_alterations(state: SecurityState) -> list[Alteration]:
    """Every catalogue row the log disagrees with (``verify``)."""
    return [*user_alterations(state), *request_alterations(state), *recording_alterations(state),
            *hold_alterations(state), *case_alterations(state), *rule_alterations(state)]


def unchecked_notes(state: SecurityState) -> list[tuple[str, str]]:
    """What the log could not vouch for, as (English, Chinese) sentences: fields older events did not record."""
    notes: list[tuple[str, str]] = []
    times = state.unknown.get("recording camera times", 0)
    if times:
        notes.append((f"The camera start and end times of {times} recording(s) could not be checked against the "
                      "audit log: they were imported before the log recorded them (their hashes, sizes and import "
                      "times were checked).",
                      f"有 {times} 条记录的摄录起止时间无法与审计日志核对：这些记录导入时审计日志尚未记录该时间"
                      "（其哈希值、大小和导入时间已核对）。"))
    passwords = unlogged_passwords(state)
    if passwords:
        notes.append((f"The password hashes of {passwords} user(s) could not be checked against the audit log: "
                      "they were set before the log recorded their digest; they are checked from the next password "
                      "change on.",
                      f"有 {passwords} 个用户的密码哈希无法与审计日志核对：其密码设置时审计日志尚未记录摘要；"
                      "下次修改密码后即可核对。"))
    return notes
