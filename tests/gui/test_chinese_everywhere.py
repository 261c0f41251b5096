"""The Chinese interface shows no English: every page, tab and the main dialogs, on a home with imported
recordings and findings, are walked and every visible text is read (labels, buttons and their tooltips, tab
titles, group boxes, table headers and cells, list and combo items, text panes, placeholders, window titles).

A Latin word is allowed only when it is a name or a datum, never a sentence: a user, device, file or station
name from the catalogue, a file name or path, an identifier with digits (serials, hashes, ``SHA-256``), a time
zone, a command in backticks, a quoted identifier ('moov'), a language's own name, or one of the few
abbreviations Chinese text uses as they are (:data:`ABBREVIATIONS`).
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import QAbstractItemModel, QAbstractListModel, QAbstractTableModel, QLocale, QModelIndex, Qt
from PySide6.QtWidgets import (
    QAbstractButton,
    QAbstractItemView,
    QComboBox,
    QDialog,
    QGroupBox,
    QHeaderView,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QTabWidget,
    QTextEdit,
    QWidget,
)

from evidence_station.client.station_client import StationClient
from evidence_station.domain.findings import FindingKind
from evidence_station.gui.i18n import LANGUAGES, install_translators, remove_translators
from evidence_station.gui.main_window import MainWindow
from evidence_station.services.station import Station
from tests.gui.demo_home import DemoUser, build_imported_home, desk_client, open_copy

USERS = [DemoUser("custodian", "custodian"), DemoUser("investigator", "investigator"),
         DemoUser("director", "director"), DemoUser("clerk", "clerk"), DemoUser("auditor", "auditor")]
#: Abbreviations and product names Chinese text writes in Latin letters.
ABBREVIATIONS = frozenset({
    "B", "KB", "MB", "GB", "TB", "SHA", "SM2", "SM3", "PDF", "ISO", "CSV", "UTC", "ID", "MP4", "MOV", "WAV",
    "JPEG", "PNG", "PKCS", "VLC", "libvlc", "Qt", "CA", "GPS", "USB", "UDF", "DVD", "BD", "CD", "PIN", "URL",
})
WORD = re.compile(r"[A-Za-z][A-Za-z0-9_.\-+/@]*")
#: Tokens that are data, not words: identifiers with a digit (serials, hashes, SHA-256, mp4v), file names with an
#: extension, paths, dotted names (audit actions in their tooltips), time zones, user@host.
DATUM = re.compile(r"""
    .*\d.*                                  # anything with a digit: serial numbers, hashes, versions
  | [\w\-]+\.[A-Za-z0-9]{2,4}              # a file name with its extension
  | .*/.*                                  # a path, a time zone (Asia/Shanghai)
  | [a-z_]+(\.[a-z_]+)+                    # a dotted identifier
