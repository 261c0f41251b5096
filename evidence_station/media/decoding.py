"""The decoding itself (OpenCV, ``wave``): probing a file and drawing a thumbnail strip, in this process.

Only the worker process (:mod:`.worker`) and tests should call these directly: a hostile file may crash or
hang the decoder. The station calls :func:`evidence_station.media.probe.probe_media` and
:func:`evidence_station.media.thumbnails.make_thumbnail_strip`, which run this code in a time-limited child.
"""

from __future__ import annotations

import io
import math
import wave
from collections.abc import Callable
from dataclasses import replace
from pathlib import Path

import cv2
import numpy as np

from evidence_station.domain.clock import ensure_utc
from evidence_station.media.boxes import Mp4Layout, read_mp4_layout
from evidence_station.media.exif import MAX_EXIF_SCAN, photo_time
from evidence_station.media.info import MediaInfo, triage
from evidence_station.media.kinds import MediaKind, is_iso_bmff
from evidence_station.media.picture_check import picture_stretches

MAX_PHOTO_BYTES = 256 * 1024 * 1024
_WAV_CHUNK_FRAMES = 1 << 20


def _sentence(text: str) -> str:
    text = text.strip()
    return text[:1].upper() + text[1:] + ("" if text.endswith(".") else ".")


def _sentence_zh(text: str) -> str:
    text = text.strip()
    return text if text.endswith("。") else text + "。"


def _positive(value: float) -> float | None:
    return value if value > 0 and math.isfinite(value) else None


def _fourcc(value: float) -> str | None:
    code = int(value) if math.isfinite(value) else 0
    if code <= 0:
        return None
    text = code.to_bytes(4, "little").decode("latin-1").strip("\x00 ")
    return text or None


def _probe_video(path: Path, head: bytes, kind: MediaKind) -> MediaInfo:
    layout = read_mp4_layout(path) if is_iso_bmff(head) else Mp4Layout()
    movie = layout.movie
    info = MediaInfo(
        kind=kind,
        playable=False,
        duration_s=movie.duration_s if movie else None,
        codec=layout.video_sample_entry,
        creation_time=movie.creation_time if movie else None,
    )
    capture = cv2.VideoCapture(str(path), cv2.CAP_FFMPEG)
    try:
        if not capture.isOpened():
            reason = layout.problem or "the decoder does not recognise it as a video it can play"
            reason_zh = layout.problem_zh or "解码器无法将其识别为可播放的视频"
            return info.failed(_sentence(f"The video cannot be opened: {reason}"),
                               _sentence_zh(f"无法打开该视频：{reason_zh}"))
        fps = _positive(capture.get(cv2.CAP_PROP_FPS))
        frame_count = int(_positive(capture.get(cv2.CAP_PROP_FRAME_COUNT)) or 0) or None
        duration = info.duration_s
        if duration is None and fps and frame_count:
            duration = frame_count / fps
        info = MediaInfo(
            kind=kind,
            playable=False,
            duration_s=duration,
            width=int(capture.get(cv2.CAP_PROP_FRAME_WIDTH)) or None,
            height=int(capture.get(cv2.CAP_PROP_FRAME_HEIGHT)) or None,
            fps=fps,
            codec=info.codec or _fourcc(capture.get(cv2.CAP_PROP_FOURCC)),
            frame_count=frame_count,
            creation_time=info.creation_time,
        )
        if layout.problem:
            return info.failed(_sentence(f"The recording is damaged: {layout.problem}"),
                               _sentence_zh(f"录像已损坏：{layout.problem_zh}"))
        first_ok, _frame = capture.read()
        if not first_ok:
            return info.failed("The first picture of the video cannot be decoded.", "无法解码视频的第一帧画面。")
        if frame_count and frame_count > 1:
            capture.set(cv2.CAP_PROP_POS_FRAMES, frame_count - 1)
            last_ok, _frame = capture.read()
            if not last_ok:
                return info.failed("The end of the video cannot be decoded; the file is probably damaged.",
                                   "无法解码视频的结尾；文件可能已损坏。")
        checked = picture_stretches(capture, fps, duration)  # Art. 13, sampled within a time budget
        return replace(info, playable=True, picture_stretches=tuple(s.to_dict() for s in checked.stretches),
                       picture_checked_s=checked.checked_s)
    finally:
        capture.release()


