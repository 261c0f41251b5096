"""Driving VERIFY.html in the system Firefox (Debian's ``firefox-esr``) through Marionette, the remote protocol
built into Firefox (geckodriver, which selenium would need, is not packaged by Debian and cannot be downloaded
here). The protocol is a TCP stream of ``length:JSON`` messages; the few commands the tests use (new session,
navigate, execute script, find and click an element, answer a prompt) are spoken here directly, so nothing beyond
the standard library is needed.

Picking the disc folder (:func:`pick_folder`) is the page's own button clicked with a trusted click; Firefox asks
its file-picker component for a folder, reads the folder itself (``<input webkitdirectory>``, relative paths and
all) after its own "upload all files from …?" confirmation, which is accepted. Only the desktop's folder dialog is
not real: a stand-in file-picker component, registered in Firefox's parent process for the session, answers with
the folder.
"""

from __future__ import annotations

import json
import os
import shutil
import socket
import subprocess
import tempfile
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

FIREFOX_NAMES = ("firefox-esr", "firefox")

#: Profile preferences: a quiet browser that sends nothing anywhere. Every connection Firefox might start on its
#: own (updates, telemetry, remote settings, captive-portal checks) goes to a proxy on the loopback discard port,
#: where it fails; pages opened from file:// never need the network.
PREFERENCES: dict[str, object] = {
    "marionette.port": 0,  # any free port; Firefox writes it to MarionetteActivePort in the profile
    "network.proxy.type": 1,
    "network.proxy.http": "127.0.0.1",
    "network.proxy.http_port": 9,
    "network.proxy.ssl": "127.0.0.1",
    "network.proxy.ssl_port": 9,
    "network.proxy.share_proxy_settings": True,
    "network.proxy.no_proxies_on": "",
    "network.proxy.allow_hijacking_localhost": True,
    "network.proxy.socks_remote_dns": True,
    "network.dns.disablePrefetch": True,
    "network.trr.mode": 5,
    "network.captive-portal-service.enabled": False,
    "network.connectivity-service.enabled": False,
    "app.update.auto": False,
    "app.update.disabledForTesting": True,
    "browser.shell.checkDefaultBrowser": False,
    "browser.startup.page": 0,
    "browser.startup.homepage_override.mstone": "ignore",
    "datareporting.policy.dataSubmissionEnabled": False,
    "datareporting.healthreport.uploadEnabled": False,
    "toolkit.telemetry.enabled": False,
    "toolkit.telemetry.server": "",
    "extensions.update.enabled": False,
    "extensions.getAddons.cache.enabled": False,
    "browser.safebrowsing.malware.enabled": False,
    "browser.safebrowsing.phishing.enabled": False,
    "browser.safebrowsing.downloads.enabled": False,
    "intl.accept_languages": "zh-CN",
    "security.dialog_enable_delay": 0,  # the "upload all files from …?" prompt can be answered at once
}


def firefox_path() -> str | None:
    """The system Firefox executable, or None."""
    return next((found for name in FIREFOX_NAMES if (found := shutil.which(name))), None)


class MarionetteError(RuntimeError):
    """Firefox answered a command with an error."""


class Firefox:
    """A Marionette session: ``get`` and ``execute_script`` as selenium names them, and any ``command``."""

    def __init__(self, port: int, timeout: float = 60) -> None:
        self._socket = socket.create_connection(("127.0.0.1", port), timeout=timeout)
        self._buffer = b""
        self._next_id = 0
        self._receive()  # the greeting: {"applicationType": "gecko", "marionetteProtocol": 3}
        self.command("WebDriver:NewSession", {"capabilities": {"timeouts": {"script": 30_000}}})

    def _receive(self) -> Any:
        while b":" not in self._buffer:
            self._buffer += self._read()
        length, _, rest = self._buffer.partition(b":")
        size = int(length)
        while len(rest) < size:
            rest += self._read()
        self._buffer = rest[size:]
        return json.loads(rest[:size])

    def _read(self) -> bytes:
        chunk = self._socket.recv(65536)
        if not chunk:
            raise MarionetteError("Firefox closed the Marionette connection")
        return chunk

    def command(self, name: str, parameters: dict[str, Any]) -> Any:
        """Send one Marionette command; its result (a MarionetteError if Firefox answers with an error)."""
        self._next_id += 1
        data = json.dumps([0, self._next_id, name, parameters]).encode()
        self._socket.sendall(str(len(data)).encode() + b":" + data)
        while True:
            kind, message_id, error, result = self._receive()
            if kind == 1 and message_id == self._next_id:
                break
        if error:
            raise MarionetteError(f"{name}: {error.get('error')}: {error.get('message')}")
        return result

    def get(self, url: str) -> None:
        """Open ``url`` and wait until it has loaded."""
        self.command("WebDriver:Navigate", {"url": url})

    def execute_script(self, script: str, *args: Any) -> Any:
        """Run ``script`` (a function body; ``arguments`` are ``args``) in the page (or, in the chrome context,
        in Firefox's parent process); its return value."""
        return self.command("WebDriver:ExecuteScript", {"script": script, "args": list(args)})["value"]

    def close(self) -> None:
        """End the session and the connection."""
        try:
            self.command("WebDriver:DeleteSession", {})
        finally:
            self._socket.close()


