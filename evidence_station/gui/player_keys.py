"""The player's keyboard shortcuts: one table drives the key handling, the tooltips and the help dialog.

Each :class:`PlayerKey` names an action of :class:`~evidence_station.gui.player_widget.PlayerWidget`
(a method name), the keys that trigger it and what it does. :func:`action_for` finds the action of a key
press; :func:`keys_text` gives the keys as shown to people ("Shift+→"); :class:`PlayerKeysDialog` lists them
all (F1 or ? in the player); :func:`route_player_keys` makes them work anywhere in a player's window.
"""

from __future__ import annotations

from dataclasses import dataclass

from PySide6.QtCore import QT_TRANSLATE_NOOP, QCoreApplication, QEvent, QObject, Qt
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import (
    QAbstractItemView,
    QAbstractSpinBox,
    QApplication,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QHeaderView,
    QLineEdit,
    QPlainTextEdit,
    QTableWidget,
    QTableWidgetItem,
    QTextEdit,
    QVBoxLayout,
    QWidget,
)

from evidence_station.gui.screen_fit import fit_to_screen

_CONTEXT = "PlayerKeys"
Key = Qt.Key
SHIFT = Qt.KeyboardModifier.ShiftModifier
#: Modifiers that do not change which shortcut a key press means (keypad keys, Shift for ? and +).
_IGNORED = Qt.KeyboardModifier.KeypadModifier


@dataclass(frozen=True)
class PlayerKey:
    """An action (PlayerWidget method name), its keys as ``(key, shift)`` pairs, and what it does (English)."""

    action: str
    keys: tuple[tuple[Key, bool], ...]
    description: str


PLAYER_KEYS: tuple[PlayerKey, ...] = (
    PlayerKey("toggle_play", ((Key.Key_Space, False),), QT_TRANSLATE_NOOP("PlayerKeys", "Play / pause")),
    PlayerKey("step_back", ((Key.Key_Left, False),), QT_TRANSLATE_NOOP("PlayerKeys", "Back 5 seconds")),
    PlayerKey("step_forward", ((Key.Key_Right, False),), QT_TRANSLATE_NOOP("PlayerKeys", "Forward 5 seconds")),
    PlayerKey("jump_back", ((Key.Key_Left, True),), QT_TRANSLATE_NOOP("PlayerKeys", "Back 30 seconds")),
    PlayerKey("jump_forward", ((Key.Key_Right, True),), QT_TRANSLATE_NOOP("PlayerKeys", "Forward 30 seconds")),
    PlayerKey("previous_frame", ((Key.Key_Comma, False),),
              QT_TRANSLATE_NOOP("PlayerKeys", "Previous frame (pauses)")),
    PlayerKey("next_frame", ((Key.Key_Period, False),), QT_TRANSLATE_NOOP("PlayerKeys", "Next frame (pauses)")),
    PlayerKey("slower", ((Key.Key_BracketLeft, False), (Key.Key_Minus, False)),
              QT_TRANSLATE_NOOP("PlayerKeys", "Slower")),
    PlayerKey("faster", ((Key.Key_BracketRight, False), (Key.Key_Plus, False), (Key.Key_Equal, False)),
              QT_TRANSLATE_NOOP("PlayerKeys", "Faster")),
    PlayerKey("go_to_start", ((Key.Key_Home, False),), QT_TRANSLATE_NOOP("PlayerKeys", "Go to the start")),
    PlayerKey("go_to_end", ((Key.Key_End, False),), QT_TRANSLATE_NOOP("PlayerKeys", "Go to the end")),
    PlayerKey("louder", ((Key.Key_Up, False),), QT_TRANSLATE_NOOP("PlayerKeys", "Louder")),
    PlayerKey("quieter", ((Key.Key_Down, False),), QT_TRANSLATE_NOOP("PlayerKeys", "Quieter")),
    PlayerKey("toggle_mute", ((Key.Key_M, False),), QT_TRANSLATE_NOOP("PlayerKeys", "Mute / sound on")),
    PlayerKey("request_bookmark", ((Key.Key_B, False),),
              QT_TRANSLATE_NOOP("PlayerKeys", "Bookmark this moment")),
    PlayerKey("request_snapshot", ((Key.Key_S, False),),
              QT_TRANSLATE_NOOP("PlayerKeys", "Snapshot (stored as derived evidence)")),
    PlayerKey("toggle_full_screen", ((Key.Key_F, False),), QT_TRANSLATE_NOOP("PlayerKeys", "Full screen")),
    PlayerKey("leave_full_screen", ((Key.Key_Escape, False),),
              QT_TRANSLATE_NOOP("PlayerKeys", "Leave full screen")),
    PlayerKey("show_key_help", ((Key.Key_F1, False), (Key.Key_Question, False)),
              QT_TRANSLATE_NOOP("PlayerKeys", "This list of shortcuts")),
)
#: Keys whose character needs Shift on some keyboards: the Shift state does not matter for them.
_SHIFT_INSENSITIVE = {Key.Key_Plus, Key.Key_Question}
_NAMES = {
    Key.Key_Space: QT_TRANSLATE_NOOP("PlayerKeys", "Space"),
    Key.Key_Left: "←", Key.Key_Right: "→", Key.Key_Up: "↑", Key.Key_Down: "↓",
    Key.Key_Comma: ",", Key.Key_Period: ".", Key.Key_BracketLeft: "[", Key.Key_BracketRight: "]",
    Key.Key_Minus: "-", Key.Key_Plus: "+", Key.Key_Equal: "=", Key.Key_Question: "?",
    Key.Key_Home: "Home", Key.Key_End: "End", Key.Key_Escape: "Esc", Key.Key_F1: "F1",
}


