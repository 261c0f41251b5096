"""The export wizard (clerks): recordings → producer, extractor, purpose → medium, image, drive → run → result.

Everything goes through the station client (the embedded service, or a station service over HTTP): the station
says how each person will be printed on the disc (``person_on_disc``) and how many discs the selection needs (its
own split: ``count_export_discs``). The export itself is :func:`evidence_station.client.disc_export.export_to_desk`:
the station builds, signs and verifies the disc images and keeps them (a job); this desk downloads each image,
checks its SHA-256, writes it where the clerk chose and, with a drive, burns it with xorriso, reads it back and
verifies it. It runs on a worker thread by :func:`evidence_station.gui.operations.run_operation` without its
dialog; the run page shows the progress per stage — taken from the typed ``stage`` of each report, never from its
wording — instead of a modal progress dialog. Cancel stops the job at the station, which removes what it made,
and this desk removes every file of the export it wrote. The result page shows each disc image with its SHA-256,
volume id and verification (a failure loudly, in red) and previews the signed PROVENANCE.pdf, read back from the
image this desk wrote.
"""

from __future__ import annotations

import atexit
import glob
import re
import shutil
import tempfile
import threading
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import Any, ClassVar

from PySide6.QtCore import QT_TRANSLATE_NOOP, QCoreApplication, QEvent, QObject, QStandardPaths, Qt, Signal, Slot
from PySide6.QtGui import QColor, QFontDatabase, QKeyEvent
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QFileDialog,
    QFormLayout,
    QGridLayout,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QMessageBox,
    QProgressBar,
    QPushButton,
    QVBoxLayout,
    QWidget,
    QWizard,
    QWizardPage,
)

from evidence_station.api.cases import CaseView
from evidence_station.api.exports import MEDIA_LABELS, DiscImageResult, DiscPerson, ExportResult, PersonRole
from evidence_station.api.recordings import RecordingView
from evidence_station.client.disc_export import export_to_desk, numbered_path
from evidence_station.client.documents import desk_protected_folders
from evidence_station.client.station_client import StationClient
from evidence_station.disc.disc_reader import open_disc, read_small
from evidence_station.disc.layout import PROVENANCE_NAME
from evidence_station.domain.cases import ExportPurpose
from evidence_station.domain.clock import to_local
from evidence_station.domain.errors import EvidenceStationError, OperationCancelledError
from evidence_station.domain.progress import CancelToken, Progress, ProgressCallback, Stage, check_cancel
from evidence_station.gui.background_read import LatestRead
from evidence_station.gui.i18n import in_language, progress_text
from evidence_station.gui.object_table import ObjectTable
from evidence_station.gui.operations import RunningOperation, error_text, run_operation
from evidence_station.gui.pdf_preview import PdfPreview
from evidence_station.gui.recording_model import CLASSIFICATION_WORDS, format_local, format_size, word
from evidence_station.gui.screen_fit import fit_to_screen
from evidence_station.safe_output import check_output_path

PROBLEM_COLOUR = QColor("#c00000")
OK_COLOUR = QColor("#1b7a1b")
_UNSAFE_IN_FILE_NAME = re.compile(r"[^\w.-]+")

STAGING, IMAGING, CHECKING, DOWNLOADING, BURNING, VERIFYING = (
    "staging", "imaging", "checking", "downloading", "burning", "verifying")
#: The rows of the run page, in the order an export goes through them (English, translated in context
#: ``ExportWizard``): at the station, then at this desk.
STAGES: dict[str, str] = {
    STAGING: QT_TRANSLATE_NOOP("ExportWizard", "Copying originals and writing the signed files"),
    IMAGING: QT_TRANSLATE_NOOP("ExportWizard", "Building the disc image"),
    CHECKING: QT_TRANSLATE_NOOP("ExportWizard", "Verifying against the manifest"),
    DOWNLOADING: QT_TRANSLATE_NOOP("ExportWizard", "Writing the image at this desk"),
    BURNING: QT_TRANSLATE_NOOP("ExportWizard", "Burning the disc"),
    VERIFYING: QT_TRANSLATE_NOOP("ExportWizard", "Reading the disc back and verifying it"),
}
#: The rows skipped when no drive burns the image.
BURN_STAGES = (BURNING, VERIFYING)
#: The typed stage of a progress report → the row of the run page it moves.
_ROW_OF_STAGE: dict[Stage, str] = {
    Stage.STAGING: STAGING, Stage.SIGNING: STAGING, Stage.WRITING_IMAGE: IMAGING, Stage.CHECKING_IMAGE: CHECKING,
    Stage.DOWNLOADING: DOWNLOADING, Stage.BURNING: BURNING, Stage.VERIFYING_DISC: VERIFYING,
}
_sheets_folder: Path | None = None


def stage_of(progress: Progress) -> str | None:
    """The row of the run page a progress report of the export belongs to, by its typed ``stage`` (None: no
    row, e.g. :attr:`Stage.WORKING`)."""
    return _ROW_OF_STAGE.get(progress.stage)


