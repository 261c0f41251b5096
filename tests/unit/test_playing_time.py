"""A stream's playing time is carried on where libvlc's stands still (libvlc 3 over HTTP stops moving it once it
has read the stream to its end), held by a pause, continued by playing on, and libvlc's own time wins whenever it
moves."""

from __future__ import annotations

from evidence_station.playback.vlc_backend import STALE_TIME_S, PlayingTime


def test_a_moving_time_is_libvlcs_own():
    clock = PlayingTime()
    assert [clock.position(t, playing=True, rate=1.0, length=60_000, now=t / 1000) for t in (0, 250, 500, 750)] == [
        0, 250, 500, 750]


def test_a_standing_time_is_carried_on_held_by_a_pause_and_continued():
    clock = PlayingTime()
    assert clock.position(250, playing=True, rate=1.0, length=5_000, now=10.0) == 250
    assert clock.position(250, playing=True, rate=1.0, length=5_000, now=10.5) == 250  # not yet stale
    assert clock.position(250, playing=True, rate=1.0, length=5_000, now=10.0 + STALE_TIME_S) == 250 + int(
        STALE_TIME_S * 1000)
    assert clock.position(250, playing=True, rate=1.0, length=5_000, now=12.0) == 2_250
    assert clock.position(250, playing=False, rate=1.0, length=5_000, now=12.1) == 2_250  # paused: held
    assert clock.position(250, playing=False, rate=1.0, length=5_000, now=20.0) == 2_250
    assert clock.position(250, playing=True, rate=1.0, length=5_000, now=20.5) == 2_750  # playing on
    clock.rebase(20.5)
    assert clock.position(250, playing=True, rate=2.0, length=5_000, now=21.0) == 3_750  # twice as fast now
    assert clock.position(250, playing=True, rate=2.0, length=5_000, now=30.0) == 5_000  # never past the end


def test_libvlc_moving_again_or_a_seek_starts_afresh():
    clock = PlayingTime()
    clock.position(250, playing=True, rate=1.0, length=60_000, now=0.0)
    assert clock.position(250, playing=True, rate=1.0, length=60_000, now=3.0) == 3_250
    assert clock.position(52_000, playing=True, rate=1.0, length=60_000, now=3.1) == 52_000  # libvlc moved
    clock.restart()  # a seek
    assert clock.position(10_000, playing=True, rate=1.0, length=60_000, now=3.2) == 10_000
    assert clock.position(10_000, playing=True, rate=1.0, length=60_000, now=3.5) == 10_000
