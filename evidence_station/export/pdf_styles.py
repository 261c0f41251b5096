"""Shared layout for the station's Chinese PDFs: paragraph styles with the embedded CJK font on every
style, A4 templates and the "第 x 页 共 y 页" footer. Receipts, registers and certificates reuse it."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from reportlab.lib.enums import TA_CENTER
from reportlab.lib.pagesizes import A4
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus import Flowable, SimpleDocTemplate

from evidence_station.export.fonts import register_cjk_font

PAGE_MARGIN = 18 * mm


@dataclass(frozen=True)
class ChineseStyles:
    """Paragraph styles that all use the embedded CJK font (no Helvetica left unembedded)."""

    font_name: str
    title: ParagraphStyle
    heading: ParagraphStyle
    body: ParagraphStyle
    label: ParagraphStyle
    cell: ParagraphStyle
    digest: ParagraphStyle
    small: ParagraphStyle


def chinese_styles(base_size: float = 10.0) -> ChineseStyles:
    """Build the style set; Chinese text wraps per character (``wordWrap="CJK"``).

    ``digest`` is a smaller style for 64-digit hashes: it is meant for cells at least 100 mm wide so a
    SHA-256/SM3 stays on one line and can be copied or found by ``pdftotext``.
    """
    font = register_cjk_font()

    def style(name: str, size: float, **extra: Any) -> ParagraphStyle:
        return ParagraphStyle(name, fontName=font, fontSize=size, leading=size * 1.4, wordWrap="CJK", **extra)

    return ChineseStyles(
        font_name=font,
        title=style("es-title", base_size * 1.8, alignment=TA_CENTER, spaceAfter=base_size),
        heading=style("es-heading", base_size * 1.2, spaceBefore=base_size * 0.8, spaceAfter=base_size * 0.4),
        body=style("es-body", base_size, spaceAfter=base_size * 0.3),
        label=style("es-label", base_size * 0.9),
        cell=style("es-cell", base_size * 0.9),
        digest=ParagraphStyle(
            "es-digest", fontName=font, fontSize=base_size * 0.8, leading=base_size * 1.1, wordWrap=None
        ),
        small=style("es-small", base_size * 0.8),
    )


class _NumberedCanvas(Canvas):
    """Canvas that holds pages back until the end so each footer can say "第 x 页 共 y 页"."""

    footer_text = ""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self._held_pages: list[dict[str, Any]] = []

    def showPage(self) -> None:
        self._held_pages.append(dict(self.__dict__))
        self._startPage()

    def save(self) -> None:
        total = len(self._held_pages)
        for number, state in enumerate(self._held_pages, start=1):
            self.__dict__.update(state)
            self._draw_footer(number, total)
            super().showPage()
        super().save()

    def _draw_footer(self, number: int, total: int) -> None:
        width, _height = self._pagesize
        self.saveState()
        self.setFont(register_cjk_font(), 8)
        self.drawCentredString(width / 2, 10 * mm, f"第 {number} 页 共 {total} 页")
        if self.footer_text:
            self.drawString(PAGE_MARGIN, 10 * mm, self.footer_text)
        self.restoreState()


def build_chinese_pdf(
    path: Path,
    story: Sequence[Flowable],
    *,
    title: str,
    author: str = "",
    subject: str = "",
    footer_text: str = "",
    pagesize: tuple[float, float] = A4,
) -> None:
    """Write ``story`` to ``path`` (A4 unless ``pagesize`` says otherwise, e.g. ``landscape(A4)``) with the
    CJK font as the only font and page-x-of-y footers."""
    font = register_cjk_font()
    canvas_class = type("_Canvas", (_NumberedCanvas,), {"footer_text": footer_text})
    doc = SimpleDocTemplate(
        str(path),
        pagesize=pagesize,
        leftMargin=PAGE_MARGIN,
        rightMargin=PAGE_MARGIN,
        topMargin=PAGE_MARGIN,
        bottomMargin=PAGE_MARGIN + 6 * mm,
        title=title,
        author=author,
        subject=subject,
        creator="Evidence Station 执法音像记录证据工作站",
        initialFontName=font,
    )
    doc.build(list(story), canvasmaker=canvas_class)
