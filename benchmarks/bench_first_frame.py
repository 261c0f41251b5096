"""Time to the first decoded frame: the desk's player on the station's footage against bare libvlc on the same file.

In the same run, on the same clip:

* **desk** — what the desk's player does: a real station service process (``serve`` on a Unix socket) holds the
  footage; the desk logs in, opens a viewing session under its grant and gives libvlc the session's footage read
  through its own connection (``StationClient.footage``: HTTP ranges on the Unix socket, fed to libvlc by media
  callbacks, :class:`evidence_station.playback.vlc_backend.FootageMedia`);
* **stream URL** — libvlc's own HTTP client on the session's ``stream_url`` (the loopback port, what ``view open``
  prints for other players), with the player's options (:func:`evidence_station.playback.vlc_backend.stream_media`);
* **bare** — libvlc opening the very same file (the vault's copy) by its path, default options.

Each uses its own libvlc instance with the player's arguments (headless). The clock starts at ``play()`` and stops
when libvlc hands the first decoded picture to the display callback (``libvlc_video_set_callbacks``: no window
needed, and no approximation by ``get_time()``). Rounds rotate the order; medians and the ratios to bare are
printed (target for the desk ≤ 1.2×, issue #17), with the machine. Opening the viewing session itself (one call to
the service) is timed separately, for information.

The clip: ``--file`` (a camera file; its bytes are imported), else a generated 1280×720 25 fps MPEG-4 clip of
``--seconds`` — or with ``--h264`` a 1920×1080 H.264 one (the generated frames transcoded by libvlc's x264) — with
its index at the end of the file (as many cameras write it: libvlc must ask the stream for the end before the first
frame).

Run: ``.venv/bin/python benchmarks/bench_first_frame.py [--repeat 15] [--file CLIP.MP4 | --h264] [--json]``.
"""

from __future__ import annotations

import argparse
import ctypes
import json
import os
import shutil
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from common import PASSWORD, fresh_station, machine_facts, median  # benchmarks/

TARGET_RATIO = 1.2
TIMEOUT_S = 20.0
CARD_NAME = "DCIM/100DSJ/Z8A0001_010203_20261124080000_0001.MP4"


def write_clip(path: Path, seconds: int, width: int = 1280, height: int = 720, fps: int = 25) -> None:
    """A moving test picture as MPEG-4 (OpenCV ``mp4v``; the ``moov`` index lands after the media data)."""
    import cv2
    import numpy as np

    path.parent.mkdir(parents=True, exist_ok=True)
    writer = cv2.VideoWriter(str(path), cv2.VideoWriter_fourcc(*"mp4v"), fps, (width, height))
    rng = np.random.default_rng(7)
    noise = rng.integers(0, 64, (height, width, 3), dtype=np.uint8)
    try:
        for index in range(seconds * fps):
            frame = np.roll(noise, index * 8, axis=1)
            cv2.rectangle(frame, (index * 5 % width, 200), (index * 5 % width + 120, 320), (0, 200, 255), -1)
            cv2.putText(frame, f"frame {index}", (40, 80), cv2.FONT_HERSHEY_SIMPLEX, 2, (255, 255, 255), 3)
            writer.write(frame)
    finally:
        writer.release()


def transcode_h264(source: Path, target: Path) -> None:
    """``source`` as H.264 in MP4 (libvlc's x264, ~4 Mbit/s, a key frame every 2 s)."""
    import vlc

    instance = vlc.Instance(["--quiet", "--no-sout-audio", "--vout=dummy", "--aout=dummy"])
    media = instance.media_new_path(str(source))
    media.add_option(f":sout=#transcode{{vcodec=h264,venc=x264{{preset=veryfast,keyint=50}},vb=4000}}"
                     f":std{{access=file,mux=mp4,dst={target}}}")
    player = instance.media_player_new()
    player.set_media(media)
    player.play()
    deadline = time.monotonic() + 600
    while player.get_state() not in (vlc.State.Ended, vlc.State.Error) and time.monotonic() < deadline:
        time.sleep(0.2)
    player.release()
    instance.release()
    if not target.is_file() or target.stat().st_size == 0:
        raise SystemExit("libvlc could not transcode the clip to H.264 (is vlc-plugin-base's x264 there?)")


