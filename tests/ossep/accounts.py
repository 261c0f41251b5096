"""Two OS accounts on this machine: the station service's and a desk user's, with a Python both can run.

The tests run as root (CI does). The project is installed (not editable) into a virtual environment made with
Debian's ``/usr/bin/python3`` under ``/opt`` — the pyenv Python lives under ``/root`` (0700), which other accounts
cannot enter — from the locked requirements; it is reused while the lock and the sources are unchanged.
"""

from __future__ import annotations

import hashlib
import os
import shutil
import subprocess
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

REPO = Path(__file__).resolve().parents[2]
VENV_ROOT = Path("/opt/evidence-station-ossep")
SERVICE_USER = "es-ossep-svc"
DESK_USER = "es-ossep-desk"
OUTSIDER = "es-ossep-other"
DESK_GROUP = "es-ossep-users"
SYSTEM_PYTHON = Path("/usr/bin/python3")


def available() -> str | None:
    """Why these tests cannot run here (None when they can)."""
    if os.geteuid() != 0:
        return "needs root (to create the service and desk accounts)"
    missing = [tool for tool in ("useradd", "groupadd", "runuser") if shutil.which(tool) is None]
    if missing:
        return f"missing {', '.join(missing)}"
    if not SYSTEM_PYTHON.exists():
        return f"no {SYSTEM_PYTHON} (a Python other accounts can run)"
    return None


def _sources_digest() -> str:
    digest = hashlib.sha256()
    for path in sorted([REPO / "pyproject.toml", REPO / "requirements" / "app.txt",
                        *(REPO / "evidence_station").rglob("*")]):
        if path.is_file() and "__pycache__" not in path.parts:
            digest.update(str(path.relative_to(REPO)).encode())
            digest.update(path.read_bytes())
    return digest.hexdigest()[:16]


def shared_venv() -> Path:
    """A virtual environment every account can run, with the project installed from the lock."""
    venv = VENV_ROOT / "venv"
    stamp = VENV_ROOT / "stamp"
    want = _sources_digest()
    if stamp.exists() and stamp.read_text() == want and (venv / "bin" / "evidence-station").exists():
        return venv
    lock_stamp = VENV_ROOT / "lock-stamp"
    lock_digest = hashlib.sha256((REPO / "requirements" / "app.txt").read_bytes()).hexdigest()
    if not (lock_stamp.exists() and lock_stamp.read_text() == lock_digest and venv.exists()):
        shutil.rmtree(VENV_ROOT, ignore_errors=True)
        VENV_ROOT.mkdir(parents=True)
        subprocess.run([str(SYSTEM_PYTHON), "-m", "venv", str(venv)], check=True)
        subprocess.run([str(venv / "bin" / "python"), "-m", "pip", "install", "-q", "--require-hashes",
                        "--only-binary", ":all:", "-r", str(REPO / "requirements" / "app.txt")], check=True)
        lock_stamp.write_text(lock_digest)
    build = VENV_ROOT / "build"
    shutil.rmtree(build, ignore_errors=True)
    shutil.copytree(REPO, build, ignore=shutil.ignore_patterns(".venv", ".git", "__pycache__", "tests", "build",
                                                                "dist", "*.egg-info", "demo-home", "docs"))
    subprocess.run([str(venv / "bin" / "python"), "-m", "pip", "install", "-q", "--no-deps",
                    "--no-build-isolation", "--force-reinstall", str(build)], check=True)
    shutil.rmtree(build, ignore_errors=True)
    for folder, _dirs, files in os.walk(VENV_ROOT):
        os.chmod(folder, 0o755)
        for name in files:
            path = Path(folder) / name
            if not path.is_symlink():
                path.chmod(path.stat().st_mode | 0o444)
    stamp.write_text(want)
    return venv


def _exists(kind: str, name: str) -> bool:
    return subprocess.run(["getent", kind, name], capture_output=True).returncode == 0


def ensure_accounts() -> None:
    """The service account, a desk user in the station's group, and an outsider who is not."""
    if not _exists("group", DESK_GROUP):
        subprocess.run(["groupadd", DESK_GROUP], check=True)
    if not _exists("passwd", SERVICE_USER):
        # A member of the desk group, as the package makes it: so it may give its socket to that group.
        subprocess.run(["useradd", "--system", "--user-group", "--groups", DESK_GROUP, "--home-dir", "/nonexistent",
                        "--shell", "/usr/sbin/nologin", SERVICE_USER], check=True)
    else:
        subprocess.run(["usermod", "-aG", DESK_GROUP, SERVICE_USER], check=True)
    for user, groups in ((DESK_USER, [DESK_GROUP]), (OUTSIDER, [])):
        if not _exists("passwd", user):
            command = ["useradd", "--create-home", "--shell", "/bin/sh", user]
            if groups:
                command += ["--groups", ",".join(groups)]
            subprocess.run(command, check=True)


@dataclass(frozen=True)
class Done:
    """A finished command."""

    returncode: int
    stdout: str
    stderr: str


def run_as(user: str, command: Sequence[str], *, env: dict[str, str] | None = None, timeout: float = 300,
           cwd: str = "/") -> Done:
    """Run ``command`` as ``user`` (a clean environment plus ``env``)."""
    home = Path("/home") / user if Path("/home", user).is_dir() else Path("/tmp")
    base = {"PATH": "/usr/bin:/bin", "HOME": str(home), "LANG": "C.UTF-8", "QT_QPA_PLATFORM": "offscreen"}
    done = subprocess.run(["runuser", "-u", user, "--", "env", "-i", *(f"{k}={v}" for k, v in {**base, **(env or {})}
                                                                        .items()), *command],
                          capture_output=True, text=True, timeout=timeout, cwd=cwd, stdin=subprocess.DEVNULL)
    return Done(done.returncode, done.stdout, done.stderr)


def popen_as(user: str, command: Sequence[str], *, env: dict[str, str] | None = None,
             log: Path | None = None) -> subprocess.Popen[bytes]:
    """Start ``command`` as ``user`` in the background."""
    base = {"PATH": "/usr/bin:/bin", "HOME": "/tmp", "LANG": "C.UTF-8"}
    out = open(log, "wb") if log is not None else subprocess.DEVNULL  # noqa: SIM115
    # setpriv execs the command itself (runuser would stay in between and answer SIGTERM by killing it).
    return subprocess.Popen(["setpriv", f"--reuid={user}", f"--regid={user}", "--init-groups", "env", "-i",
                             *(f"{k}={v}" for k, v in {**base, **(env or {})}.items()), *command],
                            stdout=out, stderr=subprocess.STDOUT, stdin=subprocess.DEVNULL, cwd="/")
