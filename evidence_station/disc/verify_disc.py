"""Verify an evidence disc on its own, with no catalogue: signatures, sizes, SHA-256, SM3, sums files,
missing and extra files. Works on an ISO image, a mounted disc or copied folder, or a block device."""

from __future__ import annotations

import base64
import binascii
import json
import stat
import threading
from collections.abc import Callable, Mapping
from concurrent.futures import ThreadPoolExecutor
from contextlib import AbstractContextManager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from cryptography import x509
from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.asymmetric import ec

from evidence_station.api.exports import DiscProblem
from evidence_station.disc.digests import FileDigests, digest_stream
from evidence_station.disc.disc_reader import DiscReader, open_disc, read_small
from evidence_station.disc.layout import (
    AUDIT_CHECKPOINT_NAME,
    MANIFEST_NAME,
    MANIFEST_SIGNATURE_NAME,
    MARKER_NAMES,
    NOT_IN_SUMS,
    PROVENANCE_NAME,
    ROOT_PAYLOAD_NAMES,
    SHA256SUMS_NAME,
    SM3SUMS_NAME,
    STATION_CERT_NAME,
)
from evidence_station.disc.signatures import (
    certificate_sha256,
    parse_sums,
    pdf_manifest_sha256,
    sha256_hex,
    validate_pdf_signature,
    verify_manifest_signature,
)
from evidence_station.domain.errors import EvidenceStationError, InvalidInputError, chinese_of
from evidence_station.domain.messages import Items, Msg, Said
from evidence_station.domain.progress import CancelToken, ProgressCallback, Stage, check_cancel, report
from evidence_station.identity.station_key import StationProtection, certificate_protection


def _said(exc: Exception) -> Msg:
    """What an exception says, for a placeholder (its own sentence in every language when it has one)."""
    return exc.said if isinstance(exc, EvidenceStationError) else Said(str(exc))


@dataclass(frozen=True)
class DiscVerification:
    """The outcome of :func:`verify_disc`: ``files`` counts the originals listed in the manifest.

    ``digests`` names the digests recomputed from every original's bytes and compared with the manifest
    (both unless :func:`verify_disc` was asked to skip SM3 of the originals). ``disc_index``/``disc_count``
    (0 when unknown), ``extraction_time`` and ``export_id`` are read from the manifest, for display:
    they are trustworthy only when ``ok``.
    """

    ok: bool
    files: int
    problems: list[DiscProblem] = field(default_factory=list)
    volume_id: str = ""
    manifest_sha256: str = ""
    station_cert_sha256: str = ""
    case_number: str = ""
    digests: tuple[str, ...] = ("sha256", "sm3")
    disc_index: int = 0
    disc_count: int = 0
    extraction_time: str = ""
    export_id: str = ""
    #: Things a reader must know that do not make the disc fail (``ok`` stays true), e.g. ``unprotected_station``.
    warnings: list[DiscProblem] = field(default_factory=list)
    #: A classified carrier (涉密载体): the manifest's ``classification``, ``classification_zh`` (密级) and
    #: ``secrecy_period`` (保密期限); None for any other disc.
    classified_carrier: dict[str, str] | None = None


def protection_warnings(cert: x509.Certificate | None) -> list[DiscProblem]:
    """``unprotected_station`` when the certificate says its station is embedded (its key file was readable by
    the desktop account running it) or says nothing (made before the station service, when every user's password
    unlocked the key)."""
    if cert is None:
        return []
    protection = certificate_protection(cert)
    if protection is StationProtection.EMBEDDED:
        return [DiscProblem.of(STATION_CERT_NAME, "unprotected_station", Msg(
            "Signed by an unprotected station: its certificate says it is an embedded station, whose signing key "
            "the desktop account running it could read (and copy). The signatures prove the bytes are unchanged "
            "since signing, not that only the station could have signed them."))]
    if protection is StationProtection.UNKNOWN:
        return [DiscProblem.of(STATION_CERT_NAME, "unprotected_station", Msg(
            "Signed by an unprotected station: its certificate does not say how the signing key is kept (made by a "
            "version before the station service, when every user's password unlocked the key)."))]
    return []