def _probe_wav(path: Path, kind: MediaKind) -> MediaInfo:
    try:
        with wave.open(str(path), "rb") as reader:
            rate, channels, width = reader.getframerate(), reader.getnchannels(), reader.getsampwidth()
            declared = reader.getnframes()
            read = 0
            while read < declared:
                chunk = reader.readframes(min(_WAV_CHUNK_FRAMES, declared - read))
                if not chunk:
                    break
                read += len(chunk) // (channels * width)
    except (wave.Error, EOFError) as exc:
        return MediaInfo(kind, False, codec="pcm").failed(_sentence(f"The WAV audio cannot be read: {exc}"),
                                                         _sentence_zh(f"无法读取 WAV 音频（{exc}）"))
    duration = read / rate if rate else None
    info = MediaInfo(kind, False, duration_s=duration, codec="pcm", frame_count=read)
    if read < declared:
        return info.failed(
            f"The WAV audio is cut short: its header promises {declared} samples but only {read} are present.",
            f"WAV 音频被截断：文件头声明有 {declared} 个采样，实际只有 {read} 个。",
        )
    if read == 0:
        return info.failed("The WAV file holds no sound samples.", "该 WAV 文件不含任何声音采样。")
    return MediaInfo(kind, True, duration_s=duration, codec="pcm", frame_count=read)


_AUDIO_CODECS = ((b"ID3", "mp3"), (b"#!AMR-WB\n", "amr-wb"), (b"#!AMR\n", "amr"), (b"fLaC", "flac"))


def _probe_audio(path: Path, head: bytes, kind: MediaKind) -> MediaInfo:
    if head[:4] == b"RIFF" and head[8:12] == b"WAVE":
        return _probe_wav(path, kind)
    if is_iso_bmff(head):
        layout = read_mp4_layout(path)
        movie = layout.movie
        info = MediaInfo(
            kind,
            layout.problem is None,
            duration_s=movie.duration_s if movie else None,
            codec="mp4a",
            creation_time=movie.creation_time if movie else None,
        )
        if layout.problem:
            return info.failed(_sentence(f"The audio file is damaged: {layout.problem}"),
                               _sentence_zh(f"音频文件已损坏：{layout.problem_zh}"))
        return info
    codec = next((name for magic, name in _AUDIO_CODECS if head.startswith(magic)), None)
    if codec is None and len(head) >= 2 and head[0] == 0xFF and (head[1] & 0xE0) == 0xE0:
        codec = "aac" if (head[1] & 0x06) == 0 else "mp3"
    if codec is None:
        return MediaInfo(kind, False).failed("The audio file is not in any format the station knows.",
                                             "该音频文件的格式不在本工作站可识别的范围内。")
    # Compressed audio other than WAV/MP4 is recognised by its header only; it is not decoded here.
    return MediaInfo(kind, True, codec=codec)


_JPEG_START = b"\xff\xd8\xff"


def _probe_photo(path: Path, kind: MediaKind) -> MediaInfo:
    if path.stat().st_size > MAX_PHOTO_BYTES:
        return MediaInfo(kind, False).failed("The photo is too large to check.", "照片过大，无法检查。")
    data = np.fromfile(str(path), dtype=np.uint8)
    taken = photo_time(data[:MAX_EXIF_SCAN].tobytes())
    times = {"creation_time": ensure_utc(taken.aware) if taken and taken.aware else None,
             "taken_local": taken.local if taken and not taken.aware else None}
    damaged = {"error": "The photo cannot be decoded; it is damaged or not an image.",
               "error_zh": "无法解码该照片；文件已损坏或不是图片。"}
    if data[:3].tobytes() == _JPEG_START:
        # Camera photos are JPEGs: the size comes from the header, and every compressed block is still
        # decoded (a truncated or corrupt file fails) but scaled down 1:8 — about twice as fast.
        size = _header_size(data)
        if size is None or cv2.imdecode(data, cv2.IMREAD_REDUCED_GRAYSCALE_8) is None:
            return MediaInfo(kind, False, **damaged, **times)
        return MediaInfo(kind, True, width=size[0], height=size[1], **times)
    image = cv2.imdecode(data, cv2.IMREAD_UNCHANGED)
    if image is None:
        return MediaInfo(kind, False, **damaged, **times)
    return MediaInfo(kind, True, width=int(image.shape[1]), height=int(image.shape[0]), **times)


