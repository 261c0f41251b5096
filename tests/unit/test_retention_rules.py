"""The pure Art. 16 retention rules: the one-year floor no setting lowers, longest rule wins, holds."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest

from evidence_station.domain.errors import InvalidInputError
from evidence_station.domain.retention import (
    ONE_YEAR,
    CaseLink,
    Hold,
    RetentionBasis,
    RetentionRule,
    RuleScope,
    keep_until,
    parse_period,
)

START = datetime(2026, 11, 24, 1, 30, tzinfo=UTC)
IMPORTED = datetime(2026, 11, 24, 2, 0, tzinfo=UTC)
FLOOR = datetime(2027, 11, 24, 2, 0, tzinfo=UTC)  # one year from the later of camera and import time


def test_floor_is_one_year_from_recording() -> None:
    decision = keep_until(START, imported_at=IMPORTED)
    assert ONE_YEAR == 1
    assert decision.until == FLOOR
    assert [r.basis for r in decision.reasons] == [RetentionBasis.MINIMUM]
    assert not decision.is_due(FLOOR - timedelta(seconds=1))
    assert decision.is_due(FLOOR)


@pytest.mark.parametrize("years", [0, -3])
def test_a_setting_below_one_year_is_ignored(years: int) -> None:
    rules = [RetentionRule(RuleScope.DEFAULT, "", years),
             RetentionRule(RuleScope.CLASSIFICATION, "ordinary", years),
             RetentionRule(RuleScope.ACTIVITY_KIND, "emergency", years)]
    decision = keep_until(START, imported_at=IMPORTED, activity_kind="emergency", rules=rules)
    assert decision.until == FLOOR
    assert [r.basis for r in decision.reasons] == [RetentionBasis.MINIMUM]
    assert not decision.is_due(START + timedelta(days=364))


def test_configured_periods_below_one_year_are_refused() -> None:
    with pytest.raises(InvalidInputError, match="at least 1 year"):
        parse_period("0y")
    assert parse_period("10y") == 10 and parse_period("永久") is None


def test_camera_clock_in_the_past_does_not_shorten_retention() -> None:
    decision = keep_until(START - timedelta(days=400), imported_at=IMPORTED)
    assert decision.until == FLOOR  # counted from the import, not from the wrong camera time


def test_longest_rule_wins_and_every_rule_is_listed() -> None:
    rules = [RetentionRule(RuleScope.DEFAULT, "", 2), RetentionRule(RuleScope.ACTIVITY_KIND, "major_case", 10),
             RetentionRule(RuleScope.ACTIVITY_KIND, "emergency", 30),  # another kind: does not apply
             RetentionRule(RuleScope.CLASSIFICATION, "restricted", 5)]
    decision = keep_until(START, imported_at=IMPORTED, activity_kind="major_case", classification="restricted",
                          rules=rules)
    assert decision.until == datetime(2036, 11, 24, 2, 0, tzinfo=UTC)
    assert decision.governing().basis is RetentionBasis.ACTIVITY_KIND
    assert {r.basis for r in decision.reasons} == {RetentionBasis.MINIMUM, RetentionBasis.DEFAULT_RULE,
                                                   RetentionBasis.ACTIVITY_KIND, RetentionBasis.CLASSIFICATION}
    permanent = keep_until(START, imported_at=IMPORTED, classification="state_secret",
                           rules=[RetentionRule(RuleScope.CLASSIFICATION, "state_secret", None)])
    assert permanent.until is None and permanent.permanent and not permanent.held
    assert not permanent.is_due(START + timedelta(days=365 * 200))


def test_every_reason_is_one_msg_rendered_in_the_reader_language() -> None:
    rules = [RetentionRule(RuleScope.ACTIVITY_KIND, "major_case", 10),
             RetentionRule(RuleScope.CLASSIFICATION, "restricted", None)]
    closed = CaseLink(2, "明人社监〔2026〕13号", "closed", "30y", datetime(2056, 1, 1, tzinfo=UTC))
    decision = keep_until(START, imported_at=IMPORTED, activity_kind="major_case", classification="restricted",
                          rules=rules, cases=[closed])
    said = {r.basis: r.said for r in decision.reasons}
    assert str(said[RetentionBasis.MINIMUM]) == "Art. 16: every recording is kept at least one year from recording."
    assert said[RetentionBasis.MINIMUM].render("zh_CN") == "依第十六条，每条记录自录制起至少保存一年。"
    assert said[RetentionBasis.ACTIVITY_KIND].render("zh_CN").endswith("类执法活动的记录，自录制起保存 10 年。")
    assert said[RetentionBasis.CLASSIFICATION].render("zh_CN").startswith("密级为“")
    closed_zh = said[RetentionBasis.CLOSED_CASE].render("zh_CN")
    assert closed_zh == "已关联到案件 明人社监〔2026〕13号（已结案，保存 30 年）。"
    assert all(r.detail == str(r.said) for r in decision.reasons)


def test_open_case_holds_and_closed_case_follows_its_file() -> None:
    open_case = CaseLink(1, "明人社监〔2026〕12号", "open", "", None)
    held = keep_until(START, imported_at=IMPORTED, cases=[open_case])
    assert held.until is None and held.held and held.governing().basis is RetentionBasis.OPEN_CASE
    assert not held.is_due(START + timedelta(days=365 * 50))
    closed_at = datetime(2027, 3, 1, tzinfo=UTC)
    ten = CaseLink(2, "X-2", "closed", "10y", datetime(2037, 3, 1, tzinfo=UTC))
    assert keep_until(START, imported_at=IMPORTED, cases=[ten]).until == datetime(2037, 3, 1, tzinfo=UTC)
    short = CaseLink(3, "X-3", "closed", "1y", closed_at.replace(year=2027, month=6))  # ends before the floor
    assert keep_until(START, imported_at=IMPORTED, cases=[short]).until == FLOOR
    forever = CaseLink(4, "X-4", "closed", "permanent", None)
    decision = keep_until(START, imported_at=IMPORTED, cases=[ten, forever])
    assert decision.until is None and decision.permanent and decision.governing().ref == "X-4"
    unknown = CaseLink(5, "X-5", "closed", "", None)  # closed without a period: fail safe
    assert keep_until(START, imported_at=IMPORTED, cases=[unknown]).held


def test_legal_hold_beats_everything_and_names_its_reason() -> None:
    decision = keep_until(START, imported_at=IMPORTED, holds=[Hold(7, "行政诉讼证据保全")],
                          rules=[RetentionRule(RuleScope.DEFAULT, "", None)])
    assert decision.until is None and decision.held
    assert decision.governing().basis is RetentionBasis.LEGAL_HOLD
    assert "行政诉讼证据保全" in decision.governing().detail and decision.governing().ref == "7"


def test_leap_day_recordings_fall_back_to_28_february() -> None:
    leap = datetime(2028, 2, 29, 12, 0, tzinfo=UTC)
    assert keep_until(leap).until == datetime(2029, 2, 28, 12, 0, tzinfo=UTC)
