"""Copying one scanned card file the station can read itself into the vault, reading it once.

This is what a local import (a folder on the station's own machine) does per file; a desk client instead streams
the file to the service (:mod:`evidence_station.cards.source`).
"""

from __future__ import annotations

from collections.abc import Callable
from contextlib import AbstractContextManager, nullcontext
from typing import BinaryIO

from evidence_station.cards.open_file import open_card_file
from evidence_station.cards.scan import CardEntry
from evidence_station.domain.progress import CancelToken, ProgressCallback, check_cancel
from evidence_station.vault.blob_store import IngestResult, PublishJournal, Vault


def copy_card_file(
    vault: Vault,
    entry: CardEntry,
    progress: ProgressCallback | None = None,
    cancel: CancelToken | None = None,
    copy_slot: AbstractContextManager[object] | None = None,
    journal: PublishJournal | None = None,
    source: BinaryIO | None = None,
    verify_source: Callable[[bytes], None] | None = None,
) -> IngestResult:
    """Store the card file ``entry`` in ``vault``, reading it exactly once.

    ``source`` gives the file's bytes as they arrive (a desk streaming the card); without it the file is opened
    here as :func:`~evidence_station.cards.open_file.open_card_file` does (no link followed, still the scanned
    regular file). Progress and cancellation are those of :meth:`Vault.ingest`, with ``item`` set to the card path
    for display; ``copy_slot`` (held while reading and hashing), ``journal`` (noted before publishing) and
    ``verify_source`` (the transfer checksum check) are passed on.
    """
    check_cancel(cancel)
    with open_card_file(entry) if source is None else nullcontext(source) as stream:
        return vault.ingest(stream, expected_size=entry.size, item=entry.card_path_display, progress=progress,
                            cancel=cancel, copy_slot=copy_slot, journal=journal, verify_source=verify_source)
