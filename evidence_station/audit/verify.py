"""Verifying the audit chain and its signed checkpoints; every problem names the event."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime
from pathlib import Path

from cryptography import x509
from cryptography.x509.oid import NameOID

from evidence_station.api.audit import DOCUMENT_LABELS, AuditProblem, AuditVerification, Witness, WitnessCheck
from evidence_station.audit.chain import GENESIS_HASH, event_hash
from evidence_station.audit.checkpoints import (
    CHECKPOINT_FILE,
    SignedCheckpoint,
    catalogue_checkpoints,
    file_checkpoints,
)
from evidence_station.catalogue.audit_tables import AuditEvent
from evidence_station.catalogue.people import RetiredCertificate
from evidence_station.catalogue.people import Station as StationRow
from evidence_station.domain.clock import ensure_utc
from evidence_station.domain.messages import Msg, Said
from evidence_station.domain.progress import CancelToken, ProgressCallback, check_cancel, report
from evidence_station.identity.station_key import certificate_sha256


def _describe(event: AuditEvent) -> Msg:
    return Msg("audit event #{seq} ({action} by {actor} at {at} UTC)", seq=event.seq, action=event.action,
               actor=event.actor, at=event.at.strftime("%Y-%m-%d %H:%M:%S"))


#: Events read per query when the chain is walked (keyset pages: memory stays the same for ten million events).
PAGE_EVENTS = 20_000


class StoredHashes:
    """The stored hash of an audit event, read by its ``seq`` when a checkpoint or witness asks for it: the chain
    walk keeps none of them, so its memory does not grow with the log."""

    def get(self, seq: int) -> str | None:
        """The ``hash`` column of event ``seq`` (None when there is no such event)."""
        value = AuditEvent.select(AuditEvent.hash).where(AuditEvent.seq == seq).scalar()
        return None if value is None else str(value)


def verify_chain(
    progress: ProgressCallback | None = None, cancel: CancelToken | None = None
) -> tuple[int, StoredHashes, list[AuditProblem]]:
    """Walk the chain in order, in keyset pages of :data:`PAGE_EVENTS`. Returns (event count, the stored hashes
    by seq, problems)."""
    problems: list[AuditProblem] = []
    expected_seq = 1
    prev_hash = GENESIS_HASH
    total = AuditEvent.select().count()
    index = 0
    while True:
        page = (AuditEvent.select().where(AuditEvent.seq >= expected_seq).order_by(AuditEvent.seq)
                .limit(PAGE_EVENTS))
        walked = 0
        for event in page.iterator():  # no page of models kept alive: the collector would walk them again and again
            walked += 1
            index += 1
            if index % 500 == 0:
                check_cancel(cancel)
                report(progress, index, total, "events", "audit chain")
            if event.seq != expected_seq:
                first, last = expected_seq, event.seq - 1
                span = f"#{first}" if first == last else f"#{first}–#{last}"
                if event.seq > expected_seq:
                    problems.append(AuditProblem.of(
                        "missing", Msg("Audit event {span} is missing: it was deleted.", span=span), first))
                else:
                    problems.append(AuditProblem.of(
                        "duplicate", Msg("Audit event #{seq} appears twice.", seq=event.seq), event.seq))
            recomputed = event_hash(
                seq=event.seq,
                at=event.at,
                station_uid=event.station_uid,
                actor=event.actor,
                action=event.action,
                object_type=event.object_type,
                object_id=event.object_id,
                outcome=event.outcome,
                details=event.details,
                prev_hash=event.prev_hash,
            )
            if recomputed != event.hash:
                problems.append(AuditProblem.of(
                    "altered",
                    Msg("{event} does not match its recorded hash: its content was altered (or events were "
                        "reordered).", event=_describe(event)),
                    event.seq,
                ))
            if event.prev_hash != prev_hash and event.seq == expected_seq:
                problems.append(AuditProblem.of(
                    "broken_link",
                    Msg("{event} does not follow event #{previous}: an event before it was altered, removed, "
                        "inserted or reordered.", event=_describe(event), previous=event.seq - 1),
                    event.seq,
                ))
            prev_hash = event.hash
            expected_seq = event.seq + 1
        if walked < PAGE_EVENTS:
            break
    report(progress, total, total, "events", "audit chain")
    return expected_seq - 1, StoredHashes(), problems


class CheckpointSigners:
    """Which certificate verifies a checkpoint.

    Several stations may sign checkpoints into one shared catalogue. A checkpoint signed by this station
    (``own_uid``; by default the id its certificate names) is verified with ``own``, the certificate read
    from this station's home; one signed by another station with the certificate the catalogue registered
    for that station. A checkpoint naming (``certificate_sha256``) a certificate the catalogue registered as
    retired for its station (``station migrate``) is verified with that retired certificate.
    """

    def __init__(self, own: x509.Certificate, own_uid: str | None = None) -> None:
        self.own = own
        names = own.subject.get_attributes_for_oid(NameOID.SERIAL_NUMBER)
        self.own_uid = own_uid or (str(names[0].value) if names else None)
        self._registered: dict[str, x509.Certificate | None] = {}
        self._retired: dict[str, tuple[RetiredCertificate, x509.Certificate] | None] = {}

    def retired(self, checkpoint: SignedCheckpoint) -> tuple[RetiredCertificate, x509.Certificate] | None:
        """The retired certificate (and its record) ``checkpoint`` names, if it names one of its station's."""
        fingerprint = str(checkpoint.payload.get("certificate_sha256") or "")
        if not fingerprint or fingerprint == certificate_sha256(self.own):
            return None
        if fingerprint not in self._retired:
            row = RetiredCertificate.get_or_none(RetiredCertificate.certificate_sha256 == fingerprint)
            self._retired[fingerprint] = (
                (row, x509.load_pem_x509_certificate(row.certificate_pem.encode("ascii"))) if row else None
            )
        found = self._retired[fingerprint]
        if found is None or found[0].station_uid != (self.signer_of(checkpoint) or self.own_uid):
            return None
        return found

    def signer_of(self, checkpoint: SignedCheckpoint) -> str:
        """The id of the station that says it signed ``checkpoint``."""
        return str(checkpoint.payload.get("station_uid") or "")

    def certificate_for(self, checkpoint: SignedCheckpoint) -> x509.Certificate | None:
        """The certificate to verify ``checkpoint`` with; None when its station is not registered."""
        retired = self.retired(checkpoint)
        if retired is not None:
            return retired[1]
        signer = self.signer_of(checkpoint)
        if not signer or signer == self.own_uid:
            return self.own
        if signer not in self._registered:
            row = StationRow.get_or_none(StationRow.station_uid == signer)
            self._registered[signer] = (
                x509.load_pem_x509_certificate(row.certificate_pem.encode("ascii")) if row else None
            )
        return self._registered[signer]


