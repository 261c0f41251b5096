"""Burn a disc image with xorriso and read the medium back to check it is the disc the image holds.

``drive`` is a device such as ``/dev/sr0`` or ``stdio:/path/file``, which xorriso treats as a drive
(tests and dry runs use it; no optical drive is needed). Burning happens at the desk, on the image the desk
downloaded from the station (see :mod:`evidence_station.client.disc_export`).
"""

from __future__ import annotations

import hashlib
import queue
import re
import shutil
import subprocess
import threading
import time
from dataclasses import dataclass, field
from pathlib import Path

from evidence_station.api.exports import DiscProblem
from evidence_station.disc.digests import CHUNK_SIZE
from evidence_station.disc.errors import BurnFailedError, MissingToolError
from evidence_station.disc.layout import MANIFEST_NAME
from evidence_station.disc.verify_disc import DiscVerification, verify_disc
from evidence_station.domain.errors import InvalidInputError, OperationCancelledError
from evidence_station.domain.messages import Msg
from evidence_station.domain.progress import CancelToken, ProgressCallback, Stage, check_cancel, report

_PROGRESS = re.compile(r"(\d+)\s+of\s+(\d+)\s+MB written")
_POLL_SECONDS = 0.2


@dataclass(frozen=True)
class BurnResult:
    """What xorriso did: the drive, the image burned, how long it took and the end of its log."""

    drive: str
    image: Path
    seconds: float
    log_tail: str


@dataclass(frozen=True)
class ReadBackVerification:
    """The read-back check of a burned medium: ``ok`` only if every check passed."""

    ok: bool
    volume_id: str
    problems: list[DiscProblem] = field(default_factory=list)
    disc: DiscVerification | None = None


def xorriso_path() -> str:
    """Path of the xorriso program, or :class:`MissingToolError` saying how to install it."""
    found = shutil.which("xorriso")
    if found is None:
        raise MissingToolError(
            Msg(
                "xorriso is not installed, so discs cannot be burned. Install xorriso (Debian/Ubuntu: "
                "`apt-get install xorriso`) and try again.",
            ),
        )
    return found


def medium_path(drive: str) -> Path:
    """The file to read a drive back from: the file of ``stdio:FILE``, else the device itself."""
    if drive.startswith("stdio:"):
        target = drive[len("stdio:") :]
        if not target:
            raise InvalidInputError(Msg("The drive stdio: needs a file path, e.g. stdio:/tmp/disc.iso."))
        return Path(target)
    if not drive or drive.startswith("-"):
        raise InvalidInputError(Msg(
            "{drive!r} is not a drive; give a device such as /dev/sr0 or stdio:FILE.",
            drive=drive,
        ))
    return Path(drive)


def _pump(stream: object, lines: queue.Queue[str | None]) -> None:
    buffer = ""
    for chunk in iter(lambda: stream.read(256), ""):  # type: ignore[attr-defined]
        buffer += chunk
        *complete, buffer = re.split(r"[\r\n]", buffer)
        for line in complete:
            lines.put(line)
    if buffer:
        lines.put(buffer)
    lines.put(None)


