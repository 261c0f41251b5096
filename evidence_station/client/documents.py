"""Writing a document the station issued (receipt, register, report, certificate) where the person asked.

The output rules of ``../shared/docs/CLI.md`` ("Outputs never destroy evidence") apply: a new file unless forced,
never a file inside a station home or vault, never a hard-linked file; written to a temporary name and renamed.
"""

from __future__ import annotations

import os
from collections.abc import Iterable
from pathlib import Path

from evidence_station.api.documents import Document
from evidence_station.client.transport import InProcessTransport, Transport
from evidence_station.domain.errors import InvalidInputError
from evidence_station.domain.messages import Msg
from evidence_station.safe_output import write_output_bytes


def save_document(
    document: Document,
    path: str | os.PathLike[str],
    *,
    force: bool = False,
    protect: Iterable[str | os.PathLike[str]] = (),
    make_parents: bool = True,
) -> Path:
    """Write ``document`` at ``path`` by the output rules (``protect``: station folders known to this desk, e.g.
    an embedded station's home); returns where it landed."""
    return write_output_bytes(path, document.content, force=force, protect=protect, make_parents=make_parents)


def require_suffix(path: str | os.PathLike[str], suffix: str, what: Msg) -> None:
    """Refuse (exit 2) an output path whose name does not end in ``suffix`` (e.g. a report that must be ``.pdf``);
    ``what`` names the file in the message."""
    if Path(path).suffix.lower() != suffix.lower():
        raise InvalidInputError(Msg("The {what} {path} should end in {suffix}.", what=what, path=os.fspath(path),
                                    suffix=suffix))


def desk_protected_folders(transport: Transport) -> tuple[Path, ...]:
    """The station folders this desk knows of, which no output may touch: an embedded station's home and vault
    (a station service's folders are not the desk's to know; any station home is refused by its markers anyway)."""
    if isinstance(transport, InProcessTransport):
        return tuple(transport.dispatcher.station.protected_folders)
    return ()
