"""The CLI's argument types: ids, bounded numbers, dates and times refuse bad values with exit 2, no traceback."""

from __future__ import annotations

import argparse
import math
import re
from datetime import datetime

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from evidence_station.cli import arg_types
from evidence_station.cli.arg_types import (
    MAX_ID,
    bounded_float,
    bounded_int,
    day,
    local_time,
    month,
    parse_local_time,
    record_id,
)
from evidence_station.cli.main import full_parser, main
from evidence_station.domain.errors import InvalidInputError
from evidence_station.domain.messages import Msg

BAD_NUMBERS = ["", " ", "abc", "1e20", "1e3", "1.0", "1.5", "0x10", "1_000", "nan", "NaN", "inf", "-inf", "+", "--1",
               "9" * 40, "1 2", "١٢", "²", "0", "-1", "-0", str(MAX_ID + 1), str(2**64), "99999999999999999999999"]


@pytest.mark.parametrize("text", BAD_NUMBERS)
def test_an_id_is_a_whole_number_from_1_to_the_largest_signed_64_bit_integer(text: str) -> None:
    with pytest.raises(argparse.ArgumentTypeError, match="whole number from 1 to 9223372036854775807") as refused:
        record_id(text)
    assert "编号" in str(refused.value)


@given(st.integers(min_value=1, max_value=MAX_ID))
def test_every_valid_id_is_accepted(value: int) -> None:
    assert record_id(str(value)) == value
    assert record_id(f" +{value} ") == value


@given(st.one_of(st.integers(max_value=0), st.integers(min_value=MAX_ID + 1)))
def test_every_id_out_of_range_is_refused(value: int) -> None:
    with pytest.raises(argparse.ArgumentTypeError):
        record_id(str(value))


@given(st.text(max_size=30))
@settings(max_examples=300)
def test_any_text_is_an_id_in_range_or_refused(text: str) -> None:
    try:
        value = record_id(text)
    except argparse.ArgumentTypeError:
        return
    assert 1 <= value <= MAX_ID and re.fullmatch(r"\s*\+?[0-9]+\s*", text)


def test_a_bounded_count_refuses_what_lies_outside() -> None:
    limit = bounded_int(1, 1000, Msg("the limit"))
    assert limit("1") == 1 and limit("1000") == 1000
    for text in ("0", "1001", "-5", "1e20", "nan", "inf", "10.0"):
        with pytest.raises(argparse.ArgumentTypeError, match="the limit must be a whole number from 1 to 1000"):
            limit(text)


@given(st.one_of(st.floats(allow_nan=True, allow_infinity=True).map(repr), st.text(max_size=20),
                 st.sampled_from(["nan", "inf", "-inf", "Infinity", "1e400", "-1e400", "1e20", "-0.0", "0"])))
@settings(max_examples=300)
def test_a_bounded_number_is_finite_and_within_its_range(text: str) -> None:
    hours = bounded_float(0, 72, Msg("the validity in hours"), low_inclusive=False)
    try:
        value = hours(text)
    except argparse.ArgumentTypeError as refused:
        assert "greater than 0 up to 72" in str(refused) and "有效期" in str(refused)
        return
    assert math.isfinite(value) and 0 < value <= 72


@pytest.mark.parametrize("text", ["0001-01-01", "1899-12-31", "9999-12-31", "9999-12-31T23:59+14:00", "2026-13-01",
                                  "2026-02-30", "yesterday", "", "2026-11-24T25:00", "1e20", "nan"])
def test_times_are_refused_when_unreadable_or_beyond_the_years_the_clock_handles(text: str) -> None:
    with pytest.raises(argparse.ArgumentTypeError, match="Cannot read the time") as refused:
        local_time(text)
    assert "无法识别时间" in str(refused.value)


@given(st.datetimes(min_value=datetime(1900, 1, 1), max_value=datetime(9998, 12, 31, 23, 59, 59)),
       st.sampled_from(["", "+08:00", "-12:00", "+14:00", "Z"]))
def test_every_time_in_range_parses_to_utc_in_any_zone(moment: datetime, offset: str) -> None:
    text = moment.isoformat() + offset
    assert local_time(text) == text
    for zone in ("Asia/Shanghai", "Pacific/Kiritimati", "Etc/GMT+12"):
        assert parse_local_time(text, zone).tzinfo is not None


@given(st.text(max_size=25))
@settings(max_examples=300)
def test_any_text_is_a_time_or_refused_plainly(text: str) -> None:
    try:
        local_time(text)
    except argparse.ArgumentTypeError:
        return
    assert parse_local_time(text, "Asia/Shanghai") is not None


def test_days_and_months() -> None:
    assert day("2026-11-24") == "2026-11-24" and month("2026-11") == "2026-11"
    for bad in ("0001-01-01", "2026-11-31", "24.11.2026", "9999-12-31"):
        with pytest.raises(argparse.ArgumentTypeError, match="YYYY-MM-DD"):
            day(bad)
    for bad in ("2026-13", "0001-01", "November", "2026-11-01", "9999-01"):
        with pytest.raises(argparse.ArgumentTypeError, match="YYYY-MM"):
            month(bad)
    with pytest.raises(InvalidInputError, match="the year must be from 1900 to 9998"):
        arg_types.read_time("0001-01-01T00:00")


def test_no_integer_or_float_option_is_left_unchecked() -> None:
    """Every numeric option and positional of every command uses a checked type (not bare int/float)."""
    unchecked = []

    def walk(parser: argparse.ArgumentParser, where: str) -> None:
        for action in parser._actions:
            if isinstance(action, argparse._SubParsersAction):
                for name, sub in action.choices.items():
                    walk(sub, f"{where} {name}")
            elif action.type in (int, float):
                unchecked.append(f"{where} {action.option_strings or action.dest}")

    walk(full_parser(), "evidence-station")
    assert unchecked == []


@pytest.mark.parametrize(("argv", "named"), [
    (["view", "open", "99999999999999999999999"], "recording_id"), (["audit", "list", "--limit", "1e20"], "--limit"),
    (["audit", "list", "--limit", "-1"], "--limit"), (["view", "approve", "1", "--hours", "inf"], "--hours"),
    (["retention", "due", "--within", "99999999999"], "--within"), (["dashboard", "--weeks", "100000000"], "--weeks"),
    (["dashboard", "--day", "0001-01-01"], "--day"), (["audit", "list", "--since", "0001-01-01"], "--since"),
    (["report", "monthly", "--month", "2026-13", "--out", "x.pdf"], "--month"),
    (["check", "add", "X", "--offset", "nan"], "--offset"),
    (["finding", "explain-gap", "1", "--reason", "battery", "--spoken-at", "-1"], "--spoken-at"),
    (["demo-card", "d", "--seed", "-1"], "--seed"),
])
def test_bad_values_exit_2_with_a_json_error_before_anything_runs(
    argv: list[str], named: str, capsys: pytest.CaptureFixture[str]
) -> None:
    import json

    assert main(["--home", "/nonexistent-home", "--json", *argv]) == 2
    captured = capsys.readouterr()
    error = json.loads(captured.out)["error"]
    assert error["code"] == "usage" and error["message"].startswith(f"argument {named}: ")
    assert error["message_zh"].startswith("命令行用法有误")
    assert "Traceback" not in captured.err and "usage:" in captured.err