def prepare(
    root: Path, clip: Path | None, seconds: int, h264: bool = False
) -> tuple[Path, int, int, Path, dict[str, Any]]:
    """A service home with the clip imported and a live grant of ``investigator``.

    Returns (home, recording id, request id, the vault copy's path, the recording's media facts).
    """
    from evidence_station.services import viewing_service as vs
    from evidence_station.services.import_service import import_card
    from evidence_station.services.recordings_service import list_recordings
    from evidence_station.services.users import add_user, login

    card = root / "card"
    target = card / CARD_NAME
    if clip is None and h264:
        write_clip(root / "source.mp4", seconds, 1920, 1080)
        target.parent.mkdir(parents=True, exist_ok=True)
        transcode_h264(root / "source.mp4", target)
    elif clip is None:
        write_clip(target, seconds)
    else:
        target.parent.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(clip, target)
    bench = fresh_station(root / "home", service=True)
    try:
        add_user(bench.admin, name="director", roles=["director"], password=PASSWORD)
        add_user(bench.admin, name="investigator", roles=["investigator"], password=PASSWORD,
                 display_name="李明", badge_number="33010203")
        import_card(bench.custodian, card)
        rec = next(r for r in list_recordings(bench.custodian) if r.file_name == Path(CARD_NAME).name)
        viewer = login(bench.station, "investigator", PASSWORD)
        request = vs.request_viewing(viewer, recording_ids=[rec.id], reason="benchmark")
        vs.approve_request(login(bench.station, "director", PASSWORD), request.request_id, hours=8)
        blob = bench.station.vault.blob_path(rec.sha256)
        facts = dict(rec.media or {}, size=rec.size)
        for ctx in (bench.admin, bench.custodian, viewer):
            ctx.end_session()
    finally:
        bench.close()
    return root / "home", rec.id, request.request_id, blob, facts


class FirstFrame:
    """Plays media on one libvlc instance into memory and times ``play()`` → first decoded picture."""

    def __init__(self, width: int, height: int) -> None:
        import vlc

        from evidence_station.playback.vlc_backend import create_instance

        self.vlc = vlc
        self.instance = create_instance(headless=True)
        self.width, self.height = width, height
        self.buffer = ctypes.create_string_buffer(width * height * 4)
        self.shown = threading.Event()
        self.shown_at = 0.0
        address = ctypes.addressof(self.buffer)

        @vlc.CallbackDecorators.VideoLockCb
        def lock(_opaque: Any, planes: Any) -> None:
            planes[0] = address
            return None

        @vlc.CallbackDecorators.VideoUnlockCb
        def unlock(_opaque: Any, _picture: Any, _planes: Any) -> None:
            return None

        @vlc.CallbackDecorators.VideoDisplayCb
        def display(_opaque: Any, _picture: Any) -> None:
            if not self.shown.is_set():
                self.shown_at = time.perf_counter()
                self.shown.set()

        self._callbacks = (lock, unlock, display)  # kept alive as long as libvlc may call them

    def time(self, media: Any) -> float:
        """Seconds from ``play()`` to the first picture of ``media`` (released afterwards)."""
        player = self.instance.media_player_new()
        player.video_set_callbacks(*self._callbacks, None)
        player.video_set_format("RV32", self.width, self.height, self.width * 4)
        player.set_media(media)
        self.shown.clear()
        started = time.perf_counter()
        player.play()
        try:
            if not self.shown.wait(TIMEOUT_S):
                raise TimeoutError(f"no picture within {TIMEOUT_S:.0f} s (state {player.get_state()})")
            return self.shown_at - started
        finally:
            player.stop()
            player.release()
            media.release()

    def close(self) -> None:
        """Release libvlc."""
        self.instance.release()


