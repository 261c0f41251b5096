"""Benchmark the evidence-disc pipeline: stage (copy + hash), build the image, burn to stdio, verify.

Run: ``.venv/bin/python benchmarks/bench_disc_image.py --files 4 --size-mb 256``. Prints MB/s per step and
the headline ratio of (our image build + verification of the image) to the baseline ``xorriso -as mkisofs``
building an ISO 9660 + Joliet + Rock Ridge image of the same staged files, measured in the same run
(target <= 1.2x). Files are random bytes written to a temporary folder (use ``--tmp`` to pick the disk).
"""

from __future__ import annotations

import argparse
import os
import shutil
import subprocess
import tempfile
import time
from collections.abc import Callable
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

from cryptography import x509
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.asymmetric import ec
from cryptography.x509.oid import NameOID

from evidence_station.export.burn import burn_image, read_back_and_verify
from evidence_station.export.digests import digest_file
from evidence_station.export.disc_image import build_disc_image
from evidence_station.export.plan import DiscFile, DiscPlan, DiscProvenance
from evidence_station.export.staging import stage_disc
from evidence_station.export.verify_disc import verify_disc


def _identity() -> tuple[ec.EllipticCurvePrivateKey, x509.Certificate]:
    key = ec.generate_private_key(ec.SECP256R1())
    name = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, "bench station")])
    now = datetime.now(UTC)
    cert = (
        x509.CertificateBuilder().subject_name(name).issuer_name(name).public_key(key.public_key())
        .serial_number(1).not_valid_before(now - timedelta(days=1)).not_valid_after(now + timedelta(days=30))
        .sign(key, hashes.SHA256())
    )  # fmt: skip
    return key, cert


def _make_files(folder: Path, count: int, size: int) -> list[DiscFile]:
    folder.mkdir(parents=True)
    files = []
    block = os.urandom(1024 * 1024)
    for index in range(count):
        path = folder / f"blob{index}"
        with open(path, "wb") as stream:
            left = size
            while left > 0:
                stream.write(block[: min(left, len(block))])
                left -= len(block)
            stream.write(index.to_bytes(4, "big"))
        digests = digest_file(path)
        files.append(
            DiscFile(
                path, f"录像_{index:04d}.MP4", digests.size, digests.sha256, digests.sm3, device="Z8A0001"
            )
        )
    return files


def _timed(label: str, size: int, action: Callable[[], Any]) -> Any:
    started = time.perf_counter()
    result = action()
    seconds = time.perf_counter() - started
    print(f"{label:<28} {seconds:8.2f} s  {size / seconds / 1e6:8.1f} MB/s")
    return result


def _seconds(action: Callable[[], Any]) -> float:
    started = time.perf_counter()
    action()
    return time.perf_counter() - started


def main() -> None:
    """Parse options, run every step once and print timings."""
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--files", type=int, default=4)
    parser.add_argument("--size-mb", type=int, default=64)
    parser.add_argument("--tmp", type=Path, default=None)
    args = parser.parse_args()
    base = Path(tempfile.mkdtemp(prefix="bench-disc-", dir=args.tmp))
    try:
        key, cert = _identity()
        files = _make_files(base / "vault", args.files, args.size_mb * 1024 * 1024)
        total = sum(f.size for f in files)
        facts = DiscProvenance(
            "BENCH-1", "基准", "甲", "乙", datetime.now(UTC), "站", "WS", "vault", "benchmark"
        )
        plan = DiscPlan(facts, tuple(files))
        print(f"{args.files} files, {total / 1e6:.0f} MB in total")
        staged = _timed("stage (copy + SHA-256/SM3)", total, lambda: stage_disc(plan, base / "st", key, cert))
        image = base / "disc.iso"
        sha = _timed("build image (pycdlib)", total, lambda: build_disc_image(staged.root, image, "BENCH"))
        drive = f"stdio:{base / 'burned.iso'}"
        _timed("burn to stdio (xorriso)", total, lambda: burn_image(image, drive))
        check = _timed(
            "read back + verify",
            total,
            lambda: read_back_and_verify(drive, staged, image=image, image_sha256=sha),
        )
        verification = _timed("verify image", total, lambda: verify_disc(image))
        print(f"read-back ok={check.ok}, verify ok={verification.ok}")
        ours = _seconds(lambda: build_disc_image(staged.root, base / "again.iso", "BENCH"))
        ours += _seconds(lambda: verify_disc(base / "again.iso"))
        baseline_iso = base / "baseline.iso"
        baseline = _seconds(lambda: subprocess.run(
            ["xorriso", "-as", "mkisofs", "-quiet", "-J", "-R", "-V", "BENCH", "-o", str(baseline_iso),
             str(staged.root)], check=True, capture_output=True))
        ratio = ours / baseline
        print(f"image build + verification {ours:.2f} s vs xorriso -as mkisofs {baseline:.2f} s: "
              f"ratio {ratio:.2f}x (target <= 1.2x: {'met' if ratio <= 1.2 else 'NOT met'})")
    finally:
        shutil.rmtree(base, ignore_errors=True)


if __name__ == "__main__":
    main()
