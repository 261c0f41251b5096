"""The Devices & Compliance page: overview dashboard, device registry, enforcement activities, findings and
retention (Art. 16).

Each tab is a widget of :mod:`evidence_station.gui.compliance` calling the station through the client (the
embedded service, or a station service over HTTP); a change saved in one tab marks the others stale (they read
again when shown) and recomputes the overview in the background.
"""

from __future__ import annotations

from PySide6.QtWidgets import QTabWidget, QVBoxLayout, QWidget

from evidence_station.client.station_client import StationClient
from evidence_station.gui.compliance.activities_widget import ActivitiesWidget
from evidence_station.gui.compliance.dashboard_widget import DashboardWidget
from evidence_station.gui.compliance.devices_widget import DevicesWidget
from evidence_station.gui.compliance.findings_widget import FindingsWidget
from evidence_station.gui.compliance.retention_widget import RetentionWidget

#: Tab keys in display order.
TAB_KEYS = ("overview", "devices", "activities", "findings", "retention")


class CompliancePage(QWidget):
    """The compliance tabs for the logged-in user."""

    def __init__(self, client: StationClient, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.client = client
        self.dashboard = DashboardWidget(client)
        self.devices = DevicesWidget(client)
        self.activities = ActivitiesWidget(client)
        self.findings = FindingsWidget(client)
        self.retention = RetentionWidget(client)
        self.tabs = QTabWidget()
        self.tabs.setObjectName("complianceTabs")
        self.tabs.addTab(self.dashboard, self.tr("Overview"))
        self.tabs.addTab(self.devices, self.tr("Devices"))
        self.tabs.addTab(self.activities, self.tr("Activities"))
        self.tabs.addTab(self.findings, self.tr("Findings"))
        self.tabs.addTab(self.retention, self.tr("Retention"))
        layout = QVBoxLayout(self)
        layout.setContentsMargins(6, 6, 6, 6)
        layout.addWidget(self.tabs)
        self._stale: set[QWidget] = {self.devices, self.activities, self.findings, self.retention}
        self.dashboard.finding_kind_requested.connect(self.show_findings)
        self.dashboard.loaded.connect(lambda _d: self._mark_stale(self.findings))
        for widget in (self.devices, self.activities, self.findings, self.retention):
            widget.changed.connect(lambda w=widget: self._changed_in(w))
        self.tabs.currentChanged.connect(lambda _i: self._reload_if_stale())
        self.dashboard.refresh()

    def show_tab(self, key: str) -> QWidget:
        """Display the tab ``key`` (one of :data:`TAB_KEYS`), read fresh if needed."""
        self.tabs.setCurrentIndex(TAB_KEYS.index(key))
        self._reload_if_stale()
        return self.tabs.currentWidget()

    def show_findings(self, kind: str = "", status: str = "open") -> FindingsWidget:
        """The Findings tab filtered to ``kind`` and ``status``."""
        self._stale.discard(self.findings)
        self.findings.set_filter(kind, status)
        self.tabs.setCurrentWidget(self.findings)
        return self.findings

    def _mark_stale(self, widget: QWidget) -> None:
        self._stale.add(widget)
        self._reload_if_stale()

    def _reload_if_stale(self) -> None:
        current = self.tabs.currentWidget()
        if current in self._stale:
            self._stale.discard(current)
            current.reload()  # type: ignore[attr-defined]

    def _changed_in(self, source: QWidget) -> None:
        self._stale.update(w for w in (self.devices, self.activities, self.findings, self.retention) if w is not source)
        self.dashboard.refresh()


def create_page(client: StationClient, parent: QWidget | None = None) -> QWidget:
    """The Devices & Compliance page for the logged-in user."""
    return CompliancePage(client, parent)
