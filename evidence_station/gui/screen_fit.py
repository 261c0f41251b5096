"""Windows that fit the screen they open on.

The commonest office screen is 1366×768 (less a task bar); a window opened larger than the screen hides its
buttons off-screen. Every top-level window asks for its preferred size through :func:`fit_to_screen`, which
gives it no more than the screen's available area.
"""

from __future__ import annotations

from PySide6.QtCore import QSize
from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import QWidget

#: The smallest screen every window must fit (width, height), less a task bar of 40 pixels.
SMALLEST_SCREEN = QSize(1366, 768 - 40)


def available_size(window: QWidget) -> QSize | None:
    """The available area (without task bars) of the screen ``window`` opens on, None without a screen."""
    screen = window.screen() or QGuiApplication.primaryScreen()
    return screen.availableGeometry().size() if screen is not None else None


def fit_to_screen(window: QWidget, width: int, height: int) -> None:
    """Resize ``window`` to ``width``×``height``, or smaller so that it fits its screen's available area."""
    area = available_size(window)
    if area is not None:
        width, height = min(width, area.width()), min(height, area.height())
    window.resize(width, height)