""", re.VERBOSE)
BACKTICKS = re.compile(r"`[^`]*`")
QUOTED_NAME = re.compile(r"'[^'\s]+'")  # a quoted identifier, e.g. the MP4 box 'moov'

TAGS = re.compile(r"<[^>]+>")
ENTITIES = re.compile(r"&[a-z]+;|&#\d+;")


def _fill(station: Station) -> None:
    """Something on every page: a request pending, one approved, watched and registered, a case with recordings."""
    from evidence_station.services.case_service import add_case, attach_recordings
    from evidence_station.services.users import login
    from evidence_station.services.viewing_service import (
        approve_request,
        close_viewing_session,
        open_viewing_session,
        request_viewing,
    )
    from tests.conftest import PASSWORD

    investigator, director = login(station, "investigator", PASSWORD), login(station, "director", PASSWORD)
    clerk = login(station, "clerk", PASSWORD)
    request_viewing(investigator, recording_ids=[1, 2], reason="核实现场执法过程")
    granted = request_viewing(investigator, recording_ids=[3], reason="单独查看该段录像")
    approve_request(director, granted.request_id)
    close_viewing_session(investigator, open_viewing_session(investigator, 3, request_id=granted.request_id).session_id)
    case = add_case(clerk, title="某公司拖欠工资案")
    attach_recordings(clerk, case.case_id, [1, 2, 3])


@pytest.fixture(scope="module")
def home(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return build_imported_home(tmp_path_factory.mktemp("zh-walk"), USERS, then=_fill)


@pytest.fixture
def station(home: Path, tmp_path: Path) -> Iterator[Station]:
    opened = open_copy(home, tmp_path)
    yield opened
    opened.close()


@pytest.fixture
def chinese(qapp: Any) -> Iterator[None]:
    before = QLocale()
    assert install_translators("zh_CN")
    yield
    remove_translators()
    QLocale.setDefault(before)


def catalogue_names(client: StationClient) -> set[str]:
    """Names the catalogue holds (users, devices, officers, files, the station): data, shown as they are."""
    names = {client.station.station_name, client.station.zone, *LANGUAGES.values()}  # languages in their own name
    for user in client.list_users():
        names |= {user.user, user.display_name}
    for device in client.list_devices():
        names |= {device.serial, device.model, device.group, device.responsible_person, device.issued_to}
    for recording in client.list_recordings(limit=1000):
        names |= {recording.file_name, recording.card_path, recording.device or "", recording.officer or ""}
    return {word for name in names if name for word in WORD.findall(name)}


def english_words(text: str, names: set[str]) -> list[str]:
    """The Latin words of ``text`` that are neither names nor data."""
    text = ENTITIES.sub(" ", TAGS.sub(" ", QUOTED_NAME.sub(" ", BACKTICKS.sub(" ", text))))
    found = []
    for token in WORD.findall(text):
        token = token.rstrip(".-/")
        if token and token not in names and token not in ABBREVIATIONS and not DATUM.fullmatch(token):
            found.append(token)
    return found


def model_texts(model: QAbstractItemModel | None, rows: int = 200) -> Iterator[str]:
    """Horizontal headers and the display text of the first ``rows`` rows (and their children, one level)."""
    if model is None:
        return
    flat = isinstance(model, QAbstractListModel | QAbstractTableModel)  # their child counts are private
    columns = 1 if isinstance(model, QAbstractListModel) else model.columnCount(QModelIndex())
    for column in range(columns):
        yield str(model.headerData(column, Qt.Orientation.Horizontal, Qt.ItemDataRole.DisplayRole) or "")
    for row in range(min(model.rowCount(QModelIndex()), rows)):
        for column in range(columns):
            index = model.index(row, column, QModelIndex())
            yield str(model.data(index, Qt.ItemDataRole.DisplayRole) or "")
            for child in range(0 if flat else min(model.rowCount(index), rows)):
                yield str(model.data(model.index(child, column, index), Qt.ItemDataRole.DisplayRole) or "")


def widget_texts(widget: QWidget) -> Iterator[tuple[str, str]]:
    """(where, text) of everything ``widget`` shows."""
    where = f"{type(widget).__name__} {widget.objectName()}".strip()
    if isinstance(widget, QLabel):
        yield where, widget.text()
    elif isinstance(widget, QAbstractButton):
        yield where, widget.text()
        yield f"{where} tooltip", widget.toolTip()
    elif isinstance(widget, QGroupBox):
        yield where, widget.title()
    elif isinstance(widget, QTabWidget):
        yield from ((where, widget.tabText(i)) for i in range(widget.count()))
    elif isinstance(widget, QLineEdit):
        yield where, widget.placeholderText()
        yield where, widget.text()
    elif isinstance(widget, QPlainTextEdit | QTextEdit):
        yield where, widget.placeholderText()
        yield where, widget.toPlainText()
    elif isinstance(widget, QComboBox):
        yield from ((where, widget.itemText(i)) for i in range(widget.count()))
    elif isinstance(widget, QAbstractItemView) and not isinstance(widget, QHeaderView):  # headers: from the model
        yield from ((where, text) for text in model_texts(widget.model()))
    if widget.isWindow():
        yield f"{where} title", widget.windowTitle()


def visible_texts(top: QWidget) -> Iterator[tuple[str, str]]:
    for widget in [top, *top.findChildren(QWidget)]:
        if widget.isVisible():
            yield from widget_texts(widget)


def problems_in(top: QWidget, names: set[str], place: str) -> list[str]:
    found = []
    for where, text in visible_texts(top):
        words = english_words(text, names)
        if words:
            found.append(f"{place} / {where}: {words} in {text[:160]!r}")
    return found


def tab_widgets(top: QWidget) -> Iterable[QTabWidget]:
    return [tabs for tabs in top.findChildren(QTabWidget) if tabs.isVisible()]


def walk(qtbot: Any, top: QWidget, names: set[str], place: str) -> list[str]:
    """Every tab of ``top`` in turn (nested tabs too), collecting the English it shows."""
    qtbot.wait(300)  # pages read in the background
    found = problems_in(top, names, place)
    for tabs in tab_widgets(top):
        for index in range(tabs.count()):
            tabs.setCurrentIndex(index)
            qtbot.wait(200)
            found += problems_in(tabs.currentWidget(), names, f"{place} / {tabs.tabText(index)}")
            for inner in tab_widgets(tabs.currentWidget()):
                for sub in range(inner.count()):
                    inner.setCurrentIndex(sub)
                    qtbot.wait(100)
                    found += problems_in(inner.currentWidget(), names, f"{place} / {inner.tabText(sub)}")
    return found


def test_the_english_check_flags_sentences_and_lets_data_through() -> None:
    names = {"admin", "DSJ"}
    assert english_words("导入 recording 12 of admin", names) == ["recording", "of"]
    assert english_words("文件 20261124_080836_A.MP4 在 DCIM/100MEDIA 中，SHA-256 与 SM3 相符，3.5 MB", names) == []
    command = "用户 admin（Asia/Shanghai），动作 import.finish，可用 `evidence-station exports` 列出"
    assert english_words(command, names) == []
    assert english_words("Station initialised", names) == ["Station", "initialised"]
    assert english_words("偏移 36 处的 'mdat' 盒", names) == []
    assert english_words("'moov box'", names) == ["moov", "box"]


@pytest.mark.parametrize("user", ["admin", "director", "investigator", "custodian", "clerk", "auditor"])
def test_every_page_and_tab_speaks_chinese(qtbot: Any, station: Station, chinese: None, user: str) -> None:
    """The administrator sees every page; the others see what their roles fill in (inbox, grants, cases)."""
    client = desk_client(station, user)
    names = catalogue_names(desk_client(station, "admin"))
    window = MainWindow(client)
    qtbot.addWidget(window)
    window.show()
    found: list[str] = []
    for key in window.page_keys():
        page = window.show_page(key)
        found += walk(qtbot, page, names, key)
        for view in page.findChildren(QAbstractItemView):
            model = view.model()
            if view.isVisible() and model is not None and model.rowCount(QModelIndex()):
                view.selectionModel().setCurrentIndex(  # the details pane of the first row
                    model.index(0, 0, QModelIndex()), view.selectionModel().SelectionFlag.ClearAndSelect)
        found += problems_in(page, names, f"{key} (first row selected)")
    found += problems_in(window, names, "main window")
    assert not found, "English in the Chinese interface:\n" + "\n".join(dict.fromkeys(found))


def test_the_main_dialogs_speak_chinese(qtbot: Any, station: Station, chinese: None) -> None:
    from evidence_station.gui.bookmark_dialog import BookmarkDialog
    from evidence_station.gui.compliance.gap_explanation_dialog import GapExplanationDialog
    from evidence_station.gui.viewing.request_dialog import ViewingRequestDialog

    client = desk_client(station, "custodian")
    names = catalogue_names(desk_client(station, "admin"))
    gap = next(f for f in client.list_findings() if f.kind == FindingKind.GAP.value)
    dialogs: list[QDialog] = [
        BookmarkDialog(12_000, "20261124_080836_A.MP4 08:08:48"),
        BookmarkDialog(12_000, "20261124_080836_A.MP4 08:08:48", note="说明", editing=True),
        ViewingRequestDialog([1, 2]),
        ViewingRequestDialog(client=desk_client(station, "investigator")),
        GapExplanationDialog(client, gap),
    ]
    found: list[str] = []
    for dialog in dialogs:
        qtbot.addWidget(dialog)
        dialog.show()
        found += walk(qtbot, dialog, names, type(dialog).__name__)
        dialog.close()
    assert not found, "English in the Chinese dialogs:\n" + "\n".join(dict.fromkeys(found))


def test_every_finding_kind_has_a_word() -> None:
    """A new finding kind shows its translated name in the findings filter, cards and columns, not its key."""
    from evidence_station.gui.recording_model import FINDING_WORDS

    assert {kind.value for kind in FindingKind} <= set(FINDING_WORDS)
