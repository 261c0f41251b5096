"""What audit events are called in words: every action the station can record, the kinds of object an event
concerns and the fields of its details, each as an English and a Simplified Chinese label.

The audit log keeps the raw names (``viewing.open``, ``recording``, ``request_id``): they are the evidence and
never change. These labels are only how a reader is shown them. ``tests/unit/test_audit_labels.py`` scans the
code for every action it can emit and fails when one has no label here.
"""

from __future__ import annotations

from evidence_station.domain.roles import Operation, operation_label
from evidence_station.domain.viewing import RequestKind

#: An English label and its Chinese twin.
Label = tuple[str, str]

#: Every audit action the station records (the ``refused.<operation>`` family is derived from the operations,
#: see :func:`action_label`).
ACTION_LABELS: dict[str, Label] = {
    # sign-in and sessions
    "auth.login": ("Logged in", "登录"),
    "auth.unlock": ("Desk unlocked with the password", "输入口令解除锁定"),
    "auth.failed": ("Log-in failed", "登录失败"),
    "auth.locked": ("Account locked after failed log-ins", "多次登录失败，账户被锁定"),
    "auth.refused_locked": ("Log-in refused: account locked", "拒绝登录：账户已锁定"),
    "auth.refused_inactive": ("Log-in refused: account deactivated", "拒绝登录：账户已停用"),
    "session.open": ("Session opened", "打开会话"),
    "session.close": ("Session closed", "关闭会话"),
    # station and settings
    "station.init": ("Station initialised", "初始化工作站"),
    "station.key_retired": ("Station key retired", "停用工作站密钥"),
    "settings.set": ("Setting changed", "修改设置"),
    # users (two-person administration)
    "user.add": ("User added", "添加用户"),
    "user.password": ("Password set", "设置密码"),
    "user.unlock": ("Account unlocked", "解锁账户"),
    "user.role": ("Roles changed", "修改角色"),
    "user.clearance": ("Clearance changed", "修改涉密权限"),
    "user.deactivate": ("User deactivated", "停用用户"),
    "user.request": ("Account change requested", "申请账户变更"),
    "user.confirm": ("Account change confirmed", "确认账户变更"),
    "user.refuse": ("Account change refused", "拒绝账户变更"),
    "user.request_expired": ("Account change request expired", "账户变更申请已过期"),
    # import and the recordings
    "import.start": ("Import started", "开始导入"),
    "import.finish": ("Import finished", "导入完成"),
    "import.interrupted": ("Import interrupted", "导入中断"),
    "import.blob_removed": ("Unfinished stored file removed", "删除未完成的存储文件"),
    "import.already_catalogued": ("File already catalogued", "文件已编目"),
    "import.receipt": ("Import receipt made", "生成导入回执"),
    "card.handover": ("Card handed over", "存储卡交接"),
    "card_wipe.start": ("Card wipe started", "开始清除存储卡"),
    "card_wipe.deleted": ("File deleted from the card", "已从存储卡删除文件"),
    "card_wipe.delete_failed": ("File could not be deleted from the card", "未能从存储卡删除文件"),
    "card_wipe.refused": ("Deletion from the card refused", "拒绝删除存储卡文件"),
    "card_wipe.finish": ("Card wipe finished", "存储卡清除结束"),
    "recording.stored": ("Recording stored", "录像入库"),
    "recording.classify": ("Classification set", "设置密级"),
    "recording.hidden_access": ("Access to a restricted recording", "访问受限录像"),
    "recording.clock_offset": ("Clock offset applied", "校正时钟偏差"),
    "device.add": ("Device added", "添加设备"),
    "device.auto_created": ("Device registered on import", "导入时自动登记设备"),
    "device.update": ("Device changed", "修改设备信息"),
    "device.log": ("Device log entry", "设备日志记录"),
    "device.check": ("Device checked", "设备检查"),
    # findings, activities, cases
    "finding.raised": ("Finding raised", "发现问题"),
    "finding.resolved": ("Finding resolved", "处理问题"),
    "finding.explained": ("Gap explained (the finding stays open)", "说明中断原因（问题仍未关闭）"),
    "activity.add": ("Enforcement activity added", "添加执法活动"),
    "activity.assign": ("Recordings linked to an activity", "关联录像到执法活动"),
    "non_recording.add": ("Reason for no recording recorded", "登记未录像原因"),
    "non_recording.acknowledge": ("No-recording record confirmed by the head", "负责人确认未录像登记"),
    "non_recording.form": ("No-recording record form made", "生成未录像登记表"),
    "finding.gap_report": ("Gap reported: spoken explanation, reported to, written statement",
                           "登记中断报告（口头说明、报告对象、书面说明）"),
    "finding.gap_statement": ("Written statement of a gap read", "读取中断书面说明"),
    "conduct_note.add": ("Complaint or conduct note recorded", "登记投诉或执法行为记录"),
    "case.add": ("Case added", "新建案件"),
    "case.attach": ("Recordings attached to a case", "关联录像到案件"),
    "case.detach": ("Recordings detached from a case", "从案件移除录像"),
    "case.close": ("Case closed", "结案"),
    # viewing (Art. 18-20)
    "viewing.request": ("Viewing requested", "申请调阅"),
    "viewing.approve": ("Viewing approved", "批准调阅"),
    "viewing.refuse": ("Viewing refused", "驳回调阅申请"),
    "viewing.revoke": ("Viewing approval revoked", "撤销调阅审批"),
    "viewing.open": ("Recording opened for viewing", "打开录像查阅"),
    "viewing.watched": ("Viewing progress", "查阅进度"),
    "viewing.close": ("Viewing closed", "结束查阅"),
    "viewing.preview": ("Preview pictures shown", "查看预览图"),
    "viewing.snapshot": ("Snapshot taken", "截图"),
    "viewing.snapshot_image": ("Snapshot picture read", "读取截图"),
    "viewing.provision_used": ("Provision approval used", "使用对外提供审批"),
    "viewing.register_pdf": ("Viewing register printed (PDF)", "导出查阅登记（PDF）"),
    "viewing.register_csv": ("Viewing register exported (CSV)", "导出查阅登记（CSV）"),
    "bookmark.create": ("Bookmark added", "添加书签"),
    "bookmark.edit": ("Bookmark edited", "修改书签"),
    "bookmark.withdraw": ("Bookmark withdrawn", "撤回书签"),
    # evidence discs
    "disc.register": ("Disc registered", "登记光盘"),
    "disc.transfer": ("Disc handed on", "移交光盘"),
    "disc.label_sheet": ("Disc label sheet printed", "打印光盘标签"),
    "disc.hidden_access": ("Access to a restricted disc", "访问受限光盘"),
    # export
    "export.start": ("Export started", "开始导出"),
    "export.create": ("Evidence disc made", "制作证据光盘"),
    "export.cancelled": ("Export cancelled", "导出已取消"),
    "export.failed": ("Export failed", "导出失败"),
    "export.interrupted": ("Export interrupted", "导出中断"),
    "export.temp_removed": ("Unfinished export files removed", "删除未完成的导出文件"),
    "export.verification_failed": ("Export check failed", "导出校验失败"),
    "export.download": ("Disc images downloaded", "下载光盘镜像"),
    "export.burn": ("Disc burnt", "刻录光盘"),
    # retention and disposal
    "retention.hold": ("Hold placed", "设置保全"),
    "retention.release": ("Hold released", "解除保全"),
    "retention.rule_set": ("Retention rule set", "设置保存期限规则"),
    "retention.rule_clear": ("Retention rule removed", "删除保存期限规则"),
    "disposal.propose": ("Disposal proposed", "申请销毁"),
    "disposal.refuse": ("Disposal refused", "驳回销毁申请"),
    "disposal.approve": ("Disposal approved", "批准销毁"),
    "disposal.blobs": ("Originals destroyed", "销毁原始文件"),
    "disposal.certificate": ("Disposal certificate made", "生成销毁证明"),
    "disposal.certificate_copy": ("Disposal certificate copied", "复制销毁证明"),
    # checks and reports
    "audit.verify": ("Audit chain verified", "校验审计链"),
    "audit.check_disc": ("Disc checked against the audit log", "核对光盘与审计日志"),
    "store.verify": ("Originals verified", "校验原始文件"),
    "report.compliance_monthly": ("Monthly compliance report", "月度合规报告"),
    # refusals that are not one operation of the permission matrix
    "refused.catalogue_altered": ("Refused: the catalogue was altered", "拒绝：编目数据被篡改"),
    "refused.snapshot_image": ("Refused: snapshot picture", "拒绝：读取截图"),
    "refused.edit_bookmark": ("Refused: edit a bookmark", "拒绝：修改书签"),
    "refused.withdraw_bookmark": ("Refused: withdraw a bookmark", "拒绝：撤回书签"),
    "refused.export_download": ("Refused: download disc images", "拒绝：下载光盘镜像"),
    "refused.export_burn": ("Refused: report a burnt disc", "拒绝：报告光盘刻录"),
    "refused.hand_over_card": ("Refused: hand over a card", "拒绝：交接存储卡"),
    "refused.card_wipe": ("Refused: wipe a card", "拒绝：清除存储卡"),
    "refused.classified_stream": ("Refused: stream a classified recording", "拒绝：播放涉密录像流"),
    "refused.classified_image": ("Refused: download a classified disc image", "拒绝：下载涉密光盘镜像"),
}

