"""safe_output: every refusal of CLI.md's "Outputs never destroy evidence", the atomic put-in-place, modes."""

from __future__ import annotations

import errno
import json
import os
import stat
from collections.abc import Iterator
from pathlib import Path

import pytest

from evidence_station import safe_output
from evidence_station.domain.errors import InvalidInputError
from evidence_station.safe_output import (
    check_output_folder,
    check_output_path,
    open_output,
    protected_folders,
    remove_temp_outputs,
    temp_name,
    write_output_bytes,
)


@pytest.fixture
def umask_022() -> Iterator[None]:
    old = os.umask(0o022)
    try:
        yield
    finally:
        os.umask(old)


def _home(root: Path) -> Path:
    """A folder with a station home's markers (settings.json beside the catalogue and the vault)."""
    (root / "vault" / "objects" / "ab").mkdir(parents=True)
    (root / "vault" / "tmp").mkdir()
    (root / "checkpoints").mkdir()
    (root / "settings.json").write_text("{}")
    (root / "catalogue.sqlite3").write_bytes(b"SQLite format 3\x00")
    (root / "checkpoints" / "audit-checkpoints.jsonl").write_text('{"n": 1}\n')
    (root / "vault" / "objects" / "ab" / ("ab" + "0" * 62)).write_bytes(b"original")
    return root


def _leftovers(folder: Path) -> list[str]:
    return sorted(p.name for p in folder.iterdir() if p.name.endswith(safe_output.TEMP_SUFFIX))


def test_a_new_file_is_written_with_the_document_mode_and_no_temporary_file(tmp_path: Path, umask_022: None) -> None:
    target = tmp_path / "register.csv"
    assert write_output_bytes(target, b"a,b\n") == target
    assert target.read_bytes() == b"a,b\n"
    assert stat.S_IMODE(target.stat().st_mode) == 0o644 and target.stat().st_nlink == 1
    assert _leftovers(tmp_path) == []
    os.umask(0o027)
    write_output_bytes(tmp_path / "other.csv", b"x")
    assert stat.S_IMODE((tmp_path / "other.csv").stat().st_mode) == 0o640


def test_an_existing_file_is_refused_unless_forced_and_then_replaced_not_truncated(tmp_path: Path) -> None:
    target = tmp_path / "receipt.pdf"
    target.write_bytes(b"signed receipt")
    with pytest.raises(InvalidInputError, match="already exists") as refused:
        write_output_bytes(target, b"report")
    assert refused.value.exit_code == 2 and str(target) in refused.value.message
    assert "--force" in refused.value.text_zh() and "已存在" in refused.value.text_zh()
    assert target.read_bytes() == b"signed receipt"
    old_inode = target.stat().st_ino
    with open(target, "rb") as still_open:
        write_output_bytes(target, b"report", force=True)
        assert still_open.read() == b"signed receipt"  # the old file was replaced by a rename, never rewritten
    assert target.read_bytes() == b"report" and target.stat().st_ino != old_inode
    assert _leftovers(tmp_path) == []


def test_a_folder_is_refused_even_with_force(tmp_path: Path) -> None:
    for force in (False, True):
        with pytest.raises(InvalidInputError, match="is a folder") as refused:
            check_output_path(tmp_path, force=force)
        assert refused.value.exit_code == 2 and "文件夹" in refused.value.text_zh()


@pytest.mark.parametrize("inside", [
    "catalogue.sqlite3", "checkpoints/audit-checkpoints.jsonl", "new-file.pdf", "exports/receipts/x.pdf",
    "vault/objects/ab/" + "ab" + "0" * 62, "identity/station-key.pem",
])
def test_nothing_inside_a_station_home_is_written_even_forced(tmp_path: Path, inside: str) -> None:
    home = _home(tmp_path / "home")
    before = {p: p.read_bytes() for p in home.rglob("*") if p.is_file()}
    with pytest.raises(InvalidInputError, match="inside the station folder") as refused:
        write_output_bytes(home / inside, b"overwrite", force=True, make_parents=True)
    assert str(home) in refused.value.message and "工作站数据文件夹" in refused.value.text_zh()
    assert {p: p.read_bytes() for p in home.rglob("*") if p.is_file()} == before
    assert not (home / "exports").exists()  # no folder made inside the home either


