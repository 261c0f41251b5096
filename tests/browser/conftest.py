"""Fixtures of the in-browser verifier tests: one headless Chromium per session and one real exported disc per
module. Every test here is marked ``browser`` (tests/conftest.py); they are skipped, with the reason, only where
Chromium or chromedriver is not installed — never in CI, which installs them (tools/system-packages.txt)."""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from tests.browser.support import chromium, chromium_paths, export_disc

MISSING = "Chromium or chromedriver is not installed (Debian: apt-get install chromium chromium-driver)"


@pytest.fixture(scope="session")
def browser() -> Iterator[Any]:
    """A headless system Chromium driven by selenium."""
    if chromium_paths() is None:
        if os.environ.get("CI") == "true":
            pytest.fail(f"{MISSING}; CI must run the browser tests (tools/bootstrap.sh installs them)")
        pytest.skip(MISSING)
    with chromium() as driver:
        yield driver


@pytest.fixture(scope="module")
def good_disc(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The folder of a disc a station exported (three originals, one of 2.5 MB) and xorriso extracted."""
    return export_disc(tmp_path_factory.mktemp("station"), sizes=(2_500_000, 60_000, 90_000))