def _signed_after(checkpoint: SignedCheckpoint, moment: datetime) -> bool:
    """True when the checkpoint says it was signed after ``moment`` (or its time cannot be read)."""
    try:
        signed = datetime.fromisoformat(str(checkpoint.payload.get("signed_at")))
    except ValueError:
        return True
    return ensure_utc(signed) > ensure_utc(moment)


def _retirement_text(moment: datetime) -> str:
    """A retirement time as people read it (UTC, seconds)."""
    return ensure_utc(moment).strftime("%Y-%m-%d %H:%M:%S UTC")


#: Where a checkpoint was read (the ``where`` of :func:`_check_checkpoint`), as a sentence says it.
_WHERE: dict[str, Msg] = {"catalogue": Msg("catalogue"), "checkpoint file": Msg("checkpoint file"),
                          "external copy": Msg("external copy")}


def _check_checkpoint(
    checkpoint: SignedCheckpoint, where: Msg, signers: CheckpointSigners, hashes: StoredHashes, events: int,
) -> list[AuditProblem]:
    problems: list[AuditProblem] = []
    label = Msg("Checkpoint #{id} ({where}, signed {signed_at})", id=checkpoint.checkpoint_id, where=where,
                signed_at=checkpoint.payload.get("signed_at"))
    cert = signers.certificate_for(checkpoint)
    if cert is None:
        problems.append(AuditProblem.of("unknown_signer", Msg(
            "{checkpoint} names station {station!r}, which is not registered in the catalogue: the station was "
            "removed from the catalogue or the checkpoint forged.", checkpoint=label,
            station=signers.signer_of(checkpoint))))
        return problems
    if not checkpoint.verify(cert):
        whose = Msg("the station certificate") if cert is signers.own else Msg(
            "the certificate registered for station {station}", station=signers.signer_of(checkpoint))
        problems.append(AuditProblem.of("bad_signature", Msg(
            "{checkpoint} does not verify with {whose}: the certificate was swapped or the checkpoint forged.",
            checkpoint=label, whose=whose)))
        return problems
    retired = signers.retired(checkpoint)
    if retired is not None and _signed_after(checkpoint, retired[0].retired_at):
        problems.append(AuditProblem.of("retired_key", Msg(
            "{checkpoint} was signed with a retired station key (certificate SHA-256 {fingerprint}…) after its "
            "retirement on {retired_at}: someone kept a copy of the old key.", checkpoint=label,
            fingerprint=retired[0].certificate_sha256[:16], retired_at=_retirement_text(retired[0].retired_at))))
        return problems
    count = int(checkpoint.payload["event_count"])
    if count > events:
        problems.append(AuditProblem.of("rolled_back", Msg(
            "{checkpoint} covers {count} events but the catalogue holds only {events}: the catalogue was rolled "
            "back or events were removed.", checkpoint=label, count=count, events=events), count))
    elif hashes.get(count) != checkpoint.payload["head_hash"]:
        problems.append(AuditProblem.of("rewritten", Msg(
            "{checkpoint} says event #{count} had hash {head}…, the catalogue now differs: the history up to that "
            "event was rewritten.", checkpoint=label, count=count, head=checkpoint.payload["head_hash"][:16]),
            count))
    return problems


