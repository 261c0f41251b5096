"""A Chinese PDF the station builds from a reportlab story and signs (PAdES, station certificate), witnessing the
audit chain head it was issued at — the shared last step of the station's printable documents."""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path
from tempfile import TemporaryDirectory
from typing import Any
from xml.sax.saxutils import escape

from evidence_station.export.pdf_signing import PdfAttachment
from evidence_station.services.chain_head import current_chain_head
from evidence_station.services.context import ServiceContext


def signed_chinese_pdf(
    ctx: ServiceContext, story: Sequence[Any], *, title: str, subject: str, footer_text: str, reason: str,
    witness: str, attachments: Sequence[PdfAttachment] = (),
) -> bytes:
    """``story`` (reportlab flowables) with the chain-head line appended, built as a Chinese PDF and signed by the
    station; ``witness`` names the document in the chain-head attachment (``audit verify --witness``);
    ``attachments`` are embedded under the signature."""
    from reportlab.platypus import Paragraph

    from evidence_station.export.pdf_signing import signed_pdf_bytes
    from evidence_station.export.pdf_styles import build_chinese_pdf, chinese_styles

    settings = ctx.station.settings
    head = current_chain_head(ctx)  # the document witnesses the chain as it is now
    drafts = ctx.station.home.cache_dir / "drafts"
    drafts.mkdir(parents=True, exist_ok=True, mode=0o700)
    with TemporaryDirectory(dir=drafts) as folder:
        draft = Path(folder) / "document.pdf"
        build_chinese_pdf(draft, [*story, Paragraph(escape(head.line_zh), chinese_styles(8).small)], title=title,
                          author=ctx.actor.label, subject=subject, footer_text=footer_text)
        return signed_pdf_bytes(draft, ctx.station.signer, reason=reason, location=settings.organisation,
                                name=settings.station_name, chain_head=head.witness(witness), attachments=attachments)
