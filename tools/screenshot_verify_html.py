"""Screenshots of VERIFY.html's report for a good and for a tampered evidence disc, in the system Chromium.

    .venv/bin/python tools/screenshot_verify_html.py [--out docs/screenshots] [--lang zh|en]

A demo station exports a case to an ISO image, which is extracted with xorriso; the page on that disc verifies
it (``verify-html-good.png``), then a copy with one byte flipped in an original and another original deleted
(``verify-html-tampered.png``). Full-page PNGs, 1100 px wide. Needs chromium and chromium-driver (Debian).
"""

from __future__ import annotations

import argparse
import base64
import io
import sys
import tempfile
from pathlib import Path

from PIL import Image

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))

from tests.browser.support import (  # noqa: E402  (needs the repository on the path)
    chromium,
    copy_disc,
    export_disc,
    first_original,
    flip_byte,
    verify_folder,
)

WIDTH = 1100


def full_page_png(driver: object, path: Path) -> None:
    """The whole page (not only the window) as a PNG."""
    metrics = driver.execute_cdp_cmd("Page.getLayoutMetrics", {})  # type: ignore[attr-defined]
    height = int(metrics["cssContentSize"]["height"])
    shot = driver.execute_cdp_cmd("Page.captureScreenshot", {  # type: ignore[attr-defined]
        "format": "png", "captureBeyondViewport": True,
        "clip": {"x": 0, "y": 0, "width": WIDTH, "height": height, "scale": 1},
    })
    image = Image.open(io.BytesIO(base64.b64decode(shot["data"]))).convert("RGB")
    image.quantize(colors=256, method=Image.Quantize.FASTOCTREE).save(path, optimize=True)  # ~3x smaller


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", type=Path, default=REPO / "docs" / "screenshots")
    parser.add_argument("--lang", choices=("zh", "en"), default="zh")
    args = parser.parse_args()
    args.out.mkdir(parents=True, exist_ok=True)
    fragment = "lang=en" if args.lang == "en" else ""
    suffix = "-en" if args.lang == "en" else ""
    with tempfile.TemporaryDirectory(prefix="verify-html-shots-") as temp:
        root = Path(temp)
        disc = export_disc(root / "station", sizes=(2_500_000, 640_000, 1_200_000))
        tampered = copy_disc(disc, root / "tampered")
        victim = first_original(tampered)
        flip_byte(victim, victim.stat().st_size // 2)
        sorted(p for p in (tampered / "originals").rglob("*") if p.is_file())[-1].unlink()
        with chromium(width=WIDTH, height=900) as driver:
            for name, folder in (("good", disc), ("tampered", tampered)):
                found = verify_folder(driver, folder, page=disc / "VERIFY.html", fragment=fragment)
                if found["state"] != "done" or found["result"]["ok"] != (name == "good"):
                    raise SystemExit(f"unexpected outcome for the {name} disc: {found['state']} {found['error']}")
                target = args.out / f"verify-html-{name}{suffix}.png"
                full_page_png(driver, target)
                print(target)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
