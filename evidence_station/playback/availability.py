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


def install_hint_zh(platform: str | None = None) -> str:
    """:func:`install_hint` in Chinese."""
    platform = platform or sys.platform
    if platform.startswith("win"):
        return "在 Windows 上，libvlc 随证据工作站安装程序一同提供：请修复或重新安装证据工作站以恢复它。"
    if platform == "darwin":
        return "请安装 VLC（/Applications 中的 VLC.app）以提供 libvlc，然后重新启动证据工作站。"
    return f"请用以下命令安装 libvlc：sudo apt-get install {DEBIAN_PACKAGES}，然后重新启动证据工作站。"


#: Chinese for the reasons :func:`~evidence_station.playback.libvlc.probe_libvlc` gives (by their start).
_REASONS_ZH = (
    ("libvlc is installed but could not start (its plugins may be missing)", "libvlc 已安装但无法启动（可能缺少插件）"),
    ("the python-vlc package is missing", "缺少 python-vlc 软件包"),
    ("libvlc could not be loaded", "无法加载 libvlc"),
    ("libvlc could not start", "libvlc 无法启动"),
)


def _reason_zh(detail: str) -> str:
    for english, chinese in _REASONS_ZH:
        if detail.startswith(english):
            rest = detail[len(english):].strip()
            if rest.startswith("(") and rest.endswith(")"):
                rest = f"（{rest[1:-1]}）"
            return chinese + rest
    return detail


def unavailable_message_zh(message: str) -> str:
    """The Chinese sentence for the message of :func:`vlc_status` when playback is unavailable."""
    detail = message.removeprefix("Video playback is unavailable: ").removesuffix(f". {install_hint()}")
    return f"此计算机无法播放视频：{_reason_zh(detail)}。{install_hint_zh()}"


@functools.lru_cache(maxsize=1)
def vlc_status() -> tuple[bool, str]:
    """Return ``(available, message)``: whether python-vlc and libvlc load and start on this machine.

    The message names the libvlc version when available, or says what went wrong and exactly what to
    install when not. The check runs once per process.
    """
    from evidence_station.playback.libvlc import probe_libvlc

    ok, detail = probe_libvlc()
    if ok:
        return True, f"libvlc {detail} is available."
    return False, f"Video playback is unavailable: {detail}. {install_hint()}"
