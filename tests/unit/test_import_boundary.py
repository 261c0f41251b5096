"""Importing through the station service: the desk reads each card file once and streams it with its checksum;
the service stores, reads back and compares — and refuses what did not arrive intact."""

from __future__ import annotations

import hashlib
from collections.abc import Iterator
from datetime import date
from pathlib import Path

import pytest

from evidence_station.api.imports import ImportResult
from evidence_station.cards.errors import SourceReadError
from evidence_station.cards.source import ChecksummedReader
from evidence_station.catalogue.recordings import ImportSession, Recording
from evidence_station.client.card_import import import_card
from evidence_station.client.station_client import StationClient
from evidence_station.client.transport import InProcessTransport, Transport
from evidence_station.domain.errors import PermissionDeniedError
from evidence_station.media.demo_card import write_demo_card
from evidence_station.server.data_channel import DataChannel
from evidence_station.server.dispatch import Dispatcher
from evidence_station.services import import_service
from evidence_station.services.station import Station
from evidence_station.services.verify_service import verify_store
from tests.conftest import PASSWORD
from tests.helpers.transports import WAYS, reached


@pytest.fixture(params=[*WAYS, "pipe"])
def transport(request: pytest.FixtureRequest, dispatcher: Dispatcher, tmp_path: Path) -> Iterator[Transport]:
    """In-process; over HTTP with the card bytes in request bodies; over HTTP with them through pipes handed over
    the data channel (a desk on the station's machine)."""
    with reached(request.param, dispatcher, tmp_path / "s.sock") as way:
        yield way


@pytest.fixture
def card(tmp_path: Path) -> Path:
    folder = tmp_path / "card"
    write_demo_card(folder, seed=6, day=date(2026, 11, 24))
    return folder


def _card_hashes(card: Path) -> dict[str, str]:
    return {p.relative_to(card).as_posix(): hashlib.sha256(p.read_bytes()).hexdigest()
            for p in card.rglob("*") if p.is_file() and not p.is_symlink()}


def _assert_clean(station: Station) -> None:
    assert not [p for p in (station.vault_dir / "tmp").rglob("*") if p.is_file()]
    assert verify_store(station).ok


def test_a_card_streamed_to_the_service_is_stored_byte_for_byte(transport: Transport, station: Station,
                                                                 card: Path):
    client = StationClient.login(transport, "custodian", PASSWORD)
    result = import_card(client, card)
    assert isinstance(result, ImportResult) and result.status == "completed"
    hashes = _card_hashes(card)
    stored = [f for f in result.files if f.recording_id is not None]
    assert stored and all(f.sha256 == hashes[f.card_path] for f in stored)
    for f in stored:
        blob = station.vault.blob_path(f.sha256)
        assert hashlib.sha256(blob.read_bytes()).hexdigest() == f.sha256
    assert len(result.files) == len(hashes) + sum(1 for p in card.rglob("*") if p.is_symlink())
    assert ImportSession.get_by_id(result.import_id).status == "completed"
    _assert_clean(station)


def test_bytes_that_arrive_different_are_never_stored(transport: Transport, station: Station, card: Path,
                                                      monkeypatch: pytest.MonkeyPatch):
    victim = max((p for p in card.rglob("*.MP4") if p.is_file() and not p.is_symlink()), key=lambda p: p.stat().st_size)

    class LyingReader(ChecksummedReader):
        def checksum(self) -> bytes:  # as if a byte had flipped on the way
            real = super().checksum()
            return bytes([real[0] ^ 1]) + real[1:] if self.item.endswith(victim.name) else real

    monkeypatch.setattr("evidence_station.cards.feeder.ChecksummedReader", LyingReader)
    client = StationClient.login(transport, "custodian", PASSWORD)
    result = import_card(client, card)
    [failed] = [f for f in result.files if f.error]
    assert failed.card_path.endswith(victim.name) and "differ" in (failed.reason or "")
    assert not Recording.select().where(Recording.card_path == failed.card_path).exists()
    assert not station.vault.has_blob(hashlib.sha256(victim.read_bytes()).hexdigest())
    _assert_clean(station)


