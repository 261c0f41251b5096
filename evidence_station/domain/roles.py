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


#: What each operation is, as a Chinese verb phrase ("无权…" / "may not …" in refusals).
OPERATION_LABELS_ZH: dict[Operation, str] = {
    Operation.MANAGE_USERS: "管理用户",
    Operation.MANAGE_SETTINGS: "修改工作站设置",
    Operation.IMPORT_CARD: "导入存储卡",
    Operation.HAND_OVER_CARD: "移交存储卡",
    Operation.LIST_RECORDINGS: "查看记录列表",
    Operation.VERIFY_STORE: "校验存储库",
    Operation.VERIFY_AUDIT: "校验审计日志",
    Operation.READ_AUDIT: "查看审计日志",
    Operation.REQUEST_VIEWING: "提交调阅申请",
    Operation.DECIDE_VIEWING: "审批调阅申请",
    Operation.REVOKE_VIEWING: "撤销调阅审批",
    Operation.READ_VIEWING_REGISTER: "查看查阅登记",
    Operation.OPEN_RECORDING: "打开录像",
    Operation.ADD_BOOKMARK: "添加或修改书签",
    Operation.CLASSIFY_RECORDING: "设置记录密级",
    Operation.MANAGE_CASES: "管理案件",
    Operation.EXPORT_EVIDENCE: "导出证据（刻录证据光盘）",
    Operation.MANAGE_DEVICES: "管理设备",
    Operation.MANAGE_ACTIVITIES: "管理执法活动",
    Operation.RECORD_CONDUCT: "登记投诉与执法行为情况（第十四条）",
    Operation.ACKNOWLEDGE_NON_RECORDING: "负责人确认不进行现场记录的工作记录（第五条）",
    Operation.RESOLVE_FINDING: "处理发现的问题",
    Operation.DECIDE_FINDING: "对须由主管局长决定的问题作出决定",
    Operation.READ_FINDINGS: "查看发现的问题",
    Operation.PROPOSE_DISPOSAL: "申请销毁记录",
    Operation.APPROVE_DISPOSAL: "审批销毁申请",
    Operation.MANAGE_HOLDS: "设置或解除保全",
    Operation.CONFIRM_ACCOUNT_CHANGE: "确认或拒绝账户变更（双人管理）",
}


def operation_label_zh(operation: Operation) -> str:
    """The Chinese verb phrase for ``operation`` (its English name when none is known)."""
    return OPERATION_LABELS_ZH.get(operation, operation.value.replace("_", " "))


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
    """A role from its name; ValueError names the valid ones (see :func:`unknown_role_zh` for Chinese)."""
    try:
        return Role(text.strip().lower())
    except ValueError:
        valid = ", ".join(r.value for r in Role)
        raise ValueError(f"Unknown role {text!r}; the roles are: {valid}.") from None


def unknown_role_zh(text: str) -> str:
    """The Chinese sentence of :func:`parse_role`'s refusal."""
    valid = "、".join(f"{r.value}（{ROLE_LABELS_ZH[r]}）" for r in Role)
    return f"未知角色“{text}”；可用的角色有：{valid}。"
