"""The audit log and the verification of the station as the service reports them."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from typing import Any, ClassVar, Protocol

from evidence_station.api.types import Limit, Offset
from evidence_station.domain.messages import Msg, Said
from evidence_station.domain.progress import CancelToken, ProgressCallback


@dataclass(frozen=True)
class AuditEventView:
    """One audit event for display."""

    seq: int
    at: datetime
    actor: str
    action: str
    object_type: str
    object_id: str
    outcome: str
    details: dict[str, Any]
    hash: str


@dataclass(frozen=True)
class AuditProblem:
    """One thing wrong with the log. ``seq`` names the event (None for checkpoint-level problems)."""

    kind: str
    message: str
    seq: int | None = None
    message_zh: str = ""  # the same sentence in Chinese ("" when the problem has none)

    @classmethod
    def of(cls, kind: str, message: Msg, seq: int | None = None) -> AuditProblem:
        """A problem whose sentence is a :class:`Msg`: English ``message``, its Chinese from the catalogue."""
        return cls(kind, str(message), seq, message.render("zh_CN") if message.translated("zh_CN") else "")

    @property
    def text_zh(self) -> str:
        """The Chinese sentence when there is one, else the English message."""
        return self.message_zh or self.message

    @property
    def said(self) -> Msg:
        """The sentence for the reader's language (as it was rendered where the problem was found)."""
        return Said(self.message, zh_CN=self.message_zh)

    def to_dict(self) -> dict[str, object]:
        """JSON form (``message_zh``: the Chinese sentence, or the English one when there is none)."""
        return {"kind": self.kind, "seq": self.seq, "message": self.message, "message_zh": self.text_zh}


#: What a witness is (the ``document`` its chain head names; a disc names none).
DOCUMENT_LABELS: dict[str, Msg] = {
    "evidence_disc": Msg("evidence disc"), "import_receipt": Msg("import receipt"),
    "viewing_register": Msg("viewing register"), "monthly_report": Msg("monthly compliance report"),
    "disposal_certificate": Msg("disposal certificate"), "document": Msg("signed document"),
}


@dataclass(frozen=True)
class Witness:
    """The chain head a witness carries (``audit verify --witness``), read at the desk: an evidence disc or image, or
    a signed document of the station — the signed checkpoint it was issued at, as signed."""

    source: str  # the witness as the person named it (its path at the desk)
    document: str  # evidence_disc | import_receipt | viewing_register | monthly_report | disposal_certificate
    payload_text: str
    signature_b64: str


@dataclass(frozen=True)
class WitnessCheck:
    """A witness as checked: the checkpoint it carries (None when unreadable) and whether the chain agrees."""

    source: str
    document: str
    checkpoint_id: int | None
    event_count: int | None
    ok: bool

    def to_dict(self) -> dict[str, object]:
        """JSON form."""
        return {"source": self.source, "document": self.document, "checkpoint_id": self.checkpoint_id,
                "event_count": self.event_count, "ok": self.ok}


@dataclass(frozen=True)
class AuditVerification:
    """Result of :func:`verify_audit_log`."""

    ok: bool
    events: int
    checkpoints: int
    problems: list[AuditProblem] = field(default_factory=list)
    witnesses: list[WitnessCheck] = field(default_factory=list)


