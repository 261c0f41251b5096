"""Table models of the Import page: the card's files before the import, and every file's outcome after it."""

from __future__ import annotations

from typing import Any, ClassVar

from PySide6.QtCore import (
    QT_TRANSLATE_NOOP,
    QAbstractTableModel,
    QCoreApplication,
    QModelIndex,
    QPersistentModelIndex,
    Qt,
)
from PySide6.QtGui import QBrush, QColor

from evidence_station.api.findings import FindingView
from evidence_station.api.imports import ImportedFile, ImportResult, KnownCardFile
from evidence_station.cards.scan import CardEntry
from evidence_station.gui.i18n import finding_sentence, in_language
from evidence_station.gui.recording_model import FINDING_WORDS, KIND_WORDS, format_local, format_size, word

_AnyIndex = QModelIndex | QPersistentModelIndex

FAILED_BACKGROUND = QColor("#f8d0d0")
SKIPPED_BACKGROUND = QColor("#ececec")
FINDING_BACKGROUND = QColor("#ffe2b8")
SKIPPED_FOREGROUND = QColor("#666666")
FAILED_FOREGROUND = QColor("#a00000")
STORED_FOREGROUND = QColor("#1b6a1b")

REASONS = "Reasons"
#: The fixed reasons the scanner and importer give → English (translated in context ``Reasons``).
REASON_WORDS: dict[str, str] = {
    "system junk": QT_TRANSLATE_NOOP("Reasons", "system junk"),
    "link (not followed)": QT_TRANSLATE_NOOP("Reasons", "link (not followed)"),
    "not a regular file": QT_TRANSLATE_NOOP("Reasons", "not a regular file"),
    "other filesystem": QT_TRANSLATE_NOOP("Reasons", "other filesystem"),
    "folder already scanned (loop)": QT_TRANSLATE_NOOP("Reasons", "folder already scanned (loop)"),
    "this original is already catalogued": QT_TRANSLATE_NOOP("Reasons", "this original is already catalogued"),
    "not imported: the import was cancelled": QT_TRANSLATE_NOOP("Reasons", "not imported: the import was cancelled"),
}


def file_reason_text(file: ImportedFile) -> str:
    """Why an imported file was skipped or failed, in the interface language (the service's Chinese if any)."""
    if file.reason_zh and file.reason not in REASON_WORDS:
        return in_language(file.reason or "", file.reason_zh)
    return reason_text(file.reason)


def reason_text(reason: str | None) -> str:
    """A skip/fail reason in the interface language (reasons with details stay as the service wrote them)."""
    if not reason:
        return ""
    english = REASON_WORDS.get(reason)
    return QCoreApplication.translate(REASONS, english) if english else reason


def _header(context: str, columns: tuple[str, ...], section: int, orientation: Qt.Orientation, role: int) -> Any:
    if orientation == Qt.Orientation.Horizontal and role == Qt.ItemDataRole.DisplayRole:
        return QCoreApplication.translate(context, columns[section])
    return None