def optical_drives() -> list[str]:
    """Optical drives of this computer (``/dev/sr*`` that exist)."""
    return sorted(glob.glob("/dev/sr[0-9]*"))


def default_image_name(case_number: str, at: datetime) -> str:
    """``<case number>-<local time>.iso`` with characters unsafe in file names replaced."""
    stem = _UNSAFE_IN_FILE_NAME.sub("_", case_number).strip("_") or "export"
    return f"{stem}-{at:%Y%m%d-%H%M%S}.iso"


#: The folder under the user's documents the wizard proposes for disc images.
EXPORT_FOLDER_NAME = "证据光盘"


def default_export_folder() -> Path:
    """Where disc images go unless chosen otherwise: ``证据光盘`` in the user's documents folder (or home), made
    when missing — not the home folder's root. The home folder itself when it cannot be made."""
    documents = QStandardPaths.writableLocation(QStandardPaths.StandardLocation.DocumentsLocation)
    base = Path(documents) if documents and Path(documents).is_dir() else Path.home()
    folder = base / EXPORT_FOLDER_NAME
    try:
        folder.mkdir(exist_ok=True)
    except OSError:
        return Path.home()
    return folder


def image_paths(out: Path, count: int) -> list[Path]:
    """The images an export to ``out`` writes (``name-1of3.iso`` … for several discs, as the service does)."""
    if count <= 1:
        return [out]
    return [numbered_path(out, k, count) for k in range(1, count + 1)]


def sheets_folder() -> Path:
    """This program's private folder (0700, removed when it exits) for the provenance sheets it shows."""
    global _sheets_folder
    if _sheets_folder is None or not _sheets_folder.is_dir():
        _sheets_folder = Path(tempfile.mkdtemp(prefix="evidence-station-sheets-"))
        atexit.register(shutil.rmtree, _sheets_folder, ignore_errors=True)
    return _sheets_folder


def provenance_copy(client: StationClient, export_id: int, disc: DiscImageResult | dict[str, Any]) -> Path | None:
    """A copy of the signed PROVENANCE.pdf of a disc in :func:`sheets_folder`: read back from the image this desk
    wrote, else the sheet the station reads out of the image it keeps (``export_sheet``).

    ``disc`` is a result of this session or an image entry of the export history. None when neither image can
    be read (the sheet is then on the disc only).
    """
    index = disc.index if isinstance(disc, DiscImageResult) else int(disc["index"])
    target = sheets_folder() / f"{client.station.station_uid}-export-{export_id}-disc-{index}.pdf"
    if target.exists():
        return target
    written = Path(disc.image) if isinstance(disc, DiscImageResult) and disc.image else None
    try:
        if written is not None and written.is_file():
            with open_disc(written) as reader:
                data = read_small(reader, PROVENANCE_NAME)
        else:
            data = client.export_sheet(export_id, index).content
    except Exception:  # a damaged, unreadable or gone image: no preview, the export result says what is wrong
        return None
    partial = target.with_name(target.name + ".part")
    partial.write_bytes(data)
    partial.replace(target)
    return target


@dataclass(frozen=True)
class ExportRequest:
    """What the wizard asks the service to do."""

    case_id: int
    recording_ids: tuple[int, ...]
    producer: str
    extractor: str
    purpose: str
    media: str
    out: Path
    burn_drive: str | None


@dataclass(frozen=True)
class ExportOutcome:
    """The export's result and the provenance sheet copied out of each disc image (None: unreadable)."""

    result: ExportResult
    sheets: tuple[Path | None, ...]


class MediumPrompt(QObject):
    """Asks, on the GUI thread, for the next blank disc while the export waits on its worker thread."""

    _asked = Signal(int, int)

    def __init__(self, parent: QWidget) -> None:
        super().__init__(parent)
        self._parent = parent
        self._answered = threading.Event()
        self.cancel: CancelToken | None = None
        self._asked.connect(self._ask, Qt.ConnectionType.QueuedConnection)

    def __call__(self, index: int, count: int) -> None:
        """Called by the export service on the worker: wait until the user put disc ``index`` in."""
        self._answered.clear()
        self._asked.emit(index, count)
        while not self._answered.wait(0.2):
            check_cancel(self.cancel)

    @Slot(int, int)
    def _ask(self, index: int, count: int) -> None:
        text = self.tr("Disc {index} of {count}: put a blank disc into the drive, then press OK.")
        QMessageBox.information(self._parent, self.tr("Next disc"), text.format(index=index, count=count))
        self._answered.set()


