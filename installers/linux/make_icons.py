"""Render the program icon (resources/icons/evidence-station.svg) into every size the desktops need.

    .venv/bin/python installers/linux/make_icons.py        (or: make icons)

Writes ``installers/linux/icons/hicolor/<N>x<N>/apps/evidence-station.png`` for N in :data:`SIZES`
(the freedesktop hicolor theme sizes UOS, Kylin, GNOME and KDE look up), copies the SVG to
``hicolor/scalable/apps/`` and, when ImageMagick is installed, bundles 16–256 px into the Windows icon
``installers/windows/evidence-station.ico``. The outputs are committed; run this after editing the SVG.
Rendering uses Qt's SVG renderer, so the result is the same on every build machine.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

REPO = Path(__file__).resolve().parents[2]
SOURCE = REPO / "resources" / "icons" / "evidence-station.svg"
HICOLOR = REPO / "installers" / "linux" / "icons" / "hicolor"
WINDOWS_ICON = REPO / "installers" / "windows" / "evidence-station.ico"
ICON_NAME = "evidence-station"
SIZES = (16, 22, 24, 32, 48, 64, 128, 256, 512)
ICO_SIZES = (16, 24, 32, 48, 64, 128, 256)


def render(size: int, target: Path) -> None:
    """Render the SVG at ``size`` × ``size`` pixels into the PNG ``target``."""
    from PySide6.QtCore import Qt
    from PySide6.QtGui import QImage, QPainter
    from PySide6.QtSvg import QSvgRenderer

    renderer = QSvgRenderer(str(SOURCE))
    if not renderer.isValid():
        raise SystemExit(f"{SOURCE} is not a valid SVG file.")
    image = QImage(size, size, QImage.Format.Format_ARGB32)
    image.fill(Qt.GlobalColor.transparent)
    painter = QPainter(image)
    painter.setRenderHint(QPainter.RenderHint.Antialiasing)
    renderer.render(painter)
    painter.end()
    target.parent.mkdir(parents=True, exist_ok=True)
    if not image.save(str(target), "PNG"):
        raise SystemExit(f"Could not write {target}.")


def main() -> int:
    """Render every size, copy the scalable source and build the Windows .ico."""
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    from PySide6.QtGui import QGuiApplication

    app = QGuiApplication.instance() or QGuiApplication(sys.argv[:1])  # noqa: F841 (fonts, image plugins)
    for size in SIZES:
        render(size, HICOLOR / f"{size}x{size}" / "apps" / f"{ICON_NAME}.png")
    scalable = HICOLOR / "scalable" / "apps" / f"{ICON_NAME}.svg"
    scalable.parent.mkdir(parents=True, exist_ok=True)
    shutil.copyfile(SOURCE, scalable)
    convert = shutil.which("magick") or shutil.which("convert")
    if convert:
        pngs = [str(HICOLOR / f"{size}x{size}" / "apps" / f"{ICON_NAME}.png") for size in ICO_SIZES]
        subprocess.run([convert, *pngs, str(WINDOWS_ICON)], check=True)
    else:
        print("ImageMagick is not installed: the Windows .ico was not refreshed.", file=sys.stderr)
    print(f"icons written under {HICOLOR.relative_to(REPO)}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
