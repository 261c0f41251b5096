"""Reaching the station for a command: the station service (client mode) or an embedded one on ``--home``.

The station service is named by ``--station URL``, else ``$EVIDENCE_STATION_URL``, else ``station_url`` in the
system-wide client file (``/etc/evidence-station/client.json``; an installed desk has one). With none of those
the command runs the same service privately in its own process on ``--home`` (embedded mode). ``--station``
together with ``--home`` is a usage error; when the client file names a station, a command without ``--home``
uses that station and never silently creates a private one.
"""

from __future__ import annotations

import argparse
import json
import os
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

from evidence_station.cli import session_cache
from evidence_station.cli.session import acting_password, acting_user, home_of
from evidence_station.client.station_client import StationClient
from evidence_station.client.transport import HttpTransport, InProcessTransport, Transport
from evidence_station.domain.errors import InvalidInputError, SessionExpiredError

STATION_ENV = "EVIDENCE_STATION_URL"
CLIENT_FILE_ENV = "EVIDENCE_STATION_CLIENT_FILE"
DEFAULT_CLIENT_FILE = Path("/etc/evidence-station/client.json")
#: The socket of an installed station service.
DEFAULT_SOCKET_URL = "unix:/run/evidence-station/station.sock"


@dataclass(frozen=True)
class StationTarget:
    """Where a command's calls go: a service URL, or (``url`` None) an embedded service on ``home``."""

    url: str | None
    home: Path | None = None
    ca_file: str | None = None


def client_file() -> dict[str, object]:
    """The system-wide client settings (``{}`` when there is no such file)."""
    path = Path(os.environ.get(CLIENT_FILE_ENV) or DEFAULT_CLIENT_FILE)
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        return {}
    except (OSError, ValueError) as exc:
        raise InvalidInputError(f"The client file {path} cannot be read: {exc}.",
                                message_zh=f"无法读取客户端配置文件 {path}：{exc}。") from None
    return data if isinstance(data, dict) else {}


def station_target(args: argparse.Namespace) -> StationTarget:
    """Resolve ``--station``/``--home``, the environment and the client file (see the module docstring)."""
    explicit = getattr(args, "station", None)
    if explicit and getattr(args, "home", None):
        raise InvalidInputError(
            "Give either --station (act through a station service) or --home (an embedded station), not both.",
            message_zh="--station（通过工作站服务操作）与 --home（嵌入式工作站）只能二选一。",
        )
    ca = getattr(args, "station_ca", None)
    url = explicit or os.environ.get(STATION_ENV)
    if not url and not getattr(args, "home", None) and not os.environ.get("EVIDENCE_STATION_HOME"):
        settings = client_file()
        url = str(settings["station_url"]) if settings.get("station_url") else None
        ca = ca or (str(settings["station_ca"]) if settings.get("station_ca") else None)
    if url:
        if getattr(args, "db_url", None):
            raise InvalidInputError("--db-url is for an embedded station; the station service has its own catalogue.",
                                    message_zh="--db-url 仅用于嵌入式工作站；工作站服务有自己的目录数据库。")
        return StationTarget(url=url, ca_file=ca)
    return StationTarget(url=None, home=home_of(args))


def http_transport(target: StationTarget) -> HttpTransport:
    """The HTTP connection to a station service (TLS verified against ``--station-ca`` when given)."""
    if target.url is None:
        raise ValueError("an embedded station has no URL")
    if not target.url.startswith(("unix:", "https:")):
        raise InvalidInputError(
            f"Cannot use the station URL {target.url!r}: give unix:PATH or https://HOST:PORT.",
            message_zh=f"无法使用工作站地址“{target.url}”：请使用 unix:路径 或 https://主机:端口。",
        )
    verify: object = True
    if target.ca_file:
        import ssl

        verify = ssl.create_default_context(cafile=target.ca_file)
    return HttpTransport(target.url, verify=verify)


@contextmanager
def connected(args: argparse.Namespace, *, client: str = "cli", keep_session: bool = False) -> Iterator[StationClient]:
    """A logged-in client for one command; its session ends with the command unless it was cached by ``login``
    or ``keep_session`` asks a station service to keep it once the command succeeded (``view open`` in client
    mode: the stream it opened lasts as long as that session, which ends when unused for its idle time).

    Client mode reuses the session ``evidence-station login`` cached for this station and user; without one
    the acting user logs in (password from ``$EVIDENCE_STATION_PASSWORD`` or the terminal).
    """
    target = station_target(args)
    transport: Transport
    embedded = None
    if target.url is None:
        from evidence_station.server.embedded import close_embedded, open_embedded

        embedded = open_embedded(target.home or home_of(args), catalogue_url=getattr(args, "db_url", None))
        transport = InProcessTransport(embedded, url=f"embedded:{target.home}")
    else:
        transport = http_transport(target)
    try:
        station_client, cached = _session(args, target, transport, client)
        kept = False
        try:
            yield station_client
            kept = keep_session and embedded is None  # only after the command succeeded
        finally:
            if not cached and not kept:
                station_client.logout()
    finally:
        transport.close()
        if embedded is not None:
            close_embedded(embedded)


def _session(
    args: argparse.Namespace, target: StationTarget, transport: Transport, client: str
) -> tuple[StationClient, bool]:
    """A client on the cached session of this station and user when there is one, else a fresh log-in."""
    name = acting_user(args) if (args.user or os.environ.get("EVIDENCE_STATION_USER")) else None
    if target.url is not None:
        cached = session_cache.load(target.url)
        if cached is not None and (name is None or cached.user == name):
            try:
                return StationClient.resume(transport, cached.token), True
            except SessionExpiredError:
                session_cache.forget(target.url)
    name = name or acting_user(args)
    return StationClient.login(transport, name, acting_password(f"Password for {name}: "), client=client), False