def test_any_home_is_recognised_by_its_markers_not_only_the_current_one(tmp_path: Path) -> None:
    other = tmp_path / "another-station"
    other.mkdir()
    (other / "settings.json").write_text("{}")
    (other / "identity").mkdir()
    with pytest.raises(InvalidInputError, match="inside the station folder"):
        check_output_path(other / "x.pdf", force=True, protect=[tmp_path / "unrelated"])
    (tmp_path / "plain").mkdir()
    (tmp_path / "plain" / "settings.json").write_text("{}")  # a settings.json alone is no home
    check_output_path(tmp_path / "plain" / "x.pdf")


def test_a_vault_and_the_protected_folders_are_refused(tmp_path: Path) -> None:
    shared = tmp_path / "shared-vault"
    (shared / "objects" / "ab").mkdir(parents=True)
    (shared / "tmp").mkdir()
    with pytest.raises(InvalidInputError, match="inside the station folder"):
        check_output_path(shared / "objects" / "ab" / "blob", force=True)
    configured = tmp_path / "configured"
    configured.mkdir()
    with pytest.raises(InvalidInputError, match="inside the station folder"):
        check_output_path(configured / "x.pdf", protect=[configured])
    check_output_path(shared / "report.pdf")  # beside objects/ and tmp/ is not inside them


def test_protected_folders_name_the_home_and_its_configured_vault(tmp_path: Path) -> None:
    home = tmp_path / "home"
    home.mkdir()
    (home / "settings.json").write_text(json.dumps({"vault_dir": str(tmp_path / "nfs-vault")}))
    assert protected_folders(home) == (home, tmp_path / "nfs-vault")
    assert protected_folders(tmp_path / "no-home-yet") == (tmp_path / "no-home-yet",)
    assert protected_folders(None) == ()


def test_a_link_or_dotdot_leading_into_a_home_is_inside_the_home(tmp_path: Path) -> None:
    home = _home(tmp_path / "home")
    checkpoints = home / "checkpoints" / "audit-checkpoints.jsonl"
    link = tmp_path / "innocent.pdf"
    link.symlink_to(checkpoints)
    folder_link = tmp_path / "docs"
    folder_link.symlink_to(home / "checkpoints")
    for path in (link, folder_link / "new.pdf", tmp_path / "x" / ".." / "home" / "catalogue.sqlite3"):
        with pytest.raises(InvalidInputError, match="inside the station folder") as refused:
            write_output_bytes(path, b"bad", force=True)
        if path == link:
            assert "which leads to" in refused.value.message and "指向" in refused.value.text_zh()
    assert checkpoints.read_text() == '{"n": 1}\n' and not (home / "checkpoints" / "new.pdf").exists()


def test_a_hard_linked_file_is_never_replaced(tmp_path: Path) -> None:
    evidence = tmp_path / "evidence.mp4"
    evidence.write_bytes(b"original bytes")
    alias = tmp_path / "alias.pdf"
    os.link(evidence, alias)
    with pytest.raises(InvalidInputError, match="2 hard links") as refused:
        write_output_bytes(alias, b"pdf", force=True)
    assert "硬链接" in refused.value.text_zh()
    assert evidence.read_bytes() == b"original bytes" and alias.read_bytes() == b"original bytes"


def test_a_special_file_is_never_replaced(tmp_path: Path) -> None:
    fifo = tmp_path / "pipe"
    os.mkfifo(fifo)
    with pytest.raises(InvalidInputError, match="not a regular file"):
        write_output_bytes(fifo, b"x", force=True)
    assert stat.S_ISFIFO(fifo.lstat().st_mode)


def test_a_missing_folder_is_refused_or_made(tmp_path: Path) -> None:
    with pytest.raises(InvalidInputError, match="does not exist"):
        check_output_path(tmp_path / "nowhere" / "x.pdf")
    write_output_bytes(tmp_path / "made" / "deeper" / "x.pdf", b"x", make_parents=True)
    assert (tmp_path / "made" / "deeper" / "x.pdf").read_bytes() == b"x"


def test_a_file_created_meanwhile_is_kept_and_the_write_refused(tmp_path: Path) -> None:
    target = tmp_path / "case.iso"
    output = open_output(target)
    output.stream.write(b"our image")
    target.write_bytes(b"someone else's file")  # appears between the check and the commit
    with pytest.raises(InvalidInputError, match="appeared while"):
        output.commit()
    assert target.read_bytes() == b"someone else's file" and _leftovers(tmp_path) == []