class _Check:
    """Collects problems and the digests of every file read (each file is read once)."""

    def __init__(
        self,
        disc: DiscReader,
        progress: ProgressCallback | None,
        cancel: CancelToken | None,
        originals_sm3: bool = True,
        stage: Stage = Stage.VERIFYING_DISC,
    ) -> None:
        self.disc = disc
        self.originals_sm3 = originals_sm3
        self.originals: set[str] = set()
        self.on_disc = disc.files()
        self.problems: list[DiscProblem] = []
        self._digests: dict[str, FileDigests | None] = {}
        self._progress = progress
        self._cancel = cancel
        self._total = sum(self.on_disc.values())
        self._done = 0
        self._lock = threading.Lock()
        self._stage = stage

    def problem(self, path: str, kind: str, message: Msg) -> None:
        self.problems.append(DiscProblem.of(path, kind, message))

    def digests(self, path: str) -> FileDigests | None:
        """Size and digests of ``path`` as read from the disc, or None (problem recorded) if unreadable."""
        if path not in self._digests:
            self._digests[path] = self._read(path)
        return self._digests[path]

    def prefetch(self, paths: list[str], open_reader: Callable[[], AbstractContextManager[DiscReader]]) -> None:
        """Hash ``paths`` two files at a time, each worker through its own reader of the same disc.

        SM3 runs at ~0.2 GB/s per core, so on an image or a folder two files in parallel nearly halve the
        verification time. (Not used for a drive, where parallel reads would only make the laser seek.)
        """
        todo = sorted((p for p in paths if p in self.on_disc and p not in self._digests),
                      key=lambda p: -self.on_disc[p])
        if len(todo) < 2:
            return
        shares = [todo[0::2], todo[1::2]]

        def work(share: list[str]) -> None:
            with open_reader() as reader:
                for path in share:
                    self._digests[path] = self._read(path, reader)

        with ThreadPoolExecutor(max_workers=2, thread_name_prefix="verify-disc") as pool:
            for future in [pool.submit(work, share) for share in shares]:
                future.result()

    def _read(self, path: str, reader: DiscReader | None = None) -> FileDigests | None:
        check_cancel(self._cancel)

        def advance(length: int) -> None:
            with self._lock:
                self._done += length
                done = self._done
            report(self._progress, done, self._total, "bytes", path, "核验光盘 / verifying disc", self._stage)

        try:
            with (reader or self.disc).open(path) as stream:
                sm3 = self.originals_sm3 or path not in self.originals
                digests = digest_stream(stream, on_chunk=advance, cancel=self._cancel, sm3=sm3)
        except OSError as exc:
            self.problem(path, "unreadable", Msg("{path} could not be read from the disc: {problem}", path=path,
                                                 problem=exc))
            return None
        expected = self.on_disc.get(path)
        if expected is not None and digests.size != expected:
            self.problem(path, "unreadable", Msg(
                "{path}: only {size:,} of {expected:,} bytes could be read (truncated).", path=path,
                size=digests.size, expected=expected))
        return digests

    def small(self, path: str) -> bytes | None:
        if path not in self.on_disc:
            self.problem(path, "missing", Msg("{path} is missing from the disc.", path=path))
            return None
        try:
            return read_small(self.disc, path)
        except (OSError, InvalidInputError) as exc:
            self.problem(path, "unreadable", Msg("{path} could not be read: {problem}", path=path, problem=_said(exc)))
            return None


def _load_certificate(check: _Check) -> x509.Certificate | None:
    data = check.small(STATION_CERT_NAME)
    if data is None:
        return None
    try:
        return x509.load_pem_x509_certificate(data)
    except ValueError as exc:
        check.problem(STATION_CERT_NAME, "invalid_certificate", Msg(
            "{name} is not a PEM certificate: {problem}", name=STATION_CERT_NAME, problem=exc))
        return None


def _load_manifest(
    check: _Check, cert: x509.Certificate | None
) -> tuple[dict[str, Any] | None, bytes | None]:
    data = check.small(MANIFEST_NAME)
    if data is None:
        return None, None
    signature = check.small(MANIFEST_SIGNATURE_NAME)
    if signature is not None and cert is not None:
        ok, message = verify_manifest_signature(data, signature, cert)
        if not ok:
            check.problem(MANIFEST_NAME, "bad_signature", Msg(
                "{name}: {problem}.", name=MANIFEST_NAME, problem=Said(message, zh_CN=chinese_of(message))))
    elif cert is None:
        check.problem(MANIFEST_NAME, "bad_signature", Msg(
            "{name}: no station certificate to check it with.", name=MANIFEST_NAME))
    try:
        manifest = json.loads(data.decode("utf-8"))
        if not isinstance(manifest, dict) or not isinstance(manifest.get("files"), list):
            raise ValueError("no list of files")
    except ValueError as exc:
        reason = Msg("no list of files") if str(exc) == "no list of files" else Said(str(exc))
        check.problem(MANIFEST_NAME, "invalid_manifest", Msg(
            "{name} is not a valid manifest: {problem}", name=MANIFEST_NAME, problem=reason))
        return None, data
    return manifest, data


