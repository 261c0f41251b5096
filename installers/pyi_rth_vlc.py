"""PyInstaller runtime hook: point python-vlc at the libvlc and plugins bundled in the frozen folder.

Runs before any application code. The spec copies libvlc into ``<bundle>/vlc/`` (Linux:
``libvlc.so.5``, ``libvlccore.so.9``, helper libraries and ``plugins/``; Windows: ``libvlc.dll``,
``libvlccore.dll`` and ``plugins\\``). When that folder is absent (a build made with
``EVIDENCE_STATION_VLC=system``), nothing is set and python-vlc finds the system libvlc as usual.
Variables already set by the user win, so an administrator can still point at another libvlc.
"""

import os
import sys


def _bundled_vlc() -> tuple[str, str] | None:
    base = os.path.join(getattr(sys, "_MEIPASS", os.path.dirname(sys.executable)), "vlc")
    library = os.path.join(base, "libvlc.dll" if sys.platform == "win32" else "libvlc.so.5")
    plugins = os.path.join(base, "plugins")
    if os.path.isfile(library) and os.path.isdir(plugins):
        return library, plugins
    return None


def _install() -> None:
    found = _bundled_vlc()
    if found is None:
        return
    library, plugins = found
    os.environ.setdefault("PYTHON_VLC_LIB_PATH", library)
    os.environ.setdefault("PYTHON_VLC_MODULE_PATH", plugins)
    # libvlccore reads VLC_PLUGIN_PATH on every platform; python-vlc uses the module path only on
    # Windows and macOS.
    os.environ.setdefault("VLC_PLUGIN_PATH", plugins)
    if sys.platform == "win32":
        os.add_dll_directory(os.path.dirname(library))


_install()