# -- pages -------------------------------------------------------------------------------------------
class RecordingsPage(QWizardPage):
    """Which recordings of the case go on the disc (all checked to begin with)."""

    #: Column name → English header (translated in context ``ExportWizard``).
    COLUMNS: ClassVar[dict[str, str]] = {
        "id": QT_TRANSLATE_NOOP("ExportWizard", "ID"), "file": QT_TRANSLATE_NOOP("ExportWizard", "File"),
        "device": QT_TRANSLATE_NOOP("ExportWizard", "Device"), "officer": QT_TRANSLATE_NOOP("ExportWizard", "Officer"),
        "start": QT_TRANSLATE_NOOP("ExportWizard", "Camera start"), "size": QT_TRANSLATE_NOOP("ExportWizard", "Size"),
        "classification": QT_TRANSLATE_NOOP("ExportWizard", "Classification"),
    }

    def __init__(self, zone: str, recordings: Sequence[RecordingView]) -> None:
        super().__init__()
        self.setTitle(self.tr("Recordings"))
        self.setSubTitle(self.tr("The originals to put on the disc, byte for byte."))
        self.recordings = list(recordings)
        self.table = ObjectTable([QCoreApplication.translate("ExportWizard", c) for c in self.COLUMNS.values()],
                                 names=list(self.COLUMNS), max_rows=None, stretch="file", checkable=True,
                                 word_wrap=True)
        self.table.set_rows([(rec, [str(rec.id), rec.file_name, rec.device or "", rec.officer or "",
                                    format_local(rec.start, zone), format_size(rec.size),
                                    word(CLASSIFICATION_WORDS, rec.classification)]) for rec in self.recordings])
        self.table.set_all_checked(True)
        self.table.itemChanged.connect(self._changed)
        all_button = QPushButton(self.tr("Check all"))
        all_button.clicked.connect(lambda: self.set_all(True))
        none_button = QPushButton(self.tr("Check none"))
        none_button.clicked.connect(lambda: self.set_all(False))
        self.summary = QLabel()
        buttons = QHBoxLayout()
        buttons.addWidget(self.summary, 1)
        buttons.addWidget(all_button)
        buttons.addWidget(none_button)
        layout = QVBoxLayout(self)
        layout.addWidget(self.table)
        layout.addLayout(buttons)
        self._changed()

    def set_all(self, checked: bool) -> None:
        """Check or uncheck every recording."""
        self.table.set_all_checked(checked)

    def checked(self) -> list[RecordingView]:
        """The recordings checked, in the table's order."""
        chosen: list[RecordingView] = self.table.checked_objects()
        return chosen

    def _changed(self, *_: object) -> None:
        chosen = self.checked()
        text = self.tr("{count} of {total} recording(s) chosen, {size}.")
        self.summary.setText(text.format(count=len(chosen), total=len(self.recordings),
                                         size=format_size(sum(r.size for r in chosen))))
        self.completeChanged.emit()

    def isComplete(self) -> bool:
        """At least one recording is chosen."""
        return bool(self.checked())


class PersonField(QWidget):
    """A station user (login name) or a typed name with an ID number, with how it will be printed — as the station
    says (``person_on_disc``, read on a worker: the newest text wins)."""

    changed = Signal()

    def __init__(self, client: StationClient, what: PersonRole, people: Sequence[DiscPerson], initial: str) -> None:
        super().__init__()
        self.client = client
        self.what: PersonRole = what
        self.printed = ""
        self.reader: LatestRead[str] = LatestRead(self, self._printed_as, self._refused)
        self.combo = QComboBox()
        self.combo.setEditable(True)
        for person in people:  # shown as the disc prints them; the login name is what the export is given
            self.combo.addItem(person.printed, person.user)
        chosen = self.combo.findData(initial) if initial else -1
        self.combo.setEditText(self.combo.itemText(chosen) if chosen >= 0 else initial)
        self.combo.lineEdit().setPlaceholderText(self.tr("user name, or e.g. 李四 (执法证 33010001)"))
        self.preview = QLabel()
        self.preview.setWordWrap(True)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.combo)
        layout.addWidget(self.preview)
        self.combo.editTextChanged.connect(self._update)
        self.combo.lineEdit().installEventFilter(self)
        self._update()

    @property
    def loading(self) -> bool:
        """True while the station is asked how the text is printed."""
        return self.reader.loading

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        """Esc over a suggested completion drops the suggestion and keeps what was typed — it does not close
        the wizard and lose the pages filled in so far (Esc again, with nothing suggested, still cancels)."""
        line = self.combo.lineEdit()
        if (watched is line and event.type() == QEvent.Type.KeyPress and isinstance(event, QKeyEvent)
                and event.key() == Qt.Key.Key_Escape and line.hasSelectedText()):
            line.del_()
            return True
        return super().eventFilter(watched, event)

    def _show_required(self) -> None:
        """Nothing typed yet: say what is needed (why 下一步 is grey), in the neutral colour."""
        self.preview.setText(self.tr("Required: the disc names who made it (Art. 17).") if self.what == "producer"
                             else self.tr("Required: the disc names who extracted the footage (Art. 17)."))
        self.preview.setStyleSheet("color: #444444;")

    def text(self) -> str:
        """What was typed, or the login name of the user picked."""
        typed = self.combo.currentText().strip()
        picked = self.combo.findText(typed)
        return str(self.combo.itemData(picked)) if typed and picked >= 0 else typed

    def _update(self, *_: object) -> None:
        self.printed = ""
        self.changed.emit()
        text, client, what = self.text(), self.client, self.what
        # Nothing typed yet: nothing to refuse (an empty answer supersedes a read in flight).
        self.reader.start(lambda _cancel: client.person_on_disc(text, what) if text else "")

    def _printed_as(self, printed: str) -> None:
        self.printed = printed
        if printed:
            self.preview.setText(self.tr("On the disc: {name}").format(name=printed))
            self.preview.setStyleSheet("color: #444444;")
        else:
            self._show_required()
        self.changed.emit()

    def _refused(self, error: BaseException) -> None:
        self.printed = ""
        self.preview.setText(error_text(error))
        self.preview.setStyleSheet(f"color: {PROBLEM_COLOUR.name()};")
        self.changed.emit()