def _check_originals(check: _Check, manifest: Mapping[str, Any]) -> dict[str, Mapping[str, Any]]:
    listed: dict[str, Mapping[str, Any]] = {}
    for entry in manifest["files"]:
        if not isinstance(entry, Mapping) or not isinstance(entry.get("path"), str):
            check.problem(MANIFEST_NAME, "invalid_manifest", Msg(
                "{name} has a file entry without a path.", name=MANIFEST_NAME))
            continue
        path = entry["path"]
        listed[path] = entry
        if path not in check.on_disc:
            check.problem(path, "missing", Msg("{path} is listed in the manifest but missing from the disc.",
                                               path=path))
            continue
        digests = check.digests(path)
        if digests is None:
            continue
        if digests.size != entry.get("size"):
            check.problem(path, "size_mismatch", Msg(
                "{path}: {size:,} bytes, manifest says {expected}.", path=path, size=digests.size,
                expected=entry.get("size")))
        for algorithm in ("sha256", "sm3"):
            actual = getattr(digests, algorithm)
            if not actual:  # SM3 not recomputed (``originals_sm3=False``): the SHA-256 decides
                continue
            if actual != str(entry.get(algorithm, "")).lower():
                name = "SHA-256" if algorithm == "sha256" else "SM3"
                check.problem(path, f"{algorithm}_mismatch", Msg(
                    "{path}: {algorithm} {actual} differs from the manifest; altered.", path=path, algorithm=name,
                    actual=actual))
    return listed


def _check_sums(
    check: _Check, sums_name: str, algorithm: str, listed: Mapping[str, Mapping[str, Any]]
) -> None:
    data = check.small(sums_name)
    if data is None:
        return
    entries, bad = parse_sums(data)
    for line in bad:
        check.problem(sums_name, "invalid_sums", Msg(
            "{name} has a line that is not '<hash>  <path>': {line!r}", name=sums_name, line=line))
    expected_paths = {p for p in check.on_disc if p not in NOT_IN_SUMS}
    for path in sorted(expected_paths - entries.keys()):
        check.problem(path, "not_in_sums", Msg("{path} is on the disc but not listed in {name}.", path=path,
                                               name=sums_name))
    for path, digest in sorted(entries.items()):
        if path not in check.on_disc:
            check.problem(path, "missing", Msg("{path} is listed in {name} but missing from the disc.", path=path,
                                               name=sums_name))
            continue
        if path in listed:
            # The file itself was already checked against the manifest; only the two lists must agree.
            if digest != str(listed[path].get(algorithm, "")).lower():
                check.problem(path, "sums_mismatch", Msg("{path}: {name} and {manifest} disagree.", path=path,
                                                         name=sums_name, manifest=MANIFEST_NAME))
            continue
        digests = check.digests(path)
        if digests is not None and getattr(digests, algorithm) != digest:
            check.problem(path, f"{algorithm}_mismatch", Msg(
                "{path} does not match its entry in {name}; altered.", path=path, name=sums_name))


def _check_provenance(check: _Check, cert: x509.Certificate | None, manifest_bytes: bytes | None) -> None:
    """The sheet's signature, and that the signed sheet names this disc's MANIFEST.json.

    A validly signed sheet of another disc or export of the same station (with the unsigned sums files
    fixed) is ``wrong_sheet``. A sheet that names no manifest at all (made before sheets were bound to
    their manifest) is ``unbound_sheet``: nothing proves it belongs to this disc, so it is a problem too.
    """
    data = check.small(PROVENANCE_NAME)
    if data is None or cert is None:
        return
    ok, message = validate_pdf_signature(data, cert)
    if not ok:
        check.problem(PROVENANCE_NAME, "bad_signature", Msg(
            "{name}: {problem}.", name=PROVENANCE_NAME, problem=Said(message, zh_CN=chinese_of(message))))
        return  # an unsigned /Subject proves nothing either way
    if manifest_bytes is None:
        return  # MANIFEST.json missing or unreadable: already a problem
    named = pdf_manifest_sha256(data)
    actual = sha256_hex(manifest_bytes)
    if named is None:
        check.problem(PROVENANCE_NAME, "unbound_sheet", Msg(
            "{name} does not name the SHA-256 of the {manifest} it describes (a sheet made by an older version, or "
            "from elsewhere): nothing proves it belongs to this disc.", name=PROVENANCE_NAME, manifest=MANIFEST_NAME))
    elif named.lower() != actual:
        check.problem(PROVENANCE_NAME, "wrong_sheet", Msg(
            "{name} is validly signed but describes another disc: it names {manifest} SHA-256 {named}, this disc's "
            "{manifest} has {actual}.", name=PROVENANCE_NAME, manifest=MANIFEST_NAME, named=named.lower(),
            actual=actual))


