"""Command start-up through the station service: ``evidence-station --station unix:SOCK --json recordings``.

Starts a real station service (``serve`` on a Unix socket) on a fresh service home, logs in once (the session is
cached as ``evidence-station login`` does), then times, alternating, ``--repeat`` runs of:

* the baseline: the same interpreter starting and exiting (``python -c pass``);
* the command: ``python -m evidence_station --station unix:SOCK --json recordings`` (interpreter start-up,
  the CLI's imports, the HTTP client, one call to the service, the JSON answer).

Reports medians and the command/baseline ratio. The target (issue #17) is a command start-up of at most 0.3 s.
Measure with the interpreter the station is installed in (the app lock, ``requirements/app.txt``): the test
lock adds packages (trio, rich) that make ``httpx`` import slower than on an installed desk.

Run: ``.venv/bin/python benchmarks/bench_cli_startup.py [--repeat 20] [--python /path/to/python]``.
"""

from __future__ import annotations

import argparse
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from common import PASSWORD, fresh_station, machine_facts, median  # benchmarks/

TARGET_S = 0.3


def _timed(command: list[str], env: dict[str, str]) -> float:
    started = time.perf_counter()
    subprocess.run(command, env=env, check=True, stdout=subprocess.DEVNULL)
    return time.perf_counter() - started


def main() -> int:
    """Run the benchmark; exit 0 when the command starts within the target."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=20)
    parser.add_argument("--python", default=sys.executable, help="interpreter to time (default: this one)")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="bench-startup-") as scratch:
        folder = Path(scratch)
        bench = fresh_station(folder / "home", service=True)
        bench.close()
        socket = folder / "station.sock"
        env = {**os.environ, "EVIDENCE_STATION_PASSWORD": PASSWORD, "EVIDENCE_STATION_USER": "admin",
               "XDG_CONFIG_HOME": str(folder / "config"), "XDG_CACHE_HOME": str(folder / "cache")}
        server = subprocess.Popen([args.python, "-m", "evidence_station", "--home", str(bench.home), "serve",
                                   "--listen", f"unix:{socket}"], env=env, stdout=subprocess.DEVNULL,
                                  stderr=subprocess.DEVNULL)
        try:
            deadline = time.monotonic() + 60
            while not socket.exists():
                if time.monotonic() > deadline or server.poll() is not None:
                    raise SystemExit("serve did not start")
                time.sleep(0.1)
            station = ["--station", f"unix:{socket}"]
            subprocess.run([args.python, "-m", "evidence_station", *station, "login"], env=env, check=True,
                           stdout=subprocess.DEVNULL)
            command = [args.python, "-m", "evidence_station", *station, "--json", "recordings"]
            baseline = [args.python, "-c", "pass"]
            _timed(command, env)  # warm the page cache and the service
            runs: dict[str, list[float]] = {"baseline": [], "command": []}
            for n in range(args.repeat):
                order = ("baseline", "command") if n % 2 == 0 else ("command", "baseline")
                for name in order:
                    runs[name].append(_timed(baseline if name == "baseline" else command, env))
        finally:
            server.terminate()
            server.wait(timeout=60)
        facts = machine_facts(folder)
    base, cmd = median(runs["baseline"]), median(runs["command"])
    print(f"machine: {facts.get('cpu', '?')}, {os.cpu_count()} cores; python {args.python}")
    print(f"baseline (python -c pass)        median {base * 1000:7.1f} ms over {args.repeat} runs")
    print(f"recordings --json via the service median {cmd * 1000:7.1f} ms over {args.repeat} runs")
    print(f"ratio command/baseline: {cmd / base:.1f}x; target start-up <= {TARGET_S} s: "
          f"{'met' if cmd <= TARGET_S else 'NOT MET'}")
    return 0 if cmd <= TARGET_S else 1


if __name__ == "__main__":
    raise SystemExit(main())