class PeoplePage(QWizardPage):
    """Producer (制作人), extractor (提取人) and the purpose of the copy."""

    def __init__(self, client: StationClient, case_id: int | None = None) -> None:
        super().__init__()
        self.setTitle(self.tr("Producer, extractor and purpose"))
        self.setSubTitle(self.tr("Pick a station user, or type a person's name with their ID number."))
        me = client.actor.name
        try:  # the case's viewers first, then every other station user
            people = client.people_for_disc(case_id=case_id)
        except EvidenceStationError:
            people = []
        mine = [p for p in people if p.user == me]
        self.producer = PersonField(client, "producer", mine + [p for p in people if p.user != me], me)
        self.extractor = PersonField(client, "extractor", people, "")
        self.purpose_choice = QComboBox()  # Art. 19: a choice that decides, never free text
        self.purpose_choice.addItem(self.tr("Evidence for this case"), ExportPurpose.EVIDENCE.value)
        self.purpose_choice.addItem(self.tr("External provision (needs the director's approval)"),
                                    ExportPurpose.EXTERNAL_PROVISION.value)
        form = QFormLayout(self)
        form.addRow(self.tr("Producer (制作人)"), self.producer)
        form.addRow(self.tr("Extractor (提取人)"), self.extractor)
        form.addRow(self.tr("Purpose"), self.purpose_choice)
        for field in (self.producer, self.extractor):
            field.changed.connect(self.completeChanged)

    @property
    def loading(self) -> bool:
        """True while the station is asked how the people are printed."""
        return self.producer.loading or self.extractor.loading

    def isComplete(self) -> bool:
        """Both people can be printed."""
        return bool(self.producer.printed and self.extractor.printed)

    @property
    def purpose(self) -> str:
        """The chosen purpose's value (``evidence`` or ``external_provision``)."""
        return str(self.purpose_choice.currentData())


