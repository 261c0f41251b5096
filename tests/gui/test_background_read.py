"""LatestRead: ``cancel`` drops the answer in flight; a widget holding its reader is freed like any other."""

from __future__ import annotations

import threading
import weakref
from typing import Any

from PySide6.QtWidgets import QWidget

from evidence_station.gui.background_read import LatestRead


class _Lister(QWidget):
    def __init__(self) -> None:
        super().__init__()
        self.shown: list[int] = []
        self.reader: LatestRead[int] = LatestRead(self, self.show_result, self.show_failure)

    def show_result(self, value: int) -> None:
        self.shown.append(value)

    def show_failure(self, error: BaseException) -> None:
        raise AssertionError(f"unexpected failure: {error}")


def test_cancel_drops_the_answer_in_flight(qtbot: Any) -> None:
    lister = _Lister()
    qtbot.addWidget(lister)
    release = threading.Event()

    def slow(_cancel: Any) -> int:
        release.wait(5)
        return 1

    lister.reader.start(slow)
    assert lister.reader.loading
    lister.reader.cancel()
    assert not lister.reader.loading
    release.set()
    qtbot.wait(200)
    assert lister.shown == []
    lister.reader.start(lambda _cancel: 2)
    qtbot.waitUntil(lambda: not lister.reader.loading, timeout=5_000)
    assert lister.shown == [2]


def test_a_widget_holding_its_reader_is_freed_without_the_garbage_collector() -> None:
    lister = _Lister()
    alive = weakref.ref(lister)
    del lister
    assert alive() is None  # no cycle widget → reader → bound method → widget
