"""Reading the chain head a witness carries: the signed audit checkpoint an evidence disc (image, folder or mounted
disc: ``AUDIT-CHECKPOINT.json``) or a signed document of the station (import receipt, viewing register, monthly
report, disposal certificate: the PDF's attached ``AUDIT-CHECKPOINT.json``) was issued at.

Runs wherever the witness is — at the desk, in the client — and hands back what the station checks its catalogue
against (``audit verify --witness``): the checkpoint as signed, which the station verifies with its own key.
"""

from __future__ import annotations

import io
import json
from pathlib import Path
from typing import Any

from evidence_station.api.audit import Witness
from evidence_station.disc.disc_reader import open_disc, read_small
from evidence_station.disc.layout import AUDIT_CHECKPOINT_NAME, CHAIN_HEAD_ATTACHMENT
from evidence_station.domain.errors import InvalidInputError, NotFoundError
from evidence_station.domain.messages import Msg, Said
from evidence_station.identity.pyhanko_imports import quiet_pyhanko_imports

#: A PDF's chain head is small; anything bigger is not one.
_MAX_ATTACHMENT = 1 << 20


def _unreadable(path: Path, why: Msg) -> InvalidInputError:
    return InvalidInputError(Msg(
        "{path} carries no readable audit chain head ({why}): give an evidence disc or image, or a signed import "
        "receipt, viewing register, monthly report or disposal certificate of this station (documents issued "
        "before 2026-12-06 carry none).",
        path=path, why=why,
    ))


def _head(path: Path, data: dict[str, Any], document: str) -> Witness:
    text, signature = data.get("payload_text"), data.get("signature_b64")
    if not isinstance(text, str) or not isinstance(signature, str):
        raise _unreadable(path, Msg("the checkpoint has no signed text"))
    return Witness(str(path), str(data.get("document") or document), text, signature)


def _resolved(value: Any) -> Any:
    """A PDF object with an indirect reference followed."""
    return value.get_object() if hasattr(value, "get_object") else value


def _attachment(pdf: bytes) -> bytes | None:
    """The bytes of the PDF's attached :data:`CHAIN_HEAD_ATTACHMENT` (latest revision), or None."""
    return attached_file(pdf, CHAIN_HEAD_ATTACHMENT)


def attached_file(pdf: bytes, file_name: str) -> bytes | None:
    """The bytes of the file ``file_name`` embedded in the PDF ``pdf`` (latest revision), or None."""
    with quiet_pyhanko_imports():
        from pyhanko.pdf_utils.reader import PdfFileReader

    reader = PdfFileReader(io.BytesIO(pdf), strict=False)
    names = _resolved(reader.root.get("/Names"))
    tree = _resolved(names.get("/EmbeddedFiles")) if names is not None else None
    pending = [tree] if tree is not None else []
    while pending:
        node = pending.pop()
        pending.extend(_resolved(kid) for kid in _resolved(node.get("/Kids", [])))
        entries = [_resolved(entry) for entry in _resolved(node.get("/Names", []))]
        for name, spec in zip(entries[::2], entries[1::2], strict=False):
            if str(name) == file_name:
                return bytes(_resolved(_resolved(spec["/EF"])["/F"]).data)
    return None


def read_witness(path: str | Path) -> Witness:
    """The chain head ``path`` carries. :class:`NotFoundError` when it does not exist, :class:`InvalidInputError`
    when it carries none."""
    path = Path(path)
    if not path.exists():
        raise NotFoundError(Msg("No witness at {path}.", path=path))
    if path.is_file():
        with open(path, "rb") as handle:
            start = handle.read(5)
        if start == b"%PDF-":
            try:
                data = _attachment(path.read_bytes())
            except Exception as exc:  # a damaged PDF: say so, never a traceback
                raise _unreadable(path, Msg("the PDF cannot be read: {problem}", problem=exc)) from exc
            if data is None or len(data) > _MAX_ATTACHMENT:
                raise _unreadable(path, Msg("no {name} attached", name=CHAIN_HEAD_ATTACHMENT))
            return _head(path, _json(path, data), "document")
    data: bytes | None = None
    try:
        with open_disc(path) as disc:
            if AUDIT_CHECKPOINT_NAME in disc.files():
                data = read_small(disc, AUDIT_CHECKPOINT_NAME)
    except (OSError, ValueError, InvalidInputError) as exc:
        raise _unreadable(path, exc.said if isinstance(exc, InvalidInputError) else Said(str(exc))) from exc
    if data is None:
        raise _unreadable(path, Msg("no {name} on it", name=AUDIT_CHECKPOINT_NAME))
    return _head(path, _json(path, data), "evidence_disc")


def _json(path: Path, data: bytes) -> dict[str, Any]:
    try:
        value = json.loads(data.decode("utf-8"))
    except ValueError as exc:
        raise _unreadable(path, Msg("not JSON: {problem}", problem=exc)) from exc
    if not isinstance(value, dict):
        raise _unreadable(path, Msg("not a JSON object"))
    return value
