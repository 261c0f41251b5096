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


def test_each_command_module_registers_exactly_its_listed_commands() -> None:
    import argparse
    import importlib

    from evidence_station.cli.commands import COMMANDS
    from evidence_station.cli.main import _Parser

    for module_name in sorted({m for m, _ in COMMANDS.values()}):
        parser = argparse.ArgumentParser()
        sub = parser.add_subparsers(parser_class=_Parser)
        importlib.import_module(f"evidence_station.cli.commands.{module_name}").register(sub)
        listed = {name for name, (m, _) in COMMANDS.items() if m == module_name}
        assert set(sub.choices) == listed, module_name


def test_running_one_command_imports_only_its_module() -> None:
    check = (
        "import sys\n"
        "from evidence_station.cli.main import build_parser\n"
        "build_parser('recordings')\n"
        "print(','.join(sorted(m.rsplit('.', 1)[1] for m in sys.modules "
        "if m.startswith('evidence_station.cli.commands.'))))\n"
    )
    done = subprocess.run([sys.executable, "-c", check], capture_output=True, text=True, timeout=120)
    assert done.returncode == 0, done.stderr
    assert done.stdout.strip() == "import_commands"
