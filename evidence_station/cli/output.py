"""Printing results: human text or exactly one JSON object; a progress line on stderr."""

from __future__ import annotations

import json
import sys
import time
from collections.abc import Callable, Iterable
from dataclasses import fields, is_dataclass
from datetime import date, datetime
from enum import Enum
from pathlib import Path
from typing import Any

import msgspec

from evidence_station.domain.clock import iso
from evidence_station.domain.errors import EvidenceStationError
from evidence_station.domain.progress import Progress

#: Exact types JSON takes as they are (subclasses such as enums go through the tests below).
_PLAIN = frozenset({str, int, float, bool})


def to_jsonable(value: Any, zone_name: str | None = None) -> Any:
    """Dataclasses, datetimes (ISO 8601 with offset), paths and enums → JSON-able values."""
    if value is None or type(value) in _PLAIN:  # most values of a long list: returned before any other test
        return value
    # Containers test their plain members inline: a call per value was most of the time of a long list.
    if isinstance(value, dict):
        return {str(k): v if v is None or type(v) in _PLAIN else to_jsonable(v, zone_name) for k, v in value.items()}
    if isinstance(value, (list, tuple, set, frozenset)):
        return [v if v is None or type(v) in _PLAIN else to_jsonable(v, zone_name) for v in value]
    if is_dataclass(value) and not isinstance(value, type):  # field by field: asdict deep-copies every value first
        return {f.name: to_jsonable(getattr(value, f.name), zone_name) for f in fields(value)}
    if isinstance(value, datetime):
        return iso(value, zone_name)
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, Path):
        return str(value)
    if isinstance(value, Enum):
        return value.value
    if isinstance(value, bytes):
        return value.hex()
    return value


def indented_json(value: Any) -> str:
    """``json.dumps(value, ensure_ascii=False, indent=2)``, the same text made faster: ``json`` indents in pure Python
    (0.2–0.3 s for ``retention due``'s 7 MB), so the C encoder writes it compact and msgspec indents it. A value
    msgspec does not take as JSON (NaN, infinities) is written by ``json`` alone."""
    compact = json.dumps(value, ensure_ascii=False, separators=(",", ":"))
    try:
        return msgspec.json.format(compact, indent=2)
    except msgspec.DecodeError:
        return json.dumps(value, ensure_ascii=False, indent=2)


class Output:
    """Where a command's result goes."""

    def __init__(self, json_mode: bool, zone_name: str | None = None) -> None:
        self.json_mode = json_mode
        self.zone_name = zone_name
        self._emitted = False

    def result(self, data: dict[str, Any], human: str | None = None) -> None:
        """Print the command's result once: ``data`` as JSON, or ``human`` text."""
        self._emitted = True
        if self.json_mode:
            sys.stdout.write(indented_json(to_jsonable(data, self.zone_name)) + "\n")
        elif human is not None:
            sys.stdout.write(human.rstrip("\n") + "\n")
        sys.stdout.flush()

    def result_list(
        self, key: str, items: Iterable[Any], to_json: Callable[[Any], dict[str, Any]],
        to_line: Callable[[Any], str], empty: str,
    ) -> None:
        """Print a long list as it comes (constant memory): ``{key: [to_json(item), …]}`` as JSON — the same text
        as :meth:`result` would print — or ``to_line(item)`` per line (``empty`` when there is none).

        Nothing is printed before the first item (or the end of ``items``) arrived, so an error raised by the
        first page still gets its JSON error object."""
        write = sys.stdout.write
        count = 0
        for item in items:
            if not self._emitted:
                self._emitted = True
                if self.json_mode:
                    write(f"{{\n  {json.dumps(key, ensure_ascii=False)}: [\n")
            if self.json_mode:
                text = json.dumps(to_jsonable(to_json(item), self.zone_name), ensure_ascii=False, indent=2)
                write(("" if count == 0 else ",\n") + "    " + text.replace("\n", "\n    "))
            else:
                write(to_line(item).rstrip("\n") + "\n")
            count += 1
        if count == 0:
            self.result({key: []}, empty)
            return
        if self.json_mode:
            write("\n  ]\n}\n")
        sys.stdout.flush()

    def error(
        self, code: str, message: str, extra: dict[str, Any] | None = None, message_zh: str | None = None
    ) -> None:
        """Report an error: the message on stderr, and the JSON object on stdout in JSON mode.

        ``message_zh`` (the same in Chinese) is added to the JSON object as ``error.message_zh`` when given.
        """
        sys.stderr.write(f"evidence-station: {message}\n")
        if self.json_mode and not self._emitted:
            payload = dict(extra or {})
            payload["error"] = {"code": code, "message": message}
            if message_zh:
                payload["error"]["message_zh"] = message_zh
            self.result(payload)

    def fail(self, error: EvidenceStationError) -> None:
        """Report ``error``: its English on stderr; in JSON mode its code, ``message`` and ``message_zh``."""
        self.error(error.code, error.message, None, error.text_zh())

    def info(self, text: str) -> None:
        """A side note on stderr (never pollutes JSON on stdout)."""
        sys.stderr.write(text.rstrip("\n") + "\n")


class ProgressPrinter:
    """A progress callback that draws one updating line on stderr when it is a terminal."""

    def __init__(self, label: str) -> None:
        self.label = label
        self.started = time.monotonic()
        self.interactive = sys.stderr.isatty()
        self._last = 0.0

    def __call__(self, progress: Progress) -> None:
        now = time.monotonic()
        if not self.interactive or (now - self._last < 0.2 and progress.done < progress.total):
            return
        self._last = now
        pct = f"{progress.fraction * 100:5.1f}%" if progress.total else "     "
        rate = ""
        if progress.unit == "bytes" and now > self.started:
            rate = f" {progress.done / (now - self.started) / 1e6:6.1f} MB/s"
        item = progress.item[-40:]
        sys.stderr.write(f"\r{self.label} {pct}{rate} {item:<40}")
        sys.stderr.flush()

    def finish(self) -> None:
        """End the progress line."""
        if self.interactive:
            sys.stderr.write("\n")