REFUSED_PREFIX = "refused."
_OPERATIONS = frozenset(operation.value for operation in Operation)
_REQUEST_KINDS = frozenset(kind.value for kind in RequestKind)

#: The kinds of object an event concerns (``object_type``), and the catalogue tables a refusal may name.
OBJECT_LABELS: dict[str, Label] = {
    "account_request": ("account request", "账户变更申请"),
    "activity": ("activity", "执法活动"),
    "audit": ("audit log", "审计日志"),
    "bookmark": ("bookmark", "书签"),
    "case": ("case", "案件"),
    "card_wipe": ("card wipe", "存储卡清除"),
    "conduct_note": ("complaint or conduct note", "投诉或执法行为记录"),
    "device": ("device", "设备"),
    "disc": ("disc", "光盘"),
    "disposal": ("disposal", "销毁申请"),
    "export": ("export", "导出"),
    "finding": ("finding", "问题"),
    "import": ("import", "导入"),
    "non_recording": ("no-recording record", "未录像登记"),
    "recording": ("recording", "录像"),
    "report": ("report", "报告"),
    "retention_rule": ("retention rule", "保存期限规则"),
    "session": ("session", "会话"),
    "setting": ("setting", "设置"),
    "snapshot": ("snapshot", "截图"),
    "station": ("station", "工作站"),
    "user": ("user", "用户"),
    "vault": ("vault", "存储库"),
    "viewing_register": ("viewing register", "查阅登记"),
    "viewing_request": ("viewing request", "调阅申请"),
    "viewing_session": ("viewing session", "查阅会话"),
}

