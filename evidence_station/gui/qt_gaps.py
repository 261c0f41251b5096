"""Qt's own dialog strings that Qt's Simplified Chinese catalogue (``qtbase_zh_CN.qm``) leaves untranslated.

Qt's file dialog shows "Look in:", "Files of type:" and the kind of each entry ("Folder", "mp4 File") in
English even with ``qtbase_zh_CN`` loaded: those messages are missing from Qt's catalogue. This translator
fills exactly those gaps; it is installed before Qt's catalogue, so Qt's own translations win wherever they
exist.
"""

from __future__ import annotations

from PySide6.QtCore import QObject, QTranslator

#: (context, source text) → Simplified Chinese, for the messages ``qtbase_zh_CN`` lacks.
QT_GAPS_ZH: dict[tuple[str, str], str] = {
    ("QFileDialog", "&Look in:"): "查找范围(&L)：",
    ("QFileDialog", "Files of &type:"): "文件类型(&T)：",
    ("QFileDialog", "File name:"): "文件名：",
    ("QAbstractFileIconProvider", "Folder"): "文件夹",
    ("QAbstractFileIconProvider", "File"): "文件",
    ("QAbstractFileIconProvider", "%1 File"): "%1 文件",
    ("QAbstractFileIconProvider", "Drive"): "驱动器",
    ("QAbstractFileIconProvider", "Unknown"): "未知",
    ("QDateTimeEdit", "AM"): "上午",
    ("QDateTimeEdit", "PM"): "下午",
}


class QtGapsTranslator(QTranslator):
    """Translates the few Qt messages of :data:`QT_GAPS_ZH`; everything else is left to other translators."""

    def __init__(self, parent: QObject | None = None, table: dict[tuple[str, str], str] | None = None) -> None:
        super().__init__(parent)
        self._table = QT_GAPS_ZH if table is None else table

    def translate(
        self, context: str, source_text: str, disambiguation: str | None = None, n: int = -1
    ) -> str | None:
        """The gap's translation, or None (a null string: Qt asks the next translator, then shows the source)."""
        return self._table.get((context, source_text))

    def isEmpty(self) -> bool:
        """Never empty: Qt skips empty translators."""
        return False
