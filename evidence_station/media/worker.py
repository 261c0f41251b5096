"""The child process that does the risky decoding; run as ``python -m evidence_station.media.worker``.

Commands (one JSON object is printed as the last line of standard output, in ASCII: a file name that is not
valid UTF-8 reaches the worker as surrogate escapes, which ASCII JSON carries and UTF-8 text cannot):

- ``probe PATH [NAME]`` — the :class:`~evidence_station.media.info.MediaInfo` of ``PATH`` as a dict
  (``NAME``: the original file name, for the kind, when ``PATH`` is a vault blob);
- ``serve`` — a long-lived prober: reads one JSON request ``{"path": ..., "name": ...}`` per line on standard
  input and answers each with one JSON line (the MediaInfo dict); used by :class:`ProbeSession` so a card of
  hundreds of files does not pay for a new process (and OpenCV import) per file;
- ``thumbnails VIDEO OUT_PNG COUNT HEIGHT`` — writes the strip to ``OUT_PNG``; ``{"ok": true, "pictures": n}``
  or ``{"ok": false, "error": "..."}`` (exit status 1);
- ``frame VIDEO OUT_PNG OFFSET_MS`` — writes the picture shown at ``OFFSET_MS`` to ``OUT_PNG`` at the video's
  size; ``{"ok": true, "width": w, "height": h}``, or ``{"ok": false, "error": "..."}`` when there is no picture
  to decode there (exit status 0: an answer, not a crash).
"""

from __future__ import annotations

import json
import sys
from pathlib import Path


def main(argv: list[str]) -> int:
    """Run one worker command; returns the process exit status."""
    import cv2

    from evidence_station.media.decoding import probe_media_inprocess, render_frame, render_thumbnail_strip

    cv2.setNumThreads(1)
    if argv == ["serve"]:
        return _serve(probe_media_inprocess)
    if len(argv) in (2, 3) and argv[0] == "probe":
        name = argv[2] if len(argv) == 3 else None
        print(json.dumps(probe_media_inprocess(Path(argv[1]), name).to_dict()))
        return 0
    if len(argv) == 5 and argv[0] == "thumbnails":
        try:
            pictures = render_thumbnail_strip(Path(argv[1]), Path(argv[2]), int(argv[3]), int(argv[4]))
        except (ValueError, OSError, cv2.error) as exc:
            print(json.dumps({"ok": False, "error": str(exc)}))
            return 1
        print(json.dumps({"ok": True, "pictures": pictures}))
        return 0
    if len(argv) == 4 and argv[0] == "frame":
        try:
            width, height = render_frame(Path(argv[1]), Path(argv[2]), int(argv[3]))
        except (ValueError, OSError, cv2.error) as exc:
            print(json.dumps({"ok": False, "error": str(exc)}))
            return 0
        print(json.dumps({"ok": True, "width": width, "height": height}))
        return 0
    print("usage: worker probe PATH [NAME] | worker thumbnails VIDEO OUT_PNG COUNT HEIGHT | "
          "worker frame VIDEO OUT_PNG OFFSET_MS", file=sys.stderr)
    return 2


def _serve(probe) -> int:
    """Answer probe requests line by line until standard input closes."""
    import os

    # Keep the protocol on a private copy of stdout; anything a decoder prints goes to stderr instead.
    protocol = os.fdopen(os.dup(1), "w", encoding="utf-8")
    os.dup2(2, 1)
    for line in sys.stdin:
        try:
            request = json.loads(line)
            info = probe(Path(request["path"]), request.get("name"))
            answer = info.to_dict()
        except (ValueError, KeyError, TypeError, OSError) as exc:
            answer = {"error": f"bad request: {exc}"}
        protocol.write(json.dumps(answer) + "\n")
        protocol.flush()
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
