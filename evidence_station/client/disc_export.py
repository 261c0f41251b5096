"""The desk's half of an evidence export: the station builds and verifies the discs; the desk writes the images
where the clerk asked, checks them, and burns them.

:func:`export_to_desk` asks the station how many discs the selection needs and checks every file it will write
before anything is made (the output rules of ``../shared/docs/CLI.md``: a new file unless forced, never inside a
station home, never a hard-linked file), runs the export at the station (a job: staging, signing, writing and
checking each image there), then for each disc downloads the image the station keeps, writes it under a ``0600``
temporary name while hashing it, and puts it in place — readable — only when its size and SHA-256 are those the
export reported; anything else is refused and nothing of it kept. With a drive it burns the written image with
xorriso at the desk, reads the medium back, verifies it with the verifier ``verify-disc`` uses
(:mod:`evidence_station.disc`) and reports the outcome to the station (``record_burn``). A ``stdio:FILE`` medium is
an output file like the image. If anything fails or is cancelled, every file this export wrote at the desk is
removed. An export that did not verify at the station hands nothing to the desk: its images stay at the station
for examination.
"""

from __future__ import annotations

import hashlib
import os
from collections.abc import Callable, Iterable, Sequence
from contextlib import AbstractContextManager
from dataclasses import replace
from pathlib import Path
from typing import Protocol

from evidence_station.api.exports import BurnReport, DiscImageResult, DiscProblem, ExportResult, ExportState
from evidence_station.client.transport import ImageStream
from evidence_station.disc.burn import burn_image, medium_path, read_back_and_verify, xorriso_path
from evidence_station.domain.cases import DEFAULT_PURPOSE
from evidence_station.domain.errors import EvidenceStationError, IntegrityProblemError, InvalidInputError
from evidence_station.domain.messages import Msg, Said
from evidence_station.domain.progress import CancelToken, ProgressCallback, Stage, check_cancel, report
from evidence_station.safe_output import check_output_path, open_output

#: Called before burning disc ``k`` of ``n`` (k > 1) to a real drive: ask for the next blank medium.
InsertMedium = Callable[[int, int], None]
#: Bytes of an image copied at a time.
CHUNK = 1 << 20
_DOWNLOADING = "下载光盘映像 / downloading disc image"


class ExportDoor(Protocol):
    """What the desk needs of the station to export: a logged-in ``StationClient``, or in the station's own
    process ``services.export_discs.ContextExports``."""

    def count_export_discs(self, case_id: int, *, recording_ids: Sequence[int] | None = None, media: str = "dvd",
                           media_bytes: int | None = None) -> int:
        """How many discs the selection needs."""
        ...

    def export_evidence(self, case_id: int, *, producer: str, extractor: str,
                        recording_ids: Sequence[int] | None = None, purpose: str = DEFAULT_PURPOSE,
                        for_evidence: bool = True, media: str = "dvd", media_bytes: int | None = None,
                        progress: ProgressCallback | None = None,
                        cancel: CancelToken | None = None, secrecy_period: str = "") -> ExportResult:
        """Build and verify the discs at the station."""
        ...

    def download_export_image(self, export_id: int, disc: int) -> AbstractContextManager[ImageStream]:
        """The image of one disc, to read once."""
        ...

    def record_burn(self, export_id: int, disc: int, report: BurnReport) -> ExportState:
        """Tell the station how burning a disc went."""
        ...


def numbered_path(path: Path, index: int, count: int) -> Path:
    """Where disc ``index`` of ``count`` goes for a target ``path``: ``path`` itself for one disc, else
    ``name-1of3.iso`` …"""
    return path if count == 1 else path.with_name(f"{path.stem}-{index}of{count}{path.suffix}")


def drive_for(drive: str, index: int, count: int) -> str:
    """The drive disc ``index`` of ``count`` is burned to (``stdio:`` files numbered like the images)."""
    if drive.startswith("stdio:"):
        return f"stdio:{numbered_path(medium_path(drive), index, count)}"
    return drive


def temp_tag(export_id: int) -> str:
    """The tag in the temporary names of an export's files (as at the station: ``services/export_recovery.py``)."""
    return f"export{export_id}"