class CardPreviewModel(QAbstractTableModel):
    """The files found on a card: path, size, and whether it will be imported, is already stored (an earlier
    import of this card stored it: same path and size) or will be skipped (and why)."""

    COLUMNS = (
        QT_TRANSLATE_NOOP("CardPreviewModel", "File on the card"),
        QT_TRANSLATE_NOOP("CardPreviewModel", "Size"),
        QT_TRANSLATE_NOOP("CardPreviewModel", "Action"),
        QT_TRANSLATE_NOOP("CardPreviewModel", "Why skipped"),
    )

    def __init__(self, parent: Any = None) -> None:
        super().__init__(parent)
        self._entries: list[CardEntry] = []
        self._known: dict[int, KnownCardFile] = {}

    def set_entries(self, entries: list[CardEntry], known: list[KnownCardFile] | None = None) -> None:
        """Show ``entries`` (a card scan); ``known``: those already stored (indexes into ``entries``)."""
        self.beginResetModel()
        self._entries = list(entries)
        self._known = {k.index: k for k in known or []}
        self.endResetModel()

    def known(self, row: int) -> KnownCardFile | None:
        """What the station knows of row ``row`` when it is already stored (else None)."""
        return self._known.get(row)

    @property
    def entries(self) -> list[CardEntry]:
        """The entries shown."""
        return list(self._entries)

    def rowCount(self, parent: _AnyIndex = QModelIndex()) -> int:
        """Number of card entries."""
        return 0 if parent.isValid() else len(self._entries)

    def columnCount(self, parent: _AnyIndex = QModelIndex()) -> int:
        """Number of columns."""
        return 0 if parent.isValid() else len(self.COLUMNS)

    def headerData(self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        """Translated column titles."""
        return _header("CardPreviewModel", self.COLUMNS, section, orientation, role)

    def data(self, index: _AnyIndex, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        """Cell text; skipped entries greyed."""
        if not index.isValid() or not 0 <= index.row() < len(self._entries):
            return None
        entry = self._entries[index.row()]
        column = index.column()
        if role == Qt.ItemDataRole.DisplayRole:
            if column == 0:
                return entry.card_path_display
            if column == 1:
                return format_size(entry.size)
            known = self._known.get(index.row())
            if column == 2:
                if known is not None:
                    return self.tr("Already stored")
                return self.tr("Import") if entry.is_candidate else self.tr("Skip")
            if known is not None:
                return self.tr("stored by import #{number}; checked again by SHA-256").format(
                    number=known.import_id)
            return reason_text(entry.reason)
        if role == Qt.ItemDataRole.ForegroundRole and index.row() in self._known:
            return QBrush(STORED_FOREGROUND)
        if role == Qt.ItemDataRole.ForegroundRole and not entry.is_candidate:
            return QBrush(SKIPPED_FOREGROUND)
        if role == Qt.ItemDataRole.BackgroundRole and not entry.is_candidate:
            return QBrush(SKIPPED_BACKGROUND)
        if role == Qt.ItemDataRole.TextAlignmentRole and column == 1:
            return int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        if role == Qt.ItemDataRole.UserRole:
            return entry
        return None


class ImportResultModel(QAbstractTableModel):
    """Every file of an import once, with its outcome; failed, skipped and flagged rows coloured."""

    COLUMNS = (
        QT_TRANSLATE_NOOP("ImportResultModel", "Status"),
        QT_TRANSLATE_NOOP("ImportResultModel", "File on the card"),
        QT_TRANSLATE_NOOP("ImportResultModel", "Reason"),
        QT_TRANSLATE_NOOP("ImportResultModel", "Findings"),
        QT_TRANSLATE_NOOP("ImportResultModel", "Kind"),
        QT_TRANSLATE_NOOP("ImportResultModel", "Size"),
        QT_TRANSLATE_NOOP("ImportResultModel", "Device"),
        QT_TRANSLATE_NOOP("ImportResultModel", "Officer"),
        QT_TRANSLATE_NOOP("ImportResultModel", "Camera start"),
        QT_TRANSLATE_NOOP("ImportResultModel", "SHA-256"),
    )
    STATUS, PATH, REASON, FINDINGS, KIND, SIZE, DEVICE, OFFICER, START, SHA256 = range(10)
    STATUSES: ClassVar[dict[str, str]] = {
        "stored": QT_TRANSLATE_NOOP("ImportResultModel", "Stored"),
        "already_stored": QT_TRANSLATE_NOOP("ImportResultModel", "Already stored"),
        "skipped": QT_TRANSLATE_NOOP("ImportResultModel", "Skipped"),
        "failed": QT_TRANSLATE_NOOP("ImportResultModel", "Failed"),
    }

    def __init__(self, zone: str, parent: Any = None) -> None:
        super().__init__(parent)
        self._zone = zone
        self._files: list[ImportedFile] = []
        self._findings: dict[int, list[FindingView]] = {}

    def set_result(self, result: ImportResult | None) -> None:
        """Show the files of ``result`` (None: empty)."""
        self.beginResetModel()
        self._files = list(result.files) if result is not None else []
        self._findings = {}
        for finding in result.findings if result is not None else []:
            for rid in finding.recording_ids:
                self._findings.setdefault(rid, []).append(finding)
        self.endResetModel()

    def file_at(self, row: int) -> ImportedFile:
        """The file shown in ``row``."""
        return self._files[row]

    def findings_of_row(self, row: int) -> list[FindingView]:
        """The findings that concern the recording in ``row`` (none for skipped files)."""
        rid = self._files[row].recording_id
        return self._findings.get(rid, []) if rid is not None else []

    @staticmethod
    def outcome(file: ImportedFile) -> str:
        """``stored``, ``already_stored``, ``skipped`` or ``failed``."""
        return "failed" if file.error else file.status

    def rowCount(self, parent: _AnyIndex = QModelIndex()) -> int:
        """Number of files."""
        return 0 if parent.isValid() else len(self._files)

    def columnCount(self, parent: _AnyIndex = QModelIndex()) -> int:
        """Number of columns."""
        return 0 if parent.isValid() else len(self.COLUMNS)

    def headerData(self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        """Translated column titles."""
        return _header("ImportResultModel", self.COLUMNS, section, orientation, role)

    def data(self, index: _AnyIndex, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        """Cell text; failed rows red, skipped grey, rows with findings orange."""
        if not index.isValid() or not 0 <= index.row() < len(self._files):
            return None
        file = self._files[index.row()]
        outcome = self.outcome(file)
        findings = self.findings_of_row(index.row())
        if role == Qt.ItemDataRole.DisplayRole:
            return self._cell_text(file, outcome, findings, index.column())
        if role == Qt.ItemDataRole.BackgroundRole:
            if outcome == "failed":
                return QBrush(FAILED_BACKGROUND)
            if findings:
                return QBrush(FINDING_BACKGROUND)
            if outcome == "skipped":
                return QBrush(SKIPPED_BACKGROUND)
        if role == Qt.ItemDataRole.ForegroundRole:
            if outcome == "failed":
                return QBrush(FAILED_FOREGROUND)
            if outcome == "skipped":
                return QBrush(SKIPPED_FOREGROUND)
        if role == Qt.ItemDataRole.ToolTipRole:
            lines = [file_reason_text(file), *(finding_sentence(f) for f in findings)]
            return "\n".join(line for line in lines if line) or None
        if role == Qt.ItemDataRole.TextAlignmentRole and index.column() == self.SIZE:
            return int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        if role == Qt.ItemDataRole.UserRole:
            return file
        return None

    def _cell_text(self, file: ImportedFile, outcome: str, findings: list[FindingView], column: int) -> str:
        if column == self.STATUS:
            return QCoreApplication.translate("ImportResultModel", self.STATUSES[outcome])
        if column == self.PATH:
            return file.card_path
        if column == self.REASON:
            return file_reason_text(file)
        if column == self.FINDINGS:
            return ", ".join(word(FINDING_WORDS, kind) for kind in dict.fromkeys(f.kind for f in findings))
        if column == self.KIND:
            return word(KIND_WORDS, file.kind)
        if column == self.SIZE:
            return format_size(file.size)
        if column == self.DEVICE:
            return file.device or ""
        if column == self.OFFICER:
            return file.officer or ""
        if column == self.START:
            return format_local(file.start, self._zone)
        return file.sha256 or ""
