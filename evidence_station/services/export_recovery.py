"""Exports whose process died: marked ``interrupted`` instead of staying ``running`` for ever.

While an export runs, its process keeps a marker file in ``exports/.running/`` naming the export, the process
id and the machine. When a station opens, every export of *this* station still recorded as ``running`` whose
marker is gone or whose process no longer runs on this machine is set to ``interrupted``, with an audit event
(actor ``station``): the clerk sees what happened, and the Art. 17 record of attempts stays complete. A marker
written before the export's row exists (``pending-…``) holds back the check, so an export that is just
starting is never mistaken for a dead one.

The marker also names the disc images the export writes (in the station's ``exports/`` folder). They are
written under temporary names carrying the export's id (:func:`export_temp_tag`, see
:mod:`evidence_station.safe_output`), mode 0600, until complete; the temporary files a dead export left —
exactly those names, in exactly that folder — and any image of it already complete but never recorded are
removed at the next opening, with an audit event ``export.temp_removed`` naming them.
"""

from __future__ import annotations

import json
import os
import re
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from datetime import datetime
from pathlib import Path

from evidence_station.audit.log import append_event
from evidence_station.catalogue.cases import Export
from evidence_station.catalogue.database import write_transaction
from evidence_station.safe_output import remove_temp_outputs
from evidence_station.vault.blob_store import HOST_TAG, process_alive

STATION_ACTOR = "station"
"""The audit actor of what the program does by itself (no user acted)."""
_MARKER = re.compile(r"^(?:export(?P<export>\d+)|pending)-pid(?P<pid>\d+)@(?P<host>[0-9a-f]+)$")
INTERRUPTED_MESSAGE = ("The export was interrupted: the program stopped before it finished (closed, killed or the "
                       "computer lost power). No disc of it was completed; export again.")
TEMP_REMOVED_MESSAGE = ("The unfinished disc image(s) of an interrupted export were removed (they held copies of "
                        "originals and were never complete).")


def export_temp_tag(export_id: int) -> str:
    """The tag in the temporary names of an export's disc images and media while they are written."""
    return f"export{export_id}"


def markers_dir(exports_dir: Path) -> Path:
    """Where running exports keep their markers."""
    return exports_dir / ".running"


@contextmanager
def pending_marker(exports_dir: Path) -> Iterator[Path]:
    """A marker for an export about to be recorded; rename it with :func:`claim_marker` once the row exists."""
    folder = markers_dir(exports_dir)
    folder.mkdir(parents=True, exist_ok=True)
    marker = folder / f"pending-pid{os.getpid()}@{HOST_TAG}"
    marker.touch()
    try:
        yield marker
    finally:
        marker.unlink(missing_ok=True)
        _remove_if_empty(folder)


def claim_marker(pending: Path, export_id: int, outputs: Sequence[Path] = ()) -> Path:
    """Turn the pending marker into the marker of export ``export_id`` (it stays until :func:`release_marker`).

    ``outputs`` are the files the export will write (resolved paths): should the process die, the temporary
    files it left for them are removed at the next opening.
    """
    marker = pending.with_name(f"export{export_id}-pid{os.getpid()}@{HOST_TAG}")
    pending.write_text(json.dumps({"outputs": [str(p) for p in outputs]}, ensure_ascii=False), encoding="utf-8")
    os.replace(pending, marker)
    return marker


def release_marker(marker: Path) -> None:
    """The export ended (completed, failed or cancelled): drop its marker (and the folder once empty)."""
    marker.unlink(missing_ok=True)
    _remove_if_empty(marker.parent)


def _remove_if_empty(folder: Path) -> None:
    try:
        folder.rmdir()
    except OSError:
        pass  # another export's marker is in it (or it is already gone)


def mark_interrupted_exports(station_uid: str, exports_dir: Path, now: datetime) -> list[int]:
    """Record this station's dead ``running`` exports as ``interrupted`` (removing the temporary images they
    left); return their ids."""
    alive: set[int] = set()
    being_recorded = False
    folder = markers_dir(exports_dir)
    for marker in folder.iterdir() if folder.is_dir() else ():
        match = _MARKER.match(marker.name)
        if match is None:
            continue
        running = match["host"] != HOST_TAG or process_alive(int(match["pid"]))
        if not running:
            if match["export"] is not None:
                remove_temp_images(station_uid, int(match["export"]), marker, now)
            marker.unlink(missing_ok=True)
        elif match["export"] is None:
            being_recorded = True
        else:
            alive.add(int(match["export"]))
    if being_recorded:
        return []  # an export is being recorded right now: look again at the next opening
    stale = [e.id for e in Export.select(Export.id).where(
        (Export.status == "running") & (Export.station_uid == station_uid)) if e.id not in alive]
    for export_id in stale:
        with write_transaction():
            updated = Export.update(status="interrupted", finished_at=now, message=INTERRUPTED_MESSAGE).where(
                (Export.id == export_id) & (Export.status == "running")).execute()
            if updated:
                append_event(at=now, station_uid=station_uid, actor=STATION_ACTOR, action="export.interrupted",
                             object_type="export", object_id=export_id, details={"message": INTERRUPTED_MESSAGE},
                             outcome="interrupted")
    return stale


def remove_temp_images(station_uid: str, export_id: int, marker: Path, now: datetime) -> list[str]:
    """Remove the temporary files the dead export ``export_id`` left for the outputs its marker names, and
    audit it (``export.temp_removed``, actor ``station``); return the files removed."""
    try:
        outputs = json.loads(marker.read_text(encoding="utf-8")).get("outputs", [])
    except (OSError, ValueError, AttributeError):
        return []  # an empty or torn marker names nothing
    tag = export_temp_tag(export_id)
    removed = [str(path) for output in outputs if isinstance(output, str)
               for path in remove_temp_outputs(output, tag)]
    exports_dir = marker.parent.parent.resolve()
    export = Export.get_or_none(Export.id == export_id)
    finished = export is not None and export.status in ("completed", "failed")  # recorded: its images stay
    for output in [] if finished else outputs:  # an image complete but never recorded: the export did not finish
        image = Path(output) if isinstance(output, str) else None
        if image is not None and image.parent.resolve() == exports_dir and image.is_file() and not image.is_symlink():
            image.unlink()
            removed.append(output)
    if removed:
        append_event(at=now, station_uid=station_uid, actor=STATION_ACTOR, action="export.temp_removed",
                     object_type="export", object_id=export_id,
                     details={"files": removed, "message": TEMP_REMOVED_MESSAGE})
    return removed