def check_targets(
    out: Path, count: int, burn_drive: str | None, *, force: bool = False, protect: Iterable[Path] = ()
) -> list[Path]:
    """Every file an export of ``count`` discs to ``out`` (and ``burn_drive``) writes at the desk, checked by the
    output rules before any work is done (:class:`InvalidInputError`, exit 2, says why not)."""
    protect = tuple(protect)
    targets = [numbered_path(out, k, count) for k in range(1, count + 1)]
    if burn_drive and burn_drive.startswith("stdio:"):
        targets += [medium_path(drive_for(burn_drive, k, count)) for k in range(1, count + 1)]
    resolved = [check_output_path(p, force=force, protect=protect).path for p in targets]
    if len(set(resolved)) < len(resolved):
        raise InvalidInputError(Msg(
            "The export would write two of its files to the same place ({out}, {burn_drive}); give the image "
            "and the medium different names.",
            out=out,
            burn_drive=burn_drive,
        ))
    return resolved


def export_to_desk(
    door: ExportDoor,
    case_id: int,
    *,
    producer: str,
    extractor: str,
    out: str | os.PathLike[str],
    recording_ids: Sequence[int] | None = None,
    purpose: str = DEFAULT_PURPOSE,
    for_evidence: bool = True,
    media: str = "dvd",
    media_bytes: int | None = None,
    burn_drive: str | None = None,
    force: bool = False,
    protect: Iterable[Path] = (),
    insert_medium: InsertMedium | None = None,
    progress: ProgressCallback | None = None,
    cancel: CancelToken | None = None,
    secrecy_period: str = "",
) -> ExportResult:
    """Export ``case_id``'s recordings at the station and write the disc images at ``out`` (several discs:
    ``name-1of3.iso`` …), burning each to ``burn_drive`` when given (see the module docstring).

    ``protect``: station folders known to this desk (an embedded station's home) that no file may go into.
    ``secrecy_period`` (保密期限) goes with the register entry of a disc holding a classified recording.
    Returns the export's result with each disc's ``image`` naming the file written here; ``verified`` is False
    (nothing written) when the station's check failed, or when a burned medium did not verify.
    """
    target = Path(out).absolute()
    protect = tuple(protect)
    if burn_drive is not None:
        medium_path(burn_drive)
        xorriso_path()  # a desk that cannot burn says so before the station does any work
    selection = {"recording_ids": recording_ids, "media": media, "media_bytes": media_bytes}
    count = door.count_export_discs(case_id, **selection)
    check_targets(target, count, burn_drive, force=force, protect=protect)
    if burn_drive and count > 1 and not burn_drive.startswith("stdio:") and insert_medium is None:
        raise InvalidInputError(
            Msg(
                "The selection needs {count} discs; burning several discs to {burn_drive} needs someone to "
                "change the medium. Export without --burn and burn the images one by one, or use the GUI.",
                count=count,
                burn_drive=burn_drive,
            ),
        )
    result = door.export_evidence(case_id, producer=producer, extractor=extractor, purpose=purpose,
                                  for_evidence=for_evidence, progress=progress, cancel=cancel,
                                  secrecy_period=secrecy_period, **selection)
    if not result.verified:
        return result  # nothing leaves the station: its images stay there for examination
    desk = _DeskExport(door, result.export_id, force, protect, insert_medium, progress, cancel)
    if len(result.images) != count:
        check_targets(target, len(result.images), burn_drive, force=force, protect=protect)
    try:
        discs = [desk.handle(disc, target, burn_drive) for disc in result.images]
    except BaseException:
        desk.remove_written()
        raise
    return replace(result, images=tuple(discs), status=desk.status or result.status,
                   problems=tuple(p for d in discs for p in d.problems))


