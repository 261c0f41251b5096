"""The re-import preview (#20 item 12): which of a card's files an earlier import of the same card already stored."""

from __future__ import annotations

import shutil
from datetime import date
from pathlib import Path

import pytest

from evidence_station.cards.feeder import card_file_info, card_identity
from evidence_station.cards.scan import scan_card
from evidence_station.domain.errors import PermissionDeniedError
from evidence_station.media.demo_card import write_demo_card
from evidence_station.services.context import ServiceContext
from evidence_station.services.import_preview import stored_card_files
from evidence_station.services.import_service import import_card


def _ask(ctx: ServiceContext, card: Path) -> tuple[list, list]:
    entries = [card_file_info(e) for e in scan_card(card)]
    return entries, stored_card_files(ctx, *card_identity(card), entries)


def test_a_card_imported_before_previews_its_stored_files_and_only_those(
    people: dict[str, ServiceContext], tmp_path: Path
) -> None:
    ctx = people["custodian"]
    card = tmp_path / "DSJ"
    write_demo_card(card, seed=5, day=date(2026, 11, 24))
    entries, known = _ask(ctx, card)
    assert known == []  # never imported

    result = import_card(ctx, card)
    stored = {f.card_path: f.recording_id for f in result.files if f.recording_id is not None}
    assert stored
    entries, known = _ask(ctx, card)
    assert {entries[k.index].card_path: k.recording_id for k in known} == stored
    assert {k.import_id for k in known} == {result.import_id}
    assert all(entries[k.index].status == "candidate" for k in known)

    new = card / "DCIM" / "NEW_0001.MP4"
    new.write_bytes(b"\0" * 1000)
    grown = next(e for e in entries if e.card_path in stored)  # same path, another size: not the stored file
    (card / grown.card_path).write_bytes((card / grown.card_path).read_bytes() + b"more")
    entries, known = _ask(ctx, card)
    names = {entries[k.index].card_path for k in known}
    assert "DCIM/NEW_0001.MP4" not in names and grown.card_path not in names
    assert names == set(stored) - {grown.card_path}


def test_the_same_files_on_another_card_are_not_claimed(people: dict[str, ServiceContext], tmp_path: Path) -> None:
    ctx = people["custodian"]
    card = tmp_path / "DSJ"
    write_demo_card(card, seed=6, day=date(2026, 11, 24))
    import_card(ctx, card)
    other = tmp_path / "other" / "CARD2"
    shutil.copytree(card, other)
    entries, known = _ask(ctx, other)
    assert known == []  # another mount point and label: the import will say, by SHA-256
    assert stored_card_files(ctx, "DSJ", "/media/x/DSJ", entries)  # the same label is the same card


def test_only_importers_may_ask(people: dict[str, ServiceContext]) -> None:
    with pytest.raises(PermissionDeniedError):
        stored_card_files(people["clerk"], "DSJ", "/media/x/DSJ", [])
