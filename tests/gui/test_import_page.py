"""The Import page: card detection, preview, background import with progress and cancel, result and findings."""

from __future__ import annotations

import time
from datetime import date
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QStyleOptionViewItem

from evidence_station.client.station_client import StationClient
from evidence_station.domain.roles import Role
from evidence_station.gui.import_result_model import FAILED_BACKGROUND, FINDING_BACKGROUND, ImportResultModel
from evidence_station.gui.pages.import_page import ImportPage, TransferMeter
from evidence_station.gui.volume_watcher import VolumeInfo, VolumeWatcher, is_card_volume
from evidence_station.media.demo_card import DemoCardResult, write_demo_card
from evidence_station.services import import_service
from evidence_station.services.station import Station
from evidence_station.services.thumbnail_service import thumbnail_path


@pytest.fixture(scope="module")
def demo_card(tmp_path_factory: pytest.TempPathFactory) -> DemoCardResult:
    return write_demo_card(tmp_path_factory.mktemp("card") / "card", seed=1, day=date(2026, 11, 24))


def _page(qtbot: Any, client: StationClient, volumes: list[VolumeInfo] | None = None) -> ImportPage:
    mounted = volumes if volumes is not None else []
    page = ImportPage(client, watcher=VolumeWatcher(source=lambda: list(mounted)))
    qtbot.addWidget(page)
    page.show()
    return page


def _import(qtbot: Any, page: ImportPage, timeout: int = 60_000) -> None:
    qtbot.mouseClick(page.import_button, Qt.MouseButton.LeftButton)
    assert page.import_operation is not None
    qtbot.waitUntil(lambda: page.import_operation.done, timeout=timeout)


def test_preview_then_import_shows_every_file_once_and_highlights_findings(
    qtbot: Any, user_with_role: Any, demo_card: DemoCardResult, station: Station
) -> None:
    custodian = user_with_role(Role.CUSTODIAN)
    page = _page(qtbot, custodian)
    assert not page.import_button.isEnabled()  # no card chosen yet
    assert page.set_card(demo_card.path)
    preview = page.preview_model.entries
    assert sorted(e.card_path for e in preview) == sorted(demo_card.files)
    junk = [row for row, e in enumerate(preview) if e.card_path == ".DS_Store"]
    assert page.preview_model.index(junk[0], 3).data() == "system junk"
    assert page.import_button.isEnabled()

    _import(qtbot, page)
    result = page.last_result
    assert result is not None and result.status == "completed"
    assert page.thumbnail_operation is not None  # started only once the import had finished
    assert sorted(page.result_paths()) == sorted(demo_card.files)  # every file, exactly once
    assert page.tabs.currentIndex() == 1 and page.progress_box.isHidden()
    assert result.findings and page.findings_list.count() == len(result.findings)
    flagged = {rid for f in result.findings for rid in f.recording_ids}
    model = page.result_model
    for row in range(model.rowCount()):
        background = model.index(row, 0).data(Qt.ItemDataRole.BackgroundRole)
        if model.file_at(row).recording_id in flagged:
            assert background.color() == FINDING_BACKGROUND
            assert model.index(row, ImportResultModel.FINDINGS).data()
        elif model.outcome(model.file_at(row)) == "skipped":
            assert background.color() != FAILED_BACKGROUND
    stored_rows = [row for row in range(model.rowCount()) if model.file_at(row).sha256]
    assert stored_rows
    for row in stored_rows:
        assert model.index(row, ImportResultModel.SHA256).data() == model.file_at(row).sha256
    assert "Stored" in page.result_summary.text() and "Import completed." in page.result_summary.text()

    qtbot.waitUntil(lambda: page.thumbnail_operation.done, timeout=60_000)
    videos = [f for f in result.files if f.kind == "video" and f.playable]
    assert videos and thumbnail_path(station, videos[0].sha256).exists()
    assert "Thumbnails ready" in page.thumbnail_label.text()


def test_import_is_disabled_for_a_clerk_with_a_reason(
    qtbot: Any, user_with_role: Any, demo_card: DemoCardResult
) -> None:
    page = _page(qtbot, user_with_role(Role.CLERK))
    assert page.set_card(demo_card.path)  # a clerk may look at a card
    assert not page.import_button.isEnabled()
    assert "Only custodians and administrators" in page.import_button.toolTip()
    assert page.permission_label.isVisible()
    assert page.start_import() is None


