"""The pure viewing rules (domain/viewing.py): classes and clearance, windows, self-decision."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest

from evidence_station.domain.viewing import (
    MAX_GRANT_HOURS,
    Classification,
    banner_text,
    effective_state,
    grant_window,
    may_know_of,
    may_open,
    parse_classification,
    self_decision_problem,
    visible_classifications,
)

T0 = datetime(2026, 11, 24, 2, 0, tzinfo=UTC)


def test_classification_levels_and_labels() -> None:
    assert [c.level for c in Classification] == [0, 1, 2, 3]
    assert [c.label_zh for c in Classification] == ["普通", "受限（涉及个人隐私）", "商业秘密", "国家秘密"]
    assert [c.is_secret for c in Classification] == [False, False, True, True]
    assert parse_classification("国家秘密") is Classification.STATE_SECRET
    assert parse_classification(" Commercial_Secret ") is Classification.COMMERCIAL_SECRET
    with pytest.raises(ValueError, match="ordinary"):
        parse_classification("top secret")


@pytest.mark.parametrize("clearance, visible, openable", [
    (0, ["ordinary", "restricted"], ["ordinary"]),
    (1, ["ordinary", "restricted"], ["ordinary", "restricted"]),
    (2, ["ordinary", "restricted", "commercial_secret"], ["ordinary", "restricted", "commercial_secret"]),
    (3, [c.value for c in Classification], [c.value for c in Classification]),
])
def test_clearance(clearance: int, visible: list[str], openable: list[str]) -> None:
    assert [c.value for c in visible_classifications(clearance)] == visible
    assert [c.value for c in Classification if may_know_of(c, clearance)] == visible
    assert [c.value for c in Classification if may_open(c, clearance)] == openable


def test_banners() -> None:
    assert banner_text(Classification.ORDINARY) == ""
    assert "国家秘密" in banner_text(Classification.STATE_SECRET)
    assert "个人隐私" in banner_text(Classification.RESTRICTED)


def test_grant_window_and_state() -> None:
    window = grant_window(T0, 4)
    assert window.valid_until == T0 + timedelta(hours=4)
    assert effective_state("approved", window, T0) == "live"
    assert window.seconds_left(T0 + timedelta(hours=3)) == 3600
    end = T0 + timedelta(hours=4)
    assert effective_state("approved", window, end) == "expired" and window.seconds_left(end) == 0
    assert effective_state("approved", window, T0 - timedelta(seconds=1)) == "expired"
    assert effective_state("revoked", window, T0) == "revoked"
    assert effective_state("pending", None, T0) == "pending"
    for bad in (0, -2, MAX_GRANT_HOURS + 1):
        with pytest.raises(ValueError):
            grant_window(T0, bad)


def test_self_decision() -> None:
    assert self_decision_problem(approver_id=1, requester_id=2, viewer_id=2) is None
    assert "own request" in self_decision_problem(approver_id=1, requester_id=1, viewer_id=1)
    assert "for themselves" in self_decision_problem(approver_id=1, requester_id=3, viewer_id=1)


def test_an_unknown_classification_is_one_sentence_in_either_language() -> None:
    from evidence_station.domain.choices import RuleError
    from evidence_station.domain.viewing import parse_classification

    with pytest.raises(RuleError) as caught:
        parse_classification("top-secret")
    english, chinese = str(caught.value.msg), caught.value.msg.render("zh_CN")
    assert english.startswith("Unknown classification 'top-secret'") and "state_secret (state secret)" in english
    assert chinese.startswith("无法识别的密级“top-secret”") and "state_secret（国家秘密）" in chinese