def test_a_card_pulled_while_a_file_streams_fails_that_file_only(transport: Transport, station: Station,
                                                                 card: Path, monkeypatch: pytest.MonkeyPatch):
    victim = max((p for p in card.rglob("*.MP4") if p.is_file() and not p.is_symlink()), key=lambda p: p.stat().st_size)

    class PulledReader(ChecksummedReader):
        def read(self, size: int = -1) -> bytes:
            if self.item.endswith(victim.name) and self.read_bytes >= 4096:
                raise SourceReadError(f"Reading {self.item} failed at byte 4096 (card removed?).")
            return super().read(min(size, 4096) if size > 0 else 4096)

        def readinto(self, buffer):
            data = self.read(len(buffer))
            buffer[:len(data)] = data
            return len(data)

    monkeypatch.setattr("evidence_station.cards.feeder.ChecksummedReader", PulledReader)
    client = StationClient.login(transport, "custodian", PASSWORD)
    result = import_card(client, card)
    [failed] = [f for f in result.files if f.error]
    assert failed.card_path.endswith(victim.name) and "byte 4096" in (failed.reason or "")
    assert result.counts["stored"] + result.counts["already_stored"] >= 5
    _assert_clean(station)


def test_another_session_cannot_send_into_my_import(transport: Transport, station: Station, card: Path):
    mine = StationClient.login(transport, "custodian", PASSWORD)
    from evidence_station.cards.feeder import card_file_info
    from evidence_station.cards.scan import scan_card

    scanned = scan_card(card)
    plan = mine.begin_import("card", str(card), [card_file_info(e) for e in scanned])
    other = StationClient.login(transport, "custodian", PASSWORD)  # same person, another session
    with pytest.raises(PermissionDeniedError):
        other.finish_import(plan.import_id)
    result = mine.finish_import(plan.import_id, cancelled=True)
    assert result.status == "cancelled" and all(f.status == "skipped" for f in result.files)


def test_an_import_whose_desk_went_away_ends_interrupted(transport: Transport, station: Station, card: Path):
    from evidence_station.cards.feeder import card_file_info
    from evidence_station.cards.scan import scan_card

    client = StationClient.login(transport, "custodian", PASSWORD)
    plan = client.begin_import("card", str(card), [card_file_info(e) for e in scan_card(card)])
    client.logout()  # the desk's session ends with the import unfinished
    session = ImportSession.get_by_id(plan.import_id)
    assert session.status == "interrupted" and session.files_stored == 0
    _assert_clean(station)


def test_an_idle_import_is_ended_by_the_service(station: Station, people: dict, card: Path):
    from evidence_station.cards.feeder import card_file_info
    from evidence_station.cards.scan import scan_card

    plan = import_service.begin_import(people["custodian"], "card", str(card),
                                       [card_file_info(e) for e in scan_card(card)])
    assert import_service.end_abandoned_imports(idle_limit_s=0.0) == [plan.import_id]
    assert ImportSession.get_by_id(plan.import_id).status == "interrupted"


def _data_channel_request(path: Path, header: dict, fd: int) -> dict:
    import json
    import socket

    with socket.socket(socket.AF_UNIX, socket.SOCK_STREAM) as connection:
        connection.connect(str(path))
        socket.send_fds(connection, [json.dumps(header).encode() + b"\n"], [fd])
        connection.shutdown(socket.SHUT_WR)
        return json.loads(connection.makefile("rb").readline())


def test_the_data_channel_takes_pipes_of_live_sessions_only(dispatcher: Dispatcher, tmp_path: Path, card: Path):
    import os

    from evidence_station.cards.feeder import card_file_info
    from evidence_station.cards.scan import scan_card

    channel = DataChannel(dispatcher, tmp_path / "d.sock.data").start()
    try:
        assert (tmp_path / "d.sock.data").stat().st_mode & 0o777 == 0o660
        client = StationClient.login(InProcessTransport(dispatcher), "custodian", PASSWORD)
        entries = scan_card(card)
        plan = client.begin_import("card", str(card), [card_file_info(e) for e in entries])
        index = plan.send[0]
        header = {"token": client.token, "import_id": plan.import_id, "index": index, "size": entries[index].size}
        with open(entries[index].path, "rb") as not_a_pipe:  # a file the desk may read is still no pipe
            answer = _data_channel_request(channel.path, header, not_a_pipe.fileno())
        assert answer["error"]["code"] == "invalid_input"
        read_end, write_end = os.pipe()
        os.close(write_end)
        answer = _data_channel_request(channel.path, {**header, "token": "forged"}, read_end)
        os.close(read_end)
        assert answer["error"]["code"] == "session_expired"
        result = client.finish_import(plan.import_id, cancelled=True)
        assert all(f.status == "skipped" for f in result.files)
    finally:
        channel.stop()
    assert not (tmp_path / "d.sock.data").exists()