def test_cancel_during_a_slow_import_leaves_it_cancelled_without_debris(
    qtbot: Any, user_with_role: Any, demo_card: DemoCardResult, monkeypatch: pytest.MonkeyPatch, station: Station
) -> None:
    original = import_service.copy_card_file

    def slow_copy(vault: Any, entry: Any, progress: Any = None, cancel: Any = None, **options: Any) -> Any:
        for _ in range(25):
            if cancel is not None and cancel.cancelled:
                break
            time.sleep(0.02)
        return original(vault, entry, progress, cancel, **options)

    monkeypatch.setattr(import_service, "copy_card_file", slow_copy)
    custodian = user_with_role(Role.CUSTODIAN)
    page = _page(qtbot, custodian)
    page.set_card(demo_card.path)
    qtbot.mouseClick(page.import_button, Qt.MouseButton.LeftButton)
    assert page.progress_box.isVisible() and not page.import_button.isEnabled()
    qtbot.waitUntil(lambda: page.meter.done > 0, timeout=20_000)
    page._refresh_panel()
    assert "of" in page.bytes_label.text() and page.current_file_label.text().startswith("File ")
    qtbot.mouseClick(page.cancel_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: page.import_operation.done, timeout=30_000)

    result = page.last_result
    assert result is not None and result.status == "cancelled"
    assert sorted(page.result_paths()) == sorted(demo_card.files)
    assert any(f.reason == "not imported: the import was cancelled" for f in result.files)
    assert "Import cancelled" in page.result_summary.text()
    vault = station.vault
    assert list(vault.tmp_dir.iterdir()) == []  # nothing half-copied
    catalogued = {r.sha256 for r in custodian.list_recordings()}
    assert set(vault.iter_blob_hashes()) == catalogued
    assert page.progress_box.isHidden() and page.import_button.isEnabled()
    if page.thumbnail_operation is not None:
        qtbot.waitUntil(lambda: page.thumbnail_operation.done, timeout=60_000)


def test_missing_folder_gets_a_friendly_message(qtbot: Any, user_with_role: Any, tmp_path: Path) -> None:
    page = _page(qtbot, user_with_role(Role.CUSTODIAN))
    assert not page.set_card(tmp_path / "no-such-card")
    assert "cannot be imported" in page.message_label.text() and "does not exist" in page.message_label.text()
    assert page.preview_model.rowCount() == 0 and not page.import_button.isEnabled()


def test_a_newly_mounted_card_is_listed_and_previewed(
    qtbot: Any, user_with_role: Any, demo_card: DemoCardResult
) -> None:
    mounted = [VolumeInfo("/", "root", 10**11, 10**10, "ext4")]
    page = _page(qtbot, user_with_role(Role.CUSTODIAN), mounted)
    assert page.volume_list.count() == 0 and page.no_volume_label.isVisible()
    mounted.append(VolumeInfo(str(demo_card.path), "DSJ_CARD", 32 * 10**9, 30 * 10**9, "vfat"))
    page.watcher.poll()
    assert page.volume_list.count() == 1
    assert "DSJ_CARD" in page.volume_list.item(0).text() and "32.0 GB" in page.volume_list.item(0).text()
    assert page.card == demo_card.path and page.preview_model.rowCount() == len(demo_card.files)
    assert "New card detected" in page.message_label.text()


def test_card_volumes_are_removable_mounts_not_system_disks() -> None:
    gb = 32 * 10**9
    assert is_card_volume(VolumeInfo("/media/wang/DSJ", "DSJ", gb, gb, "exfat"))
    assert is_card_volume(VolumeInfo("/run/media/wang/DSJ", "DSJ", gb, gb, "ext4"))
    assert is_card_volume(VolumeInfo("/srv/reader", "reader", gb, gb, "vfat"))
    assert not is_card_volume(VolumeInfo("/", "root", gb, gb, "ext4"))
    assert not is_card_volume(VolumeInfo("/boot/efi", "efi", gb, gb, "vfat"))
    assert not is_card_volume(VolumeInfo("/srv/data", "data", gb, gb, "xfs"))
    assert not is_card_volume(VolumeInfo("/mnt/tools/python", "python", 4096, 4096, "ext4"))  # a bind-mounted file


