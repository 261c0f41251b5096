"""``VERIFY.html``: the self-contained in-browser verifier every evidence disc carries at its root.

A court clerk opens it from the disc in any current browser (no install, no network), picks the disc's root
folder and gets a printable report naming every problem the way ``verify-disc`` does. The page is built from
``resources/verify_html/`` (``npm ci && node build.mjs``) into ``assets/VERIFY.html`` next to this module; the
export copies those exact bytes onto the disc, and the signed ``MANIFEST.json`` names their size and digests.
"""

from __future__ import annotations

import functools
from pathlib import Path

from evidence_station.disc.errors import MissingToolError
from evidence_station.domain.messages import Msg

#: The built page shipped with the station (package data; bundled by installers/evidence_station.spec).
VERIFY_HTML_PATH = Path(__file__).resolve().parent / "assets" / "VERIFY.html"


@functools.cache
def verifier_html() -> bytes:
    """The bytes of the built ``VERIFY.html`` (read once). Raises :class:`MissingToolError` when the
    installation lacks it: an export never writes a disc without its verifier."""
    try:
        return VERIFY_HTML_PATH.read_bytes()
    except OSError as exc:
        raise MissingToolError(
            Msg(
                "The in-browser disc verifier {VERIFY_HTML_PATH} is missing from this installation ({exc}); "
                "reinstall the station.",
                VERIFY_HTML_PATH=VERIFY_HTML_PATH,
                exc=exc,
            ),
        ) from exc
