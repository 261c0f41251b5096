"""The Add bookmark dialog keeps its Position value on the line of its label (the spare height went into that
row: the label sat at the top, the value 40 px lower)."""

from __future__ import annotations

from typing import Any

from PySide6.QtWidgets import QFormLayout, QLabel

from evidence_station.gui.bookmark_dialog import BookmarkDialog


def test_the_position_value_sits_beside_its_label(qtbot: Any) -> None:
    dialog = BookmarkDialog(6_000, "Z8A0002_010377_20261207082936_0001.MP4")
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.waitExposed(dialog)
    form = dialog.findChild(QFormLayout)
    assert form is not None
    label = form.labelForField(dialog.position_label)
    assert isinstance(label, QLabel)
    line = dialog.position_label.fontMetrics().height()
    assert dialog.position_label.height() <= 2 * line
    assert abs(label.geometry().center().y() - dialog.position_label.geometry().center().y()) <= line // 2
