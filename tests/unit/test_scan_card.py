"""The card scanner: every file once, candidates only for real files, never follow, never block."""

from __future__ import annotations

import os
import socket
import stat
import tempfile
import unicodedata
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from evidence_station.cards import scan as scan_module
from evidence_station.cards.errors import CardNotFoundError
from evidence_station.cards.scan import CardEntry, scan_card

CHINESE = "执法记录仪_张三_20240101"
NFC = unicodedata.normalize("NFC", "café.mp4")
NFD = unicodedata.normalize("NFD", "café.mp4")
RLO = "report\u202e4pm.exe"
LONG = "录" * 85  # 255 bytes in UTF-8


def by_path(entries: list[CardEntry]) -> dict[str, CardEntry]:
    paths = [e.card_path for e in entries]
    assert len(paths) == len(set(paths)), "an entry appears twice"
    return {e.card_path: e for e in entries}


def write(path: Path, data: bytes = b"x") -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(data)


@pytest.fixture
def card(tmp_path: Path) -> Path:
    root = tmp_path / "card"
    write(root / "DCIM" / "100MEDIA" / "A0001.MP4", b"a" * 1000)
    write(root / "DCIM" / "100MEDIA" / "._A0001.MP4")
    write(root / "DCIM" / "Thumbs.db")
    write(root / "DESKTOP.INI")
    write(root / ".DS_Store")
    write(root / "System Volume Information" / "IndexerVolumeGuid")
    write(root / "$RECYCLE.BIN" / "S-1-5" / "$R123.MP4")
    write(root / ".Trash-1000" / "files" / "old.mp4")
    write(root / ".Trashes" / "501" / "x")
    write(root / ".Spotlight-V100" / "store.db")
    write(root / ".fseventsd" / "fseventsd-uuid")
    write(root / "FOUND.000" / "FILE0000.CHK")
    write(root / CHINESE / f"{CHINESE}.mp4")
    write(root / NFC, b"nfc")
    write(root / NFD, b"nfd!")
    write(root / RLO)
    write(root / LONG)
    outside = tmp_path / "outside"
    write(outside / "secret.mp4")
    (root / "link_to_file.mp4").symlink_to(outside / "secret.mp4")
    (root / "link_to_dir").symlink_to(outside, target_is_directory=True)
    (root / "dangling").symlink_to(tmp_path / "nowhere")
    (root / "up").symlink_to("..")
    os.mkfifo(root / "pipe")
    sock = socket.socket(socket.AF_UNIX)
    sock.bind(str(root / "sock"))
    sock.close()
    return root


def test_scan_lists_every_file_once_with_the_right_status(card: Path) -> None:
    entries = by_path(scan_card(card))
    candidates = {p for p, e in entries.items() if e.status == "candidate"}
    assert candidates == {
        "DCIM/100MEDIA/A0001.MP4",
        f"{CHINESE}/{CHINESE}.mp4",
        NFC,
        NFD,
        RLO,
        LONG,
        "FOUND.000/FILE0000.CHK",  # chkdsk's recovered fragment: maybe the only copy of a recording's bytes
    }
    reasons = {p: e.reason for p, e in entries.items() if e.status == "skipped"}
    assert reasons == {
        "DCIM/100MEDIA/._A0001.MP4": "system junk",
        "DCIM/Thumbs.db": "system junk",
        "DESKTOP.INI": "system junk",
        ".DS_Store": "system junk",
        "System Volume Information/IndexerVolumeGuid": "system junk",
        "$RECYCLE.BIN/S-1-5/$R123.MP4": "system junk",
        ".Trash-1000/files/old.mp4": "system junk",
        ".Trashes/501/x": "system junk",
        ".Spotlight-V100/store.db": "system junk",
        ".fseventsd/fseventsd-uuid": "system junk",
        "link_to_file.mp4": "link (not followed)",
        "link_to_dir": "link (not followed)",
        "dangling": "link (not followed)",
        "up": "link (not followed)",
        "pipe": "not a regular file",
        "sock": "not a regular file",
    }
    assert all(e.reason is None for e in entries.values() if e.status == "candidate")


def test_entries_carry_absolute_path_size_and_mtime(card: Path) -> None:
    entry = by_path(scan_card(card))["DCIM/100MEDIA/A0001.MP4"]
    assert entry.path == card / "DCIM" / "100MEDIA" / "A0001.MP4"
    assert entry.path.is_absolute()
    assert entry.size == 1000
    assert entry.mtime == pytest.approx(entry.path.stat().st_mtime)
    assert by_path(scan_card(card))[NFD].size == 4


def test_scan_is_sorted_and_deterministic(card: Path) -> None:
    first = scan_card(card)
    assert first == scan_card(card)
    keys = [e.card_path.split("/") for e in first]
    assert keys == sorted(keys)


def test_device_nodes_are_skipped_without_opening(tmp_path: Path) -> None:
    root = tmp_path / "card"
    root.mkdir()
    try:
        os.mknod(root / "null", 0o600 | stat.S_IFCHR, os.makedev(1, 3))
    except PermissionError:
        pytest.skip("creating device nodes needs root")
    assert [(e.card_path, e.reason) for e in scan_card(root)] == [("null", "not a regular file")]


