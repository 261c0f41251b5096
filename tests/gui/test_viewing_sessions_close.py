"""Closing a player after the user's session ended (idle log-out, revoked) forgets its viewing sessions quietly
instead of raising out of the window's closeEvent (an 'Unexpected error' dialog taller than the screen)."""

from __future__ import annotations

from typing import Any, cast

import pytest

from evidence_station.api.viewing import ViewingSessionView
from evidence_station.client.station_client import StationClient
from evidence_station.domain.errors import PermissionDeniedError, SessionExpiredError
from evidence_station.gui.app import error_summary
from evidence_station.gui.viewing_sessions import ViewingSessions


class _Client:
    def __init__(self, error: Exception) -> None:
        self.error = error
        self.closed: list[int] = []

    def close_viewing_session(self, session_id: int) -> None:
        self.closed.append(session_id)
        raise self.error


def _sessions(error: Exception) -> ViewingSessions:
    sessions = ViewingSessions(cast(StationClient, _Client(error)))
    sessions._open = {7: cast(ViewingSessionView, type("View", (), {"session_id": 70})()),
                      8: cast(ViewingSessionView, type("View", (), {"session_id": 80})())}
    return sessions


def test_closing_after_the_session_ended_forgets_the_viewing_sessions() -> None:
    sessions = _sessions(SessionExpiredError("Your session has ended.", message_zh="会话已结束。"))
    sessions.close_all()
    assert sessions.open_sessions == []
    assert cast(Any, sessions.client).closed == [70, 80]
    assert sessions.closed_ids == []  # not counted as closed at the station


def test_other_refusals_still_reach_the_caller() -> None:
    sessions = _sessions(PermissionDeniedError("No.", message_zh="不行。"))
    with pytest.raises(PermissionDeniedError):
        sessions.close_all()


def test_the_unexpected_error_dialog_text_stays_short() -> None:
    prefix = "Error calling Python override of QObject::eventFilter(): " * 300
    text = error_summary(SessionExpiredError, SessionExpiredError(prefix + "Your session has ended."))
    assert text == "SessionExpiredError: Your session has ended."
    assert len(error_summary(ValueError, ValueError("x" * 5000))) < 450