def _checkpoint_signature_ok(checkpoint: Mapping[str, Any], cert: x509.Certificate) -> bool | None:
    """True/False when the checkpoint carries a signature made for ``cert``; None when it cannot be
    checked here (no signature, or signed by another station of a shared catalogue)."""
    text, signature = checkpoint.get("payload_text"), checkpoint.get("signature_b64")
    if not isinstance(text, str) or not isinstance(signature, str):
        return None
    try:
        payload = json.loads(text)
        if not isinstance(payload, dict) or payload.get("certificate_sha256") != certificate_sha256(cert):
            return None
        key = cert.public_key()
        if not isinstance(key, ec.EllipticCurvePublicKey):
            return False
        key.verify(base64.b64decode(signature, validate=True), text.encode("utf-8"), ec.ECDSA(hashes.SHA256()))
    except (ValueError, binascii.Error, InvalidSignature):
        return False
    return True


def _check_checkpoint(check: _Check, cert: x509.Certificate | None, manifest: Mapping[str, Any]) -> None:
    """AUDIT-CHECKPOINT.json must hold exactly the checkpoint the signed manifest names (the sums files
    that also cover it are unsigned), and its own signature, when it carries one, must hold."""
    expected = manifest.get("audit_checkpoint")
    if AUDIT_CHECKPOINT_NAME not in check.on_disc:
        if expected is not None:
            check.problem(AUDIT_CHECKPOINT_NAME, "missing", Msg(
                "{name} is named in {manifest} but missing from the disc.", name=AUDIT_CHECKPOINT_NAME,
                manifest=MANIFEST_NAME))
        return
    data = check.small(AUDIT_CHECKPOINT_NAME)
    if data is None:
        return
    try:
        found = json.loads(data.decode("utf-8"))
    except ValueError:
        found = None
    if expected is None or found != expected:
        said = Msg("names no audit checkpoint") if expected is None else Msg("names another audit checkpoint")
        check.problem(AUDIT_CHECKPOINT_NAME, "checkpoint_mismatch", Msg(
            "{name} is not the checkpoint the signed {manifest} vouches for (the manifest {said}); it was altered or "
            "replaced.", name=AUDIT_CHECKPOINT_NAME, manifest=MANIFEST_NAME, said=said))
        return
    if cert is not None and isinstance(found, Mapping) and _checkpoint_signature_ok(found, cert) is False:
        check.problem(AUDIT_CHECKPOINT_NAME, "bad_signature", Msg(
            "{name}: the checkpoint's own signature does not verify with {certificate}.", name=AUDIT_CHECKPOINT_NAME,
            certificate=STATION_CERT_NAME))


def _is_drive(path: Path) -> bool:
    try:
        return stat.S_ISBLK(path.stat().st_mode)
    except OSError:
        return False


