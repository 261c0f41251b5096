"""Raw import speed: scan + copy_card_file (2 files at a time) against cp -r + sha256sum + openssl sm3.

Usage: ``.venv/bin/python benchmarks/bench_ingest_raw.py [--files 6] [--size-mib 128] [--workers 2]``.
With ``--drop-caches`` (root only) the page cache is emptied before each run, so both sides read cold
(this is system-wide: do not use it while others benchmark on the same machine). The baseline ends
with ``sync`` because the vault fsyncs every file; ``--no-sync`` leaves it out.
The target is a ratio of at most 0.45.
"""

from __future__ import annotations

import argparse
import os
import shutil
import subprocess
import tempfile
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

from evidence_station.cards.scan import scan_card
from evidence_station.importing.copy_file import copy_card_file
from evidence_station.vault.blob_store import Vault


def make_card(root: Path, files: int, size: int) -> list[Path]:
    """Write ``files`` random files of ``size`` bytes under ``root/DCIM/100MEDIA``."""
    folder = root / "DCIM" / "100MEDIA"
    folder.mkdir(parents=True)
    paths = []
    for index in range(files):
        path = folder / f"CAM01_P001_{index:04d}.MP4"
        with open(path, "wb") as handle:
            remaining = size
            while remaining:
                block = os.urandom(min(remaining, 8 << 20))
                handle.write(block)
                remaining -= len(block)
        paths.append(path)
    return paths


def drop_caches(enabled: bool) -> None:
    """Flush and drop the page cache when asked (needs root)."""
    if enabled:
        os.sync()
        Path("/proc/sys/vm/drop_caches").write_text("3\n")


def run_baseline(card: Path, scratch: Path, paths: list[Path], sync: bool = True) -> float:
    """Seconds for ``cp -r`` + ``sha256sum`` + ``openssl dgst -sm3`` of the copies (then ``sync``)."""
    target = scratch / "cp-copy"
    copies = [str(target / p.relative_to(card)) for p in paths]
    start = time.perf_counter()
    subprocess.run(["cp", "-r", str(card), str(target)], check=True)
    subprocess.run(["sha256sum", *copies], check=True, stdout=subprocess.DEVNULL)
    subprocess.run(["openssl", "dgst", "-sm3", *copies], check=True, stdout=subprocess.DEVNULL)
    if sync:
        os.sync()
    return time.perf_counter() - start


def run_station(card: Path, scratch: Path, workers: int) -> float:
    """Seconds for scanning the card and storing every candidate in a fresh vault."""
    vault = Vault(scratch / "vault")
    start = time.perf_counter()
    entries = [entry for entry in scan_card(card) if entry.is_candidate]
    with ThreadPoolExecutor(max_workers=workers) as pool:
        results = list(pool.map(lambda entry: copy_card_file(vault, entry), entries))
    elapsed = time.perf_counter() - start
    assert len(results) == len(entries) and all(r.newly_stored for r in results)
    return elapsed


def main() -> None:
    """Run both sides once and print the timings and the ratio."""
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--files", type=int, default=6)
    parser.add_argument("--size-mib", type=int, default=128)
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--drop-caches", action="store_true")
    parser.add_argument("--no-sync", action="store_true", help="do not count the baseline's final sync")
    parser.add_argument("--dir", type=Path, default=None, help="scratch folder (default: a temp folder)")
    args = parser.parse_args()
    scratch = Path(tempfile.mkdtemp(prefix="bench-ingest-", dir=args.dir))
    try:
        card = scratch / "card"
        paths = make_card(card, args.files, args.size_mib << 20)
        total_mib = args.files * args.size_mib
        drop_caches(args.drop_caches)
        os.sync()
        baseline = run_baseline(card, scratch, paths, sync=not args.no_sync)
        drop_caches(args.drop_caches)
        os.sync()
        station = run_station(card, scratch, args.workers)
        print(f"data: {args.files} files, {total_mib} MiB")
        for label, seconds in (("cp -r + sha256sum + openssl dgst -sm3", baseline),
                               (f"scan + copy_card_file x{args.workers}", station)):
            print(f"{label:40s} {seconds:6.2f} s ({total_mib / seconds:6.1f} MiB/s)")
        print(f"ratio: {station / baseline:.2f} (target <= 0.45)")
    finally:
        for path in scratch.rglob("*"):
            if path.is_file() and not path.is_symlink():
                path.chmod(0o644)
        shutil.rmtree(scratch)


if __name__ == "__main__":
    main()