class _DeskExport:
    """One export's files at this desk (internal)."""

    def __init__(self, door: ExportDoor, export_id: int, force: bool, protect: tuple[Path, ...],
                 insert_medium: InsertMedium | None, progress: ProgressCallback | None,
                 cancel: CancelToken | None) -> None:
        self.door = door
        self.export_id = export_id
        self.force = force
        self.protect = protect
        self.insert_medium = insert_medium
        self.progress = progress
        self.cancel = cancel
        self.tag = temp_tag(export_id)
        self.written: list[Path] = []
        self.status = ""

    def handle(self, disc: DiscImageResult, out: Path, burn_drive: str | None) -> DiscImageResult:
        """Write disc ``disc``'s image at the desk and, with a drive, burn it."""
        image = numbered_path(out, disc.index, disc.count)
        self.download(disc, image)
        disc = replace(disc, image=str(image))
        if burn_drive:
            disc = self.burn(disc, image, drive_for(burn_drive, disc.index, disc.count))
        return disc

    def download(self, disc: DiscImageResult, target: Path) -> None:
        """Write the image where asked (0600 while written), hashing it; put it in place only when it is exactly
        what the station reported."""
        with (self.door.download_export_image(self.export_id, disc.index) as stream,
              open_output(target, force=self.force, protect=self.protect, private=True, tag=self.tag) as output):
            digest = hashlib.sha256()
            done = 0
            while chunk := stream.read(CHUNK):
                check_cancel(self.cancel)
                output.stream.write(chunk)
                digest.update(chunk)
                done += len(chunk)
                report(self.progress, done, disc.image_size, "bytes", target.name, _DOWNLOADING, Stage.DOWNLOADING)
            if (done, digest.hexdigest()) != (disc.image_size, disc.image_sha256):
                raise IntegrityProblemError(Msg(
                    "The image of disc {index} of export {export_id} written to {target} is {done:,} bytes with "
                    "SHA-256 {sha256}, not the {size:,} bytes with SHA-256 {expected} the station reported: it was "
                    "altered on its way. Nothing was kept; export again.", index=disc.index,
                    export_id=self.export_id, target=target, done=done, sha256=digest.hexdigest(),
                    size=disc.image_size, expected=disc.image_sha256))
            output.commit(publish=True)
        self.written.append(target)

    def burn(self, disc: DiscImageResult, image: Path, drive: str) -> DiscImageResult:
        """Burn ``image`` to ``drive``, read the medium back, verify it and report it to the station. A
        ``stdio:FILE`` medium is burned under a temporary name (0600) and put in place, readable, once it
        verified."""
        if disc.index > 1 and not drive.startswith("stdio:") and self.insert_medium is not None:
            self.insert_medium(disc.index, disc.count)
        try:
            if drive.startswith("stdio:"):
                target = medium_path(drive)
                with open_output(target, force=self.force, protect=self.protect, private=True,
                                 tag=self.tag) as medium:
                    written = f"stdio:{medium.temp_path}"
                    burn_image(image, written, self.progress, self.cancel)
                    check = read_back_and_verify(written, disc.manifest_sha256, image=image,
                                                 image_sha256=disc.image_sha256, progress=self.progress,
                                                 cancel=self.cancel)
                    medium.commit(publish=check.ok)
                self.written.append(target)
            else:
                burn_image(image, drive, self.progress, self.cancel)
                check = read_back_and_verify(drive, disc.manifest_sha256, image=image, image_sha256=disc.image_sha256,
                                             progress=self.progress, cancel=self.cancel)
        except Exception as exc:
            self._report_broken_burn(disc, drive, exc)
            raise
        digests = check.disc.digests if check.disc else disc.verified_digests
        burned = BurnReport(drive=drive, verified=check.ok, medium_volume_id=check.volume_id,
                            problems=tuple(check.problems), verified_digests=tuple(digests))
        self.status = self.door.record_burn(self.export_id, disc.index, burned).status
        return replace(disc, burned=True, drive=drive, medium_volume_id=check.volume_id, verified=check.ok,
                       problems=tuple(check.problems), verified_digests=tuple(digests))

    def _report_broken_burn(self, disc: DiscImageResult, drive: str, error: Exception) -> None:
        """Tell the station a burn broke off (best effort: the error itself is what the person must see)."""
        said = error.said if isinstance(error, EvidenceStationError) else Said(f"{type(error).__name__}: {error}")
        problem = DiscProblem.of(drive, "burn_failed", Msg("Burning to {drive} broke off: {problem}", drive=drive,
                                                           problem=said))
        try:
            self.door.record_burn(self.export_id, disc.index, BurnReport(drive=drive, verified=False,
                                                                         problems=(problem,)))
        except Exception as secondary:
            error.add_note(f"Reporting the broken burn to the station failed too: {secondary}")

    def remove_written(self) -> None:
        """Remove every file this export wrote at the desk (it failed or was cancelled)."""
        for path in self.written:
            path.unlink(missing_ok=True)
