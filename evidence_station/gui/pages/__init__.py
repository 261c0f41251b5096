"""The pages of the main window and their registry.

Each page lives in its own module of this package and exposes ``create_page(client, parent) -> QWidget``.
:data:`PAGES` lists them in navigation order as (key, title, factory, icon, needs); a factory imports its module
only when the page is first shown. To replace a placeholder, rewrite the page's module (keep
``create_page``) or point its entry here at a new module.
"""

from __future__ import annotations

import importlib
from collections.abc import Callable, Iterable
from dataclasses import dataclass

from PySide6.QtCore import QT_TRANSLATE_NOOP, QCoreApplication
from PySide6.QtWidgets import QStyle, QWidget

from evidence_station.client.station_client import StationClient
from evidence_station.domain.roles import Operation, Role, allowed

#: Builds a page for the logged-in user.
PageFactory = Callable[[StationClient, QWidget | None], QWidget]

#: Translation context of the page titles.
TITLE_CONTEXT = "Pages"


@dataclass(frozen=True)
class PageSpec:
    """One entry of the navigation: stable key, English title (translated on display), factory, icon, and
    the operation a user's roles must allow for the page to be listed (None: everybody's page)."""

    key: str
    title: str
    factory: PageFactory
    icon: QStyle.StandardPixmap | None = None
    needs: Operation | None = None

    def shown_to(self, roles: Iterable[Role]) -> bool:
        """Whether a user with ``roles`` sees this page in the navigation."""
        return self.needs is None or allowed(frozenset(roles), self.needs)

    @property
    def display_title(self) -> str:
        """The title in the interface language."""
        return page_title(self.title)


def page_title(english: str) -> str:
    """Translate a page title (context :data:`TITLE_CONTEXT`)."""
    return QCoreApplication.translate(TITLE_CONTEXT, english)


def from_module(module: str) -> PageFactory:
    """A factory calling ``create_page`` of ``evidence_station.gui.pages.<module>`` (imported lazily)."""

    def factory(client: StationClient, parent: QWidget | None) -> QWidget:
        page_module = importlib.import_module(f"{__name__}.{module}")
        return page_module.create_page(client, parent)

    return factory


_SP = QStyle.StandardPixmap

PAGES: list[PageSpec] = [
    PageSpec("import", QT_TRANSLATE_NOOP("Pages", "Import"), from_module("import_page"),
             _SP.SP_DialogOpenButton, needs=Operation.IMPORT_CARD),
    PageSpec("library", QT_TRANSLATE_NOOP("Pages", "Library"), from_module("library_page"), _SP.SP_DirIcon),
    PageSpec("viewing", QT_TRANSLATE_NOOP("Pages", "Viewing"), from_module("viewing_page"), _SP.SP_MediaPlay),
    PageSpec("cases", QT_TRANSLATE_NOOP("Pages", "Cases & Export"), from_module("cases_page"),
             _SP.SP_DriveCDIcon),
    PageSpec("compliance", QT_TRANSLATE_NOOP("Pages", "Devices & Compliance"), from_module("compliance_page"),
             _SP.SP_ComputerIcon),
    PageSpec("audit", QT_TRANSLATE_NOOP("Pages", "Audit"), from_module("audit_page"),
             _SP.SP_FileDialogDetailedView),
    PageSpec("settings", QT_TRANSLATE_NOOP("Pages", "Settings"), from_module("settings_page"),
             _SP.SP_FileDialogInfoView),
]
