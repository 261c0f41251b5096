"""The fake player's deterministic behaviour, rate steps, and the libvlc availability message."""

from evidence_station.playback import availability
from evidence_station.playback.fake_player import FakePlayer
from evidence_station.playback.player import Player, next_rate_step


def test_fake_player_follows_the_protocol_and_an_injected_clock():
    now = [100.0]
    player = FakePlayer(length_ms=10_000, fps=10, clock=lambda: now[0])
    assert isinstance(player, Player)
    player.load("clip.mp4")
    player.play()
    now[0] += 2.0
    assert player.position_ms == 2_000 and player.state == "playing"
    player.rate = 2.0
    now[0] += 1.0
    assert player.position_ms == 4_000
    player.pause()
    now[0] += 5.0
    assert player.position_ms == 4_000 and player.state == "paused"
    player.previous_frame()
    assert player.position_ms == 3_900
    player.next_frame()
    player.next_frame()
    assert player.position_ms == 4_100
    player.play()
    now[0] += 10.0
    assert player.state == "ended" and player.position_ms == 10_000
    player.seek_ms(20_000)
    assert player.state == "paused" and player.position_ms == 10_000


def test_fake_player_failure_and_clamps():
    player = FakePlayer(fail_message="broken")
    player.load("bad.mp4")
    player.play()
    assert (player.state, player.error_message) == ("error", "broken")
    player.rate = 10
    player.volume = 300
    assert (player.rate, player.volume) == (4.0, 100)


def test_rate_steps():
    assert next_rate_step(1.0, +1) == 1.5
    assert next_rate_step(1.0, -1) == 0.5
    assert next_rate_step(4.0, +1) == 4.0
    assert next_rate_step(0.25, -1) == 0.25
    assert next_rate_step(1.2, +1) == 1.5


def test_install_hint_names_the_debian_packages_and_the_windows_installer():
    assert "libvlc5 vlc-plugin-base vlc-plugin-video-output" in availability.install_hint("linux")
    assert "installer" in availability.install_hint("win32")


def test_missing_libvlc_is_reported_with_what_to_install(monkeypatch):
    from evidence_station.playback import libvlc

    monkeypatch.setattr(libvlc, "probe_libvlc", lambda: (False, "libvlc could not be loaded (test)"))
    availability.vlc_status.cache_clear()
    try:
        ok, message = availability.vlc_status()
    finally:
        availability.vlc_status.cache_clear()
    assert not ok
    assert "libvlc could not be loaded" in message and "apt-get install libvlc5" in message
