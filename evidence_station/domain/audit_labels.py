"""What audit events are called in words: every action the station can record, the kinds of object an event
concerns and the fields of its details, each as a label (a :class:`Msg`) to render in the reader's language.

The audit log keeps the raw names (``viewing.open``, ``recording``, ``request_id``): they are the evidence and
never change. These labels are only how a reader is shown them. ``tests/unit/test_audit_labels.py`` scans the
code for every action it can emit and fails when one has no label here.
"""

from __future__ import annotations

from evidence_station.domain.messages import Msg
from evidence_station.domain.roles import Operation, operation_label
from evidence_station.domain.viewing import RequestKind

#: A label, to render in the reader's language.
Label = Msg

#: Every audit action the station records (the ``refused.<operation>`` family is derived from the operations,
#: see :func:`action_label`).
ACTION_LABELS: dict[str, Label] = {
    # sign-in and sessions
    "auth.login": Msg("Logged in"),
    "auth.unlock": Msg("Desk unlocked with the password"),
    "auth.failed": Msg("Log-in failed"),
    "auth.locked": Msg("Account locked after failed log-ins"),
    "auth.refused_locked": Msg("Log-in refused: account locked"),
    "auth.refused_inactive": Msg("Log-in refused: account deactivated"),
    "session.open": Msg("Session opened"),
    "session.close": Msg("Session closed"),
    # station and settings
    "station.init": Msg("Station initialised"),
    "station.key_retired": Msg("Station key retired"),
    "settings.set": Msg("Setting changed"),
    # users (two-person administration)
    "user.add": Msg("User added"),
    "user.password": Msg("Password set"),
    "user.unlock": Msg("Account unlocked"),
    "user.role": Msg("Roles changed"),
    "user.clearance": Msg("Clearance changed"),
    "user.deactivate": Msg("User deactivated"),
    "user.request": Msg("Account change requested"),
    "user.confirm": Msg("Account change confirmed"),
    "user.refuse": Msg("Account change refused"),
    "user.request_expired": Msg("Account change request expired"),
    # import and the recordings
    "import.start": Msg("Import started"),
    "import.finish": Msg("Import finished"),
    "import.interrupted": Msg("Import interrupted"),
    "import.blob_removed": Msg("Unfinished stored file removed"),
    "import.already_catalogued": Msg("File already catalogued"),
    "import.receipt": Msg("Import receipt made"),
    "card.handover": Msg("Card handed over"),
    "card_wipe.start": Msg("Card wipe started"),
    "card_wipe.deleted": Msg("File deleted from the card"),
    "card_wipe.delete_failed": Msg("File could not be deleted from the card"),
    "card_wipe.refused": Msg("Deletion from the card refused"),
    "card_wipe.finish": Msg("Card wipe finished"),
    "recording.stored": Msg("Recording stored"),
    "recording.classify": Msg("Classification set"),
    "recording.hidden_access": Msg("Access to a restricted recording"),
    "recording.clock_offset": Msg("Clock offset applied"),
    "device.add": Msg("Device added"),
    "device.auto_created": Msg("Device registered on import"),
    "device.update": Msg("Device changed"),
    "device.log": Msg("Device log entry"),
    "device.check": Msg("Device checked"),
    # findings, activities, cases
    "finding.raised": Msg("Finding raised"),
    "finding.resolved": Msg("Finding resolved"),
    "finding.explained": Msg("Gap explained (the finding stays open)"),
    "activity.add": Msg("Enforcement activity added"),
    "activity.assign": Msg("Recordings linked to an activity"),
    "non_recording.add": Msg("Reason for no recording recorded"),
    "non_recording.acknowledge": Msg("No-recording record confirmed by the head"),
    "non_recording.form": Msg("No-recording record form made"),
    "finding.gap_report": Msg("Gap reported: spoken explanation, reported to, written statement"),
    "finding.gap_statement": Msg("Written statement of a gap read"),
    "conduct_note.add": Msg("Complaint or conduct note recorded"),
    "case.add": Msg("Case added"),
    "case.attach": Msg("Recordings attached to a case"),
    "case.detach": Msg("Recordings detached from a case"),
    "case.close": Msg("Case closed"),
    # viewing (Art. 18-20)
    "viewing.request": Msg("Viewing requested"),
    "viewing.approve": Msg("Viewing approved"),
    "viewing.refuse": Msg("Viewing refused"),
    "viewing.revoke": Msg("Viewing approval revoked"),
    "viewing.open": Msg("Recording opened for viewing"),
    "viewing.watched": Msg("Viewing progress"),
    "viewing.close": Msg("Viewing closed"),
    "viewing.preview": Msg("Preview pictures shown"),
    "viewing.snapshot": Msg("Snapshot taken"),
    "viewing.snapshot_image": Msg("Snapshot picture read"),
    "viewing.provision_used": Msg("Provision approval used"),
    "viewing.register_pdf": Msg("Viewing register printed (PDF)"),
    "viewing.register_csv": Msg("Viewing register exported (CSV)"),
    "bookmark.create": Msg("Bookmark added"),
    "bookmark.edit": Msg("Bookmark edited"),
    "bookmark.withdraw": Msg("Bookmark withdrawn"),
    # evidence discs
    "disc.register": Msg("Disc registered"),
    "disc.transfer": Msg("Disc handed on"),
    "disc.label_sheet": Msg("Disc label sheet printed"),
    "disc.hidden_access": Msg("Access to a restricted disc"),
    # export
    "export.start": Msg("Export started"),
    "export.create": Msg("Evidence disc made"),
    "export.cancelled": Msg("Export cancelled"),
    "export.failed": Msg("Export failed"),
    "export.interrupted": Msg("Export interrupted"),
    "export.temp_removed": Msg("Unfinished export files removed"),
    "export.verification_failed": Msg("Export check failed"),
    "export.download": Msg("Disc images downloaded"),
    "export.burn": Msg("Disc burnt"),
    # retention and disposal
    "retention.hold": Msg("Hold placed"),
    "retention.release": Msg("Hold released"),
    "retention.rule_set": Msg("Retention rule set"),
    "retention.rule_clear": Msg("Retention rule removed"),
    "disposal.propose": Msg("Disposal proposed"),
    "disposal.refuse": Msg("Disposal refused"),
    "disposal.approve": Msg("Disposal approved"),
    "disposal.blobs": Msg("Originals destroyed"),
    "disposal.certificate": Msg("Disposal certificate made"),
    "disposal.certificate_copy": Msg("Disposal certificate copied"),
    # checks and reports
    "audit.verify": Msg("Audit chain verified"),
    "audit.check_disc": Msg("Disc checked against the audit log"),
    "store.verify": Msg("Originals verified"),
    "report.compliance_monthly": Msg("Monthly compliance report"),
    # refusals that are not one operation of the permission matrix
    "refused.catalogue_altered": Msg("Refused: the catalogue was altered"),
    "refused.snapshot_image": Msg("Refused: snapshot picture"),
    "refused.edit_bookmark": Msg("Refused: edit a bookmark"),
    "refused.withdraw_bookmark": Msg("Refused: withdraw a bookmark"),
    "refused.export_download": Msg("Refused: download disc images"),
    "refused.export_burn": Msg("Refused: report a burnt disc"),
    "refused.hand_over_card": Msg("Refused: hand over a card"),
    "refused.card_wipe": Msg("Refused: wipe a card"),
    "refused.classified_stream": Msg("Refused: stream a classified recording"),
    "refused.classified_image": Msg("Refused: download a classified disc image"),
}

