"""Roles, operations and the one permission matrix the service layer checks.

No code elsewhere asks ``if role == …``: services call ``require(operation)`` on their context, which
consults :data:`PERMISSIONS`. Approvals (Art. 18) and clearances (Art. 20) are checked on top of this
matrix by the services that need them.
"""

from __future__ import annotations

from enum import StrEnum

from evidence_station.domain.messages import Items, Msg, value_and_label


class Role(StrEnum):
    """The people who use the station."""

    ADMIN = "admin"
    CUSTODIAN = "custodian"
    INVESTIGATOR = "investigator"
    DIRECTOR = "director"
    CLERK = "clerk"
    AUDITOR = "auditor"


ROLE_LABELS: dict[Role, Msg] = {
    Role.ADMIN: Msg("admin"),
    Role.CUSTODIAN: Msg("custodian"),
    Role.INVESTIGATOR: Msg("investigator"),
    Role.DIRECTOR: Msg("director"),
    Role.CLERK: Msg("clerk"),
    Role.AUDITOR: Msg("auditor"),
}


class Operation(StrEnum):
    """Everything a service may be asked to do that needs a role."""

    MANAGE_USERS = "manage_users"
    MANAGE_SETTINGS = "manage_settings"
    IMPORT_CARD = "import_card"
    HAND_OVER_CARD = "hand_over_card"
    LIST_RECORDINGS = "list_recordings"
    VERIFY_STORE = "verify_store"
    VERIFY_AUDIT = "verify_audit"
    READ_AUDIT = "read_audit"
    REQUEST_VIEWING = "request_viewing"
    DECIDE_VIEWING = "decide_viewing"
    REVOKE_VIEWING = "revoke_viewing"
    READ_VIEWING_REGISTER = "read_viewing_register"
    OPEN_RECORDING = "open_recording"
    ADD_BOOKMARK = "add_bookmark"
    CLASSIFY_RECORDING = "classify_recording"
    MANAGE_CASES = "manage_cases"
    EXPORT_EVIDENCE = "export_evidence"
    MANAGE_DEVICES = "manage_devices"
    MANAGE_ACTIVITIES = "manage_activities"
    RESOLVE_FINDING = "resolve_finding"
    DECIDE_FINDING = "decide_finding"  # close a finding only a director may close (Art. 11 breaches, insertions)
    RECORD_CONDUCT = "record_conduct"  # write a complaint or conduct note (Art. 14)
    ACKNOWLEDGE_NON_RECORDING = "acknowledge_non_recording"  # the head confirms an Art. 5 record
    READ_FINDINGS = "read_findings"
    PROPOSE_DISPOSAL = "propose_disposal"
    APPROVE_DISPOSAL = "approve_disposal"
    MANAGE_HOLDS = "manage_holds"
    CONFIRM_ACCOUNT_CHANGE = "confirm_account_change"


#: What each operation is, as a verb phrase ("无权…" / "may not …" in refusals; the English is the value's words).
OPERATION_LABELS: dict[Operation, Msg] = {
    Operation.MANAGE_USERS: Msg("manage users"),
    Operation.MANAGE_SETTINGS: Msg("manage settings"),
    Operation.IMPORT_CARD: Msg("import card"),
    Operation.HAND_OVER_CARD: Msg("hand over card"),
    Operation.LIST_RECORDINGS: Msg("list recordings"),
    Operation.VERIFY_STORE: Msg("verify store"),
    Operation.VERIFY_AUDIT: Msg("verify audit"),
    Operation.READ_AUDIT: Msg("read audit"),
    Operation.REQUEST_VIEWING: Msg("request viewing"),
    Operation.DECIDE_VIEWING: Msg("decide viewing"),
    Operation.REVOKE_VIEWING: Msg("revoke viewing"),
    Operation.READ_VIEWING_REGISTER: Msg("read viewing register"),
    Operation.OPEN_RECORDING: Msg("open recording"),
    Operation.ADD_BOOKMARK: Msg("add bookmark"),
    Operation.CLASSIFY_RECORDING: Msg("classify recording"),
    Operation.MANAGE_CASES: Msg("manage cases"),
    Operation.EXPORT_EVIDENCE: Msg("export evidence"),
    Operation.MANAGE_DEVICES: Msg("manage devices"),
    Operation.MANAGE_ACTIVITIES: Msg("manage activities"),
    Operation.RECORD_CONDUCT: Msg("record conduct"),
    Operation.ACKNOWLEDGE_NON_RECORDING: Msg("acknowledge non recording"),
    Operation.RESOLVE_FINDING: Msg("resolve finding"),
    Operation.DECIDE_FINDING: Msg("decide finding"),
    Operation.READ_FINDINGS: Msg("read findings"),
    Operation.PROPOSE_DISPOSAL: Msg("propose disposal"),
    Operation.APPROVE_DISPOSAL: Msg("approve disposal"),
    Operation.MANAGE_HOLDS: Msg("manage holds"),
    Operation.CONFIRM_ACCOUNT_CHANGE: Msg("confirm account change"),
}


