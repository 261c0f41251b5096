"""Fuzzing the readers of untrusted files: the media probe and ``verify-disc``.

Random bytes and mutated real files (a real MP4 from the demo card, a real evidence disc image) must give
an answer — a probe result with a plain error, a verification with named problems, or an
``InvalidInputError`` — never another exception, and never hang (each call is timed). Examples are
derandomised so every run tries the same cases; the counts go to the reliability report.
"""

from __future__ import annotations

import shutil
import time
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from evidence_station.disc.verify_disc import verify_disc
from evidence_station.domain.errors import InvalidInputError
from evidence_station.media.info import MediaInfo
from evidence_station.media.probe_session import ProbeSession
from tests.reliability.conftest import RecordCases

PROBE_TIMEOUT = 15.0
FUZZ = settings(max_examples=40, deadline=None, derandomize=True, database=None,
                suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow])

mutations = st.lists(st.tuples(st.integers(min_value=0), st.integers(min_value=0, max_value=255)),
                     min_size=1, max_size=8)


def _mutate(data: bytes, changes: list[tuple[int, int]], cut: int | None) -> bytes:
    out = bytearray(data)
    for offset, value in changes:
        out[offset % len(out)] = value
    return bytes(out[:cut % (len(out) + 1)] if cut is not None else out)


@pytest.fixture(scope="module")
def real_mp4(imported_home: Path) -> bytes:
    card = imported_home.parent / "card"
    return max((p for p in card.rglob("*.MP4") if p.stat().st_size > 0), key=lambda p: p.stat().st_size).read_bytes()


def _check_probe(session: ProbeSession, path: Path, name: str) -> MediaInfo:
    started = time.monotonic()
    info = session.probe(path, name=name)
    assert time.monotonic() - started < PROBE_TIMEOUT + 10, "the probe hung past its time limit"
    assert isinstance(info, MediaInfo)
    if not info.playable:
        assert isinstance(info.error, str) and info.error.strip(), info
    return info


def test_probe_survives_random_and_mutated_files(real_mp4: bytes, tmp_path: Path, record_cases: RecordCases) -> None:
    tried: list[str] = []
    with ProbeSession(PROBE_TIMEOUT) as session:

        @FUZZ
        @given(data=st.binary(max_size=4096), name=st.sampled_from(["A.MP4", "B.MOV", "C.JPG", "D.WAV", "E"]))
        def random_files(data: bytes, name: str) -> None:
            path = tmp_path / "random.bin"
            path.write_bytes(data)
            tried.append("random")
            _check_probe(session, path, name)

        @FUZZ
        @given(changes=mutations, cut=st.none() | st.integers(min_value=0))
        def mutated_mp4(changes: list[tuple[int, int]], cut: int | None) -> None:
            path = tmp_path / "mutated.bin"
            path.write_bytes(_mutate(real_mp4, changes, cut))
            tried.append("mutated")
            _check_probe(session, path, "Z8A0001_010203_20261124090000_0001.MP4")

        random_files()
        mutated_mp4()
        untouched = tmp_path / "real.mp4"
        untouched.write_bytes(real_mp4)
        assert _check_probe(session, untouched, untouched.name).playable  # the oracle: the original is fine
    record_cases("fuzz: media probe", len(tried))
    assert len(tried) >= 80


def _check_disc(path: Path) -> None:
    started = time.monotonic()
    try:
        result = verify_disc(path)
    except InvalidInputError as exc:
        assert exc.message.strip()
    else:
        assert not result.ok or result.problems == []
        for problem in result.problems:
            assert problem.kind and problem.message.strip()
    assert time.monotonic() - started < 30, "verify-disc hung"


def test_verify_disc_survives_random_and_mutated_images(disc: dict, tmp_path: Path,
                                                        record_cases: RecordCases) -> None:
    image: Path = disc["image"]
    original = image.read_bytes()
    tried: list[str] = []
    detected = 0

    @FUZZ
    @given(data=st.binary(max_size=64 * 1024))
    def random_images(data: bytes) -> None:
        path = tmp_path / "random.iso"
        path.write_bytes(data)
        tried.append("random")
        with pytest.raises(InvalidInputError):
            verify_disc(path)

    @FUZZ
    @given(changes=mutations, cut=st.none() | st.integers(min_value=0))
    def mutated_images(changes: list[tuple[int, int]], cut: int | None) -> None:
        nonlocal detected
        path = tmp_path / "mutated.iso"
        mutated = _mutate(original, changes, cut)
        path.write_bytes(mutated)
        tried.append("mutated")
        _check_disc(path)
        try:
            detected += not verify_disc(path).ok
        except InvalidInputError:
            detected += 1

    random_images()
    mutated_images()
    copy = tmp_path / "copy.iso"
    shutil.copyfile(image, copy)
    assert verify_disc(copy).ok  # the oracle: the untouched image verifies
    record_cases("fuzz: verify-disc", len(tried), detected_mutations=detected)
    assert len(tried) >= 80
    assert detected > 0