def verify_audit_log(
    *,
    cert: x509.Certificate,
    expected_cert_sha256: str | None,
    checkpoints_dir: Path | None,
    progress: ProgressCallback | None = None,
    cancel: CancelToken | None = None,
    witnesses: Sequence[Witness] = (),
) -> AuditVerification:
    """Check the chain, every checkpoint in the catalogue and in the outside file, the certificate, and the chain
    head each witness carries (a catalogue shorter than a witness is ``rolled_back``, one that disagrees at the
    witness's event ``rewritten``, naming the witness)."""
    events, hashes, problems = verify_chain(progress, cancel)
    fingerprint = certificate_sha256(cert)
    if expected_cert_sha256 and fingerprint != expected_cert_sha256:
        problems.append(
            AuditProblem.of(
                "certificate_swapped",
                Msg(
                    "The station certificate on disk (SHA-256 {fingerprint}…) is not the one registered in "
                    "the catalogue ({expected}…): it was swapped.",
                    fingerprint=fingerprint[:16],
                    expected=expected_cert_sha256[:16],
                ),
            )
        )
    # This station is the one the catalogue registered with the expected fingerprint — not whatever id the
    # certificate on disk claims (a swapped certificate must fail this station's checkpoints).
    registered_as = (
        StationRow.get_or_none(StationRow.certificate_sha256 == expected_cert_sha256) if expected_cert_sha256
        else None
    )
    signers = CheckpointSigners(cert, registered_as.station_uid if registered_as else None)
    in_db = catalogue_checkpoints()
    outside: list[SignedCheckpoint] = []
    if checkpoints_dir is not None:
        outside, unreadable = file_checkpoints(checkpoints_dir)
        problems.extend(AuditProblem.of("unreadable_checkpoint", Said(text, zh_CN=text_zh))
                        for text, text_zh in unreadable)
    for checkpoint in in_db:
        problems.extend(_check_checkpoint(checkpoint, _WHERE["catalogue"], signers, hashes, events))
    db_ids = {c.checkpoint_id: c.payload_text for c in in_db}
    for checkpoint in outside:
        if db_ids.get(checkpoint.checkpoint_id) == checkpoint.payload_text:
            continue  # the same checkpoint, already checked
        problems.extend(_check_checkpoint(checkpoint, _WHERE["checkpoint file"], signers, hashes, events))
        signer_cert = signers.certificate_for(checkpoint)
        if checkpoint.checkpoint_id not in db_ids and signer_cert is not None and checkpoint.verify(signer_cert):
            problems.append(
                AuditProblem.of(
                    "checkpoint_missing",
                    Msg(
                        "Checkpoint #{checkpoint_id} exists in the checkpoint file but not in the catalogue: "
                        "the catalogue was rolled back or its checkpoints deleted.",
                        checkpoint_id=checkpoint.checkpoint_id,
                    ),
                )
            )
    problems.extend(_vanished_checkpoints(events, in_db, outside, checkpoints_dir, signers))
    checked = [_check_witness(witness, signers, hashes, events, problems) for witness in witnesses]
    return AuditVerification(
        ok=not problems, events=events, checkpoints=len(in_db), problems=problems, witnesses=checked
    )


