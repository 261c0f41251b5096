"""A wheel (``pip install .``) carries what the program reads from ``resources/`` at run time (#21)."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[2]

pytestmark = [pytest.mark.slow, pytest.mark.external]

PROBE = """
import json, sys
import evidence_station
from evidence_station.domain import messages
from evidence_station.domain.messages import Msg
print(json.dumps({
    "package": evidence_station.__file__,
    "chinese": Msg("The written statement is empty.").render("zh_CN"),
    "ts": sorted(p.name for p in (messages.PACKAGED_LOCALE_DIR.parent / "translations").glob("*.ts")),
    "icons": sorted(p.name for p in (messages.PACKAGED_LOCALE_DIR.parent / "icons").iterdir()),
}))
"""


@pytest.fixture(scope="module")
def wheel(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A wheel built from a fresh copy of the sources (a build/ folder left in the checkout is not reused)."""
    source = tmp_path_factory.mktemp("source")
    for name in ("pyproject.toml", "setup.py", "README.md"):
        if (REPO / name).exists():
            shutil.copy2(REPO / name, source / name)
    skip = shutil.ignore_patterns("__pycache__", "node_modules", "build")
    for folder in ("evidence_station", "resources"):
        shutil.copytree(REPO / folder, source / folder, ignore=skip)
    out = tmp_path_factory.mktemp("wheel")
    subprocess.run([sys.executable, "-m", "pip", "wheel", str(source), "-w", str(out), "--no-deps",
                    "--no-build-isolation", "-q"], check=True, capture_output=True, timeout=600)
    (built,) = out.glob("evidence_station-*.whl")
    return built


def test_the_wheel_carries_the_catalogue_the_translations_and_the_icon(wheel: Path) -> None:
    names = set(zipfile.ZipFile(wheel).namelist())
    assert "evidence_station/resources/locale/zh_CN/LC_MESSAGES/evidence_station.po" in names
    assert "evidence_station/resources/translations/evidence_station_zh_CN.ts" in names
    assert "evidence_station/resources/icons/evidence-station.svg" in names


def test_an_installed_wheel_speaks_chinese_from_its_own_catalogue(wheel: Path, tmp_path: Path) -> None:
    site = tmp_path / "site"
    zipfile.ZipFile(wheel).extractall(site)
    env = {**os.environ, "PYTHONPATH": str(site)}
    done = subprocess.run([sys.executable, "-c", PROBE], cwd=tmp_path, env=env, capture_output=True, text=True,
                          timeout=120, check=True)
    found = json.loads(done.stdout)
    assert Path(found["package"]).is_relative_to(site)  # the wheel's copy, not the checkout
    assert found["chinese"] == "书面说明文件为空。"
    assert "evidence_station_zh_CN.ts" in found["ts"] and found["icons"] == ["evidence-station.svg"]