def start_service(home: Path) -> tuple[subprocess.Popen[bytes], Path]:
    """``serve`` on a Unix socket in a temporary folder; returns the process and the socket."""
    socket_path = Path(tempfile.mkdtemp(prefix="bench-sock-")) / "station.sock"
    service = subprocess.Popen([sys.executable, "-m", "evidence_station", "--home", str(home), "serve", "--listen",
                                f"unix:{socket_path}"], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    deadline = time.monotonic() + 60
    while not socket_path.exists():
        if service.poll() is not None or time.monotonic() > deadline:
            service.kill()
            raise SystemExit("the station service did not start")
        time.sleep(0.05)
    return service, socket_path


def measure(home: Path, recording_id: int, request_id: int, blob: Path, facts: dict[str, Any],
            repeat: int) -> dict[str, Any]:
    """Alternate stream and bare rounds through a real service process; the figures."""
    from evidence_station.client.station_client import StationClient
    from evidence_station.client.transport import HttpTransport
    from evidence_station.playback.vlc_backend import FootageMedia, stream_media

    service, socket_path = start_service(home)
    transport = HttpTransport(f"unix:{socket_path}")
    width, height = int(facts.get("width") or 1280), int(facts.get("height") or 720)
    desk_side, stream_side, bare_side = (FirstFrame(width, height) for _ in range(3))
    try:
        client = StationClient.login(transport, "investigator", PASSWORD, client="gui")
        opening: list[float] = []

        def open_session() -> Any:
            started = time.perf_counter()
            view = client.open_viewing_session(recording_id, request_id=request_id)
            opening.append(time.perf_counter() - started)
            return view

        view = open_session()

        def desk() -> float:
            footage = FootageMedia(desk_side.vlc, desk_side.instance, client.footage(view))
            return desk_side.time(footage.media)

        def stream() -> float:
            return stream_side.time(stream_media(stream_side.instance, view.stream_url))

        def bare() -> float:
            return bare_side.time(bare_side.instance.media_new_path(str(blob)))

        sides = {desk: [], stream: [], bare: []}
        for side in sides:
            side()  # warm up: libvlc's plugins, the page cache, the service's first read
        order = list(sides)
        for round_no in range(repeat):
            for side in order[round_no % 3:] + order[:round_no % 3]:
                sides[side].append(side())
        for _ in range(min(5, repeat)):
            open_session()  # the service call a Watch makes (informational)
        client.logout()
    finally:
        for side_player in (desk_side, stream_side, bare_side):
            side_player.close()
        transport.close()
        service.terminate()
        service.wait(60)
        shutil.rmtree(socket_path.parent, ignore_errors=True)
    desk_s, stream_s, bare_s = sides[desk], sides[stream], sides[bare]
    ratio = median(desk_s) / median(bare_s)
    import vlc

    version = vlc.libvlc_get_version()
    return {
        "desk_s": desk_s, "stream_url_s": stream_s, "bare_s": bare_s, "desk_median_s": median(desk_s),
        "stream_url_median_s": median(stream_s), "bare_median_s": median(bare_s),
        "ratio": ratio, "stream_url_ratio": median(stream_s) / median(bare_s),
        "target_ratio": TARGET_RATIO, "meets_target": ratio <= TARGET_RATIO,
        "open_viewing_session_median_s": median(opening[1:] or opening),
        "clip": {key: facts.get(key) for key in ("size", "width", "height", "codec", "duration_s", "fps")},
        "libvlc": version.decode() if isinstance(version, bytes) else str(version),
        "machine": dict(machine_facts(home), load_average=" ".join(f"{x:.2f}" for x in os.getloadavg())),
    }


def main(argv: list[str] | None = None) -> int:
    """Measure and print the figures."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=15, help="rounds (one stream and one bare run each)")
    parser.add_argument("--file", type=Path, help="a camera file to play (default: a generated clip)")
    parser.add_argument("--seconds", type=int, default=30, help="length of the generated clip")
    parser.add_argument("--h264", action="store_true", help="generate a 1920×1080 H.264 clip (libvlc's x264)")
    parser.add_argument("--json", action="store_true")
    args = parser.parse_args(argv)
    from evidence_station.playback.availability import vlc_status

    available, message = vlc_status()
    if not available:
        raise SystemExit(message)
    with tempfile.TemporaryDirectory(prefix="bench-first-frame-") as tmp:
        prepared = prepare(Path(tmp), args.file, args.seconds, args.h264)
        figures = measure(*prepared, repeat=args.repeat)
    if args.json:
        print(json.dumps(figures, indent=2, default=str))
        return 0
    clip, machine = figures["clip"], figures["machine"]
    print(f"clip: {clip['width']}×{clip['height']} {clip['codec']}, {clip['size'] / 1e6:.1f} MB, "
          f"{clip['duration_s']} s; libvlc {figures['libvlc']}")
    print(f"machine: {machine['cpu']}, {machine['cores']} cores, {machine['memory']}, load {machine['load_average']}")
    print(f"play() → first decoded frame, median of {args.repeat}: the desk's player (footage through its "
          f"connection) {figures['desk_median_s'] * 1000:.0f} ms, libvlc on the stream URL "
          f"{figures['stream_url_median_s'] * 1000:.0f} ms, bare libvlc on the file "
          f"{figures['bare_median_s'] * 1000:.0f} ms")
    print(f"ratio desk/bare {figures['ratio']:.2f}× (target ≤ {TARGET_RATIO}×: "
          f"{'met' if figures['meets_target'] else 'NOT met'}); stream URL/bare {figures['stream_url_ratio']:.2f}×")
    print(f"open_viewing_session through the service: median {figures['open_viewing_session_median_s'] * 1000:.0f} ms")
    return 0


if __name__ == "__main__":
    sys.exit(main())