def _check_witness(witness: Witness, signers: CheckpointSigners, hashes: StoredHashes, events: int,
                   problems: list[AuditProblem]) -> WitnessCheck:
    """Check the chain head ``witness`` carries against the chain (its problems go to ``problems``)."""
    document = DOCUMENT_LABELS.get(witness.document) or witness.document.replace("_", " ")
    try:
        checkpoint = SignedCheckpoint.from_dict({"payload_text": witness.payload_text,
                                                 "signature_b64": witness.signature_b64})
        count = int(checkpoint.payload["event_count"])
        str(checkpoint.payload["head_hash"])
    except (ValueError, KeyError, TypeError) as exc:
        problems.append(AuditProblem.of("unreadable_checkpoint", Msg(
            "The chain head of witness {source} ({document}) is not a signed checkpoint ({error}).",
            source=witness.source, document=document, error=str(exc))))
        return WitnessCheck(witness.source, witness.document, None, None, False)
    where = Msg("witness {source}, {document}", source=witness.source, document=document)
    found = _check_checkpoint(checkpoint, where, signers, hashes, events)
    problems.extend(found)
    return WitnessCheck(witness.source, witness.document, checkpoint.checkpoint_id, count, not found)


def _vanished_checkpoints(
    events: int, in_db: list[SignedCheckpoint], outside: list[SignedCheckpoint], checkpoints_dir: Path | None,
    signers: CheckpointSigners,
) -> list[AuditProblem]:
    """Checkpoints cannot quietly vanish: a chain with events but no checkpoint in the catalogue, a missing
    checkpoint file, or a file lacking checkpoints this station signed into the catalogue (shorter, or an older
    copy put back) is a problem."""
    problems: list[AuditProblem] = []
    if events and not in_db:
        problems.append(AuditProblem.of(
            "no_checkpoint",
            Msg(
                "The audit chain holds {events} events but the catalogue holds no signed checkpoint: every "
                "station signs one when it is made and at every session end, so its checkpoints were deleted "
                "(or the chain was written outside the station).",
                events=events,
            ),
        ))
    if checkpoints_dir is None:
        return problems
    path = checkpoints_dir / CHECKPOINT_FILE
    if events and not path.exists():
        problems.append(AuditProblem.of(
            "checkpoint_file_missing",
            Msg(
                "The checkpoint file {path} is missing: every checkpoint this station signs is kept there "
                "too, outside the catalogue, so that a catalogue rolled back to an older copy shows. It was deleted.",
                path=path,
            ),
        ))
        return problems
    in_file = {c.checkpoint_id for c in outside}
    own = signers.own_uid
    lacking = [c.checkpoint_id for c in in_db
               if c.checkpoint_id not in in_file and signers.signer_of(c) in ("", own)]
    if lacking:
        span = f"#{lacking[0]}" if len(lacking) == 1 else f"#{lacking[0]}–#{lacking[-1]} ({len(lacking)} checkpoints)"
        problems.append(AuditProblem.of(
            "checkpoint_file_truncated",
            Msg(
                "Checkpoint {span} signed by this station is in the catalogue but not in the checkpoint file "
                "{path}: the file was shortened or replaced by an older copy.",
                span=span,
                path=path,
            ),
        ))
    return problems


def verify_external_checkpoint(
    data: dict[str, object], cert: x509.Certificate
) -> list[AuditProblem]:
    """Check a checkpoint carried on a disc or paper against the live chain.

    ``cert`` verifies checkpoints its station signed; another station's, the certificate the catalogue
    registered for that station.
    """
    checkpoint = SignedCheckpoint.from_dict(data)  # type: ignore[arg-type]
    events, hashes, _ = verify_chain()
    return _check_checkpoint(checkpoint, _WHERE["external copy"], CheckpointSigners(cert), hashes, events)
