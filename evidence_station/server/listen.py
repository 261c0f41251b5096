"""The listening sockets of the station service: a Unix socket for the desk's accounts, TLS on TCP for others."""

from __future__ import annotations

import grp
import ipaddress
import os
import socket
import stat
from contextlib import suppress
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import urlsplit

from evidence_station.domain.errors import InvalidInputError
from evidence_station.domain.messages import Msg

#: Mode of the service's Unix socket: its account and group may connect, nobody else.
SOCKET_MODE = 0o660


@dataclass(frozen=True)
class ListenAddress:
    """Where the service listens: ``unix:PATH`` or ``tcp://HOST:PORT``."""

    unix_path: Path | None = None
    host: str = ""
    port: int = 0

    @property
    def is_loopback(self) -> bool:
        """True for a TCP address only this machine can reach."""
        if self.unix_path is not None:
            return True
        if self.host == "localhost":
            return True
        try:
            return ipaddress.ip_address(self.host).is_loopback
        except ValueError:
            return False

    def __str__(self) -> str:
        return f"unix:{self.unix_path}" if self.unix_path is not None else f"tcp://{self.host}:{self.port}"


def parse_listen(text: str) -> ListenAddress:
    """``unix:PATH`` or ``tcp://HOST:PORT`` (exit 2 otherwise)."""
    if text.startswith("unix:"):
        path = text.removeprefix("unix:")
        if not path:
            raise InvalidInputError(Msg("Give the socket path: --listen unix:/run/evidence-station/station.sock"))
        return ListenAddress(unix_path=Path(path).absolute())
    parts = urlsplit(text)
    if parts.scheme == "tcp" and parts.hostname and parts.port is not None:
        return ListenAddress(host=parts.hostname, port=parts.port)
    raise InvalidInputError(
        Msg("Cannot listen on {text!r}: use unix:PATH or tcp://HOST:PORT.", text=text),
    )


def unix_socket(path: Path, *, group: str | None = None) -> socket.socket:
    """A listening Unix socket at ``path``, created mode 0660 (never briefly wider) with group ``group``.

    A stale socket left by a dead service is replaced; any other file at ``path`` is refused.
    """
    path.parent.mkdir(parents=True, exist_ok=True)
    with suppress(FileNotFoundError):
        if not stat.S_ISSOCK(path.lstat().st_mode):
            raise InvalidInputError(Msg(
                "{path} exists and is not a socket; remove it or choose another path.",
                path=path,
            ))
        probe = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
        try:
            probe.connect(str(path))
        except OSError:
            path.unlink()  # nobody answers: a socket left by a service that died
        else:
            raise InvalidInputError(Msg("A station service already listens on {path}.", path=path))
        finally:
            probe.close()
    sock = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
    old_umask = os.umask(0o777 & ~SOCKET_MODE)
    try:
        sock.bind(str(path))
    finally:
        os.umask(old_umask)
    if group:
        try:
            os.chown(path, -1, grp.getgrnam(group).gr_gid)
        except KeyError:
            sock.close()
            path.unlink()
            raise InvalidInputError(Msg("There is no group {group!r} for the socket.", group=group)) from None
        except PermissionError:
            sock.close()
            path.unlink()
            raise InvalidInputError(
                Msg(
                    "The service's account may not give its socket to the group {group!r}: make the account a "
                    "member of that group (e.g. usermod -aG {group} evidence-station).",
                    group=group,
                ),
            ) from None
    os.chmod(path, SOCKET_MODE)
    sock.listen(128)
    return sock


def tcp_socket(host: str, port: int) -> socket.socket:
    """A listening TCP socket (IPv4 or IPv6 by the host's form)."""
    family = socket.AF_INET6 if ":" in host else socket.AF_INET
    sock = socket.socket(family, socket.SOCK_STREAM)
    sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    sock.bind((host, port))
    sock.listen(128)
    return sock