def action_for(key: int, modifiers: Qt.KeyboardModifier) -> str | None:
    """The action (PlayerWidget method name) of a key press, or None when the key is no shortcut."""
    shift = bool(modifiers & SHIFT)
    others = modifiers & ~(SHIFT | _IGNORED)
    if others != Qt.KeyboardModifier.NoModifier:
        return None  # Ctrl/Alt combinations belong to the window
    for entry in PLAYER_KEYS:
        for entry_key, entry_shift in entry.keys:
            if entry_key == key and (entry_shift == shift or key in _SHIFT_INSENSITIVE):
                return entry.action
    return None


def _key_name(key: Key, shift: bool) -> str:
    name = _NAMES.get(key)
    text = QCoreApplication.translate(_CONTEXT, name) if name else chr(int(key))
    return f"Shift+{text}" if shift else text


def keys_text(action: str) -> str:
    """The keys of ``action`` as shown to people, e.g. "[ / -"."""
    entry = next(e for e in PLAYER_KEYS if e.action == action)
    return " / ".join(_key_name(key, shift) for key, shift in entry.keys)


def with_keys(text: str, action: str) -> str:
    """A tooltip: ``text`` followed by the keys of ``action`` in brackets."""
    return f"{text} ({keys_text(action)})"


_TEXT_INPUTS = (QLineEdit, QAbstractSpinBox, QTextEdit, QPlainTextEdit)


class _PlayerKeyRouter(QObject):
    """Hands the player's shortcut keys pressed anywhere in ``window`` to ``player`` (see
    :func:`route_player_keys`)."""

    def __init__(self, window: QWidget, player: QWidget) -> None:
        super().__init__(window)
        self._window = window
        self._player = player
        app = QApplication.instance()
        if app is not None:
            app.installEventFilter(self)  # removed by Qt when this object is deleted with the window

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        """Run the player's action for a shortcut key pressed in another widget of the window."""
        if event.type() != QEvent.Type.KeyPress or not isinstance(watched, QWidget) \
                or not isinstance(event, QKeyEvent):
            return False
        if watched is self._player or self._player.isAncestorOf(watched) or watched.window() is not self._window:
            return False  # the player handles its own keys; other windows and dialogs keep theirs
        if not self._player.isEnabled():
            return False  # a stopped player (the approval expired) must not be started from elsewhere
        if isinstance(watched, _TEXT_INPUTS) or (isinstance(watched, QComboBox) and watched.isEditable()):
            return False  # typing a note or a filter must not start the video
        action = action_for(event.key(), event.modifiers())
        if action is None:
            return False
        getattr(self._player, action)()
        return True


def route_player_keys(window: QWidget, player: QWidget) -> QObject:
    """Make the player's shortcuts work wherever the focus is in ``window`` (a bookmark list, the timeline,
    a button), except in text fields; returns the router (it lives as long as the window)."""
    return _PlayerKeyRouter(window, player)


class PlayerKeysDialog(QDialog):
    """Every player shortcut with what it does."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(self.tr("Player shortcuts"))
        self.table = QTableWidget(len(PLAYER_KEYS), 2, self)
        self.table.setHorizontalHeaderLabels([self.tr("Keys"), self.tr("Action")])
        self.table.verticalHeader().hide()
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.NoSelection)
        self.table.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        for row, entry in enumerate(PLAYER_KEYS):
            keys = QTableWidgetItem(keys_text(entry.action))
            font = keys.font()
            font.setBold(True)
            keys.setFont(font)
            self.table.setItem(row, 0, keys)
            self.table.setItem(row, 1, QTableWidgetItem(QCoreApplication.translate(_CONTEXT, entry.description)))
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(1, QHeaderView.ResizeMode.Stretch)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close, self)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(self.table)
        layout.addWidget(buttons)
        fit_to_screen(self, 480, 700)  # every row visible without scrolling