REFUSED_PREFIX = "refused."
_OPERATIONS = frozenset(operation.value for operation in Operation)
_REQUEST_KINDS = frozenset(kind.value for kind in RequestKind)

#: The kinds of object an event concerns (``object_type``), and the catalogue tables a refusal may name.
OBJECT_LABELS: dict[str, Label] = {
    "account_request": Msg("account request"),
    "activity": Msg("activity"),
    "audit": Msg("audit log"),
    "bookmark": Msg("bookmark"),
    "case": Msg("case"),
    "card_wipe": Msg("card wipe"),
    "conduct_note": Msg("complaint or conduct note"),
    "device": Msg("device"),
    "disc": Msg("disc"),
    "disposal": Msg("disposal"),
    "export": Msg("export"),
    "finding": Msg("finding"),
    "import": Msg("import"),
    "non_recording": Msg("no-recording record"),
    "recording": Msg("recording"),
    "report": Msg("report"),
    "retention_rule": Msg("retention rule"),
    "session": Msg("session"),
    "setting": Msg("setting"),
    "snapshot": Msg("snapshot"),
    "station": Msg("station"),
    "user": Msg("user"),
    "vault": Msg("vault"),
    "viewing_register": Msg("viewing register"),
    "viewing_request": Msg("viewing request"),
    "viewing_session": Msg("viewing session"),
}