@dataclass(frozen=True)
class StoreProblem:
    """One problem found by ``verify``; ``recording_id`` is None for vault- or audit-level problems."""

    recording_id: int | None
    kind: str  # missing_blob | size_mismatch | sha256_mismatch | sm3_mismatch | unreadable | extra_blob | audit
    # | catalogue_altered (a catalogue row — hashes, times, roles, grants, holds, … — differs from the audit log)
    # | writable_blob (the vault copy lost its read-only protection)
    # | settings_altered (a security setting in settings.json differs from the last audited value)
    message: str
    message_zh: str = ""  # the same sentence in Chinese ("" when the problem has none, e.g. audit problems)
    # catalogue_altered: the table, the row (its id) and the fields that disagree with the audit log
    # (``["row"]`` for a row added or deleted outside the station)
    table: str | None = None
    row_id: str | None = None
    fields: list[str] = field(default_factory=list)

    @classmethod
    def of(cls, recording_id: int | None, kind: str, message: Msg, **where: Any) -> StoreProblem:
        """A problem whose sentence is a :class:`Msg`, rendered in English and Chinese for the wire (``where``:
        ``table``, ``row_id``, ``fields`` of a ``catalogue_altered`` problem)."""
        return cls(recording_id, kind, str(message), message.render("zh_CN") if message.translated("zh_CN") else "",
                   **where)

    @property
    def text_zh(self) -> str:
        """The Chinese sentence when there is one, else the English message."""
        return self.message_zh or self.message

    @property
    def said(self) -> Msg:
        """The sentence for the reader's language (as it was rendered where the problem was found)."""
        return Said(self.message, zh_CN=self.message_zh)

    def to_dict(self) -> dict[str, object]:
        """JSON form: ``recording_id``, ``kind``, ``message``, ``message_zh``; a ``catalogue_altered`` problem adds
        ``table``, ``row_id``, ``field`` (the first that disagrees) and ``fields``."""
        data: dict[str, object] = {"recording_id": self.recording_id, "kind": self.kind, "message": self.message,
                                   "message_zh": self.text_zh}
        if self.table is not None:
            data.update(table=self.table, row_id=self.row_id, field=self.fields[0] if self.fields else None,
                        fields=list(self.fields))
        return data


@dataclass(frozen=True)
class VerificationNote:
    """Something a verification could not check, and why (e.g. fields an older audit log did not record)."""

    message: str
    message_zh: str

    def to_dict(self) -> dict[str, str]:
        """JSON form."""
        return {"message": self.message, "message_zh": self.message_zh}


@dataclass(frozen=True)
class StoreVerification:
    """Result of :func:`verify_store`."""

    ok: bool
    checked: int
    quick: bool
    problems: list[StoreProblem] = field(default_factory=list)
    notes: list[VerificationNote] = field(default_factory=list)


@dataclass(frozen=True)
class CheckpointView:
    """A signed audit checkpoint: its payload (event count, head hash, …), as text and as signed."""

    checkpoint_id: int
    payload: dict[str, Any]
    payload_text: str
    signature_b64: str
    algorithm: str = "ECDSA-P256-SHA256"

    def to_dict(self) -> dict[str, Any]:
        """The portable form (as ``audit checkpoint`` prints it and a disc carries it)."""
        return {"payload": self.payload, "payload_text": self.payload_text, "signature_b64": self.signature_b64,
                "algorithm": self.algorithm}


class AuditApi(Protocol):
    """The audit log and verification (``services/audit_service.py``, ``services/verify_service.py``)."""

    SERVICES: ClassVar[tuple[str, ...]] = ("audit_service", "verify_service")

    def list_audit_events(
        self,
        *,
        since: datetime | None = None,
        until: datetime | None = None,
        actor: str | None = None,
        action_contains: str | None = None,
        limit: Limit = 500,
        offset: Offset = 0,
    ) -> list[AuditEventView]:
        """Audit events, newest first, filtered."""
        ...

    def verify_audit_chain(
        self, progress: ProgressCallback | None = None, cancel: CancelToken | None = None, *,
        witnesses: list[Witness] | None = None,
    ) -> AuditVerification:
        """Check the hash chain, the signed checkpoints and the station certificate, and the catalogue against the
        chain head each witness carries."""
        ...

    def verify_originals(
        self, *, quick: bool = False, progress: ProgressCallback | None = None, cancel: CancelToken | None = None
    ) -> StoreVerification:
        """Re-hash every stored original (sizes only with ``quick``) and check the audit chain."""
        ...

    def sign_audit_checkpoint(self) -> CheckpointView | None:
        """Sign the chain head now (None when it is checkpointed already)."""
        ...
