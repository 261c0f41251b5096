"""The Library page: lazy catalogue model (paging, model tester), filters, details with hashes, viewing requests."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from datetime import date
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import QModelIndex, QPoint, Qt
from PySide6.QtTest import QAbstractItemModelTester
from PySide6.QtWidgets import QTableView

from evidence_station.client.station_client import StationClient
from evidence_station.gui.pages.library_page import LibraryPage, ViewingRequestDialog
from evidence_station.gui.recording_model import RecordingFilter, RecordingModel
from evidence_station.services.context import ServiceContext
from evidence_station.services.station import Station
from tests.gui.demo_home import DemoUser, build_imported_home, desk_client, open_copy
from tests.helpers.recordings import fill_catalogue

USERS = {"custodian": "custodian", "investigator": "investigator", "auditor": "auditor"}


@pytest.fixture(scope="module")
def imported_home(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A station home with the demo card imported once (copied by each test)."""
    users = [DemoUser(name, role) for name, role in USERS.items()]
    return build_imported_home(tmp_path_factory.mktemp("library"), users)


@pytest.fixture
def library_station(imported_home: Path, tmp_path: Path) -> Iterator[Station]:
    station = open_copy(imported_home, tmp_path)
    yield station
    station.close()


def _login(station: Station, name: str) -> StationClient:
    return desk_client(station, name)


@pytest.fixture
def page(qtbot: Any, library_station: Station) -> LibraryPage:
    widget = LibraryPage(_login(library_station, "custodian"))
    qtbot.addWidget(widget)
    widget.show()
    return widget


def _rows(page: LibraryPage) -> list[Any]:
    page.model.fetch_all()
    return [page.model.recording_at(row) for row in range(page.model.rowCount())]


def test_lists_the_imported_recordings_in_camera_time_order(page: LibraryPage) -> None:
    rows = _rows(page)
    assert len(rows) == 12  # every stored file of the demo card
    starts = [r.start for r in rows if r.start is not None]
    assert starts == sorted(starts)
    first = page.model.index(0, RecordingModel.START).data()
    assert first.startswith("2026-11-24 08:")  # camera time in the station zone
    assert page.model.index(0, RecordingModel.PREVIEW).data(Qt.ItemDataRole.DecorationRole) is not None


def test_list_icons_arrive_in_the_background_for_videos_only(qtbot: Any, page: LibraryPage) -> None:
    rows = _rows(page)
    assert page.model._client.make_thumbnails([r.id for r in rows if r.kind == "video"]) > 0
    page.refresh()
    rows = _rows(page)
    video = next(row for row, r in enumerate(rows) if r.kind == "video" and r.playable)
    photo = next(row for row, r in enumerate(rows) if r.kind == "photo")
    placeholder = page.model.thumbnails.placeholder
    for row in (video, photo):
        page.model.index(row, RecordingModel.PREVIEW).data(Qt.ItemDataRole.DecorationRole)  # asks for it
    with qtbot.waitSignal(page.model.dataChanged, timeout=10_000):
        pass
    qtbot.waitUntil(lambda: rows[video].id in page.model.thumbnails._pixmaps, timeout=10_000)
    icon = page.model.index(video, RecordingModel.PREVIEW).data(Qt.ItemDataRole.DecorationRole)
    assert icon.cacheKey() != placeholder.cacheKey() and icon.height() == 32 and icon.width() > 32
    qtbot.waitUntil(lambda: rows[photo].id in page.model.thumbnails._pixmaps, timeout=10_000)
    photo_icon = page.model.index(photo, RecordingModel.PREVIEW).data(Qt.ItemDataRole.DecorationRole)
    assert photo_icon.cacheKey() == placeholder.cacheKey()


def test_filters_apply_on_enter_not_per_keystroke(qtbot: Any, page: LibraryPage) -> None:
    total = len(_rows(page))
    qtbot.keyClicks(page.device_edit, "Z8A0001")
    assert page.model.rowCount() == total  # typing alone does not filter
    qtbot.keyClick(page.device_edit, Qt.Key.Key_Return)
    rows = _rows(page)
    assert len(rows) == 3 and {r.device for r in rows} == {"Z8A0001"}
    assert page.model.recording_filter == RecordingFilter(device="Z8A0001")
    page.clear_filter()
    page.kind_box.setCurrentIndex(page.kind_box.findData("photo"))
    page.apply_filter()
    assert [r.kind for r in _rows(page)] == ["photo"]
    page.clear_filter()
    page.from_check.setChecked(True)
    page.from_date.setDate(date(2026, 11, 25))
    page.apply_filter()
    assert page.model.rowCount() == 0


