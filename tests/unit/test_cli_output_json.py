"""The CLI's ``--json`` output is exactly ``json.dumps(…, ensure_ascii=False, indent=2)`` of the result, written
faster (issue #22: ``retention due`` prints megabytes), and dataclasses are walked without being copied."""

from __future__ import annotations

import json
import math
from dataclasses import dataclass
from datetime import UTC, date, datetime
from enum import StrEnum
from typing import Any

import pytest

from evidence_station.cli.output import indented_json, to_jsonable


class Colour(StrEnum):
    RED = "red"


@dataclass(frozen=True)
class Inner:
    when: datetime
    colour: Colour


@dataclass(frozen=True)
class Outer:
    name: str
    items: list[Inner]
    counts: dict[int, int]
    day: date | None


@pytest.mark.parametrize("value", [
    {}, [], {"a": [], "b": {}}, [1.5e-7, 1e20, 0.1, -0.0, 10**30, 0, True, None],
    {"text": "中文\u2028\"\\\x00\t", "nested": [[{"x": [1, {"y": []}]}]]},
    {"nan": math.nan, "inf": -math.inf},  # not JSON to msgspec: json writes these alone
])
def test_indented_json_is_json_dumps_byte_for_byte(value: Any) -> None:
    assert indented_json(value) == json.dumps(value, ensure_ascii=False, indent=2)


def test_dataclasses_enums_and_times_become_json_values() -> None:
    value = Outer("x", [Inner(datetime(2026, 12, 7, 1, 2, 3, tzinfo=UTC), Colour.RED)], {1: 2}, date(2026, 12, 7))
    assert to_jsonable(value, "Asia/Shanghai") == {
        "name": "x", "items": [{"when": "2026-12-07T09:02:03+08:00", "colour": "red"}], "counts": {"1": 2},
        "day": "2026-12-07"}
