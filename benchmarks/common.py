"""Helpers shared by the benchmarks: a fresh station home, page-cache control, timing statistics, machine facts.

Benchmarks are run by hand (never in CI); see ``benchmarks/README.md``.
"""

from __future__ import annotations

import os
import platform
import shutil
import sqlite3
import stat
import statistics
import subprocess
from dataclasses import dataclass
from pathlib import Path

from evidence_station.domain.clock import Clock
from evidence_station.domain.roles import Role
from evidence_station.services.context import ServiceContext
from evidence_station.services.station import Station
from evidence_station.services.users import add_user, init_station, login

PASSWORD = "bench-password-1"
MB = 1_000_000


@dataclass
class BenchStation:
    """A freshly initialised station home, opened, with a logged-in administrator and custodian."""

    home: Path
    station: Station
    admin: ServiceContext
    custodian: ServiceContext

    def close(self) -> None:
        """Close the catalogue connection (one station per process)."""
        self.station.close()


def fresh_station(home: Path, clock: Clock | None = None, *, service: bool = False,
                  catalogue_url: str | None = None) -> BenchStation:
    """``init`` a new home at ``home`` with users ``admin`` and ``custodian`` (password :data:`PASSWORD`);
    ``service``: a home for ``serve`` (``init --service``); ``catalogue_url``: an empty PostgreSQL database to hold
    the catalogue (default: the home's SQLite file)."""
    init_station(home, admin_name="admin", admin_password=PASSWORD, station_name="benchmark", clock=clock,
                 service=service, catalogue_url=catalogue_url)
    station = Station.open(home, clock=clock)
    admin = login(station, "admin", PASSWORD)
    add_user(admin, name="custodian", roles=[Role.CUSTODIAN], password=PASSWORD, display_name="Bench Custodian")
    custodian = login(station, "custodian", PASSWORD)
    return BenchStation(home, station, admin, custodian)


def drop_caches(enabled: bool) -> None:
    """``sync`` and, when ``enabled`` (root only; affects the whole machine), empty the page cache."""
    os.sync()
    if enabled:
        Path("/proc/sys/vm/drop_caches").write_text("3\n")


def remove_tree(path: Path) -> None:
    """Delete a folder even when it holds read-only vault blobs and 0o700 folders."""
    if not path.exists():
        return
    for folder, _dirs, _files in os.walk(path):
        Path(folder).chmod(stat.S_IRWXU)
    shutil.rmtree(path)


def percentile(values: list[float], fraction: float) -> float:
    """The ``fraction`` quantile (0..1) of ``values`` by linear interpolation (p50 = median)."""
    if not values:
        return float("nan")
    if len(values) == 1:
        return values[0]
    ordered = sorted(values)
    position = fraction * (len(ordered) - 1)
    low = int(position)
    high = min(low + 1, len(ordered) - 1)
    return ordered[low] + (ordered[high] - ordered[low]) * (position - low)


def median(values: list[float]) -> float:
    """The median of ``values``."""
    return statistics.median(values) if values else float("nan")


def _first_line(command: list[str]) -> str:
    try:
        done = subprocess.run(command, capture_output=True, text=True, check=False, timeout=10)
    except (OSError, subprocess.TimeoutExpired):
        return "?"
    return (done.stdout or done.stderr).strip().splitlines()[0] if (done.stdout or done.stderr).strip() else "?"


def machine_facts(folder: Path) -> dict[str, str]:
    """CPU, cores, memory, the filesystem holding ``folder``, and library versions (for the report)."""
    cpu = "?"
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    memory = "?"
    try:
        for line in Path("/proc/meminfo").read_text().splitlines():
            if line.startswith("MemTotal:"):
                memory = f"{int(line.split()[1]) / 1024 / 1024:.1f} GiB"
                break
    except OSError:
        pass
    filesystem = _first_line(["findmnt", "-n", "-o", "SOURCE,FSTYPE", "-T", str(folder)])
    return {
        "cpu": cpu,
        "cores": str(os.cpu_count()),
        "memory": memory,
        "filesystem": filesystem,
        "python": platform.python_version(),
        "sqlite": sqlite3.sqlite_version,
        "openssl": _first_line(["openssl", "version"]),
        "kernel": platform.release(),
    }