class MediumPage(QWizardPage):
    """Disc size with a live estimate (the station's own split, read on a worker), where the image goes, and
    (optionally) the drive to burn with."""

    def __init__(self, client: StationClient, case: CaseView, out_dir: Path, now: datetime) -> None:
        super().__init__()
        self.client = client
        self.case = case
        self.protect = desk_protected_folders(client.transport)  # an embedded station's home: never a destination
        self.estimator: LatestRead[int] = LatestRead(self, self._counted, self._not_counted)
        self.setTitle(self.tr("Medium and destination"))
        self.setSubTitle(self.tr("The export starts when you press Export; it cannot be changed afterwards."))
        self.setCommitPage(True)
        self.setButtonText(QWizard.WizardButton.CommitButton, self.tr("Export"))
        self.recordings: list[RecordingView] = []
        self.count = 0
        self.media_box = QComboBox()
        for key, label in MEDIA_LABELS.items():
            self.media_box.addItem(label, key)
        self.media_box.setCurrentIndex(self.media_box.findData("dvd"))
        self.estimate = QLabel()
        self.folder_edit = QLineEdit(str(out_dir))
        browse = QPushButton(self.tr("Choose…"))
        browse.clicked.connect(self._choose_folder)
        folder_row = QHBoxLayout()
        folder_row.addWidget(self.folder_edit, 1)
        folder_row.addWidget(browse)
        self.name_edit = QLineEdit(default_image_name(case.number, now))
        self.targets = QLabel()
        self.targets.setWordWrap(True)
        self.burn_check = QCheckBox(self.tr("Burn to a disc and read it back"))
        self.drive_box = QComboBox()
        self.drive_box.setEditable(True)
        self.drive_box.addItems(optical_drives())
        self.drive_box.lineEdit().setPlaceholderText("/dev/sr0")
        self.drive_box.setEnabled(False)
        self.burn_check.toggled.connect(self.drive_box.setEnabled)
        form = QFormLayout(self)
        form.addRow(self.tr("Medium"), self.media_box)
        form.addRow("", self.estimate)
        form.addRow(self.tr("Folder for the image"), folder_row)
        form.addRow(self.tr("Image file name"), self.name_edit)
        form.addRow("", self.targets)
        form.addRow(self.burn_check, self.drive_box)
        self.media_box.currentIndexChanged.connect(self.update_estimate)
        for signal in (self.folder_edit.textChanged, self.name_edit.textChanged, self.burn_check.toggled,
                       self.drive_box.editTextChanged):
            signal.connect(self.update_targets)

    def set_recordings(self, recordings: Sequence[RecordingView]) -> None:
        """The recordings chosen on the first page."""
        self.recordings = list(recordings)
        self.update_estimate()

    @property
    def media(self) -> str:
        """The medium chosen (``cd``, ``dvd``, ``dvd-dl``, ``bd``)."""
        return str(self.media_box.currentData())

    def out(self) -> Path:
        """The image file named (``.iso`` added when missing)."""
        name = self.name_edit.text().strip()
        if name and not name.lower().endswith(".iso"):
            name += ".iso"
        return Path(self.folder_edit.text().strip()).expanduser() / name

    def burn_drive(self) -> str | None:
        """The drive to burn with, or None for an image only."""
        if not self.burn_check.isChecked():
            return None
        return self.drive_box.currentText().strip() or None

    @property
    def estimating(self) -> bool:
        """True while the station is asked how many discs the recordings need."""
        return self.estimator.loading

    def update_estimate(self, *_: object) -> None:
        """Ask the station how many discs of the chosen medium the recordings need (on a worker)."""
        self.count = 0
        self.estimate.setText(self.tr("Asking the station how many discs are needed…"))
        self.estimate.setStyleSheet("color: #444444;")
        self.update_targets()
        if not self.recordings:
            return
        client, case_id, media = self.client, self.case.case_id, self.media
        ids = [r.id for r in self.recordings]
        self.estimator.start(lambda _cancel: client.count_export_discs(case_id, recording_ids=ids, media=media))

    def _counted(self, count: int) -> None:
        self.count = count
        text = self.tr("{size} of originals: fits on {count} disc(s) of {medium}.")
        self.estimate.setText(text.format(size=format_size(sum(r.size for r in self.recordings)), count=count,
                                          medium=self.media_box.currentText()))
        self.estimate.setStyleSheet("color: #1b7a1b; font-weight: bold;" if count == 1 else
                                    "color: #b35900; font-weight: bold;")
        self.update_targets()

    def _not_counted(self, error: BaseException) -> None:
        """The station refused the selection on this medium (e.g. a recording larger than the disc)."""
        self.count = 0
        self.estimate.setText(error_text(error))
        self.estimate.setStyleSheet(f"color: {PROBLEM_COLOUR.name()};")
        self.update_targets()

    def update_targets(self, *_: object) -> None:
        """Show which files will be written, or why they cannot be."""
        self.targets.setText(self.problem() or self.tr("Writes {files}").format(
            files=", ".join(p.name for p in image_paths(self.out(), max(self.count, 1)))))
        self.targets.setStyleSheet(f"color: {PROBLEM_COLOUR.name()};" if self.problem() else "color: #444444;")
        self.completeChanged.emit()

    def problem(self) -> str:
        """Why the export cannot start with these choices (empty when it can)."""
        folder = Path(self.folder_edit.text().strip()).expanduser()
        if not self.name_edit.text().strip():
            return self.tr("Give the image a file name.")
        if not self.folder_edit.text().strip() or not folder.is_dir():
            return self.tr("The folder {folder} does not exist; choose another.").format(folder=str(folder))
        existing = [p.name for p in image_paths(self.out(), max(self.count, 1)) if p.exists()]
        if existing:
            return self.tr("{files} already exists; an export never overwrites a file. Choose another name.").format(
                files=", ".join(existing))
        if self.burn_check.isChecked() and not self.burn_drive():
            return self.tr("Name the drive to burn with, or do not burn.")
        return self._unsafe_target()

    def _targets(self) -> list[Path]:
        """Every file the export writes: the images and, burning to ``stdio:FILE``, the media files."""
        count = max(self.count, 1)
        targets = image_paths(self.out(), count)
        drive = self.burn_drive() or ""
        if drive.startswith("stdio:") and drive != "stdio:":
            targets += image_paths(Path(drive[len("stdio:"):]), count)
        return targets

    def _unsafe_target(self) -> str:
        """Why a target may not be written (inside a station home or vault, a hard-linked or special file…),
        as the service would refuse it; empty when every target is fine."""
        for target in self._targets():
            try:
                check_output_path(target, force=False, protect=self.protect)
            except EvidenceStationError as error:
                return error_text(error)
        return ""

    def isComplete(self) -> bool:
        """The recordings fit the medium and the destination is usable."""
        return self.count > 0 and not self.problem()

    def _choose_folder(self) -> None:
        folder = QFileDialog.getExistingDirectory(self, self.tr("Folder for the disc image"), self.folder_edit.text())
        if folder:
            self.folder_edit.setText(folder)