def operation_label(operation: Operation) -> Msg:
    """The verb phrase for ``operation``, to render in the reader's language."""
    return OPERATION_LABELS[operation]


_EVERYONE = frozenset(Role)

PERMISSIONS: dict[Operation, frozenset[Role]] = {
    Operation.MANAGE_USERS: frozenset({Role.ADMIN}),
    Operation.MANAGE_SETTINGS: frozenset({Role.ADMIN}),
    Operation.IMPORT_CARD: frozenset({Role.CUSTODIAN, Role.ADMIN}),
    # The officers who wear the cameras: they hand their cards over to the custodian (Art. 15).
    Operation.HAND_OVER_CARD: frozenset({Role.INVESTIGATOR}),
    Operation.LIST_RECORDINGS: _EVERYONE,
    Operation.VERIFY_STORE: frozenset({Role.CUSTODIAN, Role.AUDITOR, Role.ADMIN}),
    Operation.VERIFY_AUDIT: _EVERYONE,
    Operation.READ_AUDIT: frozenset({Role.AUDITOR, Role.ADMIN, Role.DIRECTOR, Role.CUSTODIAN}),
    Operation.REQUEST_VIEWING: frozenset({Role.INVESTIGATOR, Role.CUSTODIAN, Role.DIRECTOR, Role.CLERK}),
    Operation.DECIDE_VIEWING: frozenset({Role.DIRECTOR}),
    Operation.REVOKE_VIEWING: frozenset({Role.DIRECTOR}),
    Operation.READ_VIEWING_REGISTER: frozenset({Role.CUSTODIAN, Role.AUDITOR, Role.DIRECTOR, Role.ADMIN}),
    Operation.OPEN_RECORDING: frozenset({Role.INVESTIGATOR, Role.CUSTODIAN, Role.DIRECTOR, Role.CLERK}),
    Operation.ADD_BOOKMARK: frozenset({Role.INVESTIGATOR, Role.DIRECTOR}),
    Operation.CLASSIFY_RECORDING: frozenset({Role.DIRECTOR}),
    Operation.MANAGE_CASES: frozenset({Role.CLERK, Role.INVESTIGATOR, Role.CUSTODIAN}),
    Operation.EXPORT_EVIDENCE: frozenset({Role.CLERK}),
    Operation.MANAGE_DEVICES: frozenset({Role.CUSTODIAN, Role.ADMIN}),
    Operation.MANAGE_ACTIVITIES: frozenset({Role.CUSTODIAN, Role.INVESTIGATOR}),
    Operation.RESOLVE_FINDING: frozenset({Role.CUSTODIAN, Role.DIRECTOR}),
    # Possible inserted footage and gaps the officer did not explain by voice close only with a director's decision.
    Operation.DECIDE_FINDING: frozenset({Role.DIRECTOR}),
    # Art. 14: whoever hears of a complaint or sees the conduct on footage writes it down.
    Operation.RECORD_CONDUCT: frozenset({Role.CUSTODIAN, Role.INVESTIGATOR, Role.DIRECTOR}),
    # Art. 5: the head of the enforcement body confirms, in the station, the work record reported to them.
    Operation.ACKNOWLEDGE_NON_RECORDING: frozenset({Role.DIRECTOR}),
    Operation.READ_FINDINGS: _EVERYONE,
    Operation.PROPOSE_DISPOSAL: frozenset({Role.CUSTODIAN}),
    Operation.APPROVE_DISPOSAL: frozenset({Role.DIRECTOR}),
    Operation.MANAGE_HOLDS: frozenset({Role.CUSTODIAN, Role.DIRECTOR}),
    # The second person of two-person administration (never the one who asked, never the user concerned).
    Operation.CONFIRM_ACCOUNT_CHANGE: frozenset({Role.ADMIN, Role.DIRECTOR}),
}


def allowed(roles: frozenset[Role] | set[Role], operation: Operation) -> bool:
    """True when any of ``roles`` may perform ``operation``."""
    return bool(PERMISSIONS[operation] & frozenset(roles))


def can_hand_over_card(roles: frozenset[Role] | set[Role]) -> bool:
    """True when a person holding ``roles`` may confirm a card hand-over with their own account (Art. 15)."""
    return allowed(roles, Operation.HAND_OVER_CARD)


def parse_role(text: str) -> Role:
    """A role from its name; ValueError names the valid ones (see :func:`unknown_role` for the reader's language)."""
    try:
        return Role(text.strip().lower())
    except ValueError:
        valid = ", ".join(r.value for r in Role)
        raise ValueError(f"Unknown role {text!r}; the roles are: {valid}.") from None


def unknown_role(text: str) -> Msg:
    """:func:`parse_role`'s refusal, naming each role with its label."""
    return Msg("Unknown role {role!r}; the roles are: {roles}.", role=text,
               roles=Items(value_and_label(r.value, ROLE_LABELS[r]) for r in Role))
