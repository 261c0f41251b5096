"""A synthetic but realistic body-camera card, with real MP4 files, to try the station and to test it.

The card holds, for three cameras, ``DCIM/100DSJ/<device>_<officer>_<YYYYMMDDhhmmss>_<seq>.MP4`` clips
(OpenCV ``mp4v``, 320x240, 10 fps, 6–20 s, the camera clock and device/officer burned into every frame,
``mvhd`` creation time set to the start) arranged to exercise the importer: two segments that touch, a gap
of a few minutes, an overlap, a truncated MP4, a zero-byte MP4, a JPEG photo, a WAV under ``RECORD/``, a
renamed clip and a note with Chinese names, and the junk operating systems leave on cards. Each file's
modification time is its recording's end. The same seed and day give byte-identical cards.
"""

from __future__ import annotations

import math
import os
import random
import struct
import uuid
import wave
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta
from pathlib import Path

import cv2
import numpy as np

from evidence_station.domain.clock import DEFAULT_ZONE, local_to_utc, zone
from evidence_station.domain.errors import InvalidInputError
from evidence_station.domain.messages import Msg
from evidence_station.media.boxes import set_movie_times
from evidence_station.media.demo_frames import FPS, HEIGHT, WIDTH, Scene, clock_text

VIDEO_DIR = "DCIM/100DSJ"
AUDIO_DIR = "RECORD"
DEVICES: tuple[tuple[str, str], ...] = (("Z8A0001", "010203"), ("Z8A0002", "010377"), ("Z8B0107", "020018"))
WAV_RATE = 8000


@dataclass(frozen=True)
class DemoRecording:
    """What the generator meant one card file to be (the truth tests can compare an import with).

    ``note`` is one of ``first``, ``continuous``, ``gap``, ``overlap``, ``truncated``, ``empty``, ``photo``,
    ``audio``, ``renamed``. Times are the camera's naive wall-clock times.
    """

    card_path: str
    device: str
    officer: str
    start_local: datetime
    end_local: datetime
    kind: str
    note: str


@dataclass(frozen=True)
class DemoCardResult:
    """The card written: its root, every file (card-relative posix paths, sorted) and the recordings."""

    path: Path
    files: list[str]
    recordings: list[DemoRecording] = field(default_factory=list)


