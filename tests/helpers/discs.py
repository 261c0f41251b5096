"""Evidence disc plans, signing identities and disc sets built for tests, and the external tools that read them."""

from __future__ import annotations

import os
import subprocess
from datetime import UTC, datetime, timedelta
from pathlib import Path

from cryptography import x509
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.asymmetric import ec
from cryptography.x509.oid import NameOID

from evidence_station.disc.digests import digest_bytes
from evidence_station.export.disc_image import build_disc_image, build_verified_disc_image
from evidence_station.export.plan import DiscBookmark, DiscFile, DiscPlan, DiscProvenance
from evidence_station.export.staging import split_into_discs, stage_disc
from evidence_station.identity.signer import KeyFileSigner

EXTRACTION = datetime(2026, 11, 27, 6, 30, 15, tzinfo=UTC)  # 14:30:15 in Asia/Shanghai
CHINESE_NAME = "现场询问录音_李四.WAV"


CHECKPOINT = {"event_count": 1234, "head_hash": "ab" * 32, "signed_at": "2026-11-27T14:00:00+08:00"}


def station_identity(
    common_name: str = "明山区人社局证据工作站 WS-01",
) -> tuple[ec.EllipticCurvePrivateKey, x509.Certificate]:
    """A fresh P-256 key and a self-signed station certificate named ``common_name``."""
    key = ec.generate_private_key(ec.SECP256R1())
    name = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, common_name)])
    now = datetime.now(UTC)
    cert = (
        x509.CertificateBuilder()
        .subject_name(name)
        .issuer_name(name)
        .public_key(key.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(now - timedelta(days=1))
        .not_valid_after(now + timedelta(days=3650))
        .add_extension(x509.BasicConstraints(ca=True, path_length=None), critical=True)
        .sign(key, hashes.SHA256())
    )
    return key, cert


def _blob(folder: Path, data: bytes) -> DiscFile:
    digests = digest_bytes(data)
    path = folder / digests.sha256
    path.write_bytes(data)
    return DiscFile(source=path, disc_name="", size=digests.size, sha256=digests.sha256, sm3=digests.sm3)


def _file(folder: Path, data: bytes, name: str, device: str, start_minute: int, **extra: object) -> DiscFile:
    blob = _blob(folder, data)
    start = datetime(2026, 11, 24, 1, start_minute, tzinfo=UTC)
    return DiscFile(
        source=blob.source,
        disc_name=name,
        size=blob.size,
        sha256=blob.sha256,
        sm3=blob.sm3,
        device=device,
        officer="010203",
        start=start,
        end=start + timedelta(seconds=30),
        metadata={"codec": "mp4v", "imported_at": start + timedelta(hours=2)},
        **extra,  # type: ignore[arg-type]
    )


def sample_plan(vault: Path) -> DiscPlan:
    """A one-disc plan of three originals (one bookmarked, one classified, one photo) stored in ``vault``."""
    vault.mkdir(parents=True, exist_ok=True)
    files = (
        _file(
            vault,
            os.urandom(150_000),
            "Z8A0001_010203_20261124093000_0001.MP4",
            "Z8A0001",
            30,
            bookmarks=(DiscBookmark(12.5, "告知执法记录", "已告知当事人全程录音录像", "张三"),),
        ),
        _file(vault, os.urandom(90_000), CHINESE_NAME, "Z8A0001", 31, classification="商业秘密"),
        _file(vault, os.urandom(20_000), "DSC0001.JPG", "Z8A0002", 32),
    )
    provenance = DiscProvenance(
        case_number="明人社监〔2026〕12号",
        case_title="某建筑公司拖欠工资案",
        producer="王制作",
        extractor="赵提取",
        extraction_time=EXTRACTION,
        station_name="明山区人社局证据工作站",
        station_id="WS-01",
        source_storage="证据工作站存储库（vault）",
        purpose="作为证据附卷",
        export_id="17",
    )
    return DiscPlan(provenance=provenance, files=files, audit_checkpoint=CHECKPOINT)


def run_tool(*args: str, cwd: Path | None = None) -> subprocess.CompletedProcess[str]:
    """Run an external tool (text output, no check, two minutes at most)."""
    return subprocess.run(args, cwd=cwd, capture_output=True, text=True, check=False, timeout=120)


PRODUCER = "王制作（执法证 33010099）"
EXTRACTOR = "赵提取（执法证 33010001）"


CASE_NUMBER = "明人社监〔2026〕12号"


def disc_original(vault: Path, data: bytes, name: str, device: str, number: int) -> DiscFile:
    """Original ``number`` of a disc set: ``data`` stored in ``vault``, recorded 40 s after the previous one."""
    digests = digest_bytes(data)
    source = vault / digests.sha256
    source.write_bytes(data)
    start = datetime(2026, 11, 24, 1, 30, tzinfo=UTC) + timedelta(seconds=40 * number)
    return DiscFile(
        source=source, disc_name=name, size=digests.size, sha256=digests.sha256, sm3=digests.sm3,
        device=device, officer="010203", start=start, end=start + timedelta(seconds=30),
        metadata={"card_path": f"DCIM/100DSJ/2026/11/24/{name}", "recording_id": number + 1},
    )  # fmt: skip


def disc_provenance(export_id: str = "17") -> DiscProvenance:
    """The provenance of the disc-set tests (case 明人社监〔2026〕12号)."""
    return DiscProvenance(
        case_number=CASE_NUMBER, case_title="某建筑公司拖欠工资案", producer=PRODUCER, extractor=EXTRACTOR,
        extraction_time=EXTRACTION, station_name="明山区人社局证据工作站", station_id="WS-01",
        source_storage="证据工作站存储库（vault）", purpose="作为证据附卷", export_id=export_id,
    )  # fmt: skip


def extract(image: Path, target: Path, *, joliet: bool = False) -> Path:
    """Extract ``image`` with xorriso through Rock Ridge, or through Joliet only (what Windows copies:
    no Rock Ridge names or permissions). Files are made writable so tests can tamper with the copy."""
    read_fs = ["-read_fs", "norock"] if joliet else []
    done = run_tool("xorriso", *read_fs, "-osirrox", "on", "-indev", str(image), "-extract", "/", str(target))
    assert done.returncode == 0, done.stderr
    for path in [target, *target.rglob("*")]:
        path.chmod(0o755 if path.is_dir() else 0o644)
    return target


def build_disc_set(base: Path) -> dict:
    """Six originals (two with the same name from two devices) split over three discs, staged and imaged."""
    vault = base / "vault"
    vault.mkdir(parents=True)
    names = [("Z8A0001", "A.MP4"), ("Z8A0002", "A.MP4"), ("Z8A0001", "现场询问录音_李四.WAV"),
             ("Z8A0001", "B.MP4"), ("Z8A0003", "A.MP4"), ("Z8A0002", "C.MP4")]  # fmt: skip
    files = [disc_original(vault, os.urandom(30_000 + n), name, device, n) for n, (device, name) in enumerate(names)]
    groups = split_into_discs(files, capacity_bytes=80_000, overhead=0)  # two originals per disc
    key, cert = station_identity()
    images = []
    for index, group in enumerate(groups, 1):
        plan = DiscPlan(disc_provenance(), tuple(group), index, len(groups), CHECKPOINT)
        staged = stage_disc(plan, base / f"staging{index}", KeyFileSigner(key, cert))
        image = base / f"case-{index}of{len(groups)}.iso"
        build_disc_image(staged.root, image, staged.volume_label)
        images.append(image)
    return {"files": files, "groups": groups, "images": images, "cert": cert, "base": base}


def build_sample_disc(base: Path) -> dict:
    """Stage the sample plan as one disc in ``base``, build its verified image and extract it with xorriso."""
    key, cert = station_identity()
    plan = sample_plan(base / "vault")
    staged = stage_disc(plan, base / "staging", KeyFileSigner(key, cert))
    image = base / "case.iso"
    built = build_verified_disc_image(staged, image)  # what an export runs
    assert built.verification.ok, built.verification.problems
    image_sha256 = built.sha256
    extracted = base / "extracted"
    result = run_tool("xorriso", "-osirrox", "on", "-indev", str(image), "-extract", "/", str(extracted))
    assert result.returncode == 0, result.stderr
    for path in [extracted, *extracted.rglob("*")]:
        path.chmod(0o755 if path.is_dir() else 0o644)
    return {
        "base": base, "key": key, "cert": cert, "plan": plan, "staged": staged,
        "image": image, "image_sha256": image_sha256, "extracted": extracted,
    }  # fmt: skip
