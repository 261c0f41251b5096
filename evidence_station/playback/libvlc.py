"""Loading libvlc: the instance arguments, starting an instance, and probing whether libvlc works here.

The lowest module of the playback backend (:mod:`~evidence_station.playback.availability` asks it whether libvlc
works; :mod:`~evidence_station.playback.vlc_backend` plays with it). It imports ``vlc`` only inside functions, so
importing it never fails on a machine without libvlc.
"""

from __future__ import annotations

import os
import sys
from collections.abc import Sequence
from typing import Any

BASE_ARGS: tuple[str, ...] = (
    "--no-snapshot-preview",
    "--no-osd",
    "--no-video-title-show",
    "--quiet",
    "--sub-source=marq",  # the marquee must exist before the video output starts to draw the watermark
)
HEADLESS_ARGS: tuple[str, ...] = ("--vout=dummy", "--aout=dummy")


def _vlc() -> Any:
    """The ``vlc`` module (python-vlc), imported on first use."""
    import vlc

    return vlc


def is_headless_environment() -> bool:
    """True where no real window can show video (Qt offscreen/minimal, or Linux without a display)."""
    if os.environ.get("QT_QPA_PLATFORM", "").split(":")[0] in {"offscreen", "minimal"}:
        return True
    if sys.platform.startswith("linux"):
        return not (os.environ.get("DISPLAY") or os.environ.get("WAYLAND_DISPLAY"))
    return False


def instance_args(headless: bool, extra_args: Sequence[str] = ()) -> list[str]:
    """The libvlc instance arguments: no snapshot preview/OSD, and dummy outputs when ``headless``."""
    return [*BASE_ARGS, *(HEADLESS_ARGS if headless else ()), *extra_args]


def create_instance(headless: bool, extra_args: Sequence[str] = ()) -> Any:
    """A new ``vlc.Instance`` (None when libvlc fails to start, e.g. missing plugins)."""
    return _vlc().Instance(instance_args(headless, extra_args))


def probe_libvlc() -> tuple[bool, str]:
    """Load python-vlc and start a headless libvlc instance; ``(ok, version or reason)``."""
    try:
        vlc = _vlc()
    except ImportError as exc:
        return False, f"the python-vlc package is missing ({exc})"
    except Exception as exc:  # python-vlc raises OSError/NameError when the shared library is absent
        return False, f"libvlc could not be loaded ({exc})"
    try:
        instance = create_instance(headless=True)
    except Exception as exc:
        return False, f"libvlc could not start ({exc})"
    if instance is None:
        return False, "libvlc is installed but could not start (its plugins may be missing)"
    instance.release()
    version = vlc.libvlc_get_version()
    return True, version.decode(errors="replace") if isinstance(version, bytes) else str(version)
