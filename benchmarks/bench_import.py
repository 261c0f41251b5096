"""Import speed: ``evidence-station import`` against ``cp -r`` + ``sha256sum`` + ``openssl dgst -sm3`` (+ ``sync``).

Writes a realistic card (several 100–500 MB camera files named like ``DCIM/100DSJ/Z8A0001_010203_…_0001.MP4``,
a few small photos and one real small MP4 from the demo card), then measures in one run, alternating the
order over ``--repeat`` rounds:

* the baseline: ``cp -r CARD DEST``, ``sha256sum`` of every copied file, ``openssl dgst -sm3`` of every
  copied file, then ``sync`` (the import fsyncs every file, so the baseline must reach the disk too) — as
  subprocesses, timed together;
* the import: ``import_card`` (the service behind ``evidence-station import --no-thumbnails``) as the
  custodian of a freshly initialised home; only the import call is timed. ``--cli`` times the real
  command in a subprocess instead (then interpreter start-up, login and the session checkpoint count too).
  ``--station`` imports through a real station service process (``serve`` on a Unix socket): this process is
  the desk — it reads each card file once and streams it with its XXH3-128 — and the service hashes, stores,
  reads back and checks; the CPU of both (and of the service's probe workers) is counted.

The page cache is dropped before every timed run only with ``--drop-caches`` (root; affects the whole
machine); otherwise the card is read from the cache by both sides. The target is import/baseline ≤ 0.45.
Every import is checked: each card file stored once, SHA-256 equal to :mod:`hashlib`, SM3 equal to openssl's.

Run: ``.venv/bin/python benchmarks/bench_import.py --size-gb 1 --repeat 2 [--json] [--dir /path/on/vault/disk]``.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import os
import random
import resource
import shutil
import subprocess
import sys
import tempfile
import time
from dataclasses import asdict, dataclass, field
from datetime import date, datetime, timedelta
from pathlib import Path

from common import MB, PASSWORD, drop_caches, fresh_station, machine_facts, median, remove_tree  # benchmarks/

from evidence_station.services.import_service import default_import_workers, import_card

TARGET_RATIO = 0.45
VIDEO_DIR = "DCIM/100DSJ"
DEVICE, OFFICER = "Z8A0001", "010203"
BIG_MIN, BIG_MAX = 100 * MB, 500 * MB
WRITE_BLOCK = 8 << 20


@dataclass(frozen=True)
class CardFile:
    """One file written to the benchmark card, with its expected SHA-256."""

    card_path: str
    size: int
    sha256: str


@dataclass
class Figures:
    """Everything one benchmark run measured (printed as text or JSON)."""

    files: int
    bytes: int
    mode: str
    drop_caches: bool
    workers: int
    baseline_s: list[float] = field(default_factory=list)
    import_s: list[float] = field(default_factory=list)
    baseline_cpu_s: list[float] = field(default_factory=list)
    import_cpu_s: list[float] = field(default_factory=list)
    order: list[str] = field(default_factory=list)
    correct: bool = True
    problems: list[str] = field(default_factory=list)

    @property
    def baseline_median(self) -> float:
        """Median baseline seconds."""
        return median(self.baseline_s)

    @property
    def import_median(self) -> float:
        """Median import seconds."""
        return median(self.import_s)

    @property
    def ratio(self) -> float:
        """Median import time over median baseline time."""
        return self.import_median / self.baseline_median

    @property
    def cpu_ratio(self) -> float:
        """Median import CPU seconds over median baseline CPU seconds (less sensitive to a busy machine)."""
        return median(self.import_cpu_s) / median(self.baseline_cpu_s)

    def to_json(self, machine: dict[str, str]) -> dict:
        """The figures as a JSON-ready dict."""
        data = asdict(self)
        data.update(
            megabytes=self.bytes / MB,
            baseline_median_s=self.baseline_median, import_median_s=self.import_median,
            baseline_mb_s=self.bytes / MB / self.baseline_median, import_mb_s=self.bytes / MB / self.import_median,
            ratio=self.ratio, cpu_ratio=self.cpu_ratio,
            round_ratios=[i / b for i, b in zip(self.import_s, self.baseline_s, strict=True)],
            target_ratio=TARGET_RATIO, target_met=self.ratio <= TARGET_RATIO,
            baseline_command="cp -r CARD DEST && sha256sum FILES && openssl dgst -sm3 FILES && sync",
            machine=machine,
        )
        return data


# ------------------------------------------------------------------------------------------------ the card


def _write_random(path: Path, size: int) -> str:
    digest = hashlib.sha256()
    with open(path, "wb") as stream:
        left = size
        while left:
            block = os.urandom(min(left, WRITE_BLOCK))
            stream.write(block)
            digest.update(block)
            left -= len(block)
    return digest.hexdigest()


def _sha256_of(path: Path) -> str:
    digest = hashlib.sha256()
    with open(path, "rb") as stream:
        while block := stream.read(WRITE_BLOCK):
            digest.update(block)
    return digest.hexdigest()


def big_file_sizes(total: int, rng: random.Random) -> list[int]:
    """Sizes of 100–500 MB adding up to ``total`` (the last one takes what is left)."""
    sizes = []
    left = total
    while left >= 2 * BIG_MIN:
        size = rng.randint(BIG_MIN, min(BIG_MAX, left - BIG_MIN))
        sizes.append(size)
        left -= size
    if left > 0:
        sizes.append(left)
    return sizes


def make_card(root: Path, total: int, seed: int, real_mp4: bool) -> list[CardFile]:
    """Write a card of about ``total`` bytes under ``root`` and return its files with their SHA-256."""
    rng = random.Random(seed)
    folder = root / VIDEO_DIR
    folder.mkdir(parents=True)
    start = datetime.combine(date.today(), datetime.min.time()) + timedelta(hours=8)
    small = [rng.randint(2 * MB, 6 * MB) for _ in range(3)]  # photos taken during the shift
    plan: list[tuple[str, int]] = [("MP4", size) for size in big_file_sizes(max(total - sum(small), 1), rng)]
    plan[1:1] = [("JPG", size) for size in small]
    files = []
    for sequence, (extension, size) in enumerate(plan, start=1):
        name = f"{DEVICE}_{OFFICER}_{start:%Y%m%d%H%M%S}_{sequence:04d}.{extension}"
        files.append(CardFile(f"{VIDEO_DIR}/{name}", size, _write_random(folder / name, size)))
        start += timedelta(minutes=15)
    if real_mp4:
        files.append(_copy_real_mp4(root, seed))
    return files


def _copy_real_mp4(root: Path, seed: int) -> CardFile:
    """Copy the first video of a demo card (a real, playable MP4) onto the benchmark card."""
    from evidence_station.media.demo_card import write_demo_card

    with tempfile.TemporaryDirectory(prefix="bench-demo-") as scratch:
        demo = write_demo_card(Path(scratch) / "card", seed=seed)
        relative = next(r.card_path for r in demo.recordings if r.kind == "video" and r.note == "first")
        target = root / relative
        target.parent.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(demo.path / relative, target)
    return CardFile(relative, target.stat().st_size, _sha256_of(target))


# ------------------------------------------------------------------------------------------------ the runs


def cpu_seconds() -> float:
    """User + system CPU seconds of this process and of its finished children (probe workers, cp, …)."""
    own, children = resource.getrusage(resource.RUSAGE_SELF), resource.getrusage(resource.RUSAGE_CHILDREN)
    return own.ru_utime + own.ru_stime + children.ru_utime + children.ru_stime


def run_baseline(card: Path, dest: Path, files: list[CardFile]) -> tuple[float, float, dict[str, str], dict[str, str]]:
    """Seconds and CPU seconds for ``cp -r`` + ``sha256sum`` + ``openssl dgst -sm3`` + ``sync``, and the
    digests they printed."""
    copies = [str(dest / f.card_path) for f in files]
    cpu = cpu_seconds()
    started = time.perf_counter()
    subprocess.run(["cp", "-r", str(card), str(dest)], check=True)
    sha_out = subprocess.run(["sha256sum", *copies], check=True, capture_output=True, text=True).stdout
    sm3_out = subprocess.run(["openssl", "dgst", "-sm3", *copies], check=True, capture_output=True,
                             text=True).stdout
    subprocess.run(["sync"], check=True)
    elapsed, cpu = time.perf_counter() - started, cpu_seconds() - cpu
    sha256 = parse_digests(sha_out, dest, files)
    sm3 = parse_digests(sm3_out, dest, files)
    return elapsed, cpu, sha256, sm3


def _process_cpu(pid: int) -> float:
    """User + system CPU seconds of process ``pid`` and of its waited-for children (Linux /proc)."""
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    ticks = os.sysconf("SC_CLK_TCK")
    return sum(int(fields[i]) for i in (11, 12, 13, 14)) / ticks  # utime, stime, cutime, cstime


def run_station_import(home: Path, card: Path) -> tuple[float, float, list[dict], Path]:
    """One import through a station service process on ``home`` (this process is the desk)."""
    from evidence_station.client.card_import import import_card as desk_import
    from evidence_station.client.station_client import StationClient
    from evidence_station.client.transport import HttpTransport

    bench = fresh_station(home, service=True)
    vault_root = bench.station.vault.root
    bench.custodian.end_session()
    bench.close()
    socket_path = Path(tempfile.mkdtemp(prefix="bench-sock-")) / "station.sock"
    service = subprocess.Popen([sys.executable, "-m", "evidence_station", "--home", str(home), "serve", "--listen",
                                f"unix:{socket_path}"], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        while not socket_path.exists():
            if service.poll() is not None:
                raise SystemExit("the station service did not start")
            time.sleep(0.05)
        transport = HttpTransport(f"unix:{socket_path}")
        client = StationClient.login(transport, "custodian", PASSWORD)
        os.sync()
        cpu = cpu_seconds() + _process_cpu(service.pid)
        started = time.perf_counter()
        result = desk_import(client, card)
        elapsed = time.perf_counter() - started
        cpu = cpu_seconds() + _process_cpu(service.pid) - cpu
        client.logout()
        transport.close()
    finally:
        service.terminate()
        service.wait(60)
        shutil.rmtree(socket_path.parent, ignore_errors=True)
    files = [{"card_path": f.card_path, "status": f.status, "size": f.size, "sha256": f.sha256, "sm3": f.sm3,
              "reason": f.reason} for f in result.files]
    return elapsed, cpu, files, vault_root


def run_import(home: Path, card: Path, workers: int, use_cli: bool) -> tuple[float, float, list[dict], Path]:
    """Seconds and CPU seconds for one import into a fresh home; also the imported files (in the CLI's JSON
    shape) and the vault root."""
    bench = fresh_station(home)
    vault_root = bench.station.vault.root
    try:
        if use_cli:
            bench.close()
            command = [sys.executable, "-m", "evidence_station", "--home", str(home), "--user", "custodian",
                       "--json", "import", str(card), "--no-thumbnails"]
            env = {**os.environ, "EVIDENCE_STATION_PASSWORD": PASSWORD}
            os.sync()
            cpu = cpu_seconds()
            started = time.perf_counter()
            done = subprocess.run(command, capture_output=True, text=True, env=env, check=False)
            elapsed, cpu = time.perf_counter() - started, cpu_seconds() - cpu
            if done.returncode not in (0, 1):
                raise SystemExit(f"import failed (exit {done.returncode}): {done.stderr.strip()}")
            report = json.loads(done.stdout)
            return elapsed, cpu, report["files"], vault_root
        os.sync()
        cpu = cpu_seconds()
        started = time.perf_counter()
        result = import_card(bench.custodian, card, workers=workers)
        elapsed, cpu = time.perf_counter() - started, cpu_seconds() - cpu
        files = [{"card_path": f.card_path, "status": f.status, "size": f.size, "sha256": f.sha256, "sm3": f.sm3,
                  "reason": f.reason} for f in result.files]
        bench.custodian.end_session()
        return elapsed, cpu, files, vault_root
    finally:
        if not use_cli:
            bench.close()


def check_import(files: list[CardFile], imported: list[dict], sm3: dict[str, str], vault_root: Path) -> list[str]:
    """Problems with an import result: every card file stored once with the right size, SHA-256 and SM3."""
    problems = []
    by_path = {}
    for item in imported:
        if item["card_path"] in by_path:
            problems.append(f"{item['card_path']} appears twice in the import result")
        by_path[item["card_path"]] = item
    if len(by_path) != len(files):
        problems.append(f"the import lists {len(by_path)} files, the card holds {len(files)}")
    for f in files:
        item = by_path.get(f.card_path)
        if item is None:
            problems.append(f"{f.card_path} is missing from the import result")
            continue
        if item["status"] != "stored":
            problems.append(f"{f.card_path} was {item['status']}: {item.get('reason')}")
            continue
        if item["size"] != f.size or item["sha256"] != f.sha256:
            problems.append(f"{f.card_path}: size/SHA-256 {item['size']}/{item['sha256']} != {f.size}/{f.sha256}")
        if item["sm3"] != sm3.get(f.card_path):
            problems.append(f"{f.card_path}: SM3 {item['sm3']} differs from openssl's {sm3.get(f.card_path)}")
        blob = vault_root / "objects" / f.sha256[:2] / f.sha256
        if not blob.is_file() or blob.stat().st_size != f.size:
            problems.append(f"{f.card_path}: the vault blob {blob} is missing or has the wrong size")
    return problems


def benchmark(args: argparse.Namespace, scratch: Path) -> Figures:
    """Make the card, then run baseline and import ``args.repeat`` times each, alternating the order."""
    card = scratch / "card"
    say = (lambda *a: print(*a, file=sys.stderr)) if args.json else print
    say(f"writing a {args.size_gb:g} GB card in {card} …")
    files = make_card(card, int(args.size_gb * 1000 * MB), args.seed, not args.no_real_mp4)
    mode = "station" if args.station else "cli" if args.cli else "service"
    figures = Figures(len(files), sum(f.size for f in files), mode, args.drop_caches, args.workers)
    say(f"card: {figures.files} files, {figures.bytes / MB:.0f} MB "
        f"({', '.join(f'{f.size / MB:.0f}' for f in files)} MB)")
    sm3 = reference_sm3(card, files)
    for round_no in range(args.repeat):
        order = ["baseline", "import"] if round_no % 2 == 0 else ["import", "baseline"]
        for side in order:
            drop_caches(args.drop_caches)
            if side == "baseline":
                dest = scratch / "baseline-copy"
                seconds, cpu, sha256, baseline_sm3 = run_baseline(card, dest, files)
                remove_tree(dest)
                if sha256 != {f.card_path: f.sha256 for f in files} or baseline_sm3 != sm3:
                    raise SystemExit("the baseline's digests differ from the card's: did the card change?")
                figures.baseline_s.append(seconds)
                figures.baseline_cpu_s.append(cpu)
            else:
                home = scratch / f"home-{round_no}"
                if args.station:
                    seconds, cpu, imported, vault_root = run_station_import(home, card)
                else:
                    seconds, cpu, imported, vault_root = run_import(home, card, args.workers, args.cli)
                problems = check_import(files, imported, sm3, vault_root)
                figures.problems += [f"round {round_no + 1}: {p}" for p in problems]
                figures.correct = figures.correct and not problems
                remove_tree(home)
                figures.import_s.append(seconds)
                figures.import_cpu_s.append(cpu)
            figures.order.append(side)
            say(f"round {round_no + 1} {side:8s} {seconds:7.2f} s  {figures.bytes / MB / seconds:7.1f} MB/s  "
                f"CPU {cpu:6.2f} s  (load average {os.getloadavg()[0]:.2f})")
            os.sync()
    return figures


def parse_digests(output: str, root: Path, files: list[CardFile]) -> dict[str, str]:
    """``{card_path: hex}`` from ``sha256sum`` (``HEX  PATH``) or ``openssl dgst`` (``SM3(PATH)= HEX``) output."""
    by_path = {str(root / f.card_path): f.card_path for f in files}
    digests = {}
    for line in output.splitlines():
        if line.startswith("SM3("):
            path, _, digest = line[len("SM3("):].partition(")= ")
        else:
            digest, path = line[:64], line[66:]
        digests[by_path[path]] = digest.strip()
    return digests


def reference_sm3(card: Path, files: list[CardFile]) -> dict[str, str]:
    """SM3 of every card file by openssl (computed once, untimed)."""
    out = subprocess.run(["openssl", "dgst", "-sm3", *(str(card / f.card_path) for f in files)], check=True,
                         capture_output=True, text=True).stdout
    return parse_digests(out, card, files)


def print_report(figures: Figures, machine: dict[str, str]) -> None:
    """The human summary."""
    megabytes = figures.bytes / MB
    print()
    print(f"machine: {machine['cpu']}, {machine['cores']} cores, {machine['memory']}, {machine['filesystem']}")
    print(f"data: {figures.files} files, {megabytes:.0f} MB; page cache "
          f"{'dropped before each run' if figures.drop_caches else 'NOT dropped (card read from cache)'}")
    print("baseline = cp -r CARD DEST && sha256sum FILES && openssl dgst -sm3 FILES && sync "
          "(sync because the import fsyncs every file)")
    how = {"cli": "evidence-station import --no-thumbnails (CLI subprocess, incl. start-up and login)",
           "station": "through a station service process: this process streams the card (desk), serve stores it",
           }.get(figures.mode, "import_card() service call (what import --no-thumbnails runs)")
    print(f"import   = {how}, {figures.workers} workers, fresh home")
    print(f"baseline median {figures.baseline_median:7.2f} s  {megabytes / figures.baseline_median:7.1f} MB/s  "
          f"runs {', '.join(f'{s:.2f}' for s in figures.baseline_s)}")
    print(f"import   median {figures.import_median:7.2f} s  {megabytes / figures.import_median:7.1f} MB/s  "
          f"runs {', '.join(f'{s:.2f}' for s in figures.import_s)}")
    print(f"CPU (user+sys, incl. child processes): baseline {median(figures.baseline_cpu_s):.2f} s, import "
          f"{median(figures.import_cpu_s):.2f} s, ratio {figures.cpu_ratio:.2f}x (the {machine['cores']} cores are "
          "shared with whatever else runs)")
    verdict = "MET" if figures.ratio <= TARGET_RATIO else "NOT MET"
    print(f"ratio import/baseline: {figures.ratio:.2f}x (target <= {TARGET_RATIO}x): {verdict}")
    print("import result: " + ("correct (every file stored once, SHA-256 = hashlib, SM3 = openssl)"
                               if figures.correct else "WRONG:\n  " + "\n  ".join(figures.problems)))


def main(argv: list[str] | None = None) -> int:
    """Run the benchmark; exit 1 when an import result is wrong."""
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--size-gb", type=float, default=1.0, help="card size in GB (default 1.0)")
    parser.add_argument("--repeat", type=int, default=1, help="rounds of baseline + import (order alternates)")
    parser.add_argument("--drop-caches", action="store_true",
                        help="empty the page cache before each timed run (root; affects the whole machine)")
    parser.add_argument("--json", action="store_true", help="print the figures as one JSON object")
    parser.add_argument("--cli", action="store_true", help="time the evidence-station command in a subprocess")
    parser.add_argument("--station", action="store_true",
                        help="import through a station service process (the card streamed by this process)")
    parser.add_argument("--workers", type=int, default=None,
                        help="files hashed at once (default: import_card's, one per core up to 4)")
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--no-real-mp4", action="store_true", help="leave the real demo MP4 off the card")
    parser.add_argument("--dir", type=Path, help="scratch folder's parent (put it on the disk to measure)")
    args = parser.parse_args(argv)
    args.workers = args.workers or default_import_workers()
    if args.drop_caches and os.geteuid() != 0:
        parser.error("--drop-caches needs root")
    scratch = Path(tempfile.mkdtemp(prefix="bench-import-", dir=args.dir))
    try:
        machine = machine_facts(scratch)
        figures = benchmark(args, scratch)
    finally:
        remove_tree(scratch)
    if args.json:
        print(json.dumps(figures.to_json(machine), indent=2))
    else:
        print_report(figures, machine)
    return 0 if figures.correct else 1


if __name__ == "__main__":
    raise SystemExit(main())
