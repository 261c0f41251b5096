"""A disc image is an output file: 0600 while built, readable only once complete and verified, never written
over an existing file unless forced, never inside a station home."""

from __future__ import annotations

import os
import stat
from collections.abc import Iterator
from pathlib import Path

import pytest

from evidence_station.domain.errors import InvalidInputError
from evidence_station.export import disc_image
from evidence_station.export.disc_image import build_verified_disc_image
from evidence_station.export.plan import StagedDisc
from evidence_station.export.staging import stage_disc
from evidence_station.identity.signer import KeyFileSigner
from tests.helpers.discs import sample_plan, station_identity


@pytest.fixture
def staged(tmp_path: Path) -> StagedDisc:
    key, cert = station_identity()
    return stage_disc(sample_plan(tmp_path / "vault"), tmp_path / "staging", KeyFileSigner(key, cert))


@pytest.fixture
def umask_022() -> Iterator[None]:
    old = os.umask(0o022)
    yield None
    os.umask(old)


def _mode(path: Path) -> int:
    return stat.S_IMODE(path.stat().st_mode)


def test_the_image_is_private_while_built_and_readable_once_verified(
    staged: StagedDisc, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, umask_022: None
) -> None:
    seen: list[tuple[str, int]] = []
    real_write = disc_image._write_image

    def watch(staging: Path, partial: Path, *args: object) -> str | None:
        written = real_write(staging, partial, *args)  # type: ignore[arg-type]
        seen.append((partial.name, _mode(partial)))
        return written

    monkeypatch.setattr(disc_image, "_write_image", watch)
    out = tmp_path / "case.iso"
    built = build_verified_disc_image(staged, out, temp_tag="export5")
    assert built.verification.ok
    [(name, mode)] = seen
    assert name.startswith("case.iso.export5-") and name.endswith(".part") and mode == 0o600
    assert _mode(out) == 0o644 and out.stat().st_nlink == 1


def test_an_image_that_does_not_verify_stays_private(staged: StagedDisc, tmp_path: Path) -> None:
    victim = staged.root / staged.files[0].disc_path
    data = bytearray(victim.read_bytes())
    data[100] ^= 0x01
    victim.write_bytes(bytes(data))
    out = tmp_path / "bad.iso"
    assert not build_verified_disc_image(staged, out).verification.ok
    assert _mode(out) == 0o600


def test_an_existing_image_is_replaced_only_when_forced(staged: StagedDisc, tmp_path: Path) -> None:
    out = tmp_path / "case.iso"
    out.write_bytes(b"older disc")
    with pytest.raises(InvalidInputError, match="already exists"):
        build_verified_disc_image(staged, out)
    assert out.read_bytes() == b"older disc"
    assert build_verified_disc_image(staged, out, force=True).verification.ok
    assert out.read_bytes()[32768 + 1:32768 + 6] == b"CD001"


def test_no_image_inside_a_protected_folder(staged: StagedDisc, tmp_path: Path) -> None:
    home = tmp_path / "home"
    home.mkdir()
    with pytest.raises(InvalidInputError, match="inside the station folder"):
        build_verified_disc_image(staged, home / "case.iso", force=True, protect=[home])
    assert list(home.iterdir()) == []
