"""Find and register a TrueType CJK font that reportlab can embed in every PDF the station writes.

reportlab refuses CFF-outline fonts (Noto CJK ``.otf``/``.ttc``), and the built-in ``STSong-Light`` is
never embedded, so a court's PDF reader could show boxes. Search order: ``$EVIDENCE_STATION_PDF_FONT``,
``resources/fonts/`` (package and repository), Debian paths, Windows fonts, then fontconfig.
"""

from __future__ import annotations

import functools
import os
import shutil
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

from evidence_station.disc.errors import MissingToolError
from evidence_station.domain.messages import Msg

FONT_ENV = "EVIDENCE_STATION_PDF_FONT"
FONT_NAME = "EvidenceStationCJK"

_PACKAGE_DIR = Path(__file__).resolve().parents[1]
_RESOURCE_DIRS = (_PACKAGE_DIR / "resources" / "fonts", _PACKAGE_DIR.parent / "resources" / "fonts")
_DEBIAN_FONTS = (
    Path("/usr/share/fonts/truetype/wqy/wqy-zenhei.ttc"),
    Path("/usr/share/fonts/truetype/wqy/wqy-microhei.ttc"),
    Path("/usr/share/fonts/truetype/arphic/uming.ttc"),
    Path("/usr/share/fonts/truetype/arphic/ukai.ttc"),
)
_WINDOWS_FONTS = ("simsun.ttc", "msyh.ttc", "simhei.ttf", "msyh.ttf")
_INSTALL_HINT = Msg(
    "No TrueType Chinese font was found for the PDF documents. Install one (Debian/Ubuntu: "
    "`apt-get install fonts-wqy-zenhei`), copy a TrueType .ttf/.ttc Chinese font into resources/fonts/, "
    "or set {FONT_ENV} to the path of one (OpenType/CFF fonts such as Noto CJK cannot be embedded).",
    FONT_ENV=FONT_ENV,
)


def is_truetype(path: Path) -> bool:
    """True for a TrueType-outline ``.ttf`` or ``.ttc`` (whose first font is TrueType), False otherwise."""
    try:
        with open(path, "rb") as stream:
            head = stream.read(16)
            if head[:4] == b"ttcf" and len(head) >= 16:
                stream.seek(int.from_bytes(head[12:16], "big"))
                head = stream.read(4)
    except OSError:
        return False
    return head[:4] in (b"\x00\x01\x00\x00", b"true")


def _fontconfig_candidates() -> Iterator[Path]:
    fc_list = shutil.which("fc-list")
    if fc_list is None:
        return
    try:
        listing = subprocess.run(
            [fc_list, ":lang=zh", "file", "fontformat"],
            capture_output=True,
            text=True,
            timeout=20,
            check=False,
        ).stdout
    except (OSError, subprocess.SubprocessError):
        return
    for line in sorted(listing.splitlines()):
        file_part, _, rest = line.partition(":")
        if "TrueType" in rest and file_part.lower().endswith((".ttf", ".ttc")):
            yield Path(file_part.strip())


def candidate_fonts() -> Iterator[Path]:
    """Every place a CJK TrueType font is looked for, in order (files may not exist)."""
    for folder in _RESOURCE_DIRS:
        if folder.is_dir():
            yield from sorted(p for p in folder.iterdir() if p.suffix.lower() in (".ttf", ".ttc"))
    yield from _DEBIAN_FONTS
    if sys.platform == "win32":
        fonts_dir = Path(os.environ.get("WINDIR", r"C:\Windows")) / "Fonts"
        yield from (fonts_dir / name for name in _WINDOWS_FONTS)
    yield from _fontconfig_candidates()


def find_cjk_font() -> Path:
    """Path of the TrueType CJK font to embed; raises :class:`MissingToolError` naming what to install."""
    chosen = os.environ.get(FONT_ENV, "").strip()
    if chosen:
        path = Path(chosen)
        if not path.is_file() or not is_truetype(path):
            raise MissingToolError(
                Msg(
                    "{FONT_ENV} names {chosen}, which is not a readable TrueType font file. Point it at a "
                    "TrueType .ttf/.ttc Chinese font (for example wqy-zenhei.ttc) or unset it.",
                    FONT_ENV=FONT_ENV,
                    chosen=chosen,
                ),
            )
        return path
    for path in candidate_fonts():
        if path.is_file() and is_truetype(path):
            return path
    raise MissingToolError(_INSTALL_HINT)


@functools.cache
def register_cjk_font() -> str:
    """Register the CJK font with reportlab once and return its reportlab name."""
    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfbase.ttfonts import TTFError, TTFont

    path = find_cjk_font()
    try:
        pdfmetrics.registerFont(TTFont(FONT_NAME, str(path), subfontIndex=0))
    except (TTFError, OSError) as exc:
        raise MissingToolError(
            Msg("The font {path} could not be loaded for PDF output ({exc}). {hint}", path=path, exc=exc,
                hint=_INSTALL_HINT),
        ) from exc
    return FONT_NAME
