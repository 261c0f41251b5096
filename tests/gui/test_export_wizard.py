"""The export wizard on the station client: a clerk exports and burns (to a stdio: medium) and sees the verified image
hash and the provenance sheet; the station's disc estimate; cancelling at the station or while the desk writes the
image leaves no files at the desk; the run page follows the typed stage of the progress, not its wording."""

from __future__ import annotations

import hashlib
import time
from collections.abc import Callable
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QFontMetrics
from PySide6.QtPrintSupport import QPrinter
from PySide6.QtWidgets import QWizard
from pytestqt.qtbot import QtBot

from evidence_station.api.exports import DiscImageResult, DiscProblem, ExportResult
from evidence_station.catalogue.cases import Export
from evidence_station.client import disc_export
from evidence_station.client.station_client import StationClient
from evidence_station.domain.errors import OperationCancelledError
from evidence_station.domain.progress import Progress, Stage
from evidence_station.export.staging import DEFAULT_DISC_OVERHEAD, MEDIA_SIZES
from evidence_station.gui import export_wizard
from evidence_station.gui.export_wizard import ExportWizard, stage_of
from evidence_station.gui.pages.cases_page import CasesPage
from evidence_station.gui.pdf_preview import print_pdf
from evidence_station.services import export_service
from evidence_station.services.case_service import add_case, attach_recordings
from evidence_station.services.context import ServiceContext
from tests.helpers.export_wizard import to_medium_page
from tests.helpers.recordings import make_recordings


def _patch_export(monkeypatch: pytest.MonkeyPatch, replacement: Callable[..., Any]) -> None:
    """Replace the station's ``export_evidence`` (the embedded service finds it in its service module on first use)."""
    replacement.__module__ = export_service.__name__
    monkeypatch.setattr(export_service, "export_evidence", replacement)


@pytest.fixture
def page(
    qtbot: QtBot, people: dict[str, ServiceContext], clients: dict[str, StationClient], tmp_path: Path
) -> CasesPage:
    clerk = people["clerk"]
    case = add_case(clerk, title="某建筑公司拖欠工资案", number="明人社监〔2026〕12号")
    attach_recordings(clerk, case.case_id, make_recordings(people["custodian"]))
    page = CasesPage(clients["clerk"])
    qtbot.addWidget(page)
    qtbot.waitUntil(lambda: page.case is not None and not page.loading, timeout=10_000)  # read on a worker
    out = tmp_path / "out"
    out.mkdir()
    page.export_folder = out
    return page




def test_clerk_exports_burns_and_sees_the_verified_image_hash_and_the_sheet(
    qtbot: QtBot, page: CasesPage, tmp_path: Path
) -> None:
    wizard = page.open_export_wizard()
    assert wizard is not None
    qtbot.addWidget(wizard)
    to_medium_page(qtbot, wizard)
    medium = wizard.medium_page
    assert "stdio" not in medium.drive_box.lineEdit().placeholderText()  # no developer hint at the desk
    assert medium.count == 1 and "1" in medium.estimate.text()
    medium.name_edit.setText("case")
    medium.burn_check.setChecked(True)
    assert not medium.isComplete()  # burning needs a drive
    medium.drive_box.setEditText(f"stdio:{tmp_path / 'medium.iso'}")
    assert medium.isComplete()
    wizard.next()
    assert wizard.currentId() == ExportWizard.RUN and wizard.run is not None
    qtbot.waitUntil(lambda: wizard.currentId() == ExportWizard.RESULT, timeout=60_000)
    assert wizard.run.error is None
    assert not wizard.button(QWizard.WizardButton.CancelButton).isVisible()  # done: 完成 alone, no 取消

    image = page.export_folder / "case.iso"
    result = wizard.result_page
    assert result.verified_texts() == ["✔ verified"]
    assert result.sha256_texts() == [hashlib.sha256(image.read_bytes()).hexdigest()]
    assert "verified" in result.verdict.text() and "1b7a1b" in result.verdict.styleSheet()
    burned = (tmp_path / "medium.iso").read_bytes()
    assert burned[: image.stat().st_size] == image.read_bytes()  # the medium holds the image (plus padding)
    assert all(wizard.run_page.bars[stage].value() == 1000 for stage in export_wizard.STAGES)
    assert all(wizard.run_page.states[stage].text() == "done" for stage in export_wizard.STAGES)
    assert result.preview.page_count() >= 1 and result.preview.print_button.isEnabled()
    sheet = result.preview.pdf
    assert sheet is not None and sheet.read_bytes().startswith(b"%PDF")

    printer = QPrinter()
    printer.setOutputFormat(QPrinter.OutputFormat.PdfFormat)
    printer.setOutputFileName(str(tmp_path / "printed.pdf"))
    assert print_pdf(sheet, printer) == result.preview.page_count()
    assert (tmp_path / "printed.pdf").stat().st_size > 1000

    # The page's history shows the export, verified, with the same image hash.
    qtbot.waitUntil(lambda: not page.loading and page.exports_table.rowCount() == 1, timeout=10_000)
    assert page.exports_table.cell(0, "verification").text() == "✔ verified"
    assert page.exports_table.cell(0, "sha256").text() == result.sha256_texts()[0]
    assert page.case_table.cell(0, "exports").text() == "1"
    page.exports_table.selectRow(0)
    dialog = page.show_selected_sheet()
    assert dialog is not None and dialog.preview.page_count() == result.preview.page_count()
    dialog.close()


