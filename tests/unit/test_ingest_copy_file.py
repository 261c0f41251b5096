"""Copying scanned card files into the vault: safe open, unchanged-file checks, two files at once."""

from __future__ import annotations

import hashlib
import os
import shutil
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pytest

from evidence_station.cards.errors import SourceChangedError, SourceVanishedError
from evidence_station.cards.scan import CardEntry, scan_card
from evidence_station.domain.errors import InvalidInputError
from evidence_station.importing.copy_file import copy_card_file
from evidence_station.vault.blob_store import Vault

MIB = 1 << 20


def data_of(name: str, size: int) -> bytes:
    return hashlib.shake_256(name.encode()).digest(size)


@pytest.fixture
def vault(tmp_path: Path) -> Vault:
    return Vault(tmp_path / "vault")


@pytest.fixture
def card(tmp_path: Path) -> Path:
    root = tmp_path / "card"
    (root / "DCIM" / "100").mkdir(parents=True)
    (root / "DCIM" / "100" / "A.MP4").write_bytes(data_of("A", 3 * MIB + 1))
    (root / "DCIM" / "100" / "录像B.MP4").write_bytes(data_of("B", 2 * MIB))
    (root / "Thumbs.db").write_bytes(b"junk")
    return root


def entry_named(root: Path, card_path: str) -> CardEntry:
    return next(e for e in scan_card(root) if e.card_path == card_path)


def assert_vault_empty(vault: Vault) -> None:
    assert list(vault.iter_blob_hashes()) == []
    assert list(vault.tmp_dir.iterdir()) == []


def test_copy_stores_the_file_and_reports_its_digests(card: Path, vault: Vault) -> None:
    entry = entry_named(card, "DCIM/100/A.MP4")
    items: set[str] = set()
    result = copy_card_file(vault, entry, progress=lambda p: items.add(p.item))
    data = data_of("A", 3 * MIB + 1)
    assert result.sha256 == hashlib.sha256(data).hexdigest()
    assert result.size == len(data) and result.newly_stored
    assert vault.blob_path(result.sha256).read_bytes() == data
    assert items == {"DCIM/100/A.MP4"}


def test_two_files_copied_concurrently(card: Path, vault: Vault) -> None:
    entries = [e for e in scan_card(card) if e.is_candidate]
    with ThreadPoolExecutor(max_workers=2) as pool:
        results = list(pool.map(lambda e: copy_card_file(vault, e), entries))
    for entry, result in zip(entries, results, strict=True):
        assert result.sha256 == hashlib.sha256(entry.path.read_bytes()).hexdigest()
    assert sorted(vault.iter_blob_hashes()) == sorted(r.sha256 for r in results)


def test_vanished_file_is_reported_clearly(card: Path, vault: Vault) -> None:
    entry = entry_named(card, "DCIM/100/A.MP4")
    entry.path.unlink()
    with pytest.raises(SourceVanishedError, match="gone"):
        copy_card_file(vault, entry)
    assert_vault_empty(vault)


def test_file_replaced_by_link_is_not_followed(card: Path, vault: Vault, tmp_path: Path) -> None:
    entry = entry_named(card, "DCIM/100/A.MP4")
    decoy = tmp_path / "decoy.mp4"
    decoy.write_bytes(data_of("A", 3 * MIB + 1))  # same size: only the link check can catch it
    entry.path.unlink()
    entry.path.symlink_to(decoy)
    with pytest.raises(SourceChangedError, match="link"):
        copy_card_file(vault, entry)
    assert_vault_empty(vault)


def test_folder_replaced_by_link_is_not_followed(card: Path, vault: Vault, tmp_path: Path) -> None:
    entry = entry_named(card, "DCIM/100/A.MP4")
    elsewhere = tmp_path / "elsewhere"
    shutil.move(card / "DCIM" / "100", elsewhere)
    (card / "DCIM" / "100").symlink_to(elsewhere, target_is_directory=True)
    with pytest.raises(SourceChangedError, match="link"):
        copy_card_file(vault, entry)
    assert_vault_empty(vault)


def test_file_of_other_size_than_scanned_is_refused(card: Path, vault: Vault) -> None:
    entry = entry_named(card, "DCIM/100/A.MP4")
    with open(entry.path, "ab") as handle:
        handle.write(b"appended")
    with pytest.raises(SourceChangedError, match="bytes now"):
        copy_card_file(vault, entry)
    assert_vault_empty(vault)


def test_file_replaced_by_fifo_is_refused_without_blocking(card: Path, vault: Vault) -> None:
    entry = entry_named(card, "DCIM/100/A.MP4")
    entry.path.unlink()
    os.mkfifo(entry.path)
    with pytest.raises(SourceChangedError, match="no longer a regular file"):
        copy_card_file(vault, entry)
    assert_vault_empty(vault)


def test_skipped_entry_cannot_be_copied(card: Path, vault: Vault) -> None:
    with pytest.raises(InvalidInputError, match="skipped"):
        copy_card_file(vault, entry_named(card, "Thumbs.db"))


def test_undecodable_name_is_copied(tmp_path: Path, vault: Vault) -> None:
    root = tmp_path / "card"
    root.mkdir()
    with open(os.fsencode(root) + b"/\xff.mp4", "wb") as handle:
        handle.write(b"payload")
    [entry] = scan_card(root)
    assert copy_card_file(vault, entry).sha256 == hashlib.sha256(b"payload").hexdigest()
