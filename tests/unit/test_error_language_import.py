"""Import, vault and verify errors speak Chinese too: the facts (card path, sizes, ids) in the Chinese sentence."""

from __future__ import annotations

import errno
import io
import os
import re
import shutil
import stat
from datetime import date
from pathlib import Path

import pytest

from evidence_station.cards import open_file, scan
from evidence_station.cards.errors import (
    CardNotFoundError,
    CardUnreadableError,
    SourceChangedError,
    SourceVanishedError,
)
from evidence_station.cards.scan import scan_card
from evidence_station.domain.errors import NotFoundError, OperationCancelledError
from evidence_station.domain.progress import CancelToken, Progress
from evidence_station.importing.copy_file import copy_card_file
from evidence_station.media.demo_card import write_demo_card
from evidence_station.services.context import ServiceContext
from evidence_station.services.import_receipt import import_receipt
from evidence_station.services.import_service import import_card
from evidence_station.services.station import Station
from evidence_station.services.verify_service import verify_store
from evidence_station.vault.blob_store import Vault, VaultOS
from evidence_station.vault.errors import VaultFullError
from tests.reliability.crash_support import FailingReader

_CJK = re.compile(r"[\u4e00-\u9fff]")
DAY = date(2026, 11, 24)


def _chinese(text: str | None) -> str:
    assert text and _CJK.search(text), f"not Chinese: {text!r}"
    return text


@pytest.fixture(scope="module")
def demo_card_master(tmp_path_factory: pytest.TempPathFactory) -> Path:
    card = tmp_path_factory.mktemp("zh-master") / "card"
    write_demo_card(card, seed=11, day=DAY)
    return card


@pytest.fixture
def card(tmp_path: Path, demo_card_master: Path) -> Path:
    target = tmp_path / "card"
    shutil.copytree(demo_card_master, target, symlinks=True)
    return target


@pytest.fixture
def small_card(tmp_path: Path) -> Path:
    root = tmp_path / "small-card"
    (root / "DCIM" / "100").mkdir(parents=True)
    (root / "DCIM" / "100" / "A.MP4").write_bytes(b"a" * 4096)
    return root


# -- the card itself ---------------------------------------------------------------------------------------


def test_missing_card_folder_is_said_in_chinese(people: dict[str, ServiceContext], tmp_path: Path) -> None:
    with pytest.raises(NotFoundError) as caught:
        import_card(people["custodian"], tmp_path / "no-card")
    text = _chinese(caught.value.message_zh)
    assert str(tmp_path / "no-card") in text and "存储卡" in text
    assert "does not exist" in caught.value.message