def burn_image(
    iso: Path,
    drive: str,
    progress: ProgressCallback | None = None,
    cancel: CancelToken | None = None,
) -> BurnResult:
    """Burn ``iso`` to ``drive`` with ``xorriso -as cdrecord`` (single session, medium left in the drive).

    Cancelling stops xorriso; a real medium may then be unusable. A failure raises
    :class:`BurnFailedError` with the end of xorriso's log.
    """
    program = xorriso_path()
    medium_path(drive)
    if not iso.is_file():
        raise InvalidInputError(Msg("The disc image {iso} does not exist; build it first.", iso=iso))
    command = [
        program,
        "-abort_on",
        "FAILURE",
        "-as",
        "cdrecord",
        "-v",
        f"dev={drive}",
        "blank=as_needed",
        str(iso),
    ]
    total = iso.stat().st_size
    started = time.monotonic()
    report(progress, 0, total, "bytes", drive, "刻录光盘 / burning disc", Stage.BURNING)
    process = subprocess.Popen(
        command,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        stdin=subprocess.DEVNULL,
        text=True,
        errors="replace",
    )
    lines: queue.Queue[str | None] = queue.Queue()
    threading.Thread(target=_pump, args=(process.stdout, lines), daemon=True).start()
    log: list[str] = []
    try:
        while True:
            try:
                line = lines.get(timeout=_POLL_SECONDS)
            except queue.Empty:
                check_cancel(cancel)
                continue
            if line is None:
                break
            log.append(line)
            match = _PROGRESS.search(line)
            if match and int(match.group(2)):
                done = int(match.group(1)) * total // int(match.group(2))
                report(progress, done, total, "bytes", drive, "刻录光盘 / burning disc", Stage.BURNING)
            check_cancel(cancel)
        returncode = process.wait()
    except OperationCancelledError:
        process.terminate()
        try:
            process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()
        raise OperationCancelledError(
            Msg(
                "Burning to {drive} was cancelled; the medium may be unusable and must not be used as evidence.",
                drive=drive,
            ),
        ) from None
    tail = "\n".join(line for line in log if line.strip())[-2000:]
    if returncode != 0:
        raise BurnFailedError(
            Msg(
                "xorriso could not burn {name} to {drive} (exit code {returncode}):\n{tail}",
                name=iso.name,
                drive=drive,
                returncode=returncode,
                tail=tail,
            ),
        )
    report(progress, total, total, "bytes", drive, "刻录完成 / burn finished", Stage.BURNING)
    return BurnResult(drive=drive, image=iso, seconds=time.monotonic() - started, log_tail=tail)


def _hash_prefix(path: Path, length: int, cancel: CancelToken | None) -> str | None:
    digest = hashlib.sha256()
    left = length
    with open(path, "rb") as stream:
        while left > 0:
            check_cancel(cancel)
            chunk = stream.read(min(CHUNK_SIZE, left))
            if not chunk:
                return None
            digest.update(chunk)
            left -= len(chunk)
    return digest.hexdigest()


def read_back_and_verify(
    drive: str,
    manifest_sha256: str,
    *,
    image: Path | None = None,
    image_sha256: str | None = None,
    progress: ProgressCallback | None = None,
    cancel: CancelToken | None = None,
) -> ReadBackVerification:
    """Read the burned medium back and check it is this disc and every file is intact.

    Checks: the medium's ``MANIFEST.json`` is the disc's own (its SHA-256 is ``manifest_sha256``, as the
    station reported it), every file verifies against it (:func:`verify_disc`, both digests), and — when
    ``image`` and ``image_sha256`` are given — the medium starts with exactly the image's bytes.
    """
    path = medium_path(drive)
    problems: list[DiscProblem] = []
    try:
        disc = verify_disc(path, progress=progress, cancel=cancel)
    except InvalidInputError as exc:
        problem = DiscProblem.of(str(path), "unreadable", Msg(
            "The medium in {drive} could not be read back: {problem}", drive=drive, problem=exc.said))
        return ReadBackVerification(ok=False, volume_id="", problems=[problem])
    problems.extend(disc.problems)
    if disc.manifest_sha256 != manifest_sha256:
        problems.append(DiscProblem.of(MANIFEST_NAME, "wrong_disc", Msg(
            "The medium in {drive} does not hold this disc's {manifest}.", drive=drive, manifest=MANIFEST_NAME)))
    if image is not None and image_sha256:
        prefix = _hash_prefix(path, image.stat().st_size, cancel)
        if prefix != image_sha256:
            problems.append(DiscProblem.of(str(path), "image_mismatch", Msg(
                "The data on {drive} differs from the image {image}.", drive=drive, image=image.name)))
    return ReadBackVerification(ok=not problems, volume_id=disc.volume_id, problems=problems, disc=disc)