#: The fields of event details that have a name worth showing (others are shown as stored).
DETAIL_LABELS: dict[str, Label] = {
    "active": Msg("active"),
    "activity_id": Msg("activity"),
    "added": Msg("added"),
    "approvals": Msg("approvals"),
    "bytes_stored": Msg("bytes stored"),
    "card": Msg("card"),
    "card_path": Msg("path on the card"),
    "case_id": Msg("case"),
    "case_number": Msg("case number"),
    "certificate_sha256": Msg("certificate SHA-256"),
    "change": Msg("change"),
    "changed": Msg("changed"),
    "checked": Msg("checked"),
    "classification": Msg("classification"),
    "clearance": Msg("clearance"),
    "client": Msg("client"),
    "clock_offset_s": Msg("clock offset (s)"),
    "confirmation_id": Msg("confirmation"),
    "decided_at": Msg("decided at"),
    "devices": Msg("devices"),
    "disc": Msg("disc"),
    "discs": Msg("discs"),
    "display_name": Msg("display name"),
    "duplicate_of": Msg("duplicate of"),
    "end": Msg("end"),
    "end_ms": Msg("end (ms)"),
    "entries": Msg("entries"),
    "events": Msg("event count"),
    "expires_at": Msg("expires at"),
    "extractor": Msg("extracted by"),
    "failed": Msg("failed"),
    "failed_attempts": Msg("failed attempts"),
    "file": Msg("file"),
    "file_name": Msg("file name"),
    "files": Msg("files"),
    "hold_id": Msg("hold"),
    "id": Msg("id"),
    "import_id": Msg("import"),
    "imported": Msg("imported"),
    "imported_at": Msg("imported at"),
    "key": Msg("key"),
    "keep_until": Msg("kept until"),
    "kind": Msg("kind"),
    "late": Msg("late"),
    "lockout_attempts": Msg("lock-out after"),
    "message": Msg("message"),
    "message_zh": Msg("message (Chinese)"),
    "model": Msg("model"),
    "new": Msg("new"),
    "newly_stored": Msg("newly stored"),
    "number": Msg("number"),
    "offset_ms": Msg("at (ms)"),
    "ok": Msg("ok"),
    "old": Msg("old"),
    "open_findings": Msg("open findings"),
    "operation": Msg("operation"),
    "password_sha256": Msg("password hash digest"),
    "place": Msg("place"),
    "problems": Msg("problems"),
    "producer": Msg("made by"),
    "purpose": Msg("purpose"),
    "quick": Msg("quick"),
    "reason": Msg("reason"),
    "recipient": Msg("recipient"),
    "recording_id": Msg("recording"),
    "recording_ids": Msg("recordings"),
    "recordings": Msg("recordings"),
    "request_id": Msg("request"),
    "resolution": Msg("resolution"),
    "revision": Msg("revision"),
    "roles": Msg("roles"),
    "seconds_open": Msg("seconds open"),
    "serial": Msg("serial number"),
    "session": Msg("session"),
    "session_id": Msg("viewing session"),
    "settings": Msg("settings"),
    "sha256": Msg("SHA-256"),
    "size": Msg("size"),
    "sm3": Msg("SM3"),
    "snapshot_id": Msg("snapshot"),
    "start": Msg("start"),
    "start_ms": Msg("start (ms)"),
    "station_name": Msg("station name"),
    "status": Msg("status"),
    "text": Msg("text"),
    "title": Msg("title"),
    "valid_from": Msg("valid from"),
    "valid_until": Msg("valid until"),
    "value": Msg("value"),
    "verified": Msg("verified"),
    "viewer": Msg("viewer"),
    "why": Msg("why"),
    "years": Msg("years"),
}


#: Stored values of some detail fields that are words, not data: field → value → label.
DETAIL_VALUE_LABELS: dict[str, dict[str, Label]] = {
    "client": {"gui": Msg("desktop program"), "cli": Msg("command line")},
    "reason": {
        "unknown user": Msg("unknown user"),
        "wrong password": Msg("wrong password"),
        "account locked": Msg("account locked"),
        "account deactivated": Msg("account deactivated"),
    },
}


def action_label(action: str) -> Label | None:
    """The label of an audit action, or None when the station does not know it.

    ``refused.<operation>`` (a refusal by the permission matrix) and ``refused.<approval kind>`` are named after
    the operation or the kind of approval that was missing.
    """
    known = ACTION_LABELS.get(action)
    if known is not None or not action.startswith(REFUSED_PREFIX):
        return known
    what = action.removeprefix(REFUSED_PREFIX)
    if what in _OPERATIONS:
        return Msg("Refused: {operation}", operation=operation_label(Operation(what)))
    if what in _REQUEST_KINDS:
        return Msg("Refused: no approval for {kind}", kind=RequestKind(what).label)
    return None


def object_label(object_type: str) -> Label | None:
    """The name of a kind of object (None when unknown)."""
    return OBJECT_LABELS.get(object_type)


def detail_label(key: str) -> Label | None:
    """The name of a field of event details (None when it has none)."""
    return DETAIL_LABELS.get(key)


def detail_value_label(key: str, value: object) -> Label | None:
    """The words for a stored value of the detail field ``key`` (None: shown as stored)."""
    return DETAIL_VALUE_LABELS.get(key, {}).get(value) if isinstance(value, str) else None
