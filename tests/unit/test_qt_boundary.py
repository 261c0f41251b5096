"""The core is importable with PySide6 and vlc blocked."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

BLOCKER = r"""
import importlib.abc, sys
class Block(importlib.abc.MetaPathFinder):
    def find_spec(self, name, path, target=None):
        if name.split('.')[0] in {'PySide6', 'shiboken6', 'vlc'}:
            raise ImportError(f'blocked: {name}')
        return None
sys.meta_path.insert(0, Block())
import pkgutil, importlib
import evidence_station.services, evidence_station.cli.main
for pkg in ('evidence_station.services', 'evidence_station.cli', 'evidence_station.domain',
            'evidence_station.catalogue', 'evidence_station.audit', 'evidence_station.identity'):
    mod = importlib.import_module(pkg)
    for info in pkgutil.walk_packages(mod.__path__, pkg + '.'):
        importlib.import_module(info.name)
evidence_station.cli.main.full_parser()
assert not any(m.startswith(('PySide6', 'vlc')) for m in sys.modules)
print('clean')
"""


def test_services_and_cli_import_without_qt() -> None:
    done = subprocess.run([sys.executable, "-c", BLOCKER], capture_output=True, text=True, timeout=120)
    assert done.returncode == 0, done.stderr
    assert "clean" in done.stdout


def test_import_linter_contracts_hold() -> None:
    lint_imports = Path(sys.executable).with_name("lint-imports")
    done = subprocess.run([str(lint_imports), "--no-cache"], capture_output=True, text=True, timeout=300,
                          cwd=Path(__file__).parents[2])
    assert done.returncode == 0, done.stdout + done.stderr
    assert "Contracts: " in done.stdout and " broken" in done.stdout and "0 broken" in done.stdout
