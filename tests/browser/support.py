"""Driving VERIFY.html in the system Chromium (selenium + chromium-driver), and real discs to drive it on.

Shared by tests/browser and tools/screenshot_verify_html.py: a station exports a case into an ISO image, the
image is extracted with xorriso (the folder a court clerk's browser sees), copies are tampered with, and the page
is pointed at a folder through its ``<input webkitdirectory>`` exactly as the folder picker would.
"""

from __future__ import annotations

import json
import os
import shutil
import stat
import subprocess
import time
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from evidence_station.export.verifier_page import VERIFY_HTML_PATH

PASSWORD = "browser-test-pass-1"
CASE_NUMBER = "明人社监〔2026〕12号"
CASE_TITLE = "某建筑公司拖欠工资案"
EXTRACTOR = "李四（执法证 33010001）"
CHROMIUM_NAMES = ("chromium", "chromium-browser", "google-chrome", "google-chrome-stable")
DRIVER_NAMES = ("chromedriver", "chromium-driver")
#: URL schemes a page opened from the disc may touch: itself, its worker (blob:), inline data:.
LOCAL_SCHEMES = ("file:", "blob:", "data:", "about:")


def chromium_paths() -> tuple[str, str] | None:
    """``(browser, driver)`` executables of the system Chromium, or None when either is missing."""
    browser = next((found for name in CHROMIUM_NAMES if (found := shutil.which(name))), None)
    driver = next((found for name in DRIVER_NAMES if (found := shutil.which(name))), None)
    return (browser, driver) if browser and driver else None


@contextmanager
def chromium(width: int = 1280, height: int = 1000) -> Iterator[Any]:
    """A headless Chromium under chromedriver, with the page's network activity logged (performance log)."""
    from selenium import webdriver
    from selenium.webdriver.chrome.service import Service

    paths = chromium_paths()
    if paths is None:
        raise RuntimeError("Chromium or chromedriver is not installed (Debian: apt-get install chromium "
                           "chromium-driver)")
    browser, driver_path = paths
    options = webdriver.ChromeOptions()
    options.binary_location = browser
    for argument in ("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
                     "--no-first-run", "--disable-background-networking", "--disable-component-update",
                     f"--window-size={width},{height}", "--lang=zh-CN", "--force-device-scale-factor=1"):
        options.add_argument(argument)
    options.set_capability("goog:loggingPrefs", {"performance": "ALL", "browser": "ALL"})
    driver = webdriver.Chrome(service=Service(driver_path), options=options)
    try:
        driver.set_script_timeout(30)
        yield driver
    finally:
        driver.quit()


def requests_made(driver: Any, with_blocked: bool = False) -> Any:
    """Every URL the page asked for since the last call (from the DevTools performance log); with
    ``with_blocked`` also the URLs the Content-Security-Policy refused to load: ``(urls, blocked)``."""
    urls: list[str] = []
    by_id: dict[str, str] = {}
    blocked: list[str] = []
    for entry in driver.get_log("performance"):
        message = json.loads(entry["message"])["message"]
        params = message.get("params", {})
        if message.get("method") == "Network.requestWillBeSent":
            urls.append(params["request"]["url"])
            by_id[params["requestId"]] = params["request"]["url"]
        elif message.get("method") == "Network.loadingFailed" and params.get("blockedReason") == "csp":
            blocked.append(by_id.get(params["requestId"], ""))
    return (urls, blocked) if with_blocked else urls


def open_page(driver: Any, page: Path = VERIFY_HTML_PATH, fragment: str = "") -> None:
    """Load VERIFY.html freshly (a changed #fragment alone would not reload it)."""
    driver.get("about:blank")
    driver.get(page.resolve().as_uri() + (f"#{fragment}" if fragment else ""))


def self_test(driver: Any, timeout: float = 15) -> dict[str, Any]:
    """The page's browser self-test outcome (``window.evidenceVerify.selfTest``), once it has run."""
    deadline = time.monotonic() + timeout
    while (outcome := driver.execute_script("return window.evidenceVerify.selfTest")) is None:
        if time.monotonic() > deadline:
            raise TimeoutError(f"VERIFY.html's self-test did not finish within {timeout} s")
        time.sleep(0.05)
    return outcome


def verify_folder(driver: Any, folder: Path, page: Path = VERIFY_HTML_PATH, fragment: str = "",
                  timeout: float = 120) -> dict[str, Any]:
    """Open the page, pick ``folder`` as the disc root (in Firefox through the page's button, see
    tests/browser/firefox.py), wait for the end; ``window.evidenceVerify``."""
    from selenium.webdriver.common.by import By

    from tests.browser.firefox import Firefox, pick_folder

    open_page(driver, page, fragment)
    if isinstance(driver, Firefox):
        pick_folder(driver, folder)
    else:
        driver.find_element(By.ID, "folder").send_keys(str(folder.resolve()))
    return wait_for_end(driver, timeout)


