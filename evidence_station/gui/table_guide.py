"""Guidance drawn over an item view: what an empty table means, and a note such as "showing the first N".

:func:`table_guide` gives a view (``QTableView``, ``QTableWidget``, ``QTreeWidget`` …) one
:class:`TableGuide`. Its empty text is shown, centred and grey, over the viewport while the model has no
rows ("No recordings in this case yet — use Attach recordings…"); its note is a yellow strip along the
bottom of the viewport while set (a capped table says how many rows it left out). Both are labels that
let the mouse through to the view, placed over the viewport (children of the view, not of the viewport,
so they do not scroll with the rows) and kept in place on resize and on every change of the rows.
"""

from __future__ import annotations

import shiboken6
from PySide6.QtCore import QAbstractItemModel, QEvent, QObject, Qt
from PySide6.QtWidgets import QAbstractItemView, QLabel

EMPTY_STYLE = "color: #707070; font-size: 14px; background: transparent; padding: 24px;"
NOTE_STYLE = "color: #5a4500; background: #fff3c4; border-top: 1px solid #e0c96a; padding: 3px 8px;"


def _overlay(view: QAbstractItemView, style: str, name: str) -> QLabel:
    label = QLabel(view)
    label.setObjectName(name)
    label.setStyleSheet(style)
    label.setWordWrap(True)
    label.setTextFormat(Qt.TextFormat.PlainText)
    label.setAttribute(Qt.WidgetAttribute.WA_TransparentForMouseEvents, True)
    label.hide()
    return label


class TableGuide(QObject):
    """The empty-state text and the bottom note of one view (see :func:`table_guide`)."""

    def __init__(self, view: QAbstractItemView) -> None:
        super().__init__(view)
        self.setObjectName("tableGuide")
        self._view = view
        self._model: QAbstractItemModel | None = None
        self.empty_label = _overlay(view, EMPTY_STYLE, "emptyStateLabel")
        self.empty_label.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.note_label = _overlay(view, NOTE_STYLE, "tableNoteLabel")
        view.viewport().installEventFilter(self)
        self.watch_model()

    # -- what is shown -------------------------------------------------------------------------------
    @property
    def empty_text(self) -> str:
        """The text shown while the view has no rows."""
        return self.empty_label.text()

    def set_empty_text(self, text: str) -> None:
        """Set the text shown while the view has no rows ('' for none)."""
        self.empty_label.setText(text)
        self.update()

    @property
    def note(self) -> str:
        """The note along the bottom ('' when none)."""
        return self.note_label.text()

    def set_note(self, text: str) -> None:
        """Show ``text`` along the bottom of the view ('' hides it)."""
        self.note_label.setText(text)
        self.update()

    def showing_empty_text(self) -> bool:
        """True while the empty text is displayed (tests)."""
        return self.empty_label.isVisibleTo(self._view)

    # -- keeping it right ----------------------------------------------------------------------------
    def watch_model(self) -> None:
        """Follow the view's current model (call again after ``setModel``)."""
        model = self._view.model()
        if model is self._model:
            return
        if self._model is not None:
            for signal in self._signals(self._model):
                try:
                    signal.disconnect(self.update)
                except (RuntimeError, TypeError):
                    pass
        self._model = model
        if model is not None:
            for signal in self._signals(model):
                signal.connect(self.update)
        self.update()

    @staticmethod
    def _signals(model: QAbstractItemModel) -> tuple:
        return (model.rowsInserted, model.rowsRemoved, model.modelReset, model.layoutChanged)

    def update(self, *_: object) -> None:
        """Show, hide and place the labels for the rows the view has now."""
        if not shiboken6.isValid(self._view) or not shiboken6.isValid(self.empty_label):
            return  # the view is being destroyed
        model = self._view.model()
        empty = model is None or model.rowCount() == 0
        area = self._view.viewport().geometry()
        show_empty = empty and bool(self.empty_label.text())
        self.empty_label.setVisible(show_empty)
        if show_empty:
            self.empty_label.setGeometry(area)
            self.empty_label.raise_()
        show_note = bool(self.note_label.text())
        self.note_label.setVisible(show_note)
        if show_note:
            height = self.note_label.heightForWidth(area.width())
            height = height if height > 0 else self.note_label.sizeHint().height()
            self.note_label.setGeometry(area.left(), area.bottom() + 1 - height, area.width(), height)
            self.note_label.raise_()

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        """Re-place the labels when the viewport is resized, moved or shown."""
        if shiboken6.isValid(self) and event.type() in (QEvent.Type.Resize, QEvent.Type.Move, QEvent.Type.Show):
            self.update()
        return False


def table_guide(view: QAbstractItemView, empty_text: str | None = None) -> TableGuide:
    """The guide of ``view`` (made on first use); ``empty_text`` replaces its empty text when given."""
    guide = view.findChild(TableGuide, "tableGuide", Qt.FindChildOption.FindDirectChildrenOnly)
    if guide is None:
        guide = TableGuide(view)
    if empty_text is not None:
        guide.set_empty_text(empty_text)
    return guide
