"""Progress reporting and cancellation for long operations (import, export, burn, verify).

Long service functions take ``progress: ProgressCallback | None`` and ``cancel: CancelToken | None``.
They never know about Qt: the GUI turns callbacks into signals, the CLI prints a bar.
"""

from __future__ import annotations

import threading
from collections.abc import Callable
from dataclasses import dataclass
from enum import StrEnum

from evidence_station.domain.errors import OperationCancelledError
from evidence_station.domain.messages import Msg


class Stage(StrEnum):
    """What a long operation is doing now. Readers (the GUI's stage list, the CLI's bar) decide by the stage,
    never by the wording of ``message``."""

    WORKING = "working"  # no particular stage
    SCANNING = "scanning"  # reading a card's folders
    UPLOADING = "uploading"  # a client sending card bytes to the service
    COPYING = "copying"  # card → vault, hashing while copying
    READING_BACK = "reading_back"  # the vault copy read back from the disk and compared
    PROBING = "probing"  # media metadata
    ANALYSING = "analysing"  # findings after an import
    THUMBNAILS = "thumbnails"
    VERIFYING_STORE = "verifying_store"  # re-hashing stored originals
    VERIFYING_CHAIN = "verifying_chain"  # the audit chain and its checkpoints
    STAGING = "staging"  # originals gathered and checked for an export
    SIGNING = "signing"  # manifest, provenance sheet
    WRITING_IMAGE = "writing_image"  # the disc image
    CHECKING_IMAGE = "checking_image"  # the fresh image read back and verified
    DOWNLOADING = "downloading"  # a client fetching an image from the service
    BURNING = "burning"
    VERIFYING_DISC = "verifying_disc"  # a disc, image or folder verified on its own
    WRITING_DOCUMENT = "writing_document"  # a PDF report or register


@dataclass(frozen=True)
class Progress:
    """One progress report.

    ``done``/``total`` count the unit named by ``unit`` (``"bytes"`` or ``"files"``);
    ``total`` is 0 when unknown. ``item`` names the current file or step, ``stage`` what is being done.
    """

    done: int
    total: int
    unit: str = "bytes"
    item: str = ""
    message: str = ""
    stage: Stage = Stage.WORKING

    @property
    def fraction(self) -> float:
        """Share done in 0..1 (0 when the total is unknown)."""
        return min(1.0, self.done / self.total) if self.total else 0.0


ProgressCallback = Callable[[Progress], None]


class CancelToken:
    """A thread-safe flag a caller sets to ask a long operation to stop at the next safe point.

    A token made with a ``parent`` is also cancelled when the parent is (an operation can stop its own
    workers without touching the caller's token).
    """

    def __init__(self, parent: CancelToken | None = None) -> None:
        self._event = threading.Event()
        self._parent = parent

    def cancel(self) -> None:
        """Ask the operation to stop."""
        self._event.set()

    @property
    def cancelled(self) -> bool:
        """True once :meth:`cancel` was called."""
        return self._event.is_set() or (self._parent is not None and self._parent.cancelled)

    def wait(self, timeout: float | None = None) -> bool:
        """Block until cancelled or ``timeout`` seconds passed; True when cancelled (own flag only)."""
        return self._event.wait(timeout)

    def raise_if_cancelled(self) -> None:
        """Raise :class:`OperationCancelledError` when cancellation was asked for."""
        if self.cancelled:
            raise OperationCancelledError(Msg("The operation was cancelled; nothing half-done was kept."))


def report(progress: ProgressCallback | None, *args: object, **kwargs: object) -> None:
    """Call ``progress`` with a :class:`Progress` built from the arguments, if a callback was given."""
    if progress is not None:
        progress(Progress(*args, **kwargs))  # type: ignore[arg-type]


def check_cancel(cancel: CancelToken | None) -> None:
    """Raise if ``cancel`` is set; a no-op without a token."""
    if cancel is not None:
        cancel.raise_if_cancelled()


class ConcurrentByteProgress:
    """Adds up the byte progress of several items worked on at once into one total report.

    Each item reports through :meth:`for_item` (its own ``done`` of its own size); :meth:`item_done`
    moves it to the finished sum. Reports whose ``message`` is in ``ignore`` (e.g. a read-back pass over
    bytes already counted) do not move the total, so it never goes backwards.
    """

    def __init__(self, total: int, progress: ProgressCallback | None, *, ignore: frozenset[str] = frozenset()):
        self.total = total
        self.progress = progress
        self.ignore = ignore
        self.finished = 0
        self._live: dict[str, int] = {}
        self._lock = threading.Lock()

    def for_item(self, key: str) -> ProgressCallback:
        """The callback for one item, identified by ``key``."""
        def callback(p: Progress) -> None:
            with self._lock:
                if p.message not in self.ignore:
                    self._live[key] = p.done
                done = self.finished + sum(self._live.values())
            if self.progress is not None:
                self.progress(Progress(done, self.total, "bytes", p.item, p.message, p.stage))
        return callback

    def item_done(self, key: str, size: int) -> None:
        """Count ``size`` bytes of the item ``key`` as finished."""
        with self._lock:
            self._live.pop(key, None)
            self.finished += size