#: The fields of event details that have a name worth showing (others are shown as stored).
DETAIL_LABELS: dict[str, Label] = {
    "active": ("active", "启用"),
    "activity_id": ("activity", "执法活动"),
    "added": ("added", "增加"),
    "approvals": ("approvals", "审批"),
    "bytes_stored": ("bytes stored", "存储字节数"),
    "card": ("card", "存储卡"),
    "card_path": ("path on the card", "卡内路径"),
    "case_id": ("case", "案件"),
    "case_number": ("case number", "案件编号"),
    "certificate_sha256": ("certificate SHA-256", "证书 SHA-256"),
    "change": ("change", "变更"),
    "changed": ("changed", "变更内容"),
    "checked": ("checked", "已检查"),
    "classification": ("classification", "密级"),
    "clearance": ("clearance", "涉密权限"),
    "client": ("client", "客户端"),
    "clock_offset_s": ("clock offset (s)", "时钟偏差（秒）"),
    "confirmation_id": ("confirmation", "确认编号"),
    "decided_at": ("decided at", "审批时间"),
    "devices": ("devices", "设备"),
    "disc": ("disc", "光盘"),
    "discs": ("discs", "光盘"),
    "display_name": ("display name", "姓名"),
    "duplicate_of": ("duplicate of", "重复于"),
    "end": ("end", "结束"),
    "end_ms": ("end (ms)", "结束（毫秒）"),
    "entries": ("entries", "条目数"),
    "events": ("events", "事件数"),
    "expires_at": ("expires at", "到期时间"),
    "extractor": ("extracted by", "提取人"),
    "failed": ("failed", "失败"),
    "failed_attempts": ("failed attempts", "失败次数"),
    "file": ("file", "文件"),
    "file_name": ("file name", "文件名"),
    "files": ("files", "文件数"),
    "hold_id": ("hold", "保全编号"),
    "id": ("id", "编号"),
    "import_id": ("import", "导入批次"),
    "imported": ("imported", "已导入"),
    "imported_at": ("imported at", "导入时间"),
    "key": ("key", "设置项"),
    "keep_until": ("kept until", "保存至"),
    "kind": ("kind", "类型"),
    "late": ("late", "超时"),
    "lockout_attempts": ("lock-out after", "锁定阈值"),
    "message": ("message", "说明"),
    "message_zh": ("message (Chinese)", "中文说明"),
    "model": ("model", "型号"),
    "new": ("new", "新值"),
    "newly_stored": ("newly stored", "新入库"),
    "number": ("number", "编号"),
    "offset_ms": ("at (ms)", "位置（毫秒）"),
    "ok": ("ok", "正常"),
    "old": ("old", "原值"),
    "open_findings": ("open findings", "未处理问题"),
    "operation": ("operation", "操作"),
    "password_sha256": ("password hash digest", "密码摘要"),
    "place": ("place", "地点"),
    "problems": ("problems", "问题"),
    "producer": ("made by", "制作人"),
    "purpose": ("purpose", "用途"),
    "quick": ("quick", "快速"),
    "reason": ("reason", "原因"),
    "recipient": ("recipient", "接收方"),
    "recording_id": ("recording", "录像"),
    "recording_ids": ("recordings", "录像"),
    "recordings": ("recordings", "录像"),
    "request_id": ("request", "申请编号"),
    "resolution": ("resolution", "处理结果"),
    "revision": ("revision", "修订号"),
    "roles": ("roles", "角色"),
    "seconds_open": ("seconds open", "打开时长（秒）"),
    "serial": ("serial number", "序列号"),
    "session": ("session", "会话"),
    "session_id": ("viewing session", "查阅会话"),
    "settings": ("settings", "设置"),
    "sha256": ("SHA-256", "SHA-256 摘要"),
    "size": ("size", "大小"),
    "sm3": ("SM3", "SM3 摘要"),
    "snapshot_id": ("snapshot", "截图编号"),
    "start": ("start", "开始"),
    "start_ms": ("start (ms)", "开始（毫秒）"),
    "station_name": ("station name", "工作站名称"),
    "status": ("status", "状态"),
    "text": ("text", "内容"),
    "title": ("title", "标题"),
    "valid_from": ("valid from", "生效时间"),
    "valid_until": ("valid until", "有效期至"),
    "value": ("value", "值"),
    "verified": ("verified", "已校验"),
    "viewer": ("viewer", "查阅人"),
    "why": ("why", "原因"),
    "years": ("years", "年限"),
}


