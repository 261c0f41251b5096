"""The command line starts quickly: building the parser loads no PDF, disc-image or video library."""

from __future__ import annotations

import subprocess
import sys

CHECK = r"""
import sys
from evidence_station.cli.main import build_parser
build_parser()
heavy = sorted({m.split('.')[0] for m in sys.modules} & {'reportlab', 'pyhanko', 'pycdlib', 'cv2', 'PySide6', 'vlc'})
print(','.join(heavy))
"""


def test_parser_loads_no_heavy_library() -> None:
    done = subprocess.run([sys.executable, "-c", CHECK], capture_output=True, text=True, timeout=120)
    assert done.returncode == 0, done.stderr
    assert done.stdout.strip() == ""