def test_scan_of_a_missing_or_unreadable_card_is_said_in_chinese(
    tmp_path: Path, small_card: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    with pytest.raises(CardNotFoundError) as missing:
        scan_card(tmp_path / "absent")
    assert str(tmp_path / "absent") in _chinese(missing.value.message_zh)

    def refuse(path: Path) -> list[str]:
        raise PermissionError(errno.EACCES, "Permission denied")

    monkeypatch.setattr(scan, "_list_dir", refuse)
    with pytest.raises(CardUnreadableError) as unreadable:
        scan_card(small_card)
    text = _chinese(unreadable.value.message_zh)
    assert str(small_card) in text and "Permission denied" in text and "无法读取" in text


# -- a file that changed or vanished after the scan -------------------------------------------------------


def test_vanished_and_changed_files_are_said_in_chinese(small_card: Path, tmp_path: Path) -> None:
    vault = Vault(tmp_path / "vault")
    entry = next(e for e in scan_card(small_card) if e.card_path == "DCIM/100/A.MP4")
    (small_card / "DCIM" / "100" / "A.MP4").write_bytes(b"a" * 100)
    with pytest.raises(SourceChangedError) as changed:
        copy_card_file(vault, entry)
    text = _chinese(changed.value.message_zh)
    assert "DCIM/100/A.MP4" in text and "4096" in text and "100" in text and "重新扫描" in text

    (small_card / "DCIM" / "100" / "A.MP4").unlink()
    with pytest.raises(SourceVanishedError) as vanished:
        copy_card_file(vault, entry)
    text = _chinese(vanished.value.message_zh)
    assert "DCIM/100/A.MP4" in text and "不见" in text


# -- the card pulled out while a file is copied ------------------------------------------------------------


def test_card_pulled_mid_copy_gives_a_chinese_reason(
    people: dict[str, ServiceContext], card: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    victim = max((p for p in card.rglob("*.MP4") if p.is_file() and not p.is_symlink()),
                 key=lambda p: p.stat().st_size)
    original = open

    def failing_open(fd, *args, **kwargs):
        stream = original(fd, *args, **kwargs)
        if os.path.samefile(f"/proc/self/fd/{stream.fileno()}", victim):
            return io.BufferedReader(FailingReader(stream.read(), 10_000))
        return stream

    monkeypatch.setattr(open_file, "open", failing_open, raising=False)
    result = import_card(people["custodian"], card)
    failed = [f for f in result.files if f.error]
    assert [f.card_path for f in failed] == [victim.relative_to(card).as_posix()]
    reason = _chinese(failed[0].reason_zh)
    assert reason.startswith("未导入：") and victim.name in reason
    assert failed[0].reason and failed[0].reason.startswith("not imported: ")


# -- the vault disk is full ----------------------------------------------------------------------------------


def test_a_card_that_does_not_fit_is_refused_in_chinese(
    station: Station, people: dict[str, ServiceContext], card: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    card_bytes = sum(p.stat().st_size for p in card.rglob("*") if p.is_file() and not p.is_symlink())
    monkeypatch.setattr(VaultOS, "free_bytes", lambda self, path: card_bytes // 2)
    with pytest.raises(VaultFullError) as caught:
        import_card(people["custodian"], card)
    assert "importing this card needs" in caught.value.message
    text = _chinese(caught.value.message_zh)
    assert str(station.vault.root) in text and "存储卡" in text and "释放空间" in text
    assert "MiB" in text or "KiB" in text


class _FullDiskOS(VaultOS):
    """Writing fails with ENOSPC once some bytes were written."""

    def __init__(self) -> None:
        self.written = 0

    def write(self, fd: int, data: memoryview) -> int:
        if self.written + len(data) > 50_000:
            raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))
        self.written += len(data)
        return super().write(fd, data)


def test_a_vault_that_fills_up_stops_the_import_in_chinese(
    station: Station, people: dict[str, ServiceContext], card: Path
) -> None:
    station.vault._os = _FullDiskOS()
    try:
        result = import_card(people["custodian"], card, workers=1)
    finally:
        station.vault._os = VaultOS()
    assert result.status == "stopped"
    assert result.message.startswith("Import stopped: ")
    text = _chinese(result.message_zh)
    assert text.startswith("导入已中止：") and "存储库" in text
    stopped = [f for f in result.files if f.reason_zh and not f.error]
    assert all(_chinese(f.reason_zh).startswith("未导入：") for f in stopped)


# -- cancelled ----------------------------------------------------------------------------------------------


def test_a_cancelled_import_says_so_in_chinese(people: dict[str, ServiceContext], card: Path) -> None:
    token = CancelToken()
    seen: set[str] = set()

    def progress(report: Progress) -> None:
        seen.add(report.item)
        if len(seen) >= 2:
            token.cancel()

    result = import_card(people["custodian"], card, progress=progress, cancel=token, workers=1)
    assert result.status == "cancelled"
    assert _chinese(result.message_zh).startswith("导入已取消")
    not_copied = [f for f in result.files if f.reason == "not imported: the import was cancelled"]
    assert not_copied and all(f.reason_zh == "未导入：导入已取消" for f in not_copied)


def test_a_cancelled_verify_raises_a_chinese_error(station: Station, people: dict[str, ServiceContext],
                                                   card: Path) -> None:
    import_card(people["custodian"], card)
    token = CancelToken()
    with pytest.raises(OperationCancelledError) as caught:
        verify_store(station, progress=lambda report: token.cancel(), cancel=token)
    assert "已取消" in _chinese(caught.value.message_zh)


# -- verify problems ----------------------------------------------------------------------------------------


def test_verify_problems_speak_chinese(station: Station, people: dict[str, ServiceContext], card: Path) -> None:
    result = import_card(people["custodian"], card)
    stored = [f for f in result.files if f.status == "stored" and f.size]
    altered, missing = stored[0], stored[1]
    blob = station.vault.blob_path(altered.sha256)
    blob.chmod(blob.stat().st_mode | stat.S_IWUSR)
    data = bytearray(blob.read_bytes())
    data[-1] ^= 0xFF
    blob.write_bytes(bytes(data))
    gone = station.vault.blob_path(missing.sha256)
    gone.parent.chmod(gone.parent.stat().st_mode | stat.S_IWUSR)
    gone.unlink()

    problems = {(p.recording_id, p.kind): p for p in verify_store(station).problems}
    sha = problems[(altered.recording_id, "sha256_mismatch")]
    text = _chinese(sha.message_zh)
    assert f"记录 {altered.recording_id}" in text and altered.sha256 in text and "SHA-256" in text
    assert sha.text_zh == text
    writable = _chinese(problems[(altered.recording_id, "writable_blob")].message_zh)
    assert "只读" in writable
    lost = _chinese(problems[(missing.recording_id, "missing_blob")].message_zh)
    assert f"记录 {missing.recording_id}" in lost and missing.card_path in lost and "缺失" in lost


# -- receipts -------------------------------------------------------------------------------


def test_receipt_of_an_unknown_import_is_refused_in_chinese(people: dict[str, ServiceContext]) -> None:
    with pytest.raises(NotFoundError) as caught:
        import_receipt(people["custodian"], 4242)
    assert "4242" in _chinese(caught.value.message_zh)
