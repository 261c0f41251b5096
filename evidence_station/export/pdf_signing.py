"""PAdES B-B signatures on the station's PDFs (pyHanko); their validation is
:func:`evidence_station.disc.signatures.validate_pdf_signature`."""

from __future__ import annotations

import io
import json
import os
from collections.abc import Sequence
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any

from evidence_station.disc.layout import CHAIN_HEAD_ATTACHMENT
from evidence_station.domain.messages import Msg
from evidence_station.export.errors import SigningError
from evidence_station.identity.pyhanko_imports import quiet_pyhanko_imports
from evidence_station.identity.signer import StationSigner
from evidence_station.identity.station_key import StationProtection

SIGNATURE_FIELD = "StationSignature"
#: Added to the signature reason of a sheet signed by a station that is not protected (embedded, or older).
UNPROTECTED_SIGNATURE_NOTE = "签名工作站：嵌入式（未受保护）/ signed by an unprotected station"


def _free_field_name(writer: object) -> str:
    with quiet_pyhanko_imports():
        from pyhanko.sign.fields import enumerate_sig_fields

    taken = {name for name, _value, _ref in enumerate_sig_fields(writer)}
    number = 1
    while (name := SIGNATURE_FIELD if number == 1 else f"{SIGNATURE_FIELD}{number}") in taken:
        number += 1
    return name



@dataclass(frozen=True)
class PdfAttachment:
    """A file embedded in a PDF before it is signed (covered by the signature), e.g. a report's complete list."""

    name: str
    data: bytes
    media_type: str
    description: str


def _embed(writer: object, attachment: PdfAttachment) -> None:
    """Embed ``attachment`` in the PDF being written (pyHanko embedded file)."""
    with quiet_pyhanko_imports():
        from pyhanko.pdf_utils.embed import EmbeddedFileObject, FileSpec, embed_file

    embed_file(writer, FileSpec(  # type: ignore[arg-type]
        file_spec_string=attachment.name, file_name=attachment.name,
        embedded_data=EmbeddedFileObject.from_file_data(writer, attachment.data,  # type: ignore[arg-type]
                                                        mime_type=attachment.media_type),
        description=attachment.description,
    ))


def _chain_head_attachment(chain_head: dict[str, Any]) -> PdfAttachment:
    """The chain head (a JSON object) as the attachment :data:`CHAIN_HEAD_ATTACHMENT`."""
    data = (json.dumps(chain_head, ensure_ascii=False, sort_keys=True, indent=2) + "\n").encode("utf-8")
    return PdfAttachment(CHAIN_HEAD_ATTACHMENT, data, "application/json",
                         "审计链头（签发时的已签名审计检查点）/ the audit chain head this document was issued at")


def signed_pdf_bytes(
    src: Path,
    station_signer: StationSigner,
    *,
    reason: str,
    location: str,
    name: str,
    chain_head: dict[str, Any] | None = None,
    attachments: Sequence[PdfAttachment] = (),
) -> bytes:
    """The PDF ``src`` signed with the station's signer (PAdES B-B, SHA-256, station certificate embedded,
    invisible field), as bytes. A station whose certificate does not say it is protected says so in the
    signature's reason (what a PDF reader's signature panel shows), on every sheet it signs. ``chain_head`` (the
    signed audit checkpoint the document is issued at, see ``services/chain_head.py``) is attached as
    :data:`CHAIN_HEAD_ATTACHMENT` before signing: the document is then a witness of the chain. ``attachments``
    are embedded before signing too, so the signature covers them.

    For outputs written through :mod:`evidence_station.safe_output`; :class:`SigningError` on failure.
    """
    with quiet_pyhanko_imports():
        from pyhanko.pdf_utils.incremental_writer import IncrementalPdfFileWriter
        from pyhanko.sign import fields, signers

    if station_signer.protection is not StationProtection.PROTECTED:
        reason = f"{reason}（{UNPROTECTED_SIGNATURE_NOTE}）"
    try:
        signer = station_signer.pdf_signer()
        meta = signers.PdfSignatureMetadata(
            field_name=SIGNATURE_FIELD,
            md_algorithm="sha256",
            subfilter=fields.SigSeedSubFilter.PADES,
            reason=reason,
            location=location,
            name=name,
        )
        with open(src, "rb") as source:
            writer = IncrementalPdfFileWriter(source, strict=False)
            meta = replace(meta, field_name=_free_field_name(writer))
            for attachment in attachments:
                _embed(writer, attachment)
            if chain_head is not None:
                _embed(writer, _chain_head_attachment(chain_head))
            output = io.BytesIO()
            signers.sign_pdf(writer, meta, signer=signer, output=output)
        return output.getvalue()
    except Exception as exc:
        raise _signing_error(src, exc) from exc


def _signing_error(src: Path, exc: Exception) -> SigningError:
    return SigningError(Msg("The PDF {name} could not be signed with the station key: {exc}", name=src.name, exc=exc))


def sign_pdf(
    src: Path,
    dst: Path,
    station_signer: StationSigner,
    *,
    reason: str,
    location: str,
    name: str,
    chain_head: dict[str, Any] | None = None,
) -> None:
    """Sign ``src`` into ``dst`` (see :func:`signed_pdf_bytes`), for the station's own files (a disc's
    PROVENANCE.pdf, a receipt kept in the home); outputs a person names go through ``safe_output``.

    ``dst`` appears only when the signature is complete (written to a temporary name, then renamed).
    """
    data = signed_pdf_bytes(src, station_signer, reason=reason, location=location, name=name, chain_head=chain_head)
    partial = dst.with_name(dst.name + ".part")
    try:
        with open(partial, "wb") as target:
            target.write(data)
            target.flush()
            os.fsync(target.fileno())
        os.replace(partial, dst)
    except Exception as exc:
        partial.unlink(missing_ok=True)
        raise _signing_error(src, exc) from exc


