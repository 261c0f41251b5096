"""The Viewing page (查阅): my requests, the director's inbox, my live grants and the Art. 18 register.

Each tab is a widget of :mod:`evidence_station.gui.viewing`. Tabs a role cannot use stay visible but
disabled, with a tooltip saying why; the services enforce the rules in any case. After a decision the
inbox count on the tab and on the navigation badge (``MainWindow.refresh_badges``) is brought up to date; so is the
count of approvals the user has not seen yet (on My grants and the same badge), once My grants shows them.
"""

from __future__ import annotations

from PySide6.QtGui import QShowEvent
from PySide6.QtWidgets import QTabWidget, QVBoxLayout, QWidget

from evidence_station.client.station_client import StationClient
from evidence_station.domain.roles import Operation, allowed
from evidence_station.gui.viewing.grants_widget import GrantsWidget
from evidence_station.gui.viewing.inbox_widget import InboxWidget, pending_count
from evidence_station.gui.viewing.new_grants import new_grants_count
from evidence_station.gui.viewing.register_widget import RegisterWidget
from evidence_station.gui.viewing.requests_widget import RequestsWidget

#: Tab keys in display order.
TAB_KEYS = ("requests", "inbox", "grants", "register")


class ViewingPage(QWidget):
    """The four viewing tabs for the logged-in user."""

    def __init__(self, client: StationClient, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.client = client
        self.requests = RequestsWidget(client)
        self.inbox = InboxWidget(client)
        self.grants = GrantsWidget(client)
        self.register = RegisterWidget(client)
        self.tabs = QTabWidget()
        self.tabs.setObjectName("viewingTabs")
        self.tabs.addTab(self.requests, self.tr("My requests"))
        self.tabs.addTab(self.inbox, self.tr("Awaiting approval"))
        self.tabs.addTab(self.grants, self.tr("My grants"))
        self.tabs.addTab(self.register, self.tr("Viewing register"))
        roles = client.actor.roles
        self._disable(self.requests, allowed(roles, Operation.REQUEST_VIEWING),
                      self.tr("Your roles do not allow asking to view recordings."))
        self._disable(self.inbox, allowed(roles, Operation.DECIDE_VIEWING),
                      self.tr("Only a director decides viewing requests."))
        self._disable(self.grants, allowed(roles, Operation.OPEN_RECORDING),
                      self.tr("Your roles do not allow watching footage."))
        self._disable(self.register, allowed(roles, Operation.READ_VIEWING_REGISTER),
                      self.tr("Your roles do not allow reading the viewing register."))
        layout = QVBoxLayout(self)
        layout.setContentsMargins(6, 6, 6, 6)
        layout.addWidget(self.tabs)
        self.requests.request_sent.connect(lambda _r: self._changed())
        self.inbox.decided.connect(lambda _r: self._changed())
        self.grants.grants_seen.connect(self._changed)
        self.tabs.currentChanged.connect(lambda _i: self.refresh_current())
        first = next((i for i in range(self.tabs.count()) if self.tabs.isTabEnabled(i)), 0)
        if allowed(roles, Operation.DECIDE_VIEWING):
            first = TAB_KEYS.index("inbox")
        self.tabs.setCurrentIndex(first)
        self.refresh_current()
        self.update_inbox_title()
        self.update_grants_title()

    def _disable(self, widget: QWidget, enabled: bool, why: str) -> None:
        index = self.tabs.indexOf(widget)
        self.tabs.setTabEnabled(index, enabled)
        if not enabled:
            self.tabs.setTabToolTip(index, why)

    def show_tab(self, key: str) -> QWidget:
        """Display the tab ``key`` (one of :data:`TAB_KEYS`), read afresh."""
        index = TAB_KEYS.index(key)
        if self.tabs.currentIndex() == index:
            self.refresh_current()
        else:
            self.tabs.setCurrentIndex(index)
        return self.tabs.widget(index)

    def refresh_current(self) -> None:
        """Read the tab on display again (disabled tabs are not read)."""
        index = self.tabs.currentIndex()
        if self.tabs.isTabEnabled(index):
            self.tabs.widget(index).refresh()  # type: ignore[attr-defined]

    def update_inbox_title(self) -> int:
        """Show the number of requests waiting for this director on the inbox tab; returns it."""
        count = pending_count(self.client)
        title = self.tr("Awaiting approval")
        self.tabs.setTabText(TAB_KEYS.index("inbox"), f"{title} ({count})" if count else title)
        return count

    def update_grants_title(self) -> int:
        """Show how many approvals the user has not seen yet on the My grants tab; returns it."""
        count = new_grants_count(self.client)
        title = self.tr("My grants")
        self.tabs.setTabText(TAB_KEYS.index("grants"), self.tr("{title} ({count} new)").format(
            title=title, count=count) if count else title)
        return count

    def _changed(self) -> None:
        self.update_inbox_title()
        self.update_grants_title()
        window = self.window()
        refresh_badges = getattr(window, "refresh_badges", None)
        if callable(refresh_badges):
            refresh_badges()

    def showEvent(self, event: QShowEvent) -> None:
        """Coming back to the page shows what changed meanwhile."""
        super().showEvent(event)
        self.refresh_current()
        self.update_inbox_title()
        self.update_grants_title()


def create_page(client: StationClient, parent: QWidget | None = None) -> QWidget:
    """The Viewing page for the logged-in user."""
    return ViewingPage(client, parent)