class _CardWriter:
    """Writes the files of one card and remembers them."""

    def __init__(self, root: Path, rng: random.Random, zone_name: str) -> None:
        self.root = root
        self.rng = rng
        self.zone_name = zone_name
        self.files: list[str] = []
        self.recordings: list[DemoRecording] = []
        self.sequence: dict[str, int] = {}

    # -- names and bookkeeping ------------------------------------------------------------------------
    def camera_name(self, device: str, officer: str, start: datetime, extension: str) -> str:
        """The GA/T 947 style name of the next file of ``device``."""
        self.sequence[device] = self.sequence.get(device, 0) + 1
        return f"{device}_{officer}_{start:%Y%m%d%H%M%S}_{self.sequence[device]:04d}.{extension}"

    def _target(self, relative: str) -> Path:
        path = self.root / relative
        path.parent.mkdir(parents=True, exist_ok=True)
        self.files.append(relative)
        return path

    def _stamp(self, path: Path, moment: datetime) -> None:
        seconds = local_to_utc(moment, self.zone_name).timestamp()
        os.utime(path, (seconds, seconds))

    def write_bytes(self, relative: str, data: bytes, moment: datetime) -> Path:
        """Write ``data`` to ``relative`` with mtime ``moment`` (camera local time)."""
        path = self._target(relative)
        path.write_bytes(data)
        self._stamp(path, moment)
        return path

    def remember(self, relative: str, device: tuple[str, str], start: datetime, end: datetime,
                 kind: str, note: str) -> None:
        """Record what ``relative`` is meant to be."""
        self.recordings.append(DemoRecording(relative, device[0], device[1], start, end, kind, note))

    # -- media ----------------------------------------------------------------------------------------
    def video(self, relative: str, device: tuple[str, str], start: datetime, seconds: int, note: str,
              truncate: bool = False) -> datetime:
        """Write a real MP4 clip starting at ``start``; returns its end (camera time)."""
        end = start + timedelta(seconds=seconds)
        path = self._target(relative)
        scratch = self.root / ".demo-card-writing.mp4"
        writer = cv2.VideoWriter(str(scratch), cv2.VideoWriter_fourcc(*"mp4v"), FPS, (WIDTH, HEIGHT))
        if not writer.isOpened():
            raise InvalidInputError(Msg(
                "OpenCV cannot write MP4 video into {root}; check the folder.",
                root=self.root,
            ))
        scene = Scene.make(self.rng)
        caption = f"{device[0]}  {device[1]}"
        try:
            for index in range(seconds * FPS):
                moment = start + timedelta(seconds=index // FPS)
                writer.write(scene.render(index, clock_text(moment), caption))
        finally:
            writer.release()
        set_movie_times(scratch, local_to_utc(start, self.zone_name))
        if truncate:
            with scratch.open("r+b") as handle:
                handle.truncate(scratch.stat().st_size // 2)
        os.replace(scratch, path)
        self._stamp(path, end)
        self.remember(relative, device, start, end, "video", note)
        return end

    def photo(self, relative: str, device: tuple[str, str], moment: datetime) -> None:
        """Write a JPEG taken at ``moment``."""
        frame = Scene.make(self.rng).render(0, clock_text(moment), f"{device[0]}  {device[1]}")
        ok, encoded = cv2.imencode(".jpg", frame, [cv2.IMWRITE_JPEG_QUALITY, 85])
        if not ok:
            raise InvalidInputError(Msg("OpenCV cannot encode JPEG pictures; the demo card cannot be written."))
        self.write_bytes(relative, encoded.tobytes(), moment)
        self.remember(relative, device, moment, moment, "photo", "photo")

    def audio(self, relative: str, device: tuple[str, str], start: datetime, seconds: int) -> None:
        """Write a WAV with a few seconds of tone (16-bit mono PCM)."""
        end = start + timedelta(seconds=seconds)
        pitch = self.rng.choice((440.0, 523.25, 659.25))
        t = np.arange(seconds * WAV_RATE) / WAV_RATE
        samples = (0.3 * 32767 * np.sin(2 * math.pi * pitch * t)).astype("<i2")
        path = self._target(relative)
        with wave.open(str(path), "wb") as writer:
            writer.setnchannels(1)
            writer.setsampwidth(2)
            writer.setframerate(WAV_RATE)
            writer.writeframes(samples.tobytes())
        self._stamp(path, end)
        self.remember(relative, device, start, end, "audio", "audio")


def _junk(card: _CardWriter, apple_double_for: str, moment: datetime) -> None:
    """The files operating systems leave on a card: none of them is a recording."""
    guid = str(uuid.UUID(int=card.rng.getrandbits(128))).upper()
    card.write_bytes("System Volume Information/IndexerVolumeGuid", f"{{{guid}}}".encode("utf-16-le"), moment)
    card.write_bytes(".Trashes/501/x", b"\x00" * 64, moment)
    apple_double = struct.pack(">II16sH", 0x00051607, 0x00020000, b"Mac OS X        ", 0)
    card.write_bytes(f"{VIDEO_DIR}/._{apple_double_for}", apple_double.ljust(4096, b"\x00"), moment)
    ole_header = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
    card.write_bytes(f"{VIDEO_DIR}/Thumbs.db", ole_header.ljust(512, b"\x00"), moment)
    card.write_bytes(".DS_Store", b"\x00\x00\x00\x01Bud1".ljust(6148, b"\x00"), moment)


def _check_destination(dest: Path) -> None:
    if dest.exists() and not dest.is_dir():
        raise InvalidInputError(Msg("{dest} is a file; give a new or empty folder for the demo card.", dest=dest))
    if dest.is_dir() and any(dest.iterdir()):
        raise InvalidInputError(Msg(
            "The folder {dest} is not empty; give a new or empty folder for the card.",
            dest=dest,
        ))


def write_demo_card(
    dest: Path, seed: int = 1, day: date | None = None, zone_name: str = DEFAULT_ZONE
) -> DemoCardResult:
    """Write a synthetic body-camera card into ``dest`` (created if missing; must be empty).

    Recordings are on ``day`` (default: today in ``zone_name``) in the morning, by the cameras' clocks.
    The same ``seed`` and ``day`` give the same names and byte-identical files; other seeds move the
    times and change the durations. Raises InvalidInputError for a non-empty or unusable ``dest``.
    """
    _check_destination(dest)
    dest.mkdir(parents=True, exist_ok=True)
    day = day or datetime.now(zone(zone_name)).date()
    rng = random.Random(seed)
    card = _CardWriter(dest, rng, zone_name)
    base = datetime.combine(day, time(8, 0))
    base += timedelta(minutes=rng.randint(0, 45), seconds=rng.randint(0, 59))
    a, b, c = DEVICES

    def clip(device: tuple[str, str], start: datetime, note: str, truncate: bool = False) -> datetime:
        name = card.camera_name(*device, start, "MP4")
        seconds = rng.randint(12, 20) if truncate else rng.randint(6, 20)
        return card.video(f"{VIDEO_DIR}/{name}", device, start, seconds, note, truncate)

    # Camera A: two segments that touch, then a gap of a few minutes.
    first_a = card.camera_name(*a, base, "MP4")
    end = card.video(f"{VIDEO_DIR}/{first_a}", a, base, rng.randint(6, 20), "first")
    end = clip(a, end, "continuous")
    end = clip(a, end + timedelta(seconds=rng.randint(180, 420)), "gap")
    # A clip of camera A renamed on a computer: Chinese name, no device or officer in it.
    renamed_start = end + timedelta(minutes=rng.randint(5, 15))
    renamed = f"{VIDEO_DIR}/现场补录_{renamed_start:%Y%m%d}.MP4"
    card.video(renamed, a, renamed_start, rng.randint(6, 10), "renamed")

    # Camera B: a segment that starts before the previous one ended, then a truncated file.
    end = clip(b, base + timedelta(minutes=rng.randint(20, 50)), "first")
    end = clip(b, end - timedelta(seconds=rng.randint(2, 4)), "overlap")
    clip(b, end + timedelta(seconds=rng.randint(30, 90)), "truncated", truncate=True)

    # Camera C: a clip, an empty file, a photo and a sound recording.
    end = clip(c, base + timedelta(minutes=rng.randint(60, 100)), "first")
    empty_start = end + timedelta(seconds=rng.randint(60, 120))
    empty = f"{VIDEO_DIR}/{card.camera_name(*c, empty_start, 'MP4')}"
    card.write_bytes(empty, b"", empty_start)
    card.remember(empty, c, empty_start, empty_start, "video", "empty")
    shot = empty_start + timedelta(seconds=rng.randint(20, 60))
    card.photo(f"{VIDEO_DIR}/{card.camera_name(*c, shot, 'JPG')}", c, shot)
    said = shot + timedelta(seconds=rng.randint(30, 90))
    card.audio(f"{AUDIO_DIR}/{card.camera_name(*c, said, 'WAV')}", c, said, rng.randint(3, 5))

    noon = datetime.combine(day, time(12, 0))
    note = f"{renamed_start:%H:%M} 现场补录视频由 {a[0]}（警号 {a[1]}）拍摄，文件在电脑上改过名。\n"
    card.write_bytes(f"{VIDEO_DIR}/补充说明_{day:%Y%m%d}.txt", note.encode("utf-8"), noon)
    _junk(card, first_a, noon)
    return DemoCardResult(path=dest, files=sorted(card.files), recordings=card.recordings)