class RunPage(QWizardPage):
    """The export running: one progress bar per stage, the current file, and Cancel."""

    def __init__(self) -> None:
        super().__init__()
        self.setTitle(self.tr("Exporting"))
        self.setSubTitle(self.tr("You can cancel at any time; a cancelled export leaves no files behind."))
        grid = QGridLayout()
        self.bars: dict[str, QProgressBar] = {}
        self.states: dict[str, QLabel] = {}
        for row, (stage, english) in enumerate(STAGES.items()):
            bar = QProgressBar()
            bar.setRange(0, 1000)
            bar.setValue(0)
            state = QLabel()
            grid.addWidget(QLabel(QCoreApplication.translate("ExportWizard", english)), row, 0)
            grid.addWidget(bar, row, 1)
            grid.addWidget(state, row, 2)
            self.bars[stage], self.states[stage] = bar, state
        grid.setColumnStretch(1, 1)
        self.item_label = QLabel()
        self.item_label.setWordWrap(True)
        self.status_label = QLabel()
        self.status_label.setWordWrap(True)
        self.cancel_button = QPushButton(self.tr("Cancel export"))
        layout = QVBoxLayout(self)
        layout.addLayout(grid)
        layout.addWidget(self.item_label)
        layout.addWidget(self.status_label)
        layout.addStretch(1)
        layout.addWidget(self.cancel_button, 0, Qt.AlignmentFlag.AlignRight)
        self.current: str | None = None
        self.succeeded = False

    def reset(self, burning: bool) -> None:
        """Before a run: every stage waiting (burning and reading back skipped without a drive)."""
        self.succeeded = False
        self.current = None
        for stage, bar in self.bars.items():
            bar.setValue(0)
            self.states[stage].setText(self.tr("waiting") if burning or stage not in BURN_STAGES else
                                       self.tr("skipped"))
        self.status_label.clear()
        self.item_label.clear()
        self.cancel_button.setEnabled(True)

    def show_progress(self, progress: Progress) -> None:
        """Move the bar of the stage ``progress`` belongs to (by its typed stage): earlier stages are done, later
        ones wait (the next disc of several goes through the stages again)."""
        stage = stage_of(progress)
        if stage is None:
            return
        if stage != self.current:
            order = list(STAGES)
            here = order.index(stage)
            for index, other in enumerate(order):
                if index == here or self.states[other].text() == self.tr("skipped"):
                    continue
                self.bars[other].setValue(1000 if index < here else 0)
                self.states[other].setText(self.tr("done") if index < here else self.tr("waiting"))
            self.states[stage].setText(self.tr("running…"))
            self.current = stage
        self.bars[stage].setValue(int(progress.fraction * 1000) if progress.total else 0)
        self.item_label.setText(f"{progress_text(progress.message)}\n{progress.item}".strip())

    def finish(self, outcome: ExportOutcome | None, error: BaseException | None) -> None:
        """Show how the run ended."""
        self.cancel_button.setEnabled(False)
        self.item_label.clear()
        if outcome is not None:
            for stage, state in self.states.items():
                if state.text() != self.tr("skipped"):
                    self.bars[stage].setValue(1000)
                    state.setText(self.tr("done"))
            self.succeeded = True
            self.completeChanged.emit()
            return
        if isinstance(error, OperationCancelledError):
            self.status_label.setText(self.tr("The export was cancelled; it left no files behind."))
            self.status_label.setStyleSheet("font-weight: bold;")
        else:
            text = self.tr("The export failed: {message}").format(message=error_text(error or RuntimeError()))
            self.status_label.setText(text)
            self.status_label.setStyleSheet(f"color: {PROBLEM_COLOUR.name()}; font-weight: bold;")
        if self.current is not None:
            self.states[self.current].setText(self.tr("stopped"))

    def isComplete(self) -> bool:
        """Only a finished export goes on to the result."""
        return self.succeeded