#: Stored values of some detail fields that are words, not data: field → value → label.
DETAIL_VALUE_LABELS: dict[str, dict[str, Label]] = {
    "client": {"gui": ("desktop program", "桌面程序"), "cli": ("command line", "命令行")},
    "reason": {
        "unknown user": ("unknown user", "用户不存在"),
        "wrong password": ("wrong password", "密码错误"),
        "account locked": ("account locked", "账户已锁定"),
        "account deactivated": ("account deactivated", "账户已停用"),
    },
}


def action_label(action: str) -> Label | None:
    """The English and Chinese label of an audit action, or None when the station does not know it.

    ``refused.<operation>`` (a refusal by the permission matrix) and ``refused.<approval kind>`` are named after
    the operation or the kind of approval that was missing.
    """
    known = ACTION_LABELS.get(action)
    if known is not None or not action.startswith(REFUSED_PREFIX):
        return known
    what = action.removeprefix(REFUSED_PREFIX)
    if what in _OPERATIONS:
        operation = Operation(what)
        return f"Refused: {operation.value.replace('_', ' ')}", f"拒绝：{operation_label(operation).render('zh_CN')}"
    if what in _REQUEST_KINDS:
        kind = RequestKind(what)
        return (f"Refused: no {kind.value.replace('_', ' ')} approval",
                f"拒绝：没有{kind.label_zh}审批")
    return None


def object_label(object_type: str) -> Label | None:
    """The English and Chinese name of a kind of object (None when unknown)."""
    return OBJECT_LABELS.get(object_type)


def detail_label(key: str) -> Label | None:
    """The English and Chinese name of a field of event details (None when it has none)."""
    return DETAIL_LABELS.get(key)


def detail_value_label(key: str, value: object) -> Label | None:
    """The English and Chinese words for a stored value of the detail field ``key`` (None: shown as stored)."""
    return DETAIL_VALUE_LABELS.get(key, {}).get(value) if isinstance(value, str) else None