def drop_folder(driver: Any, folder: Path, page: Path = VERIFY_HTML_PATH, timeout: float = 120) -> dict[str, Any]:
    """Open the page in Chromium and drop ``folder`` on its drop zone; wait for the end; ``window.evidenceVerify``.

    The drop is Chromium's own: DevTools (``Input.dispatchDragEvent``) plays the part of the desktop's drag source,
    and Chromium delivers the trusted dragenter/dragover/drop events with the real folder in their DataTransfer,
    exactly as from a file manager; only the mouse gesture and the file manager are not real."""
    open_page(driver, page)
    x, y = driver.execute_script(
        "const box = document.getElementById('drop').getBoundingClientRect();"
        "return [box.x + box.width / 2, box.y + box.height / 2];")
    data = {"items": [], "files": [str(folder.resolve())], "dragOperationsMask": 1}  # 1: copy
    for kind in ("dragEnter", "dragOver", "drop"):
        driver.execute_cdp_cmd("Input.dispatchDragEvent", {"type": kind, "x": x, "y": y, "data": data})
    return wait_for_end(driver, timeout)


def wait_for_end(driver: Any, timeout: float = 120) -> dict[str, Any]:
    """``window.evidenceVerify`` once the page has finished (state ``done`` or ``error``)."""
    deadline = time.monotonic() + timeout
    while True:
        found = driver.execute_script("return window.evidenceVerify")
        if found["state"] in ("done", "error"):
            return found
        if time.monotonic() > deadline:
            raise TimeoutError(f"VERIFY.html did not finish within {timeout} s (state {found['state']})")
        time.sleep(0.1)


def element_text(driver: Any, element_id: str) -> str:
    """The rendered text of the element with ``element_id`` (in Chromium as in Firefox)."""
    return driver.execute_script("return document.getElementById(arguments[0]).innerText", element_id)


def element_attribute(driver: Any, element_id: str, name: str) -> str | None:
    """An attribute of the element with ``element_id``."""
    return driver.execute_script("return document.getElementById(arguments[0]).getAttribute(arguments[1])",
                                 element_id, name)


def make_writable(root: Path) -> None:
    """xorriso extracts read-only files and folders: make a copy editable (and removable)."""
    for path in [root, *root.rglob("*")]:
        mode = path.lstat().st_mode
        if not stat.S_ISLNK(mode):
            path.chmod(stat.S_IMODE(mode) | stat.S_IWUSR | stat.S_IRUSR | (stat.S_IXUSR if path.is_dir() else 0))


def export_disc(root: Path, sizes: Sequence[int] = (150_000, 60_000, 90_000)) -> Path:
    """A station in ``root/home`` exports a case of random recordings (sizes in bytes) into ``root/case.iso``;
    the image is extracted to ``root/disc`` (made writable) and that folder returned."""
    from evidence_station.client.disc_export import export_to_desk
    from evidence_station.domain.roles import Role
    from evidence_station.services.case_service import add_case, attach_recordings
    from evidence_station.services.export_discs import ContextExports
    from evidence_station.services.station import Station
    from evidence_station.services.users import init_station, login
    from tests.conftest import add_user_confirmed
    from tests.helpers.recordings import make_recordings

    home = root / "home"
    init_station(home, admin_name="admin", admin_password=PASSWORD)
    station = Station.open(home)
    try:
        admin = login(station, "admin", PASSWORD)
        for name, role, shown in (("custodian", Role.CUSTODIAN, "保管员 王敏"), ("clerk", Role.CLERK, "文书 陈静")):
            add_user_confirmed(admin, name=name, roles=[role], password=PASSWORD, display_name=shown)
        recordings = make_recordings(login(station, "custodian", PASSWORD), tuple(sizes))
        clerk = login(station, "clerk", PASSWORD)
        case = add_case(clerk, title=CASE_TITLE, number=CASE_NUMBER)
        attach_recordings(clerk, case.case_id, recordings)
        image = root / "case.iso"
        result = export_to_desk(ContextExports(clerk), case.case_id, producer="clerk", extractor=EXTRACTOR, out=image)
        if not result.verified:
            raise RuntimeError(f"the export did not verify: {result}")
    finally:
        station.close()
    disc = root / "disc"
    subprocess.run(["xorriso", "-osirrox", "on", "-indev", str(image), "-extract", "/", str(disc)],
                   check=True, capture_output=True, timeout=120)
    make_writable(disc)
    return disc


def copy_disc(disc: Path, target: Path) -> Path:
    """An editable copy of the disc folder."""
    shutil.copytree(disc, target)
    make_writable(target)
    return target


def flip_byte(path: Path, offset: int) -> None:
    """Change one byte of ``path`` (same size: only a digest can tell)."""
    data = bytearray(path.read_bytes())
    data[offset] ^= 0x01
    path.write_bytes(bytes(data))


def first_original(disc: Path) -> Path:
    """The first original file on the disc (sorted by path)."""
    return sorted(p for p in (disc / "originals").rglob("*") if p.is_file())[0]


def problem_rows(problems: Sequence[Any]) -> list[tuple[str, str, str, str]]:
    """Problems (verify-disc's DiscProblem or the page's objects) as sorted (path, kind, message, message_zh)."""
    rows = []
    for found in problems:
        get = found.get if isinstance(found, dict) else lambda key, f=found: getattr(f, key)
        rows.append((get("path"), get("kind"), get("message"), get("message_zh")))
    return sorted(rows)


def rel(path: Path, root: Path) -> str:
    """``path`` relative to ``root`` with ``/`` separators (as disc paths are written)."""
    return os.path.relpath(path, root).replace(os.sep, "/")