#: Runs in Firefox's parent process: registers a file picker that answers every request with ``arguments[0]``
#: (the desktop's folder dialog cannot be driven headless), as the file-picker contract's new implementation.
_STAND_IN_PICKER = """
const [path] = arguments;
const Ci = Components.interfaces;
const folder = Components.classes["@mozilla.org/file/local;1"].createInstance(Ci.nsIFile);
folder.initWithPath(path);
function Picker() {}
Picker.prototype = {
  QueryInterface: ChromeUtils.generateQI(["nsIFilePicker"]),
  init(parent, title, mode) { this.mode = mode; },
  appendFilter() {}, appendFilters() {}, appendRawFilter() {},
  defaultString: "", defaultExtension: "", filterIndex: 0, displayDirectory: null, displaySpecialDirectory: "",
  addToRecentDocs: false, okButtonLabel: "", capture: 0,
  get file() { return folder; },
  get fileURL() { return Services.io.newFileURI(folder); },
  get files() { return [folder][Symbol.iterator](); },
  get domFileOrDirectory() { return null; },
  get domFileOrDirectoryEnumerator() { return null; },
  isModeSupported() { return true; },
  open(callback) { Services.tm.dispatchToMainThread(() => callback.done(Ci.nsIFilePicker.returnOK)); },
  close() {},
};
const registrar = Components.manager.QueryInterface(Ci.nsIComponentRegistrar);
registrar.registerFactory(Services.uuid.generateUUID(), "evidence-station test picker", "@mozilla.org/filepicker;1",
                          { createInstance: (iid) => new Picker().QueryInterface(iid) });
"""


def pick_folder(driver: Firefox, folder: Path, prompt_timeout: float = 10) -> None:
    """Pick ``folder`` through the open page's folder button, as a person would (see the module docstring)."""
    driver.command("Marionette:SetContext", {"value": "chrome"})
    try:
        driver.execute_script(_STAND_IN_PICKER, str(folder.resolve()))
    finally:
        driver.command("Marionette:SetContext", {"value": "content"})
    button = driver.command("WebDriver:FindElement", {"using": "css selector", "value": ".pick span"})["value"]
    driver.command("WebDriver:ElementClick", {"id": next(iter(button.values()))})
    # Firefox asks before a page reads a picked folder (not every version does): accept it.
    deadline = time.monotonic() + prompt_timeout
    while time.monotonic() < deadline:
        try:
            driver.command("WebDriver:GetAlertText", {})
        except MarionetteError:
            time.sleep(0.05)
            continue
        driver.command("WebDriver:AcceptAlert", {})
        return


@contextmanager
def firefox(width: int = 1280, height: int = 1000, start_timeout: float = 60) -> Iterator[Firefox]:
    """A headless system Firefox on a fresh profile under Marionette."""
    executable = firefox_path()
    if executable is None:
        raise RuntimeError("Firefox is not installed (Debian: apt-get install firefox-esr)")
    with tempfile.TemporaryDirectory(prefix="evidence-firefox-") as profile:
        prefs = "".join(f"user_pref({json.dumps(k)}, {json.dumps(v)});\n" for k, v in PREFERENCES.items())
        Path(profile, "user.js").write_text(prefs, encoding="utf-8")
        environment = {**os.environ, "MOZ_HEADLESS": "1", "MOZ_HEADLESS_WIDTH": str(width),
                       "MOZ_HEADLESS_HEIGHT": str(height)}
        # System access: the chrome context, where the stand-in file picker is registered.
        arguments = ["--headless", "--marionette", "--remote-allow-system-access", "--no-remote", "--profile", profile]
        process = subprocess.Popen([executable, *arguments],
                                   stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
                                   env=environment)
        driver: Firefox | None = None
        try:
            port_file = Path(profile, "MarionetteActivePort")
            deadline = time.monotonic() + start_timeout
            while not (port_file.exists() and port_file.read_text().strip()):
                if process.poll() is not None or time.monotonic() > deadline:
                    raise RuntimeError(f"Firefox did not start Marionette (exit code {process.poll()})")
                time.sleep(0.1)
            driver = Firefox(int(port_file.read_text()))
            yield driver
        finally:
            if driver is not None:
                try:
                    driver.close()
                except (OSError, MarionetteError):
                    pass
            process.terminate()
            try:
                process.wait(timeout=20)
            except subprocess.TimeoutExpired:
                process.kill()
                process.wait()
