"""Probing photos: JPEGs checked quickly but for real, and a pool of workers shared by the import threads."""

from __future__ import annotations

import threading
import time
from pathlib import Path

import cv2
import numpy as np

from evidence_station.media.decoding import probe_media_inprocess
from evidence_station.media.probe_session import ProbePool, ProbeSession


def _jpeg(path: Path, width: int = 1001, height: int = 603) -> bytes:
    gradient = np.linspace(0, 255, width, dtype=np.uint8)[None, :, None]
    image = np.broadcast_to(gradient, (height, width, 3)).copy()
    image[::7] = 40
    ok, data = cv2.imencode(".jpg", image)
    assert ok
    path.write_bytes(data.tobytes())
    return data.tobytes()


def test_a_jpeg_gets_its_exact_size_from_the_header(tmp_path: Path) -> None:
    _jpeg(tmp_path / "IMG_0001.JPG")
    info = probe_media_inprocess(tmp_path / "IMG_0001.JPG")
    assert info.playable and (info.width, info.height) == (1001, 603)


def test_a_truncated_jpeg_is_still_found_damaged(tmp_path: Path) -> None:
    data = _jpeg(tmp_path / "whole.jpg")
    cut = tmp_path / "IMG_0002.JPG"
    cut.write_bytes(data[: len(data) // 2])
    info = probe_media_inprocess(cut)
    assert not info.playable and "damaged" in info.error


def test_a_jpeg_with_a_broken_header_is_damaged(tmp_path: Path) -> None:
    data = bytearray(_jpeg(tmp_path / "whole.jpg"))
    broken = tmp_path / "IMG_0003.JPG"
    broken.write_bytes(bytes(data[:4]) + b"\0" * 400 + bytes(data[404:]))
    assert not probe_media_inprocess(broken).playable


def test_the_pool_starts_a_second_worker_only_when_probes_overlap(tmp_path: Path, monkeypatch) -> None:
    paths = [tmp_path / f"IMG_{i:04d}.JPG" for i in range(5)]
    for path in paths:
        _jpeg(path)
    real = ProbeSession.probe

    def slow(self: ProbeSession, path: Path, name: str | None = None):
        time.sleep(0.3)  # the two threads below are surely probing at the same moment
        return real(self, path, name)

    with ProbePool(2, timeout=60) as pool:
        for path in paths[:3]:
            assert pool.probe(path).playable
        assert sum(s._process is not None for s in pool._sessions) == 1
        monkeypatch.setattr(ProbeSession, "probe", slow)
        widths: list[int | None] = []
        threads = [threading.Thread(target=lambda p=p: widths.append(pool.probe(p).width)) for p in paths[3:]]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join(60)
        assert widths == [1001, 1001]
        assert all(s._process is not None for s in pool._sessions)
    assert all(s._process is None for s in pool._sessions)


def test_workers_run_single_threaded_numeric_libraries() -> None:
    """A probe worker decodes one file at a time: no per-core OpenBLAS/OpenMP thread pools spinning in it."""
    from evidence_station.media.isolation import _child_environment

    env = _child_environment()
    assert env["OPENBLAS_NUM_THREADS"] == "1" and env["OMP_NUM_THREADS"] == "1"


def test_closing_ends_the_worker_process_at_once(tmp_path: Path) -> None:
    """An idle worker is killed and reaped, not waited for (its shut-down would delay every import's end)."""
    path = tmp_path / "IMG_0001.JPG"
    _jpeg(path)
    session = ProbeSession(timeout=60)
    assert session.probe(path).playable
    process = session._process
    assert process is not None and process.poll() is None
    session.close()
    assert session._process is None
    assert process.returncode is not None and process.returncode < 0  # killed, and reaped