def test_transfer_meter_gives_speed_and_time_left() -> None:
    now = [0.0]
    meter = TransferMeter(clock=lambda: now[0])
    meter.start(100_000_000)
    assert meter.rate is None and meter.seconds_left is None
    now[0] = 2.0
    meter.add(20_000_000)
    assert meter.rate == pytest.approx(10_000_000)
    assert meter.seconds_left == pytest.approx(8.0)


def test_preview_warns_when_the_card_cannot_fit_on_the_vault_disk(
    qtbot: Any, user_with_role: Any, demo_card: DemoCardResult, monkeypatch: pytest.MonkeyPatch
) -> None:
    from evidence_station.vault.blob_store import VaultOS

    page = _page(qtbot, user_with_role(Role.CUSTODIAN))
    monkeypatch.setattr(VaultOS, "free_bytes", lambda self, path: 1_000_000)
    assert page.set_card(demo_card.path)
    assert page.message_label.isVisible() and "vault disk has 1.0 MB free" in page.message_label.text()
    monkeypatch.setattr(VaultOS, "free_bytes", lambda self, path: 10**12)
    assert page.rescan()
    assert not page.message_label.isVisible()


def test_reinserting_an_imported_card_previews_its_files_as_already_stored(
    qtbot: Any, user_with_role: Any, tmp_path: Path
) -> None:
    """#20 item 12: a re-inserted card previewed "12 files to import" although all were stored."""
    card = write_demo_card(tmp_path / "DSJ", seed=2, day=date(2026, 11, 24)).path
    page = _page(qtbot, user_with_role(Role.CUSTODIAN))
    assert page.set_card(card)
    candidates = sum(e.is_candidate for e in page.entries)
    assert f"{candidates} files" in page.preview_summary.text() and "0 already stored" in page.preview_summary.text()
    _import(qtbot, page)
    result = page.last_result
    assert result is not None
    qtbot.waitUntil(lambda: page.thumbnail_operation is None or page.thumbnail_operation.done, timeout=60_000)

    assert page.set_card(card)  # the card again
    stored = sum(f.recording_id is not None for f in result.files)
    assert stored and candidates - stored >= 0
    text = page.preview_summary.text()
    assert f"{candidates - stored} files" in text and f"{stored} already stored" in text
    model = page.preview_model
    actions = [model.index(row, 2).data() for row in range(model.rowCount())]
    assert actions.count("Already stored") == stored
    row = actions.index("Already stored")
    assert f"#{result.import_id}" in model.index(row, 3).data()


def test_the_result_table_keeps_each_card_file_s_name_in_sight_at_1366_by_768(
    qtbot: Any, user_with_role: Any, demo_card: DemoCardResult
) -> None:
    """On a 1366×768 desk the page is ~1180 px wide: the card-file column keeps room for a camera's file name, and
    a path too long for it is cut on the left ("…/Z8A0001_…_0002.MP4"), never in the middle of the name."""
    page = _page(qtbot, user_with_role(Role.CUSTODIAN))
    page.resize(1180, 700)
    assert page.set_card(demo_card.path)
    _import(qtbot, page)
    table, model = page.result_table, page.result_model
    qtbot.waitUntil(table.isVisible)
    names = [Path(path).name for path in demo_card.files if path.upper().endswith(".MP4")]
    widest = max(table.fontMetrics().horizontalAdvance(name) for name in names)
    assert table.columnWidth(ImportResultModel.PATH) >= widest
    assert table.horizontalHeader().length() <= table.viewport().width()
    option = QStyleOptionViewItem()
    row = next(r for r in range(model.rowCount()) if str(model.index(r, ImportResultModel.PATH).data()).count("/") > 1)
    delegate = table.itemDelegateForColumn(ImportResultModel.PATH)
    delegate.initStyleOption(option, model.index(row, ImportResultModel.PATH))
    assert option.textElideMode == Qt.TextElideMode.ElideLeft
