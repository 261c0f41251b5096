"""Video playback for the viewing workflow, independent of Qt.

The GUI talks to a :class:`~evidence_station.playback.player.Player` (a Protocol): ``load``, ``play``,
``pause``, ``seek_ms``, ``rate``, ``volume``, frame stepping, ``snapshot``, a ``state`` string
(``"idle"``, ``"playing"``, ``"paused"``, ``"ended"``, ``"error"``) with ``error_message``,
``set_window`` (hand over a native window id) and ``set_watermark`` (text drawn into the picture).

Backends:

- :class:`~evidence_station.playback.vlc_backend.VlcPlayer` plays through libvlc (python-vlc). It is the
  only module that imports ``vlc``, and only inside functions, so the station starts without libvlc;
  :func:`~evidence_station.playback.availability.vlc_status` says what to install when it is missing.
- :class:`~evidence_station.playback.fake_player.FakePlayer` is a deterministic in-memory player for tests
  (time moves with an injectable clock or by :meth:`FakePlayer.advance`).

:mod:`evidence_station.playback.timeline` builds a device's continuous timeline (segments, gaps, overlaps,
bookmarks) for the timeline widget, also without Qt.
"""