def test_undecodable_name_round_trips_and_displays_escaped(tmp_path: Path) -> None:
    root = tmp_path / "card"
    root.mkdir()
    raw = os.fsencode(root) + b"/bad\xff\xfename.mp4"
    with open(raw, "wb") as handle:
        handle.write(b"data")
    [entry] = scan_card(root)
    assert entry.status == "candidate"
    assert os.fsencode(entry.card_path) == b"bad\xff\xfename.mp4"
    assert entry.path.read_bytes() == b"data"
    assert entry.card_path_display == "bad\\xff\\xfename.mp4"  # escaped, unlike U+FFFD never ambiguous
    entry.card_path_display.encode("utf-8")  # valid text
    assert entry.card_path_raw == b"bad\xff\xfename.mp4"


def test_unreadable_folder_gives_one_skipped_entry(card: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    real_list_dir = scan_module._list_dir

    def list_dir(path: Path) -> list[str]:
        if path.name == "100MEDIA":
            raise PermissionError(13, "Permission denied")
        return real_list_dir(path)

    monkeypatch.setattr(scan_module, "_list_dir", list_dir)
    entries = by_path(scan_card(card))
    assert entries["DCIM/100MEDIA"].status == "skipped"
    assert entries["DCIM/100MEDIA"].reason == "unreadable folder: Permission denied"
    assert not any(p.startswith("DCIM/100MEDIA/") for p in entries)


def test_folder_on_other_filesystem_is_not_entered(card: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    real_lstat = os.lstat

    def lstat(path: os.PathLike[str] | str) -> os.stat_result:
        result = real_lstat(path)
        if Path(path).name == "DCIM":
            fields = list(result[:10])
            fields[stat.ST_DEV] += 1
            return os.stat_result(fields)
        return result

    monkeypatch.setattr(scan_module.os, "lstat", lstat)
    entries = by_path(scan_card(card))
    assert entries["DCIM"].reason == "other filesystem"
    assert not any(p.startswith("DCIM/") for p in entries)


def test_missing_or_non_folder_root_is_refused(tmp_path: Path) -> None:
    with pytest.raises(CardNotFoundError, match="does not exist"):
        scan_card(tmp_path / "absent")
    (tmp_path / "file").write_bytes(b"")
    with pytest.raises(CardNotFoundError, match="not a folder"):
        scan_card(tmp_path / "file")


# ---------------------------------------------------------------------------------- generated trees

NAMES = ["a", "B.MP4", CHINESE, NFC, NFD, RLO, LONG, "Thumbs.db", "._x", "System Volume Information",
         ".Trash-0", "FOUND.001", "DCIM", "x y"]
JUNK_FILES = {"thumbs.db", "._x"}
JUNK_DIRS = {"system volume information", ".trash-0", "._x"}
KINDS = ["file", "file", "file", "link", "fifo", "dirlink"]

tree_paths = st.lists(
    st.tuples(st.lists(st.sampled_from(NAMES), min_size=1, max_size=3), st.sampled_from(KINDS)),
    max_size=12,
)


def build_tree(root: Path, spec: list[tuple[list[str], str]]) -> dict[str, str]:
    """Create the tree; return the expected status ('candidate'/'skipped') of every non-folder path."""
    expected: dict[str, str] = {}
    folders: set[tuple[str, ...]] = {()}
    for parts, kind in spec:
        key = tuple(parts)
        if key in folders or any(tuple(parts[:i]) in {tuple(p.split("/")) for p in expected}
                                 for i in range(1, len(parts) + 1)):
            continue  # clashes with something already created
        if any(key == f[:len(key)] for f in folders):
            continue
        path = root.joinpath(*parts)
        path.parent.mkdir(parents=True, exist_ok=True)
        folders.update(key[:i] for i in range(len(key)))
        if kind == "file":
            path.write_bytes(b"v")
        elif kind == "link":
            path.symlink_to(root.parent / "outside.mp4")
        elif kind == "dirlink":
            path.symlink_to(root.parent, target_is_directory=True)
        else:
            os.mkfifo(path)
        in_junk = any(p.casefold() in JUNK_DIRS for p in parts[:-1])
        junk_name = parts[-1].casefold() in JUNK_FILES
        candidate = kind == "file" and not in_junk and not junk_name
        expected["/".join(parts)] = "candidate" if candidate else "skipped"
    return expected


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(tree_paths)
def test_generated_trees_list_every_file_exactly_once(spec: list[tuple[list[str], str]]) -> None:
    with tempfile.TemporaryDirectory() as scratch:
        outside = Path(scratch) / "outside.mp4"
        outside.write_bytes(b"outside")
        root = Path(scratch) / "card"
        root.mkdir()
        expected = build_tree(root, spec)
        entries = scan_card(root)
        assert {e.card_path: e.status for e in entries} == expected
        assert len(entries) == len(expected)
        for entry in entries:
            assert entry.path == root.joinpath(*entry.card_path.split("/"))
            assert ".." not in entry.card_path.split("/")