def test_the_estimate_is_the_stations_split_and_refuses_a_file_too_large(
    qtbot: QtBot, page: CasesPage, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The medium page asks the station (count_export_discs): its split of the recordings (150 000, 60 000 and
    90 000 bytes) over a medium made small here, its refusal of a recording larger than the medium."""
    assert page.case is not None
    wizard = ExportWizard(page.client, page.case, out_dir=page.export_folder)
    qtbot.addWidget(wizard)
    medium = wizard.medium_page

    def choose(media: str) -> None:
        medium.media_box.setCurrentIndex(medium.media_box.findData(media))
        assert medium.count == 0 and not medium.isComplete()  # until the station answered
        qtbot.waitUntil(lambda: not medium.estimating, timeout=10_000)

    monkeypatch.setitem(MEDIA_SIZES, "cd", DEFAULT_DISC_OVERHEAD + 200_000)  # 150 000 | 60 000 + 90 000
    medium.set_recordings(page.case.recordings)
    choose("cd")
    assert medium.count == 2 and "2" in medium.estimate.text()
    assert medium.targets.text().endswith("-1of2.iso, " + medium.out().stem + "-2of2.iso")
    choose("dvd")
    assert medium.count == 1 and medium.isComplete()
    monkeypatch.setitem(MEDIA_SIZES, "cd", DEFAULT_DISC_OVERHEAD + 100_000)
    choose("cd")
    assert medium.count == 0 and not medium.isComplete()
    assert "larger than" in medium.estimate.text() and "c00000" in medium.estimate.styleSheet()
    (page.export_folder / "taken.iso").write_bytes(b"x")
    choose("bd")
    medium.name_edit.setText("taken.iso")
    assert "already exists" in medium.problem() and not medium.isComplete()


def test_cancel_during_the_stations_work_leaves_no_files(
    qtbot: QtBot, page: CasesPage, people: dict[str, ServiceContext], monkeypatch: pytest.MonkeyPatch,
    tmp_path: Path,
) -> None:
    real = export_service.export_evidence

    def slow_export(*args: Any, progress: Callable[[Progress], None], **kwargs: Any) -> Any:
        def slow(p: Progress) -> None:
            progress(p)
            time.sleep(0.1)

        return real(*args, progress=slow, **kwargs)

    _patch_export(monkeypatch, slow_export)
    wizard = page.open_export_wizard()
    assert wizard is not None
    qtbot.addWidget(wizard)
    to_medium_page(qtbot, wizard)
    wizard.medium_page.burn_check.setChecked(True)
    wizard.medium_page.drive_box.setEditText(f"stdio:{tmp_path / 'medium.iso'}")
    wizard.next()
    qtbot.waitUntil(lambda: wizard.run_page.current is not None, timeout=20_000)
    wizard.reject()  # the wizard's Cancel: stops the export, closes when it cleaned up
    assert wizard.isVisible()
    qtbot.waitUntil(lambda: wizard.run is not None and wizard.run.done, timeout=30_000)
    assert isinstance(wizard.run.error, OperationCancelledError)
    assert not wizard.isVisible()
    assert list(page.export_folder.iterdir()) == []
    assert not (tmp_path / "medium.iso").exists()
    exports_dir = people["clerk"].station.home.exports_dir
    assert not exports_dir.exists() or list(exports_dir.iterdir()) == []
    assert [e.status for e in Export.select()] == ["cancelled"]
    qtbot.waitUntil(lambda: not page.loading and page.exports_table.rowCount() == 1, timeout=10_000)
    assert page.exports_table.cell(0, "status").text() == "Cancelled"


def test_cancel_while_the_desk_writes_the_image_leaves_no_file_at_the_desk(
    qtbot: QtBot, page: CasesPage, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The station made the disc; the desk is writing its image when the clerk cancels: the partial image (under
    its temporary name) is removed, nothing is left in the folder."""
    real_report = disc_export.report

    def slow_report(progress: Any, *args: Any, **kwargs: Any) -> None:
        real_report(progress, *args, **kwargs)
        time.sleep(0.02)

    monkeypatch.setattr(disc_export, "CHUNK", 4096)
    monkeypatch.setattr(disc_export, "report", slow_report)
    wizard = page.open_export_wizard()
    assert wizard is not None
    qtbot.addWidget(wizard)
    to_medium_page(qtbot, wizard)
    wizard.next()
    qtbot.waitUntil(lambda: wizard.run_page.current == export_wizard.DOWNLOADING, timeout=60_000)
    assert list(page.export_folder.iterdir()) != []  # the image is being written (under a temporary name)
    wizard.run_page.cancel_button.click()
    qtbot.waitUntil(lambda: wizard.run is not None and wizard.run.done, timeout=30_000)
    assert isinstance(wizard.run.error, OperationCancelledError)
    assert "cancelled" in wizard.run_page.status_label.text()
    assert wizard.run_page.states[export_wizard.DOWNLOADING].text() == "stopped"
    assert list(page.export_folder.iterdir()) == []


def test_the_run_page_follows_the_typed_stage_not_the_wording() -> None:
    assert stage_of(Progress(1, 2, stage=Stage.STAGING)) == "staging"
    assert stage_of(Progress(1, 2, stage=Stage.SIGNING)) == "staging"
    assert stage_of(Progress(1, 2, stage=Stage.WRITING_IMAGE)) == "imaging"
    assert stage_of(Progress(1, 2, stage=Stage.CHECKING_IMAGE)) == "checking"
    assert stage_of(Progress(1, 2, stage=Stage.DOWNLOADING)) == "downloading"
    assert stage_of(Progress(1, 2, stage=Stage.BURNING)) == "burning"
    assert stage_of(Progress(1, 2, stage=Stage.VERIFYING_DISC)) == "verifying"
    # the wording of a message says nothing: only its stage counts
    assert stage_of(Progress(1, 2, message="写入光盘映像 / writing disc image", stage=Stage.BURNING)) == "burning"
    assert stage_of(Progress(1, 2, message="写入光盘映像 / writing disc image")) is None


def test_a_second_disc_goes_through_the_stages_again(qtbot: QtBot) -> None:
    run = export_wizard.RunPage()
    qtbot.addWidget(run)
    run.reset(burning=False)
    assert run.states[export_wizard.BURNING].text() == "skipped"
    run.show_progress(Progress(5, 10, stage=Stage.CHECKING_IMAGE))
    assert [run.states[s].text() for s in ("staging", "imaging", "checking", "downloading")] == [
        "done", "done", "running…", "waiting"]
    run.show_progress(Progress(1, 10, stage=Stage.STAGING))  # disc 2 at the station
    assert [run.states[s].text() for s in ("staging", "imaging", "checking", "burning")] == [
        "running…", "waiting", "waiting", "skipped"]
    assert run.bars["checking"].value() == 0 and run.bars["staging"].value() == 100


def test_a_failed_verification_is_shown_loudly_in_red(
    qtbot: QtBot, page: CasesPage, monkeypatch: pytest.MonkeyPatch
) -> None:
    problem = DiscProblem("originals/a.MP4", "hash_mismatch", "originals/a.MP4 does not match its SHA-256.")
    disc = DiscImageResult(index=1, count=1, image_sha256="ab" * 32,
                           image_size=1, volume_id="X", manifest_sha256="cd" * 32, files=(), verified=False,
                           problems=(problem,))
    failed = ExportResult(export_id=7, case_id=1, case_number="明人社监〔2026〕12号", status="failed", producer="p",
                          extractor="e", extraction_time=datetime(2026, 11, 24, 2, tzinfo=UTC), purpose="x",
                          media="dvd", images=(disc,), problems=(problem,))
    _patch_export(monkeypatch, lambda *a, **k: failed)
    wizard = page.open_export_wizard()
    assert wizard is not None
    qtbot.addWidget(wizard)
    to_medium_page(qtbot, wizard)
    wizard.next()
    qtbot.waitUntil(lambda: wizard.currentId() == ExportWizard.RESULT, timeout=10_000)
    result = wizard.result_page
    assert "VERIFICATION FAILED" in result.verdict.text() and "c00000" in result.verdict.styleSheet()
    assert result.verified_texts() == ["✘ FAILED"]
    assert "does not match" in result.problems.text()
    assert result.preview.page_count() == 0  # no image, no sheet: said so
    assert "could not be read back" in result.preview.message.text()


def test_cases_page_and_export_wizard_work_through_a_station_service_over_http(
    qtbot: QtBot, station: Any, people: dict[str, ServiceContext], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The page as the navigation builds it, on a client of a station service over HTTP (Unix socket): a case
    created, recordings attached through the picker, the export wizard writing the image at the desk — whose
    SHA-256 is the one the station recorded — and the provenance sheet fetched from the station. Every change goes
    through the service; its audit events name the desk's session."""
    from PySide6.QtWidgets import QDialog

    from evidence_station.catalogue.audit_tables import AuditEvent
    from evidence_station.catalogue.cases import ExportDisc
    from evidence_station.client.transport import HttpTransport
    from evidence_station.gui.pages import PAGES
    from evidence_station.gui.pages.cases_page import RecordingPickerDialog
    from evidence_station.server.dispatch import Dispatcher
    from evidence_station.server.http_app import create_app
    from evidence_station.server.listen import unix_socket
    from evidence_station.server.runner import BackgroundServer, uvicorn_config
    from tests.conftest import PASSWORD

    ids = make_recordings(people["custodian"])
    before = AuditEvent.select().order_by(AuditEvent.seq.desc()).get().seq
    dispatcher = Dispatcher(station)
    socket_path = tmp_path / "run" / "station.sock"
    server = BackgroundServer(uvicorn_config(create_app(dispatcher)), [unix_socket(socket_path)]).start()
    transport = HttpTransport(f"unix:{socket_path}")
    desk_folder = tmp_path / "desk"
    desk_folder.mkdir()
    try:
        desk = StationClient.login(transport, "clerk", PASSWORD, client="gui")
        factory = next(spec.factory for spec in PAGES if spec.key == "cases")
        page = factory(desk, None)
        assert isinstance(page, CasesPage)
        qtbot.addWidget(page)
        page.export_folder = desk_folder
        qtbot.waitUntil(lambda: not page.loading, timeout=10_000)
        case = page.new_case("明人社监〔2026〕12号", "某建筑公司拖欠工资案", "某建筑公司")
        assert case is not None
        qtbot.waitUntil(lambda: not page.loading and page.case is not None, timeout=10_000)

        def pick(dialog: RecordingPickerDialog) -> int:
            qtbot.waitUntil(lambda: dialog.visible_ids() == ids, timeout=10_000)  # the library, read over HTTP
            dialog.select_ids(ids)
            return QDialog.DialogCode.Accepted

        monkeypatch.setattr(RecordingPickerDialog, "exec", pick)
        assert page.attach_with_picker() == ids
        qtbot.waitUntil(lambda: not page.loading and page.recordings_table.rowCount() == 3, timeout=10_000)

        wizard = page.open_export_wizard()
        assert wizard is not None
        qtbot.addWidget(wizard)
        to_medium_page(qtbot, wizard)
        assert wizard.medium_page.count == 1 and wizard.medium_page.protect == ()  # nothing of the home known here
        wizard.medium_page.name_edit.setText("case")
        wizard.next()
        qtbot.waitUntil(lambda: wizard.currentId() == ExportWizard.RESULT, timeout=60_000)
        assert wizard.run is not None and wizard.run.error is None
        assert wizard.run_page.states[export_wizard.DOWNLOADING].text() == "done"

        image = desk_folder / "case.iso"
        recorded = ExportDisc.select().get()
        assert hashlib.sha256(image.read_bytes()).hexdigest() == recorded.image_sha256
        assert image.stat().st_size == recorded.image_size
        assert wizard.result_page.sha256_texts() == [recorded.image_sha256]
        assert wizard.result_page.verified_texts() == ["✔ verified"]
        assert wizard.result_page.preview.page_count() >= 1  # the sheet read back from the image at the desk
        wizard.close()

        qtbot.waitUntil(lambda: not page.loading and page.exports_table.rowCount() == 1, timeout=10_000)
        assert page.exports_table.cell(0, "sha256").text() == recorded.image_sha256
        for copy in export_wizard.sheets_folder().iterdir():
            copy.unlink()  # not the copy read back at the desk: the sheet the station reads out of its image
        page.exports_table.selectRow(0)
        dialog = page.show_selected_sheet()
        assert dialog is not None and dialog.preview.page_count() >= 1
        dialog.close()

        session = desk.session.session_id
        for action in ("case.add", "case.attach", "export.start", "export.create"):
            events = list(AuditEvent.select().where((AuditEvent.action == action) & (AuditEvent.seq > before)))
            assert events and all(e.details.get("session") == session for e in events), action
        desk.logout()
    finally:
        transport.close()
        server.stop()
        dispatcher.streams.stop()


def test_the_default_folder_is_a_disc_folder_in_the_documents_not_the_home_root(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    documents = tmp_path / "Documents"
    documents.mkdir()
    monkeypatch.setattr(export_wizard.QStandardPaths, "writableLocation", lambda _where: str(documents))
    assert export_wizard.default_export_folder() == documents / "证据光盘"
    assert (documents / "证据光盘").is_dir()


def test_the_result_table_and_the_disc_chooser_show_everything_whole_at_1366_by_768(qtbot: QtBot) -> None:
    """Issue #20 item 9: the result table ran off the page (a whole path and a 64-digit hash in one line each) and
    the provenance sheet's disc chooser, filled after it was first shown, cut "第 1/2 张光盘"."""
    from evidence_station.gui.i18n import install_translators, remove_translators

    folder = "/home/clerk/文档/证据光盘/明人社监〔2026〕12号 某建筑公司拖欠农民工工资案"
    discs = tuple(DiscImageResult(
        index=index, count=2, image_sha256=f"{index}f" * 32, image_size=1, volume_id=f"ES20261124_{index}",
        manifest_sha256="cd" * 32, files=(), verified=True, burned=True, drive="/dev/sr0",
        medium_volume_id=f"ES20261124_{index}", image=f"{folder}/明人社监_2026_12号-20261124-100000-{index}.iso")
        for index in (1, 2))
    result = ExportResult(export_id=7, case_id=1, case_number="明人社监〔2026〕12号", status="completed",
                          producer="p", extractor="e", extraction_time=datetime(2026, 11, 24, 2, tzinfo=UTC),
                          purpose="evidence", media="dvd", images=discs, problems=())
    assert install_translators("zh_CN")
    try:
        wizard = QWizard()
        qtbot.addWidget(wizard)
        page = export_wizard.ResultPage()
        wizard.addPage(page)
        wizard.resize(960, 720)  # what the export wizard asks for (and gets on a 1366×768 screen)
        wizard.show()
        page.show_outcome(export_wizard.ExportOutcome(result, (None, None)), "Asia/Shanghai")
        qtbot.wait(50)
        table, header = page.table, page.table.horizontalHeader()
        assert header.length() <= table.viewport().width(), "no column is pushed off the page"
        assert table.viewport().height() >= sum(table.rowHeight(row) for row in range(table.rowCount()))
        for column in range(table.columnCount()):
            title = table.horizontalHeaderItem(column).text()
            assert header.sectionSize(column) >= header.fontMetrics().horizontalAdvance(title), title
            for row in range(table.rowCount()):
                item = table.item(row, column)
                metrics = QFontMetrics(item.font())
                for line in item.text().split("\n"):
                    assert header.sectionSize(column) >= metrics.horizontalAdvance(line), line
                assert table.rowHeight(row) >= metrics.height() * len(item.text().split("\n")), item.text()
        assert page.sha256_texts() == ["1f" * 32, "2f" * 32]
        assert folder in page.folder_label.text()
        chooser = page.sheet_box
        assert chooser.itemText(0) == "第 1/2 张光盘"
        widest = max(chooser.fontMetrics().horizontalAdvance(chooser.itemText(i)) for i in range(chooser.count()))
        assert chooser.width() >= widest + 20, "the chosen disc's text is cut"
        wizard.close()
    finally:
        remove_translators()


def test_esc_over_a_suggested_name_drops_the_suggestion_not_the_wizard(qtbot: QtBot, page: CasesPage) -> None:
    """The walk-through lost a half-filled wizard: Esc to dismiss the name completer closed the whole wizard."""
    wizard = page.open_export_wizard()
    assert wizard is not None
    qtbot.addWidget(wizard)
    wizard.show()
    wizard.next()
    people = wizard.people_page
    qtbot.waitUntil(lambda: not people.loading, timeout=10_000)
    line = people.extractor.combo.lineEdit()
    line.setFocus()
    qtbot.keyClicks(line, "Cu")  # the completer suggests "Custodian（执法证 B-CUS）", the rest selected
    qtbot.waitUntil(line.hasSelectedText, timeout=3000)
    qtbot.keyClick(line, Qt.Key.Key_Escape)
    assert wizard.isVisible() and wizard.currentId() == ExportWizard.PEOPLE
    assert line.text() == "Cu" and not line.hasSelectedText()  # what was typed stays
    qtbot.keyClick(line, Qt.Key.Key_Escape)  # nothing suggested now: Esc cancels as in any dialog
    assert not wizard.isVisible()
