"""Wiping the card after its import (Art. 15: no officer keeps footage), on the Import page's result.

The button appears once an import completed with every file stored. After a confirmation the wipe runs on a
worker through :func:`~evidence_station.client.card_wipe.wipe_card` — the desk reads each imported file, the station
re-checks it against the stored original, and only a confirmed file is deleted — with a progress bar and Cancel.
The bar then lists what was deleted, what was kept (junk, files not imported) and what was refused, and the
page offers the receipt again: the station signs a new one that prints the wipe.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QHBoxLayout,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QMessageBox,
    QProgressBar,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from evidence_station.api.custody import CardWipeResult, WipedFile
from evidence_station.api.imports import ImportResult
from evidence_station.client.card_wipe import wipe_card
from evidence_station.client.station_client import StationClient
from evidence_station.domain.progress import CancelToken, Progress, ProgressCallback
from evidence_station.gui.i18n import in_language
from evidence_station.gui.operations import RunningOperation, error_text, run_operation

OK_STYLE = "color: #1b7a1b;"
WARNING_STYLE = "color: #8a5a00;"
PROBLEM_STYLE = "color: #a00000;"

#: How each outcome of a wiped file is grouped in the result: deleted, kept (never imported), refused.
DELETED = ("deleted",)
KEPT = ("kept", "not_imported")


def wipe_group(file: WipedFile) -> str:
    """``deleted``, ``kept`` (not part of the import: junk, links, files not imported) or ``refused`` (anything
    the wipe did not delete although it was imported: differs, vault damaged, deletion failed, missing, unchecked)."""
    if file.outcome in DELETED:
        return "deleted"
    return "kept" if file.outcome in KEPT else "refused"


def wipe_possible(result: ImportResult | None) -> bool:
    """True when ``result`` is an import whose card may be wiped: completed, no file failed."""
    return result is not None and result.status == "completed" and result.counts.get("failed", 0) == 0


class CardWipeBar(QWidget):
    """清除存储卡… for the import last shown on the page, its progress with Cancel, and the wipe's result."""

    #: Emitted on the GUI thread when a wipe ended (with its CardWipeResult): the receipt is new.
    wipe_finished = Signal(object)

    def __init__(self, client: StationClient, parent: QWidget | None = None, *,
                 wipe: Callable[..., CardWipeResult] = wipe_card) -> None:
        super().__init__(parent)
        self.setObjectName("cardWipeBar")
        self._client = client
        self._wipe = wipe
        self.card: Path | None = None
        self.import_id: int | None = None
        self.result: CardWipeResult | None = None
        self.operation: RunningOperation[CardWipeResult] | None = None
        self.wipe_button = QPushButton(self.tr("Wipe the card…"))
        self.wipe_button.setObjectName("wipeCardButton")
        self.wipe_button.setToolTip(self.tr(
            "Delete from the card exactly the files this import stored, each after the station has checked it "
            "against the stored original; nothing else is deleted."))
        self.wipe_button.clicked.connect(lambda: self.start_wipe())
        self.progress_bar = QProgressBar()
        self.progress_bar.setRange(0, 1)
        self.progress_bar.setMaximumWidth(260)
        self.cancel_button = QPushButton(self.tr("Cancel"))
        self.cancel_button.setObjectName("wipeCancelButton")
        self.cancel_button.clicked.connect(self.cancel_wipe)
        self.status_label = QLabel()
        self.status_label.setWordWrap(True)
        self.status_label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.files_list = QListWidget()
        self.files_list.setObjectName("wipeFilesList")
        self.files_list.setMaximumHeight(110)
        self.files_list.setWordWrap(True)
        row = QHBoxLayout()
        row.setContentsMargins(0, 0, 0, 0)
        row.addWidget(self.wipe_button)
        row.addWidget(self.progress_bar)
        row.addWidget(self.cancel_button)
        row.addWidget(self.status_label, 1)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addLayout(row)
        layout.addWidget(self.files_list)
        self.set_import(None, None)

    # -- which import --------------------------------------------------------------------------------
    def set_import(self, card: Path | None, result: ImportResult | None) -> None:
        """Offer to wipe ``card`` after ``result`` (hidden unless that import completed with every file stored)."""
        possible = card is not None and wipe_possible(result)
        self.card = card if possible else None
        self.import_id = result.import_id if possible and result is not None else None
        self.result = None
        self.files_list.clear()
        self.files_list.hide()
        self._say("", OK_STYLE)
        self._running(False)
        self.setVisible(possible)

    @property
    def wiping(self) -> bool:
        """True while a wipe runs."""
        return self.operation is not None and not self.operation.done

    def _running(self, running: bool) -> None:
        self.wipe_button.setEnabled(not running and self.import_id is not None and self.result is None)
        self.progress_bar.setVisible(running)
        self.cancel_button.setVisible(running)
        self.cancel_button.setEnabled(running)

    def _say(self, text: str, style: str) -> None:
        self.status_label.setText(text)
        self.status_label.setStyleSheet(style)

    # -- the wipe ------------------------------------------------------------------------------------
    def confirm(self) -> bool:
        """Ask the custodian before anything is deleted from the card."""
        answer = QMessageBox.question(self, self.tr("Wipe the card"), self.tr(
            "Delete from the card at {card} the files import #{number} stored?\n\nEach file is read again "
            "and deleted only when the station confirms it equals the stored original. Files that were not "
            "imported, and any that differ, stay on the card. The wipe is audited and printed on the receipt."
        ).format(card=self.card, number=self.import_id))
        return answer == QMessageBox.StandardButton.Yes

    def start_wipe(self) -> RunningOperation[CardWipeResult] | None:
        """Confirm, then wipe the card in the background (None when there is nothing to wipe or it was declined)."""
        if self.card is None or self.import_id is None or self.wiping or not self.confirm():
            return None
        client, card, import_id, wipe = self._client, self.card, self.import_id, self._wipe

        def work(progress: ProgressCallback, cancel: CancelToken) -> CardWipeResult:
            return wipe(client, card, import_id, progress=progress, cancel=cancel)

        self.files_list.clear()
        self.files_list.hide()
        self._say(self.tr("Wiping the card…"), OK_STYLE)
        operation = run_operation(self, work, on_success=self._finished, on_failure=self._failed,
                                  progress_label=self.tr("Wiping the card…"), cancellable=True, show_dialog=False)
        operation.progressed.connect(self._on_progress)
        self.operation = operation
        self.progress_bar.setRange(0, 0)
        self._running(True)
        return operation

    def cancel_wipe(self) -> None:
        """Stop after the file being checked: what is not checked stays on the card (and is recorded)."""
        if self.wiping and self.operation is not None:
            self.operation.cancel()
            self.cancel_button.setEnabled(False)
            self._say(self.tr("Cancelling… the file being checked is finished first."), WARNING_STYLE)

    def _on_progress(self, progress: Progress) -> None:
        if not self.wiping or (self.operation is not None and self.operation.token.cancelled):
            return
        self.progress_bar.setRange(0, max(progress.total, 1))
        self.progress_bar.setValue(progress.done)
        if progress.item:
            self._say(self.tr("Checking {path} ({done} of {total})…").format(
                path=progress.item, done=progress.done + 1, total=progress.total), OK_STYLE)

    def _finished(self, result: CardWipeResult) -> None:
        self.result = result
        self._running(False)
        self.show_result(result)
        self.wipe_finished.emit(result)

    def _failed(self, error: BaseException) -> None:
        self._running(False)
        self._say(self.tr("The card was not wiped: {message}").format(message=error_text(error)), PROBLEM_STYLE)

    # -- the result ----------------------------------------------------------------------------------
    def show_result(self, result: CardWipeResult) -> None:
        """Say what the wipe deleted, kept and refused, and list every file that is still on the card."""
        groups: dict[str, list[WipedFile]] = {"deleted": [], "kept": [], "refused": []}
        for file in result.files:
            groups[wipe_group(file)].append(file)
        head = self.tr("Card wiped.") if result.status == "completed" else self.tr("The card was not wiped completely.")
        self._say(self.tr("{head} Deleted {deleted} · kept {kept} · refused {refused}. The receipt now prints the "
                          "wipe.").format(head=head, deleted=len(groups["deleted"]), kept=len(groups["kept"]),
                                          refused=len(groups["refused"])),
                  OK_STYLE if result.status == "completed" and not groups["refused"] else WARNING_STYLE)
        self.files_list.clear()
        words = {"deleted": self.tr("Deleted"), "kept": self.tr("Kept"), "refused": self.tr("Refused")}
        for group in ("refused", "kept", "deleted"):
            for file in groups[group]:
                reason = in_language(file.reason, file.reason_zh)
                text = f"{words[group]}: {file.card_path}" + (f" — {reason}" if reason else "")
                item = QListWidgetItem(text)
                item.setData(Qt.ItemDataRole.UserRole, group)
                self.files_list.addItem(item)
        self.files_list.setVisible(self.files_list.count() > 0)

    def listed(self) -> list[tuple[str, str]]:
        """(group, card path) of every file the result lists, in order (for tests and screen readers)."""
        rows = []
        for row in range(self.files_list.count()):
            item = self.files_list.item(row)
            rows.append((item.data(Qt.ItemDataRole.UserRole), item.text().split(": ", 1)[1].split(" — ")[0]))
        return rows
