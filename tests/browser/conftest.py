"""Fixtures of the in-browser verifier tests: one headless Chromium and one headless Firefox per session, and one
real exported disc per module. Every test here is marked ``browser`` (tests/conftest.py); they are skipped, with the
reason, only where a browser is not installed — never in CI, which installs them (tools/system-packages.txt)."""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from tests.browser.firefox import firefox, firefox_path
from tests.browser.support import chromium, chromium_paths, export_disc

MISSING = "Chromium or chromedriver is not installed (Debian: apt-get install chromium chromium-driver)"
MISSING_FIREFOX = "Firefox is not installed (Debian: apt-get install firefox-esr)"


def _missing(reason: str) -> None:
    if os.environ.get("CI") == "true":
        pytest.fail(f"{reason}; CI must run the browser tests (tools/bootstrap.sh installs them)")
    pytest.skip(reason)


@pytest.fixture(scope="session")
def browser() -> Iterator[Any]:
    """A headless system Chromium driven by selenium."""
    if chromium_paths() is None:
        _missing(MISSING)
    with chromium() as driver:
        yield driver


@pytest.fixture(scope="session")
def firefox_browser() -> Iterator[Any]:
    """A headless system Firefox driven through Marionette (tests/browser/firefox.py)."""
    if firefox_path() is None:
        _missing(MISSING_FIREFOX)
    with firefox() as driver:
        yield driver


@pytest.fixture(params=["chromium", "firefox"])
def any_browser(request: pytest.FixtureRequest) -> Any:
    """Each browser in turn, for the checks that must hold in both (the good and the tampered discs)."""
    return request.getfixturevalue("browser" if request.param == "chromium" else "firefox_browser")


@pytest.fixture(scope="module")
def good_disc(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The folder of a disc a station exported (three originals, one of 2.5 MB) and xorriso extracted."""
    return export_disc(tmp_path_factory.mktemp("station"), sizes=(2_500_000, 60_000, 90_000))
