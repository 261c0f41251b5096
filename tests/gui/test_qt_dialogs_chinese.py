"""Qt's own dialogs speak Chinese too: the file dialogs the station opens (choose a card folder, save a
document) show no English word once the Chinese interface is installed — Qt's catalogue plus the station's
gap translator (``gui/qt_gaps.py``)."""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QAbstractButton, QComboBox, QFileDialog, QLabel, QTreeView

from evidence_station.gui.i18n import install_translators, remove_translators

LATIN_WORD = re.compile(r"[A-Za-z]{2,}")


@pytest.fixture
def chinese(qapp: Any) -> Iterator[None]:
    install_translators("zh_CN")
    yield
    remove_translators()


def visible_texts(dialog: QFileDialog) -> list[str]:
    """Labels, buttons (text and tooltip), combo entries, column headers and the kind of every listed entry."""
    texts = [label.text() for label in dialog.findChildren(QLabel)]
    for button in dialog.findChildren(QAbstractButton):
        texts += [button.text(), button.toolTip()]
    for combo in dialog.findChildren(QComboBox):
        texts += [combo.itemText(i) for i in range(combo.count())]
    for view in dialog.findChildren(QTreeView):
        model = view.model()
        if model is None or model.columnCount() < 3:
            continue
        texts += [str(model.headerData(i, Qt.Orientation.Horizontal)) for i in range(model.columnCount())]
        root = view.rootIndex()
        texts += [str(model.index(row, 2, root).data()) for row in range(model.rowCount(root))]  # "Type"
    return texts


def english_in(dialog: QFileDialog, allowed: set[str]) -> list[str]:
    return [text for text in visible_texts(dialog) if set(LATIN_WORD.findall(text)) - allowed]


@pytest.mark.parametrize("mode", ["folder", "save"])
def test_the_file_dialogs_speak_chinese(qtbot: Any, chinese: None, tmp_path: Path, mode: str) -> None:
    (tmp_path / "DCIM").mkdir()
    (tmp_path / "clip.mp4").write_bytes(b"\0")
    dialog = QFileDialog(None, "选择")
    dialog.setOption(QFileDialog.Option.DontUseNativeDialog)
    if mode == "folder":
        dialog.setFileMode(QFileDialog.FileMode.Directory)
    else:
        dialog.setAcceptMode(QFileDialog.AcceptMode.AcceptSave)
        dialog.setNameFilter("PDF (*.pdf)")
    dialog.setDirectory(str(tmp_path))
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.waitUntil(lambda: any("文件夹" in text for text in visible_texts(dialog)), timeout=5000)
    allowed = {"DCIM", "clip", "mp4", "PDF", "pdf", *LATIN_WORD.findall(str(tmp_path))}  # names, not words
    assert english_in(dialog, allowed) == []


def test_without_the_gap_translator_the_dialog_would_show_english(qtbot: Any, qapp: Any, tmp_path: Path) -> None:
    """The check above can fail: Qt's catalogue alone leaves "Look in:" in English."""
    from PySide6.QtCore import QLibraryInfo, QTranslator

    qt_only = QTranslator(qapp)
    assert qt_only.load("qtbase_zh_CN", QLibraryInfo.path(QLibraryInfo.LibraryPath.TranslationsPath))
    qapp.installTranslator(qt_only)
    try:
        dialog = QFileDialog(None, "选择")
        dialog.setOption(QFileDialog.Option.DontUseNativeDialog)
        dialog.setDirectory(str(tmp_path))
        qtbot.addWidget(dialog)
        assert any("Look" in text for text in english_in(dialog, set()))
    finally:
        qapp.removeTranslator(qt_only)
