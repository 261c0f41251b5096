"""Where the station is, and a transport to it: a station service (URL), or an embedded one on a home.

The station service is named explicitly (``--station URL``), else by ``$EVIDENCE_STATION_URL``, else by
``station_url`` in the system-wide client file (``/etc/evidence-station/client.json``; an installed desk has one).
With none of those the program runs the same service privately in its own process on the home (embedded mode).
A station and a home together are a usage error; when the client file names a station, no home given means that
station — a private one is never created silently. Used by the command line and the desktop program alike.
"""

from __future__ import annotations

import json
import os
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

import platformdirs

from evidence_station.client.transport import HttpTransport, InProcessTransport, Transport
from evidence_station.domain.errors import InvalidInputError
from evidence_station.domain.messages import Msg

STATION_ENV = "EVIDENCE_STATION_URL"
HOME_ENV = "EVIDENCE_STATION_HOME"
APP_DIR_NAME = "EvidenceStation"
CLIENT_FILE_ENV = "EVIDENCE_STATION_CLIENT_FILE"
#: The system-wide client file: /etc/evidence-station/client.json; on Windows %ProgramData%\EvidenceStation.
DEFAULT_CLIENT_FILE = (Path(os.environ.get("PROGRAMDATA", "C:/ProgramData")) / "EvidenceStation" / "client.json"
                       if os.name == "nt" else Path("/etc/evidence-station/client.json"))
#: The socket of an installed station service.
DEFAULT_SOCKET_URL = "unix:/run/evidence-station/station.sock"


@dataclass(frozen=True)
class StationTarget:
    """Where calls go: a service URL, or (``url`` None) an embedded service on ``home``."""

    url: str | None
    home: Path | None = None
    ca_file: str | None = None
    catalogue_url: str | None = None  # embedded only: a catalogue other than the home's own


def resolve_home(explicit: str | os.PathLike[str] | None = None) -> Path:
    """``--home`` if given, else ``$EVIDENCE_STATION_HOME``, else the platform's user-data folder."""
    if explicit:
        return Path(explicit).expanduser().absolute()
    env = os.environ.get(HOME_ENV)
    if env:
        return Path(env).expanduser().absolute()
    return Path(platformdirs.user_data_dir(APP_DIR_NAME, appauthor=False))


def client_file() -> dict[str, object]:
    """The system-wide client settings (``{}`` when there is no such file)."""
    path = Path(os.environ.get(CLIENT_FILE_ENV) or DEFAULT_CLIENT_FILE)
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        return {}
    except (OSError, ValueError) as exc:
        raise InvalidInputError(Msg("The client file {path} cannot be read: {exc}.", path=path, exc=exc)) from None
    return data if isinstance(data, dict) else {}


def resolve_target(
    *, station: str | None, home: str | os.PathLike[str] | None, default_home: Path, station_ca: str | None = None,
    catalogue_url: str | None = None,
) -> StationTarget:
    """Resolve an explicit station or home, the environment and the client file (see the module docstring)."""
    if station and home:
        raise InvalidInputError(
            Msg("Give either --station (act through a station service) or --home (an embedded station), not both."),
        )
    ca = station_ca
    url = station or os.environ.get(STATION_ENV)
    if not url and not home and not os.environ.get(HOME_ENV):
        settings = client_file()
        url = str(settings["station_url"]) if settings.get("station_url") else None
        ca = ca or (str(settings["station_ca"]) if settings.get("station_ca") else None)
    if url:
        if catalogue_url:
            raise InvalidInputError(Msg(
                "--db-url is for an embedded station; the station service has its own catalogue.",
            ))
        return StationTarget(url=url, ca_file=ca)
    return StationTarget(url=None, home=default_home, catalogue_url=catalogue_url)


def http_transport(target: StationTarget) -> HttpTransport:
    """The HTTP connection to a station service (TLS verified against the target's CA file when given)."""
    if target.url is None:
        raise ValueError("an embedded station has no URL")
    if not (target.url.startswith(("unix:", "https:")) or is_loopback_http(target.url)):
        raise InvalidInputError(
            Msg(
                "Cannot use the station URL {url!r}: give unix:PATH, https://HOST:PORT, or "
                "http://127.0.0.1:PORT (plain HTTP only on this machine).",
                url=target.url,
            ),
        )
    verify: object = True
    if target.ca_file:
        import ssl

        verify = ssl.create_default_context(cafile=target.ca_file)
    return HttpTransport(target.url, verify=verify)


def is_loopback_http(url: str) -> bool:
    """True for ``http://`` to this machine only (127.0.0.0/8, ::1, localhost): a station service on Windows,
    which has no Unix sockets, listens there."""
    import ipaddress
    from urllib.parse import urlsplit

    parts = urlsplit(url)
    if parts.scheme != "http" or not parts.hostname:
        return False
    if parts.hostname == "localhost":
        return True
    try:
        return ipaddress.ip_address(parts.hostname).is_loopback
    except ValueError:
        return False


@contextmanager
def open_transport(target: StationTarget) -> Iterator[Transport]:
    """A transport to the target; an embedded station is opened (and closed again) in this process."""
    if target.url is not None:
        transport = http_transport(target)
        try:
            yield transport
        finally:
            transport.close()
        return
    from evidence_station.server.embedded import close_embedded, open_embedded  # the one door into the core

    dispatcher = open_embedded(target.home or Path.cwd(), catalogue_url=target.catalogue_url)
    try:
        yield InProcessTransport(dispatcher, url=f"embedded:{target.home}")
    finally:
        close_embedded(dispatcher)