def _header_size(data: np.ndarray) -> tuple[int, int] | None:
    """Width and height from an image's header (Pillow reads the header only), or None if it is unreadable."""
    from PIL import Image, UnidentifiedImageError

    try:
        with Image.open(io.BytesIO(data.tobytes())) as image:
            return image.size
    except (UnidentifiedImageError, OSError, ValueError, Image.DecompressionBombError):
        return None


def probe_media_inprocess(path: Path, name: str | None = None) -> MediaInfo:
    """Probe ``path`` in this process: kind, playability, duration, size, frame rate, codec, creation time.

    Never raises for a bad file; an unreadable file or a decoder failure gives ``playable=False`` and a
    sentence in ``error``. ``name`` is the original file name when ``path`` is a vault blob (for the kind).
    """
    kind, head, verdict = triage(path, name)
    if verdict is not None:
        return verdict
    probes: dict[MediaKind, Callable[[], MediaInfo]] = {
        MediaKind.VIDEO: lambda: _probe_video(path, head, kind),
        MediaKind.AUDIO: lambda: _probe_audio(path, head, kind),
        MediaKind.PHOTO: lambda: _probe_photo(path, kind),
    }
    try:
        return probes[kind]()
    except (OSError, cv2.error, ValueError, OverflowError, MemoryError) as exc:
        kind_zh = {MediaKind.VIDEO: "视频", MediaKind.AUDIO: "音频", MediaKind.PHOTO: "照片"}.get(kind, "媒体")
        return MediaInfo(kind, False).failed(_sentence(f"The {kind.value} file could not be read: {exc}"),
                                             _sentence_zh(f"无法读取该{kind_zh}文件（{exc}）"))


def render_thumbnail_strip(video: Path, out_png: Path, count: int, height: int) -> int:
    """Write ``count`` pictures spread over ``video``, scaled to ``height``, side by side as one PNG.

    Returns how many pictures the strip holds; raises ValueError when no picture could be decoded or the
    PNG could not be encoded.
    """
    capture = cv2.VideoCapture(str(video), cv2.CAP_FFMPEG)
    try:
        if not capture.isOpened():
            raise ValueError(f"{video.name} cannot be opened as a video")
        total = int(_positive(capture.get(cv2.CAP_PROP_FRAME_COUNT)) or 0)
        targets = [int((index + 0.5) * total / count) for index in range(count)] if total else [0]
        pictures = []
        for target in targets:
            if total:
                capture.set(cv2.CAP_PROP_POS_FRAMES, target)
            ok, frame = capture.read()
            if ok and frame is not None and frame.size:
                width = max(1, round(frame.shape[1] * height / frame.shape[0]))
                pictures.append(cv2.resize(frame, (width, height), interpolation=cv2.INTER_AREA))
    finally:
        capture.release()
    if not pictures:
        raise ValueError(f"no picture of {video.name} could be decoded")
    ok, encoded = cv2.imencode(".png", cv2.hconcat(pictures))
    if not ok:
        raise ValueError("the thumbnail strip could not be encoded as PNG")
    out_png.write_bytes(encoded.tobytes())
    return len(pictures)


def render_frame(video: Path, out_png: Path, offset_ms: int) -> tuple[int, int]:
    """Write the picture shown ``offset_ms`` into ``video`` (the frame whose time span holds that moment) to
    ``out_png`` as a PNG at the video's own size; returns its ``(width, height)``.

    Raises ValueError when the video cannot be opened or holds no picture at that time.
    """
    if offset_ms < 0:
        raise ValueError("a time into a video cannot be negative")
    capture = cv2.VideoCapture(str(video), cv2.CAP_FFMPEG)
    try:
        if not capture.isOpened():
            raise ValueError(f"{video.name} cannot be opened as a video")
        fps = _positive(capture.get(cv2.CAP_PROP_FPS))
        index = math.floor(offset_ms * fps / 1000 + 1e-6) if fps else 0
        if index:
            capture.set(cv2.CAP_PROP_POS_FRAMES, index)
        ok, frame = capture.read()
    finally:
        capture.release()
    if not ok or frame is None or not frame.size:
        raise ValueError(f"no picture of {video.name} could be decoded at {offset_ms} ms")
    ok, encoded = cv2.imencode(".png", frame)
    if not ok:
        raise ValueError("the picture could not be encoded as PNG")
    out_png.write_bytes(encoded.tobytes())
    return int(frame.shape[1]), int(frame.shape[0])
