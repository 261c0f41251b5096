"""Roles, operations and the one permission matrix the service layer checks.

No code elsewhere asks ``if role == …``: services call ``require(operation)`` on their context, which
consults :data:`PERMISSIONS`. Approvals (Art. 18) and clearances (Art. 20) are checked on top of this
matrix by the services that need them.
"""

from __future__ import annotations

from enum import StrEnum


class Role(StrEnum):
    """The people who use the station."""

    ADMIN = "admin"
    CUSTODIAN = "custodian"
    INVESTIGATOR = "investigator"
    DIRECTOR = "director"
    CLERK = "clerk"
    AUDITOR = "auditor"


ROLE_LABELS_ZH: dict[Role, str] = {
    Role.ADMIN: "系统管理员",
    Role.CUSTODIAN: "保管人",
    Role.INVESTIGATOR: "调查人员",
    Role.DIRECTOR: "主管局长",
    Role.CLERK: "文书",
    Role.AUDITOR: "审计人员",
}


class Operation(StrEnum):
    """Everything a service may be asked to do that needs a role."""

    MANAGE_USERS = "manage_users"
    MANAGE_SETTINGS = "manage_settings"
    IMPORT_CARD = "import_card"
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
    READ_FINDINGS = "read_findings"
    PROPOSE_DISPOSAL = "propose_disposal"
    APPROVE_DISPOSAL = "approve_disposal"
    MANAGE_HOLDS = "manage_holds"


_EVERYONE = frozenset(Role)

PERMISSIONS: dict[Operation, frozenset[Role]] = {
    Operation.MANAGE_USERS: frozenset({Role.ADMIN}),
    Operation.MANAGE_SETTINGS: frozenset({Role.ADMIN}),
    Operation.IMPORT_CARD: frozenset({Role.CUSTODIAN, Role.ADMIN}),
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
    Operation.READ_FINDINGS: _EVERYONE,
    Operation.PROPOSE_DISPOSAL: frozenset({Role.CUSTODIAN}),
    Operation.APPROVE_DISPOSAL: frozenset({Role.DIRECTOR}),
    Operation.MANAGE_HOLDS: frozenset({Role.CUSTODIAN, Role.DIRECTOR}),
}


def allowed(roles: frozenset[Role] | set[Role], operation: Operation) -> bool:
    """True when any of ``roles`` may perform ``operation``."""
    return bool(PERMISSIONS[operation] & frozenset(roles))


def parse_role(text: str) -> Role:
    """A role from its name; ValueError names the valid ones."""
    try:
        return Role(text.strip().lower())
    except ValueError:
        valid = ", ".join(r.value for r in Role)
        raise ValueError(f"Unknown role {text!r}; the roles are: {valid}.") from None
