"""The export's image step: build, make durable, hash and verify by reading every file back out of the image
(SHA-256 of the originals), and what that check can and cannot skip."""

from __future__ import annotations

import hashlib
import io
import os
import shutil
from pathlib import Path

import pytest

from evidence_station.disc.digests import digest_bytes, digest_stream
from evidence_station.disc.verify_disc import verify_disc
from evidence_station.domain.errors import OperationCancelledError
from evidence_station.domain.progress import CancelToken, Progress
from evidence_station.export import disc_image, image_writer
from evidence_station.export.disc_image import build_verified_disc_image
from evidence_station.export.plan import StagedDisc
from evidence_station.export.staging import stage_disc
from evidence_station.identity.signer import KeyFileSigner
from tests.helpers.discs import sample_plan, station_identity


@pytest.fixture
def staged(tmp_path: Path) -> StagedDisc:
    key, cert = station_identity()
    return stage_disc(sample_plan(tmp_path / "vault"), tmp_path / "staging", KeyFileSigner(key, cert))


def _sha256(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def test_built_image_is_hashed_and_verified_read_back(staged: StagedDisc, tmp_path: Path) -> None:
    out = tmp_path / "out" / "case.iso"
    out.parent.mkdir()
    built = build_verified_disc_image(staged, out)
    assert built.path == out and built.size == out.stat().st_size and built.sha256 == _sha256(out)
    check = built.verification
    assert check.ok and check.files == 3 and check.digests == ("sha256",)
    assert check.manifest_sha256 == staged.manifest_sha256 and check.volume_id == "2026_12"
    assert sorted(p.name for p in out.parent.iterdir()) == ["case.iso"]  # no .part left
    # The court-facing check of the same image recomputes both digests and agrees.
    full = verify_disc(out)
    assert full.ok and full.digests == ("sha256", "sm3")


def test_an_original_changed_after_staging_is_caught_by_its_sha256(staged: StagedDisc, tmp_path: Path) -> None:
    victim = staged.root / staged.files[1].disc_path
    data = bytearray(victim.read_bytes())
    data[1234] ^= 0x01  # same size: only the digest can tell
    victim.write_bytes(bytes(data))
    built = build_verified_disc_image(staged, tmp_path / "case.iso")
    assert not built.verification.ok
    assert {(p.path, p.kind) for p in built.verification.problems} == {
        (staged.files[1].disc_path, "sha256_mismatch")
    }


def test_verification_reads_the_image_as_written(
    staged: StagedDisc, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A byte that goes bad in the image itself (after pycdlib wrote it) fails the export's check, and the
    recorded image SHA-256 is that of the bytes on disk."""
    real_write = disc_image._write_image
    original = (staged.root / staged.files[0].disc_path).read_bytes()

    def write_then_damage(*args: object) -> str | None:
        real_write(*args)  # type: ignore[arg-type]
        partial = args[1]
        assert isinstance(partial, Path)
        image = bytearray(partial.read_bytes())
        image[image.find(original[:4096]) + 4000] ^= 0x80
        partial.write_bytes(bytes(image))
        return None  # what was hashed while writing no longer describes the file: make it read the file

    monkeypatch.setattr(disc_image, "_write_image", write_then_damage)
    out = tmp_path / "case.iso"
    built = build_verified_disc_image(staged, out)
    assert built.sha256 == _sha256(out)
    assert ("sha256_mismatch" in {p.kind for p in built.verification.problems}) and not built.verification.ok


def test_skipping_sm3_of_originals_still_checks_everything_else(staged: StagedDisc, tmp_path: Path) -> None:
    copy = tmp_path / "copy"
    shutil.copytree(staged.root, copy)
    readme = copy / "README.txt"
    readme.write_bytes(readme.read_bytes() + b" ")
    problems = {(p.path, p.kind) for p in verify_disc(copy, originals_sm3=False).problems}
    assert ("README.txt", "sha256_mismatch") in problems and ("README.txt", "sm3_mismatch") in problems


def test_digest_stream_without_sm3() -> None:
    payload = b"evidence" * 100_000
    digests = digest_stream(io.BytesIO(payload), sm3=False)
    assert (digests.size, digests.sha256, digests.sm3) == (len(payload), digest_bytes(payload).sha256, "")


def test_cancel_during_verification_leaves_no_image(staged: StagedDisc, tmp_path: Path) -> None:
    token = CancelToken()

    def cancel_when_verifying(p: Progress) -> None:
        if "核验" in p.message:
            token.cancel()

    with pytest.raises(OperationCancelledError):
        build_verified_disc_image(staged, tmp_path / "case.iso", progress=cancel_when_verifying, cancel=token)
    assert sorted(p.name for p in tmp_path.iterdir()) == ["staging", "vault"]


def test_write_back_is_started_while_writing(
    staged: StagedDisc, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    calls: list[tuple[int, int, int]] = []
    monkeypatch.setattr(image_writer, "FLUSH_BEHIND_WINDOW", 64 * 1024)
    monkeypatch.setattr(
        image_writer, "START_WRITEBACK", lambda _fd, offset, length, flags: calls.append((offset, length, flags))
    )
    assert build_verified_disc_image(staged, tmp_path / "case.iso").verification.ok
    assert len(calls) >= 3 and all(call == (0, 0, 2) for call in calls)


def test_image_sha256_is_computed_while_writing(
    staged: StagedDisc, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    results: list[str | None] = []
    real_finish = image_writer.ImageWriter.finish

    def finish(self: image_writer.ImageWriter) -> str | None:
        results.append(real_finish(self))
        return results[-1]

    monkeypatch.setattr(image_writer.ImageWriter, "finish", finish)
    built = build_verified_disc_image(staged, tmp_path / "case.iso")
    assert results == [built.sha256] and built.sha256 == _sha256(tmp_path / "case.iso")  # no second read


def _write_all(path: Path, writes: list[tuple[int, bytes]]) -> str | None:
    with open(path, "wb") as stream:
        writer = image_writer.ImageWriter(stream)
        for offset, data in writes:
            writer.seek(offset)
            writer.write(data)
        return writer.finish()


def test_image_writer_hashes_scattered_writes_and_holes_as_the_file_ends_up(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(image_writer, "SETTLE_BYTES", 4096)
    # pycdlib's pattern: an anchor near the end first, structures in pieces, data with unwritten tails.
    writes = [(20_480, b"A" * 512), (2048, b"p" * 10), (4096, b"q" * 100), (2058, b"r" * 16)]
    writes += [(6144 + k * 1024, os.urandom(1024)) for k in range(8)] + [(22_527, b"\0")]
    path = tmp_path / "image"
    assert _write_all(path, writes) == _sha256(path)


@pytest.mark.parametrize("late", [(2048, b"x"), (4000, b"y" * 200), (20_000, b"z" * 600)])
def test_image_writer_gives_up_when_a_write_changes_hashed_or_waiting_bytes(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, late: tuple[int, bytes]
) -> None:
    monkeypatch.setattr(image_writer, "SETTLE_BYTES", 4096)
    writes = [(20_480, b"A" * 512), (0, os.urandom(2048)), (4096, os.urandom(8192)), late]
    path = tmp_path / "image"
    assert _write_all(path, writes) is None  # the caller then reads the file to hash it