class ResultPage(QWizardPage):
    """Every disc image with its SHA-256, volume id and verification, and the provenance sheet."""

    #: Column name → English header (translated in context ``ExportWizard``).
    COLUMNS: ClassVar[dict[str, str]] = {
        "disc": QT_TRANSLATE_NOOP("ExportWizard", "Disc"), "image": QT_TRANSLATE_NOOP("ExportWizard", "Image"),
        "sha256": QT_TRANSLATE_NOOP("ExportWizard", "SHA-256"),
        "volume_id": QT_TRANSLATE_NOOP("ExportWizard", "Volume ID"),
        "burned": QT_TRANSLATE_NOOP("ExportWizard", "Burned to"),
        "verified": QT_TRANSLATE_NOOP("ExportWizard", "Verified"),
    }

    def __init__(self) -> None:
        super().__init__()
        self.setTitle(self.tr("Result"))
        self.setFinalPage(True)
        self.verdict = QLabel()
        self.verdict.setWordWrap(True)
        self.table = ObjectTable([QCoreApplication.translate("ExportWizard", c) for c in self.COLUMNS.values()],
                                 names=list(self.COLUMNS), max_rows=None, word_wrap=True)
        self.table.verticalHeader().setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        self.table.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.folder_label = QLabel()  # the image column names the file; the folder is said once, whole
        self.folder_label.setWordWrap(True)
        self.folder_label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.problems = QLabel()
        self.problems.setWordWrap(True)
        self.problems.setStyleSheet(f"color: {PROBLEM_COLOUR.name()};")
        self.sheet_box = QComboBox()
        self.sheet_box.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToContents)  # filled after first shown
        self.sheet_box.currentIndexChanged.connect(self._show_sheet)
        self.preview = PdfPreview()
        self.sheets: tuple[Path | None, ...] = ()
        sheet_row = QHBoxLayout()
        sheet_row.addWidget(QLabel(self.tr("Provenance sheet (PROVENANCE.pdf) of")))
        sheet_row.addWidget(self.sheet_box)
        sheet_row.addStretch(1)
        layout = QVBoxLayout(self)
        layout.addWidget(self.verdict)
        layout.addWidget(self.table)
        layout.addWidget(self.folder_label)
        layout.addWidget(self.problems)
        layout.addLayout(sheet_row)
        layout.addWidget(self.preview, 1)

    def show_outcome(self, outcome: ExportOutcome, zone: str) -> None:
        """Fill the page from the export's result."""
        result = outcome.result
        when = to_local(result.extraction_time, zone).strftime("%Y-%m-%d %H:%M:%S")
        if result.verified:
            text = self.tr("✔ Export #{id} of case {case} verified: every file on every disc matches the "
                           "signed manifest ({when}).")
            self.verdict.setStyleSheet(f"color: {OK_COLOUR.name()}; font-size: 16px; font-weight: bold;")
        else:
            text = self.tr("✘ VERIFICATION FAILED for export #{id} of case {case} ({when}). Do not hand over "
                           "these discs; the failure is recorded in the audit log.")
            self.verdict.setStyleSheet(
                f"color: white; background: {PROBLEM_COLOUR.name()}; font-size: 18px; font-weight: bold; "
                "padding: 8px;")
        self.verdict.setText(text.format(id=result.export_id, case=result.case_number, when=when))
        rows = []
        for disc in result.images:
            burned = f"{disc.drive}\n({disc.medium_volume_id})" if disc.burned else self.tr("not burned")
            sha = disc.image_sha256
            rows.append((disc, [f"{disc.index}/{disc.count}", Path(disc.image).name if disc.image else "",
                                f"{sha[:32]}\n{sha[32:]}" if len(sha) > 32 else sha, disc.volume_id, burned,
                                self.tr("✔ verified") if disc.verified else self.tr("✘ FAILED")]))
        self.table.set_rows(rows)
        mono = QFontDatabase.systemFont(QFontDatabase.SystemFont.FixedFont)
        for row, disc in enumerate(result.images):
            if disc.image:
                self.table.style_cell(row, "image", tooltip=str(disc.image))
            sha_item = self.table.cell(row, "sha256")
            if sha_item is not None:
                sha_item.setFont(mono)  # the hash whole, on two lines of 32 digits
            self.table.style_cell(row, "verified", foreground=OK_COLOUR if disc.verified else PROBLEM_COLOUR)
        self._fit_table()
        folders = sorted({str(Path(disc.image).parent) for disc in result.images if disc.image})
        self.folder_label.setText(self.tr("Saved in: {folder}").format(folder="; ".join(folders)))
        self.folder_label.setVisible(bool(folders))
        self.problems.setText("\n".join(in_language(p.message, p.message_zh) for p in result.problems))
        self.problems.setVisible(bool(result.problems))
        self.sheets = outcome.sheets
        self.sheet_box.blockSignals(True)
        self.sheet_box.clear()
        for disc in result.images:
            self.sheet_box.addItem(self.tr("disc {index} of {count}").format(index=disc.index, count=disc.count))
        self.sheet_box.blockSignals(False)
        self._show_sheet(0)

    def _fit_table(self) -> None:
        """Show every disc's row whole (a scroll bar from the fifth disc on)."""
        self.table.resizeColumnsToContents()
        self.table.resizeRowsToContents()
        rows = sum(self.table.rowHeight(row) for row in range(min(4, self.table.rowCount())))
        height = self.table.horizontalHeader().height() + rows + 2 * self.table.frameWidth() + 2
        self.table.setFixedHeight(height)

    def _show_sheet(self, index: int) -> None:
        sheet = self.sheets[index] if 0 <= index < len(self.sheets) else None
        self.preview.set_pdf(sheet)
        if sheet is None and self.sheets:
            self.preview.message.setText(self.tr("The sheet could not be read back from the image."))

    def verified_texts(self) -> list[str]:
        """The "Verified" column, one entry per disc."""
        return [self.table.item(row, len(self.COLUMNS) - 1).text() for row in range(self.table.rowCount())]

    def sha256_texts(self) -> list[str]:
        """The SHA-256 column, one entry per disc."""
        return [self.table.item(row, 2).text().replace("\n", "") for row in range(self.table.rowCount())]