@pytest.mark.parametrize("rename_noreplace", [True, False])
def test_without_hard_links_the_put_in_place_still_never_overwrites(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, rename_noreplace: bool
) -> None:
    def no_links(*_args: object, **_kwargs: object) -> None:
        raise OSError(errno.EPERM, "Operation not permitted")  # what FAT/exFAT answer

    monkeypatch.setattr(safe_output.os, "link", no_links)
    if not rename_noreplace:
        monkeypatch.setattr(safe_output, "_renameat2", lambda *_args: False)
    write_output_bytes(tmp_path / "fresh.pdf", b"new")
    assert (tmp_path / "fresh.pdf").read_bytes() == b"new"
    output = open_output(tmp_path / "raced.pdf")
    output.stream.write(b"ours")
    (tmp_path / "raced.pdf").write_bytes(b"theirs")
    with pytest.raises(InvalidInputError, match="appeared while"):
        output.commit()
    assert (tmp_path / "raced.pdf").read_bytes() == b"theirs" and _leftovers(tmp_path) == []


def test_a_failure_while_writing_removes_the_temporary_file(tmp_path: Path) -> None:
    target = tmp_path / "report.pdf"
    with pytest.raises(RuntimeError, match="writer broke"), open_output(target) as output:
        output.stream.write(b"half a PDF")
        assert output.temp_path.exists()
        raise RuntimeError("writer broke")
    assert not target.exists() and list(tmp_path.iterdir()) == []


def test_the_temporary_file_is_0600_and_a_private_output_stays_so(tmp_path: Path) -> None:
    old = os.umask(0)
    try:
        with open_output(tmp_path / "case.iso", private=True, tag="export7") as output:
            assert stat.S_IMODE(output.temp_path.stat().st_mode) == 0o600
            assert output.temp_path.name.startswith("case.iso.export7-") and output.temp_path.name.endswith(".part")
            output.stream.write(b"image")
        assert stat.S_IMODE((tmp_path / "case.iso").stat().st_mode) == 0o600
        with open_output(tmp_path / "verified.iso", private=True) as output:
            output.stream.write(b"image")
            output.commit(publish=True)
        assert stat.S_IMODE((tmp_path / "verified.iso").stat().st_mode) == 0o666
    finally:
        os.umask(old)


def test_a_temporary_file_swapped_while_writing_is_not_put_in_place(tmp_path: Path) -> None:
    output = open_output(tmp_path / "x.pdf")
    output.stream.write(b"ours")
    output.stream.flush()
    output.temp_path.unlink()
    output.temp_path.write_bytes(b"planted")
    with pytest.raises(InvalidInputError, match="replaced while being written"):
        output.commit()
    assert not (tmp_path / "x.pdf").exists()
    assert output.temp_path.read_bytes() == b"planted"  # not ours: left alone


def test_a_writer_may_fill_the_temporary_file_by_name_then_rewrite_it(tmp_path: Path) -> None:
    with open_output(tmp_path / "doc.pdf") as output:
        output.temp_path.write_bytes(b"draft, longer than the final text")
        signed = output.temp_path.read_bytes().upper()[:5]
        output.rewrite(signed)
    assert (tmp_path / "doc.pdf").read_bytes() == b"DRAFT"


def test_recovery_removes_only_the_temporary_files_of_that_target_and_tag(tmp_path: Path) -> None:
    target = tmp_path / "case.iso"
    ours = tmp_path / temp_name(target.name, "export3")
    ours.write_bytes(b"partial image")
    other_export = tmp_path / temp_name(target.name, "export33")
    other_export.write_bytes(b"another export")
    lookalike = tmp_path / "case.iso.export3-notahex1.part"
    lookalike.write_bytes(b"user file")
    linked = tmp_path / temp_name(target.name, "export3")
    linked.symlink_to(other_export)
    assert remove_temp_outputs(target, "export3") == [ours]
    assert not ours.exists() and other_export.exists() and lookalike.exists() and linked.is_symlink()


def test_long_names_keep_temporary_names_within_the_limit(tmp_path: Path) -> None:
    name = "案" * 80 + ".pdf"  # 244 bytes in UTF-8
    assert len(temp_name(name, "export12").encode()) < 255
    write_output_bytes(tmp_path / name, b"x")
    assert (tmp_path / name).read_bytes() == b"x" and _leftovers(tmp_path) == []


def test_a_folder_to_write_into_is_refused_inside_a_home(tmp_path: Path) -> None:
    home = _home(tmp_path / "home")
    with pytest.raises(InvalidInputError, match="inside the station folder"):
        check_output_folder(home / "demo-card")
    assert check_output_folder(tmp_path / "card") == (tmp_path / "card").resolve()


def test_no_output_named_is_refused(tmp_path: Path) -> None:
    with pytest.raises(InvalidInputError, match="No output file"):
        check_output_path("")
