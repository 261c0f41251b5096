"""Open a PlayerWidget (and a sample timeline) on a video file, for a manual look or a screenshot.

Usage: python tools/player_demo.py FILE [--viewer NAME] [--badge NO] [--secret]
       [--camera-start 2026-03-01T08:30:00+08:00] [--offset SECONDS] [--screenshot OUT.png --after 3]

With ``--screenshot`` the whole screen (including what libvlc drew) is saved after ``--after`` seconds
and the program exits; run it under ``xvfb-run -s "-screen 0 1280x800x24"`` on a machine without display.
"""

from __future__ import annotations

import argparse
import sys
from datetime import datetime, timedelta
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from PySide6.QtCore import QTimer
from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import QApplication, QVBoxLayout, QWidget

from evidence_station.gui.player_widget import PlayerWidget, default_player
from evidence_station.gui.timeline_widget import TimelineWidget
from evidence_station.playback.timeline import (
    TimelineBookmark,
    TimelineSegment,
    build_timeline,
)


def sample_timeline(start: datetime, length_ms: int) -> TimelineWidget:
    """A timeline with the demo file, a 4-minute unexplained gap, an overlap and two bookmarks."""
    length = timedelta(milliseconds=max(length_ms, 5_000))
    first = TimelineSegment(1, start, start + length, "demo")
    second_start = first.end + timedelta(minutes=4)
    second = TimelineSegment(2, second_start, second_start + length * 2, "next")
    third = TimelineSegment(3, second.end - length / 2, second.end + length, "overlap")
    marks = [
        TimelineBookmark(1, 1_000, "questioning", "demo bookmark"),
        TimelineBookmark(2, 2_000, "sampling"),
    ]
    widget = TimelineWidget()
    widget.set_timeline(build_timeline([first, second, third], marks))
    return widget


def main(argv: list[str] | None = None) -> int:
    """Show the player; return the exit code."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("file")
    parser.add_argument("--viewer", default="张三")
    parser.add_argument("--badge", default="010203")
    parser.add_argument("--secret", action="store_true")
    parser.add_argument("--camera-start", type=datetime.fromisoformat, default=None)
    parser.add_argument("--offset", type=float, default=None, help="camera clock minus true time, seconds")
    parser.add_argument("--screenshot", type=Path, default=None)
    parser.add_argument("--after", type=float, default=3.0)
    args = parser.parse_args(argv)

    app = QApplication(sys.argv[:1])
    player, message = default_player()
    print(message)
    window = QWidget()
    window.setWindowTitle("Evidence Station — player demo")
    layout = QVBoxLayout(window)
    widget = PlayerWidget(player, unavailable_message=message)
    widget.set_viewer(args.viewer, args.badge)
    widget.set_secret(args.secret)
    camera_start = args.camera_start or datetime.fromisoformat("2026-03-01T08:30:00+08:00")
    widget.set_camera_time(camera_start, args.offset)
    layout.addWidget(widget, 1)
    timeline = sample_timeline(camera_start, player.length_ms if player else 0)
    timeline.positionRequested.connect(lambda rid, ms: widget.seek(ms) if rid == 1 else None)
    layout.addWidget(timeline)
    widget.rangeWatched.connect(lambda a, b: print(f"watched {a}–{b} ms"))
    window.resize(960, 720)
    window.show()
    widget.open_file(args.file)
    widget.setFocus()

    def poll_cursor() -> None:
        if player is not None:
            timeline.set_cursor(1, player.position_ms)

    cursor_timer = QTimer(window)
    cursor_timer.timeout.connect(poll_cursor)
    cursor_timer.start(200)
    if args.screenshot is not None:

        def shoot() -> None:
            QGuiApplication.primaryScreen().grabWindow(0).save(str(args.screenshot))
            print(f"screenshot saved to {args.screenshot}; state {player.state if player else 'none'}")
            widget.shutdown()
            app.quit()

        QTimer.singleShot(int(args.after * 1000), shoot)
    app.aboutToQuit.connect(widget.shutdown)
    return app.exec()


if __name__ == "__main__":
    sys.exit(main())
