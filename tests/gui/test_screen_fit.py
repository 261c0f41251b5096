"""Every window fits the smallest office screen (1366×768): opened no larger than the screen, and the
suite-wide check (``oversized_windows`` in conftest) names a window whose layout needs more."""

from __future__ import annotations

from typing import Any

from PySide6.QtWidgets import QLabel, QVBoxLayout, QWidget

from evidence_station.gui.screen_fit import available_size, fit_to_screen
from tests.gui.conftest import oversized_windows


def test_a_window_asking_for_more_than_the_screen_gets_the_screen(qtbot: Any) -> None:
    window = QWidget()
    qtbot.addWidget(window)
    fit_to_screen(window, 5000, 4000)
    area = available_size(window)
    assert area is not None
    assert window.width() <= area.width() and window.height() <= area.height()
    fit_to_screen(window, 300, 200)
    assert (window.width(), window.height()) == (300, 200)


def test_a_shown_window_whose_layout_needs_more_than_1366_pixels_is_named(qtbot: Any) -> None:
    window = QWidget()
    qtbot.addWidget(window)
    wide = QLabel("wide")
    wide.setMinimumWidth(1500)
    QVBoxLayout(window).addWidget(wide)
    assert oversized_windows() == ""  # not shown yet
    window.show()
    assert "QWidget needs at least" in oversized_windows()
    window.hide()
    assert oversized_windows() == ""
