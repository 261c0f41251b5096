"""The session ``evidence-station login`` keeps for later commands: a token file, mode 0600, in the user's
runtime folder (``$XDG_RUNTIME_DIR``, which the system empties at log-out), one per station URL."""

from __future__ import annotations

import hashlib
import json
import os
import stat
import tempfile
from dataclasses import dataclass
from pathlib import Path


@dataclass(frozen=True)
class CachedSession:
    """A session token and whose it is."""

    url: str
    user: str
    token: str


def runtime_dir() -> Path:
    """This user's private runtime folder for the station client (created 0700)."""
    base = os.environ.get("XDG_RUNTIME_DIR")
    if base:
        folder = Path(base) / "evidence-station"
    else:
        folder = Path(tempfile.gettempdir()) / f"evidence-station-{os.getuid()}"
    folder.mkdir(mode=0o700, parents=True, exist_ok=True)
    info = folder.lstat()
    if not stat.S_ISDIR(info.st_mode) or info.st_uid != os.getuid() or info.st_mode & 0o077:
        raise PermissionError(f"{folder} is not a private folder of this user; remove it")
    return folder


def _file(url: str) -> Path:
    return runtime_dir() / f"session-{hashlib.sha256(url.encode('utf-8')).hexdigest()[:16]}.json"


def save(session: CachedSession) -> Path:
    """Keep ``session`` for later commands (replacing one kept before)."""
    path = _file(session.url)
    temp = path.with_suffix(".tmp")
    fd = os.open(temp, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    with os.fdopen(fd, "w", encoding="utf-8") as handle:
        json.dump({"url": session.url, "user": session.user, "token": session.token}, handle)
    os.replace(temp, path)
    return path


def load(url: str) -> CachedSession | None:
    """The session kept for ``url``, if any."""
    try:
        data = json.loads(_file(url).read_text(encoding="utf-8"))
        return CachedSession(url=data["url"], user=data["user"], token=data["token"])
    except (OSError, ValueError, KeyError, TypeError):
        return None


def forget(url: str) -> None:
    """Drop the session kept for ``url``."""
    try:
        _file(url).unlink()
    except FileNotFoundError:
        pass