def test_finding_filter_and_findings_column(page: LibraryPage) -> None:
    page.finding_box.setCurrentIndex(page.finding_box.findData("gap"))
    page.apply_filter()
    rows = _rows(page)
    assert rows
    for row in range(len(rows)):
        assert "Recording gap" in page.model.index(row, RecordingModel.FINDINGS).data()
        brush = page.model.index(row, RecordingModel.FINDINGS).data(Qt.ItemDataRole.ForegroundRole)
        assert brush is not None


def test_details_pane_shows_metadata_hashes_and_findings(page: LibraryPage) -> None:
    rows = _rows(page)
    flagged = next(row for row, r in enumerate(rows) if page.model.findings_of(r.id))
    page.table.selectRow(flagged)
    text = page.details.toPlainText()
    view = rows[flagged]
    assert view.sha256 in text and view.sm3 in text
    assert f"#{view.import_id}" in text and view.card_path in text
    assert page.model.findings_of(view.id)[0].message in text


def test_viewing_request_for_the_selection(qtbot: Any, library_station: Station) -> None:
    widget = LibraryPage(_login(library_station, "investigator"))
    qtbot.addWidget(widget)
    assert not widget.request_button.isEnabled()  # nothing selected
    widget.table.selectRow(0)
    assert widget.request_button.isEnabled()
    ids = [widget.model.recording_at(0).id, widget.model.recording_at(1).id]
    dialog = ViewingRequestDialog(ids)
    qtbot.addWidget(dialog)
    ok = dialog.buttons.buttons()[0]
    assert not ok.isEnabled()
    dialog.reason_edit.setPlainText("案件 2026-118 取证")
    assert ok.isEnabled() and dialog.purpose == "case_handling"
    result = widget.send_viewing_request(ids, dialog.reason, dialog.purpose)
    assert result is not None and sorted(result.recording_ids) == sorted(ids) and result.status == "pending"
    assert f"#{result.request_id}" in widget.status_label.text()


def test_icons_only_for_recordings_the_user_may_know_of(qtbot: Any, library_station: Station) -> None:
    from evidence_station.catalogue.audit_tables import AuditEvent
    from evidence_station.services.classification_service import set_classification
    from evidence_station.services.users import login
    from tests.conftest import PASSWORD
    from tests.helpers.people import add_person

    custodian = _login(library_station, "custodian")
    videos = [r.id for r in custodian.list_recordings() if r.kind == "video" and r.playable]
    assert custodian.make_thumbnails(videos) >= 2
    boss = add_person(library_station, login(library_station, "admin", PASSWORD), "boss", "director", clearance=3)
    secret, shown = videos[0], videos[1]
    set_classification(boss, secret, "state_secret", reason="涉密")
    page = LibraryPage(_login(library_station, "investigator"))  # clearance 0
    qtbot.addWidget(page)
    page.show()
    listed = [r.id for r in _rows(page)]
    assert secret not in listed and shown in listed and len(listed) == 11
    for recording_id in (shown, secret):  # the cache asked for a hidden id (e.g. a stale row) gets no picture
        page.model.thumbnails.get(recording_id)
        qtbot.waitUntil(lambda rid=recording_id: rid in page.model.thumbnails._pixmaps, timeout=10_000)
    assert page.model.thumbnails.full(shown) is not None
    assert page.model.thumbnails.full(secret) is None
    hidden = AuditEvent.select().where(AuditEvent.action == "recording.hidden_access").order_by(
        AuditEvent.seq.desc()).first()
    assert hidden is not None and hidden.object_id == str(secret)


def test_request_viewing_is_disabled_for_an_auditor(qtbot: Any, library_station: Station) -> None:
    widget = LibraryPage(_login(library_station, "auditor"))
    qtbot.addWidget(widget)
    widget.table.selectRow(0)
    assert not widget.request_button.isEnabled()
    assert "do not allow" in widget.request_button.toolTip()




def test_model_is_lazy_and_passes_the_model_tester(
    qtbot: Any, station: Station, admin: ServiceContext, client_of: Callable[[ServiceContext], StationClient]
) -> None:
    fill_catalogue(station, admin, 3000)
    model = RecordingModel(client_of(admin))
    QAbstractItemModelTester(model, QAbstractItemModelTester.FailureReportingMode.Fatal)
    model.reload()
    assert model.rowCount() == 200 and model.canFetchMore(QModelIndex())
    model.fetchMore(QModelIndex())
    assert model.rowCount() == 400
    view = QTableView()
    qtbot.addWidget(view)
    view.setModel(model)
    view.resize(800, 400)
    view.show()
    view.scrollToBottom()  # the view asks for one more page, not for everything
    qtbot.waitUntil(lambda: model.rowCount() > 400, timeout=5_000)
    assert model.rowCount() % 200 == 0 and model.rowCount() < 3000
    model.fetch_all()
    assert model.rowCount() == 3000 and not model.canFetchMore(QModelIndex())
    assert model.index(2999, RecordingModel.ID).data() == str(model.recording_at(2999).id)
    assert model.index(0, RecordingModel.DURATION).data() == "0:20"
    assert model.index(0, RecordingModel.SIZE).data() == "1.0 KB"


