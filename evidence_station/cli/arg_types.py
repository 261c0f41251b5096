"""Argument types shared by every command: ids, bounded counts and numbers, dates and times.

A bad value is refused while the command line is read — exit code 2, ``argument X: MESSAGE`` with the
message in English and Chinese, no traceback — so no command meets an id SQLite cannot hold (ids are
signed 64-bit, at least 1), a count or number that is negative, infinite, NaN or absurdly large, or a date
the clock arithmetic cannot represent (years 1900–9998). The date and time types return the text they
checked; :func:`parse_local_time` turns it into UTC once the station's time zone is known.
"""

from __future__ import annotations

import argparse
import math
import re
from collections.abc import Callable
from datetime import date, datetime

from evidence_station.domain.clock import local_to_utc
from evidence_station.domain.errors import InvalidInputError
from evidence_station.domain.messages import Msg

MAX_ID = 2**63 - 1
"""The largest id the catalogue can hold (SQLite and PostgreSQL ``bigint``)."""
MIN_YEAR, MAX_YEAR = 1900, 9998
"""Dates outside these years are refused (a time zone or a day added must never overflow)."""
_WHOLE = re.compile(r"[+-]?[0-9]{1,30}")


def _whole_number(text: str) -> int | None:
    """``text`` as a whole number written in digits (no ``1e3``, ``1.0`` or ``1_000``), else None."""
    cleaned = str(text).strip()
    return int(cleaned) if _WHOLE.fullmatch(cleaned) else None


def _type_error(said: Msg) -> argparse.ArgumentTypeError:
    """An argparse refusal saying ``said`` in English, then in Chinese (argparse prints it before any language
    is known)."""
    return argparse.ArgumentTypeError(f"{said} ({said.render('zh_CN')})")


def bounded_int(low: int, high: int, what: Msg) -> Callable[[str], int]:
    """An argparse type: a whole number from ``low`` to ``high``; ``what`` names it in the message."""

    def parse(text: str) -> int:
        value = _whole_number(text)
        if value is None or not low <= value <= high:
            raise _type_error(Msg("{what} must be a whole number from {low} to {high}, not {text!r}", what=what,
                                  low=low, high=high, text=text))
        return value

    parse.__name__ = str(what).replace(" ", "_")  # argparse names the type in some messages
    return parse


record_id = bounded_int(1, MAX_ID, Msg("an id"))
"""An argparse type: the id of a recording, request, case, finding, … (1 to 2^63 − 1)."""


def bounded_float(
    low: float, high: float, what: Msg, *, low_inclusive: bool = True
) -> Callable[[str], float]:
    """An argparse type: a finite number from ``low`` (excluded unless ``low_inclusive``) to ``high``."""

    def parse(text: str) -> float:
        try:
            value = float(str(text).strip())
        except ValueError:
            value = math.nan
        above_low = value >= low if low_inclusive else value > low
        if not (math.isfinite(value) and above_low and value <= high):
            if low_inclusive:
                raise _type_error(Msg("{what} must be a number from {low:g} up to {high:g}, not {text!r}",
                                      what=what, low=low, high=high, text=text))
            raise _type_error(Msg("{what} must be a number greater than {low:g} up to {high:g}, not {text!r}",
                                  what=what, low=low, high=high, text=text))
        return value

    parse.__name__ = str(what).replace(" ", "_")
    return parse


_FORMS = {
    "time": (Msg("time"), Msg("2026-11-24 or 2026-11-24T09:30")),
    "date": (Msg("date"), "YYYY-MM-DD"),
    "month": (Msg("month"), Msg("YYYY-MM (e.g. 2026-11)")),
}


def _refuse(kind: str, text: str, year_out_of_range: bool) -> InvalidInputError:
    what, form = _FORMS[kind]
    if year_out_of_range:
        return InvalidInputError(Msg("Cannot read the {what} {text!r}; the year must be from {low} to {high}; "
                                     "write it as {form}.", what=what, text=text, low=MIN_YEAR, high=MAX_YEAR,
                                     form=form))
    return InvalidInputError(Msg("Cannot read the {what} {text!r}; write it as {form}.", what=what, text=text,
                                 form=form))


def _in_range(value: date) -> bool:
    return MIN_YEAR <= value.year <= MAX_YEAR


def read_time(text: str) -> datetime:
    """A date/time as ISO 8601 (``2026-11-24``, ``2026-11-24T09:30``, with or without offset), years checked.

    :class:`InvalidInputError` (exit 2) names the value and the expected form.
    """
    try:
        value = datetime.fromisoformat(str(text).strip())
    except ValueError:
        raise _refuse("time", text, False) from None
    if not _in_range(value):
        raise _refuse("time", text, True)
    return value


def parse_local_time(text: str | None, zone_name: str | None) -> datetime | None:
    """A CLI time argument (ISO 8601; without offset it is station-local) as UTC; None when not given."""
    if not text:
        return None
    value = read_time(text)
    return local_to_utc(value, zone_name) if value.tzinfo is None else value


def read_day(text: str) -> date:
    """A day as ``YYYY-MM-DD``, years checked; :class:`InvalidInputError` (exit 2) otherwise."""
    try:
        value = date.fromisoformat(str(text).strip())
    except ValueError:
        raise _refuse("date", text, False) from None
    if not _in_range(value):
        raise _refuse("date", text, True)
    return value


def read_month(text: str) -> date:
    """A month as ``YYYY-MM`` (its first day), years checked; :class:`InvalidInputError` (exit 2) otherwise."""
    match = re.fullmatch(r"([0-9]{4})-([0-9]{1,2})", str(text).strip())
    try:
        value = date(int(match[1]), int(match[2]), 1) if match else None
    except ValueError:
        value = None
    if value is None:
        raise _refuse("month", text, False)
    if not _in_range(value):
        raise _refuse("month", text, True)
    return value


def _argparse_type(read: Callable[[str], object], name: str) -> Callable[[str], str]:
    """An argparse type that checks ``text`` with ``read`` and keeps the text (read again later, with the zone)."""

    def check(text: str) -> str:
        try:
            read(text)
        except InvalidInputError as exc:
            raise argparse.ArgumentTypeError(f"{exc.message} ({exc.text_zh()})") from None
        return text

    check.__name__ = name
    return check


local_time = _argparse_type(read_time, "time")
"""An argparse type: a date or date/time (ISO 8601, station-local unless it carries an offset)."""
day = _argparse_type(read_day, "date")
"""An argparse type: a day, ``YYYY-MM-DD``."""
month = _argparse_type(read_month, "month")
"""An argparse type: a month, ``YYYY-MM``."""
