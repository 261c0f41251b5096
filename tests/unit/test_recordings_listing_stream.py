"""``recordings`` streams (issue #22): pages fetched by keyset and printed as they come, the same JSON text as
one ``Output.result`` of the whole list, and nothing printed before the first page arrived."""

from __future__ import annotations

import argparse
import json
from datetime import UTC, datetime, timedelta
from types import SimpleNamespace
from typing import Any

import pytest

from evidence_station.api.recordings import RecordingCursor, RecordingView
from evidence_station.cli.commands import import_commands
from evidence_station.cli.output import Output
from evidence_station.domain.errors import InvalidInputError
from evidence_station.domain.messages import Msg

START = datetime(2026, 11, 24, 1, 0, tzinfo=UTC)


def view(number: int) -> RecordingView:
    """A recording with Chinese text, an offset clock and a missing end (every kind of value the JSON shows)."""
    start = START + timedelta(minutes=number)
    return RecordingView(
        id=number, sha256=f"{number:064x}", sm3=f"{number:064x}", size=1000 + number, kind="video",
        device="Z8A0001", officer="警号001", start=start, end=None if number % 2 else start + timedelta(minutes=1),
        card_path=f"DCIM/录像_{number}.MP4", file_name=f"录像_{number}.MP4", playable=True, time_source="file_name",
        classification="ordinary", import_id=1, imported_at=start, import_delay_s=3.5, duplicate_of=None,
        clock_offset_s=12.0 if number % 3 else None, media={"duration_s": 60}, disposed=False)


class PagedClient:
    """A station client over ``views`` that records every page asked for."""

    def __init__(self, views: list[RecordingView], fail: bool = False) -> None:
        self.views = views
        self.fail = fail
        self.calls: list[tuple[int | None, RecordingCursor | None]] = []
        self.station = SimpleNamespace(zone="Asia/Shanghai")

    def list_recordings(self, *, limit: int | None = None, after: RecordingCursor | None = None,
                        **filters: Any) -> list[RecordingView]:
        self.calls.append((limit, after))
        if self.fail:
            raise InvalidInputError(Msg("An offset needs a limit."))
        rest = [v for v in self.views if after is None or (v.start, v.id) > (after.start, after.id)]
        return rest[:limit]


def run(monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str], client: PagedClient,
        json_mode: bool = True) -> str:
    monkeypatch.setattr(import_commands, "RECORDINGS_PAGE", 2)
    monkeypatch.setattr(import_commands, "as_client", lambda args, out, work: work(client))
    args = argparse.Namespace(since=None, until=None, device=None, officer=None, kind=None, finding=None)
    assert import_commands.cmd_recordings(args, Output(json_mode, "Asia/Shanghai")) == 0
    return capsys.readouterr().out


def whole(monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str], views: list[RecordingView]) -> str:
    """What printing the whole list at once gives."""
    Output(True, "Asia/Shanghai").result({"recordings": [import_commands.recording_json(v) for v in views]})
    return capsys.readouterr().out


@pytest.mark.parametrize("count", [1, 2, 5])
def test_the_listing_is_fetched_by_keyset_pages_and_prints_the_same_json(
        monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str], count: int) -> None:
    views = [view(n) for n in range(1, count + 1)]
    client = PagedClient(views)
    streamed = run(monkeypatch, capsys, client)
    assert streamed == whole(monkeypatch, capsys, views)
    assert [r["id"] for r in json.loads(streamed)["recordings"]] == list(range(1, count + 1))
    assert all(limit == 2 for limit, _ in client.calls)  # never everything at once
    assert [after for _, after in client.calls] == [None] + [RecordingCursor.of(views[i])
                                                              for i in range(1, count, 2)]


def test_an_empty_listing_prints_the_empty_list(monkeypatch: pytest.MonkeyPatch,
                                                capsys: pytest.CaptureFixture[str]) -> None:
    assert json.loads(run(monkeypatch, capsys, PagedClient([]))) == {"recordings": []}
    assert run(monkeypatch, capsys, PagedClient([]), json_mode=False) == "No recordings.\n"


def test_human_lines_stream_too(monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]) -> None:
    lines = run(monkeypatch, capsys, PagedClient([view(n) for n in range(1, 4)]), json_mode=False).splitlines()
    assert [line.split()[0] for line in lines] == ["1", "2", "3"]


def test_an_error_on_the_first_page_still_gets_its_json_error(monkeypatch: pytest.MonkeyPatch,
                                                               capsys: pytest.CaptureFixture[str]) -> None:
    out = Output(True, "Asia/Shanghai")
    monkeypatch.setattr(import_commands, "as_client", lambda args, out, work: work(PagedClient([], fail=True)))
    args = argparse.Namespace(since=None, until=None, device=None, officer=None, kind=None, finding=None)
    with pytest.raises(InvalidInputError):
        import_commands.cmd_recordings(args, out)
    assert capsys.readouterr().out == ""
    out.error("invalid_input", "An offset needs a limit.")
    assert json.loads(capsys.readouterr().out)["error"]["code"] == "invalid_input"