def test_media_information_is_labelled_lines_in_chinese(page: LibraryPage, chinese_ui: None) -> None:
    rows = _rows(page)
    video = next(row for row, r in enumerate(rows) if r.kind == "video" and r.playable)
    damaged = next(row for row, r in enumerate(rows) if r.kind == "video" and not r.playable and r.size)
    page.table.selectRow(video)
    text = page.details.toPlainText()
    media = text.split("媒体信息")[1]
    assert "{" not in media and '"' not in media  # no JSON
    view = rows[video]
    assert f"画面尺寸：{view.media['width']} × {view.media['height']}" in media
    assert "帧率：" in media and "编码：" in media and "时长：" in media
    lines = text.splitlines()
    assert not [line for line in lines if ": " in line or line.endswith(":")], "Chinese colons, no ASCII ones"
    assert not [line for line in lines if line.endswith("：") and line.strip() not in ("发现问题：", "媒体信息：")]
    page.table.selectRow(damaged)
    problem = next(line for line in page.details.toPlainText().splitlines() if line.startswith("    问题说明："))
    assert problem.endswith(rows[damaged].media["error_zh"])


@pytest.fixture
def chinese_ui(qapp: Any) -> Iterator[None]:
    from PySide6.QtCore import QLocale

    from evidence_station.gui.i18n import install_translators, remove_translators

    before = QLocale()
    install_translators("zh_CN")
    yield
    remove_translators()
    QLocale.setDefault(before)


def test_a_status_message_does_not_move_the_table(qtbot: Any, page: LibraryPage) -> None:
    """The next click lands on the row it was aimed at: a status appearing above the table never pushes it down."""
    page.resize(1300, 700)
    qtbot.wait(20)
    before = page.table.mapTo(page, QPoint(0, 0)).y()
    page._say("某条很长的状态信息。" * 30, "color: #c00000;")
    qtbot.wait(20)
    assert page.table.mapTo(page, QPoint(0, 0)).y() == before
    page.apply_filter()  # clears it
    qtbot.wait(20)
    assert page.table.mapTo(page, QPoint(0, 0)).y() == before


def test_the_findings_column_is_fully_visible_on_a_1366_pixel_screen(qtbot: Any, library_station: Station) -> None:
    """At 1366 px (less the navigation list) the 发现问题 column is not hidden behind the details pane."""
    from evidence_station.gui.i18n import install_translators, remove_translators

    assert install_translators("zh_CN")
    try:
        widget = LibraryPage(_login(library_station, "custodian"))
        qtbot.addWidget(widget)
        widget.resize(1366 - 240 - 24, 700)
        widget.show()
        qtbot.waitExposed(widget)
        header = widget.table.horizontalHeader()
        column = RecordingModel.FINDINGS
        title = str(widget.model.headerData(column, Qt.Orientation.Horizontal))
        assert title == "发现问题"
        right = header.sectionViewportPosition(column) + header.fontMetrics().horizontalAdvance(title) + 12
        assert right <= widget.table.viewport().width()
        assert header.sectionSize(column) >= header.fontMetrics().horizontalAdvance(title) + 12
    finally:
        remove_translators()


def test_the_import_delay_reads_as_a_span_not_a_clock_time(page: LibraryPage) -> None:
    """The details said "导入延迟: 21:03:03" for a card imported 21 hours late — it read like a time of day."""
    from evidence_station.gui.i18n import install_translators, remove_translators

    recording = _rows(page)[0]
    assert recording.import_delay_s is not None
    assert page.format_delay(21 * 3600 + 3 * 60 + 3) == "21 h 03 min"
    assert page.format_delay(3 * 86400 + 3600) == "3 d 1 h 00 min"
    assert page.format_delay(20) == "less than a minute"
    assert install_translators("zh_CN")
    try:
        assert page.format_delay(21 * 3600 + 3 * 60) == "21 小时 03 分钟"
        assert page.format_delay(3 * 86400 + 3600) == "3 天 1 小时 00 分钟"
        assert page.format_delay(600) == "10 分钟"
        line = next(line for line in page.describe(recording).splitlines() if line.startswith("导入延迟"))
        assert line.endswith("分钟")
    finally:
        remove_translators()
