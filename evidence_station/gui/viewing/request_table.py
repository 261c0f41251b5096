"""A table of viewing requests with a chosen set of columns; secret recordings get the red 涉密 cell."""

from __future__ import annotations

from collections.abc import Callable, Sequence

from PySide6.QtCore import QT_TRANSLATE_NOOP, QCoreApplication
from PySide6.QtWidgets import QWidget

from evidence_station.api.viewing import ViewingRequestResult
from evidence_station.client.station_client import StationClient
from evidence_station.gui.object_table import Fit, ObjectTable
from evidence_station.gui.recording_model import format_local
from evidence_station.gui.viewing.common import RecordingLookup, classification_cell, style_classification, style_state
from evidence_station.gui.viewing.words import format_time_left, kind_word, purpose_word, state_word

CONTEXT = "RequestTable"
#: Column key → English header (translated in context ``RequestTable``).
HEADERS: dict[str, str] = {
    "id": QT_TRANSLATE_NOOP("RequestTable", "#"),
    "kind": QT_TRANSLATE_NOOP("RequestTable", "Kind"),
    "viewer": QT_TRANSLATE_NOOP("RequestTable", "Viewer"),
    "requested_by": QT_TRANSLATE_NOOP("RequestTable", "Requested by"),
    "recordings": QT_TRANSLATE_NOOP("RequestTable", "Recordings"),
    "classification": QT_TRANSLATE_NOOP("RequestTable", "Classification"),
    "purpose": QT_TRANSLATE_NOOP("RequestTable", "Purpose"),
    "reason": QT_TRANSLATE_NOOP("RequestTable", "Reason"),
    "state": QT_TRANSLATE_NOOP("RequestTable", "State"),
    "requested_at": QT_TRANSLATE_NOOP("RequestTable", "Requested at"),
    "valid_until": QT_TRANSLATE_NOOP("RequestTable", "Valid until"),
    "time_left": QT_TRANSLATE_NOOP("RequestTable", "Time left"),
    "on_site": QT_TRANSLATE_NOOP("RequestTable", "On site only"),
    "decided_by": QT_TRANSLATE_NOOP("RequestTable", "Decided by"),
    "decision": QT_TRANSLATE_NOOP("RequestTable", "Decision reason"),
    "recipient": QT_TRANSLATE_NOOP("RequestTable", "Recipient"),
}


def ids_text(recording_ids: Sequence[int], limit: int = 6) -> str:
    """"#12, #13, #20" (the first ``limit`` ids, then "…")."""
    text = ", ".join(f"#{rid}" for rid in recording_ids[:limit])
    return text + ", …" if len(recording_ids) > limit else text


class RequestTable(ObjectTable):
    """Requests (one per row, the :class:`ViewingRequestResult` kept as the row's object)."""

    def __init__(self, client: StationClient, columns: Sequence[str], parent: QWidget | None = None) -> None:
        headers = [QCoreApplication.translate(CONTEXT, HEADERS[key]) for key in columns]
        super().__init__(headers, parent, names=columns, fit=Fit.CAPPED, key=lambda request: request.request_id)
        self.client = client
        self.lookup = RecordingLookup(client)
        zone = client.station.zone
        yes, no = QCoreApplication.translate("RequestTable", "yes"), ""
        self._cells: dict[str, Callable[[ViewingRequestResult], str]] = {
            "id": lambda r: str(r.request_id),
            "kind": lambda r: kind_word(r.kind),
            "viewer": lambda r: r.viewer_label,
            "requested_by": lambda r: r.requested_by_label or r.requested_by,
            "recordings": lambda r: ids_text(r.recording_ids),
            "classification": lambda r: classification_cell(self.lookup.highest_class(r.recording_ids)),
            "purpose": lambda r: purpose_word(r.purpose),
            "reason": lambda r: r.reason,
            "state": lambda r: state_word(r.state),
            "requested_at": lambda r: format_local(r.requested_at, zone),
            "valid_until": lambda r: format_local(r.valid_until, zone) if r.valid_until else "",
            "time_left": self.time_left_text,
            "on_site": lambda r: yes if r.on_site_only else no,
            "decided_by": lambda r: (r.revoked_by_label or r.revoked_by or r.decided_by_label or r.decided_by
                                     or ""),
            "decision": lambda r: r.revoke_reason or r.decision_reason,
            "recipient": lambda r: r.recipient,
        }

    def time_left_text(self, request: ViewingRequestResult) -> str:
        """Time left of a live grant, from the station clock now ('' for requests not live)."""
        if request.state != "live" or request.valid_until is None:
            return ""
        return format_time_left((request.valid_until - self.client.now()).total_seconds())

    def set_requests(self, requests: Sequence[ViewingRequestResult]) -> None:
        """Show ``requests`` (classifications read afresh)."""
        self.lookup.clear()
        self.set_rows([(r, [self._cells[key](r) for key in self.names]) for r in requests])
        for row, request in enumerate(requests):
            if "recordings" in self.names:  # the file names, on hovering the ids
                names = self.lookup.describe(request.recording_ids, limit=20)
                self.style_cell(row, "recordings", tooltip=names)
            if "classification" in self.names:
                cls = self.lookup.highest_class(request.recording_ids)
                style_classification(self, row, "classification", cls)
            if "state" in self.names:
                style_state(self, row, "state", request.state)

    def refresh_time_left(self) -> None:
        """Rewrite the time-left cells from the clock (called every minute)."""
        if "time_left" not in self.names:
            return
        column = self.names.index("time_left")
        for row, request in enumerate(self.objects()):
            item = self.item(row, column)
            if item is not None and request is not None:
                item.setText(self.time_left_text(request))

    def requests(self) -> list[ViewingRequestResult]:
        """The requests shown, top to bottom."""
        return self.objects()

    def current_request(self) -> ViewingRequestResult | None:
        """The selected request, or None."""
        return self.current_object()