def verify_disc(
    path: Path,
    progress: ProgressCallback | None = None,
    cancel: CancelToken | None = None,
    *,
    originals_sm3: bool = True,
    stage: Stage = Stage.VERIFYING_DISC,
) -> DiscVerification:
    """Verify the disc at ``path`` (folder, ISO image or block device) against its own manifest.

    Everything is checked: both signatures, the certificate, the sums files, missing and extra files,
    and every file's size, SHA-256 and SM3. ``originals_sm3=False`` skips only the SM3 of the originals
    listed in the manifest (their size and SHA-256 are still compared, every other file keeps both
    digests): for an image just built from a staging tree whose SM3 values were checked against the
    vault while staging — equal SHA-256 means equal bytes, hence equal SM3. ``verify-disc`` and the
    read-back of a burned medium always check both. ``stage`` is what its progress reports say is being done
    (the station's check of an image it just wrote reports :attr:`Stage.CHECKING_IMAGE`).

    Raises :class:`NotFoundError` if ``path`` does not exist, :class:`InvalidInputError` if it is not a
    disc at all (random bytes, a folder without any evidence-disc file); everything else is reported as
    a problem naming the file.
    """
    with open_disc(path) as disc:
        try:
            check = _Check(disc, progress, cancel, originals_sm3, stage)
        except Exception as exc:
            raise InvalidInputError(Msg(
                "The file system of {path} could not be read ({exc}).",
                path=path,
                exc=exc,
            )) from exc
        if not MARKER_NAMES & check.on_disc.keys():
            raise InvalidInputError(
                Msg("{path} does not look like an evidence disc: it has none of {markers}.",
                    path=path, markers=Items(sorted(MARKER_NAMES))),
            )
        for shown, hidden in disc.name_clashes:
            check.problem(hidden, "name_clash", Msg(
                "{hidden} and {shown} are two different files whose names read the same (Unicode normalisation); "
                "only {shown} was checked. A disc never holds both: the copy was tampered with.", hidden=hidden,
                shown=shown))
        for where, sentence, sentence_zh in disc.view_mismatches():
            check.problem(where, "view_mismatch", Said(sentence, zh_CN=sentence_zh))
        cert = _load_certificate(check)
        manifest, manifest_bytes = _load_manifest(check, cert)
        listed: dict[str, Mapping[str, Any]] = {}
        originals = 0
        if manifest is not None:
            entries = manifest.get("files") if isinstance(manifest.get("files"), list) else []
            paths = [e["path"] for e in entries if isinstance(e, Mapping) and isinstance(e.get("path"), str)]
            check.originals.update(paths)
            if not _is_drive(path):
                check.prefetch(paths, lambda: open_disc(path))
            listed = _check_originals(check, manifest)
            originals = len(listed)
            if manifest.get("verifier") is not None:
                # The signed manifest names the disc's VERIFY.html: a page replaced by one that always says
                # "passed" (with the unsigned sums files fixed) is altered like any listed file.
                listed.update(_check_originals(check, {"files": [manifest["verifier"]]}))
            station = manifest.get("station") if isinstance(manifest.get("station"), Mapping) else {}
            if cert is not None and station.get("certificate_sha256") not in (None, certificate_sha256(cert)):
                check.problem(STATION_CERT_NAME, "cert_mismatch", Msg(
                    "{name} is not the certificate the manifest names.", name=STATION_CERT_NAME))
            _check_checkpoint(check, cert, manifest)
        _check_sums(check, SHA256SUMS_NAME, "sha256", listed)
        _check_sums(check, SM3SUMS_NAME, "sm3", listed)
        _check_provenance(check, cert, manifest_bytes)
        for extra in sorted(check.on_disc.keys() - listed.keys() - ROOT_PAYLOAD_NAMES):
            check.problem(extra, "extra", Msg("{path} is on the disc but not in the manifest.", path=extra))
        facts: Mapping[str, Any] = manifest or {}
        case = facts.get("case") if isinstance(facts.get("case"), Mapping) else {}
        disc_number = facts.get("disc") if isinstance(facts.get("disc"), Mapping) else {}
        return DiscVerification(
            ok=not check.problems,
            files=originals,
            problems=check.problems,
            volume_id=disc.volume_id,
            manifest_sha256=sha256_hex(manifest_bytes) if manifest_bytes else "",
            station_cert_sha256=certificate_sha256(cert) if cert else "",
            case_number=str(case.get("number", "")),
            digests=("sha256", "sm3") if originals_sm3 else ("sha256",),
            disc_index=_whole(disc_number.get("index")),
            disc_count=_whole(disc_number.get("count")),
            extraction_time=str(facts.get("extraction_time") or ""),
            export_id=str(facts.get("export_id") or ""),
            warnings=protection_warnings(cert),
            classified_carrier=_carrier(facts.get("classified_carrier")),
        )


def _carrier(value: object) -> dict[str, str] | None:
    """The manifest's ``classified_carrier`` (密级, 保密期限) as text; None: the disc is no classified carrier."""
    if not isinstance(value, Mapping):
        return None
    return {key: str(value.get(key) or "") for key in ("classification", "classification_zh", "secrecy_period")}


def _whole(value: object) -> int:
    return value if isinstance(value, int) and not isinstance(value, bool) and value > 0 else 0
