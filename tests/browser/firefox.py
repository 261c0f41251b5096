"""Driving VERIFY.html in the system Firefox (Debian's ``firefox-esr``) through Marionette, the remote protocol
built into Firefox (geckodriver, which selenium would need, is not packaged by Debian and cannot be downloaded
here). The protocol is a TCP stream of ``length:JSON`` messages; the few commands the tests use (new session,
navigate, execute script) are spoken here directly, so no Python package beyond the standard library is needed.

What this covers and what it does not: the page runs in a real Firefox opened as ``file://`` (its worker, WebCrypto,
WebAssembly hashing, DER/CMS parsing, the report). The folder picker's native dialog cannot be driven in Firefox
(WebDriver's file upload refuses directories), so the disc's files are handed to the page through its scripting
entry ``window.evidenceVerify.verifyFiles`` as real ``File`` objects read from disk (``File.createFromFileName``
in Marionette's privileged sandbox), with the relative paths Firefox's ``webkitdirectory`` picker would give them.
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
}


def firefox_path() -> str | None:
    """The system Firefox executable, or None."""
    return next((found for name in FIREFOX_NAMES if (found := shutil.which(name))), None)


class MarionetteError(RuntimeError):
    """Firefox answered a command with an error."""


class Firefox:
    """A Marionette session: ``get``, ``execute_script`` and ``execute_async_script`` as selenium names them."""

    def __init__(self, port: int, timeout: float = 60) -> None:
        self._socket = socket.create_connection(("127.0.0.1", port), timeout=timeout)
        self._buffer = b""
        self._next_id = 0
        self._receive()  # the greeting: {"applicationType": "gecko", "marionetteProtocol": 3}
        self._command("WebDriver:NewSession", {"capabilities": {"alwaysMatch": {"timeouts": {"script": 30_000}}}})

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

    def _command(self, name: str, parameters: dict[str, Any]) -> Any:
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
        self._command("WebDriver:Navigate", {"url": url})

    def execute_script(self, script: str, *args: Any, sandbox: str | None = None) -> Any:
        """Run ``script`` (a function body; ``arguments`` are ``args``) in the page, or with ``sandbox="system"``
        with Firefox's own privileges beside it; its return value."""
        parameters: dict[str, Any] = {"script": script, "args": list(args)}
        if sandbox:
            parameters["sandbox"] = sandbox
        return self._command("WebDriver:ExecuteScript", parameters)["value"]

    def execute_async_script(self, script: str, *args: Any, sandbox: str | None = None) -> Any:
        """Like :meth:`execute_script`; the script ends by calling its last argument with the result."""
        parameters: dict[str, Any] = {"script": script, "args": list(args)}
        if sandbox:
            parameters["sandbox"] = sandbox
        return self._command("WebDriver:ExecuteAsyncScript", parameters)["value"]

    def close(self) -> None:
        """End the session and the connection."""
        try:
            self._command("WebDriver:DeleteSession", {})
        finally:
            self._socket.close()


#: Runs in Marionette's privileged sandbox: reads every ``[relative path, absolute path]`` from disk as a File and
#: hands the pairs to the page's scripting entry, as the page's folder picker does.
_HAND_FILES = """
const [pairs, done] = arguments;
(async () => {
  const files = [];
  for (const [path, absolute] of pairs) {
    files.push([path, await File.createFromFileName(absolute)]);
  }
  const page = window.wrappedJSObject;
  page.evidenceVerify.verifyFiles(Components.utils.cloneInto(files, page, {wrapReflectors: true}));
  done(files.length);
})().catch((error) => done("error: " + error));
"""


def hand_folder(driver: Firefox, folder: Path) -> None:
    """Give the open page every file under ``folder`` with the paths ``<input webkitdirectory>`` would give
    (``folder-name/sub/file``)."""
    root = folder.resolve()
    pairs = [[p.relative_to(root.parent).as_posix(), str(p)] for p in sorted(root.rglob("*")) if p.is_file()]
    handed = driver.execute_async_script(_HAND_FILES, pairs, sandbox="system")
    if handed != len(pairs):
        raise MarionetteError(f"the files could not be handed to the page: {handed}")


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
        process = subprocess.Popen([executable, "--headless", "--marionette", "--no-remote", "--profile", profile],
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