class ExportWizard(QWizard):
    """Export a case's recordings as evidence discs (clerks only)."""

    RECORDINGS, PEOPLE, MEDIUM, RUN, RESULT = range(5)
    # Emitted when an export attempt ended: its ExportResult, or None when it failed or was cancelled.
    exported = Signal(object)

    def __init__(
        self, client: StationClient, case: CaseView, parent: QWidget | None = None, *, out_dir: Path | None = None
    ) -> None:
        super().__init__(parent)
        self.client = client
        self.case = case
        self.run: RunningOperation[ExportOutcome] | None = None
        self.outcome: ExportOutcome | None = None
        self._close_when_done = False
        self.setWindowTitle(self.tr("Export case {number}").format(number=case.number))
        self.setWizardStyle(QWizard.WizardStyle.ClassicStyle)
        self.setOption(QWizard.WizardOption.NoBackButtonOnLastPage, True)
        self.setOption(QWizard.WizardOption.NoCancelButtonOnLastPage, True)  # the job is done: 完成 alone
        fit_to_screen(self, 960, 720)
        zone = client.station.zone
        self.recordings_page = RecordingsPage(zone, case.recordings)
        self.people_page = PeoplePage(client, case.case_id)
        self.medium_page = MediumPage(client, case, out_dir or default_export_folder(), to_local(client.now(), zone))
        self.run_page = RunPage()
        self.result_page = ResultPage()
        for page_id, page in enumerate((self.recordings_page, self.people_page, self.medium_page, self.run_page,
                                        self.result_page)):
            self.setPage(page_id, page)
        self.run_page.cancel_button.clicked.connect(self.cancel_export)
        self.currentIdChanged.connect(self._entered)
        self.medium_prompt = MediumPrompt(self)

    def request(self) -> ExportRequest:
        """The export the pages describe."""
        return ExportRequest(
            case_id=self.case.case_id,
            recording_ids=tuple(r.id for r in self.recordings_page.checked()),
            producer=self.people_page.producer.text(),
            extractor=self.people_page.extractor.text(),
            purpose=self.people_page.purpose,
            media=self.medium_page.media,
            out=self.medium_page.out(),
            burn_drive=self.medium_page.burn_drive(),
        )

    def _entered(self, page_id: int) -> None:
        if page_id == self.MEDIUM:
            self.medium_page.set_recordings(self.recordings_page.checked())
        elif page_id == self.RUN and self.run is None:
            self.start_export()
        elif page_id == self.RESULT and self.outcome is not None:
            self.result_page.show_outcome(self.outcome, self.client.station.zone)

    def start_export(self) -> RunningOperation[ExportOutcome]:
        """Run the export described by the pages in the background (the run page shows it)."""
        request, client, prompt = self.request(), self.client, self.medium_prompt
        protect = self.medium_page.protect

        def work(progress: ProgressCallback, cancel: CancelToken) -> ExportOutcome:
            prompt.cancel = cancel
            result = export_to_desk(
                client, request.case_id, producer=request.producer, extractor=request.extractor,
                out=request.out, recording_ids=list(request.recording_ids), purpose=request.purpose,
                media=request.media, burn_drive=request.burn_drive, protect=protect,
                insert_medium=prompt, progress=progress, cancel=cancel,
            )
            sheets = tuple(provenance_copy(client, result.export_id, disc) for disc in result.images)
            return ExportOutcome(result, sheets)

        self.run_page.reset(burning=request.burn_drive is not None)
        self.button(QWizard.WizardButton.CancelButton).setEnabled(True)
        # The outcome is read in _finished (run.result / run.error): the run page reports failures itself.
        self.run = run_operation(self, work, on_success=lambda _outcome: None, on_failure=lambda _error: None,
                                 progress_label=self.tr("Exporting…"), show_dialog=False)
        self.run.progressed.connect(self.run_page.show_progress)
        self.run.finished.connect(self._finished)
        return self.run

    def cancel_export(self) -> None:
        """Ask the running export to stop (it removes what it wrote)."""
        if self.run is not None and not self.run.done:
            self.run.cancel()
            self.run_page.cancel_button.setEnabled(False)
            self.run_page.status_label.setText(self.tr("Cancelling… removing what was written."))

    def running(self) -> bool:
        """True while the export runs."""
        return self.run is not None and not self.run.done

    def _finished(self) -> None:
        assert self.run is not None
        self.outcome = self.run.result if self.run.error is None else None
        self.run_page.finish(self.outcome, self.run.error)
        # Every attempt is on record (completed, failed or cancelled): the case's history changed.
        self.exported.emit(self.outcome.result if self.outcome is not None else None)
        if self._close_when_done:
            super().reject()
        elif self.outcome is not None and self.currentId() == self.RUN:
            self.next()

    def reject(self) -> None:
        """Cancel closes the wizard; while exporting it first stops the export and waits for its clean-up."""
        if self.running():
            self._close_when_done = True
            self.cancel_export()
            return
        super().reject()
