"""Whether libvlc can be used here, and what to install when it cannot.

The station must start without libvlc: callers ask :func:`vlc_status` and show its message instead of a
player when it reports False.
"""

from __future__ import annotations

import functools
import sys

DEBIAN_PACKAGES = "libvlc5 vlc-plugin-base vlc-plugin-video-output"


def install_hint(platform: str | None = None) -> str:
    """One sentence saying what to install for video playback on ``platform`` (default: this one)."""
    platform = platform or sys.platform
    if platform.startswith("win"):
        return (
            "On Windows libvlc is bundled with the Evidence Station installer: "
            "repair or reinstall Evidence Station to restore it."
        )
    if platform == "darwin":
        return "Install VLC (VLC.app in /Applications) to provide libvlc, then restart Evidence Station."
    return f"Install libvlc with: sudo apt-get install {DEBIAN_PACKAGES} — then restart Evidence Station."


@functools.lru_cache(maxsize=1)
def vlc_status() -> tuple[bool, str]:
    """Return ``(available, message)``: whether python-vlc and libvlc load and start on this machine.

    The message names the libvlc version when available, or says what went wrong and exactly what to
    install when not. The check runs once per process.
    """
    from evidence_station.playback.vlc_backend import probe_libvlc

    ok, detail = probe_libvlc()
    if ok:
        return True, f"libvlc {detail} is available."
    return False, f"Video playback is unavailable: {detail}. {install_hint()}"
