"""The card's custody on the command line, through a real station service: ``import --officer …`` records the
hand-over, ``card handover`` shows it, ``card wipe`` deletes exactly the stored files (exit 1 when one's bytes differ
from the vault); refusals keep their exit codes. On a real exFAT card image mounted with exfat-fuse when possible."""

from __future__ import annotations

import subprocess
from pathlib import Path

import pytest

from tests.e2e.conftest import USER_PASSWORD, Cli
from tests.fixtures.exfat_card import exfat_unavailable, make_image, mounted


def _pdf_text(path: Path) -> str:
    return subprocess.run(["pdftotext", "-raw", str(path), "-"], capture_output=True, text=True, check=True).stdout


def _on_card(card: Path) -> set[str]:
    return {p.relative_to(card).as_posix() for p in card.rglob("*") if p.is_file()}


def test_hand_over_and_wipe_through_the_service(cli: Cli, service_cli: Cli, tmp_path: Path) -> None:
    service_cli.add_user("li", "investigator", tmp_path)
    service_cli.add_user("chen", "clerk", tmp_path)
    card = tmp_path / "card"
    assert cli.run("--json", "demo-card", str(card), "--seed", "3").returncode == 0
    pw = tmp_path / "li.pw"  # written by add_user
    done = service_cli.as_("custodian", "--json", "import", str(card), "--officer", "li", "--officer-password-file",
                           str(pw), "--handed-at", "2026-11-24T18:05", "--receipt", str(tmp_path / "r.pdf"))
    assert done.returncode in (0, 1), done.stderr
    result = done.json
    handover = result["handover"]
    assert (handover["officer_user"], handover["confirmation"], handover["received_by"]) == ("li", "password",
                                                                                            "custodian")
    assert handover["handed_at"].startswith("2026-11-24T18:05:00+08:00")
    assert "存储卡交接记录" in _pdf_text(tmp_path / "r.pdf")
    shown = service_cli.as_("custodian", "--json", "card", "handover", str(result["import_id"]))
    assert shown.returncode == 0 and shown.json["handover"]["handover_id"] == handover["handover_id"]

    stored = {f["card_path"] for f in result["files"] if f.get("recording_id")}
    refused = service_cli.as_("chen", "--json", "card", "wipe", str(card), str(result["import_id"]))
    assert refused.returncode == 3 and refused.json["error"]["code"] == "permission_denied"
    assert service_cli.as_("custodian", "--json", "card", "wipe", str(card), "999999").returncode == 4
    assert service_cli.as_("custodian", "--json", "card", "wipe", str(card),
                           "99999999999999999999999").returncode == 2
    assert stored <= _on_card(card)  # nothing deleted by the refused attempts
    wiped = service_cli.as_("custodian", "--json", "card", "wipe", str(card), str(result["import_id"]),
                            "--receipt", str(tmp_path / "after.pdf"))
    assert wiped.returncode == 0, wiped.stdout + wiped.stderr
    assert wiped.json["status"] == "completed" and wiped.json["counts"]["deleted"] == len(stored)
    assert not stored & _on_card(card)
    text = _pdf_text(tmp_path / "after.pdf")
    assert "存储卡清除记录" in text and "已删除" in text
    wipes = service_cli.as_("custodian", "--json", "card", "wipes", str(result["import_id"]))
    assert [w["status"] for w in wipes.json["wipes"]] == ["completed"]


def test_a_wrong_officer_password_is_exit_3_and_imports_nothing(service_cli: Cli, cli: Cli, tmp_path: Path) -> None:
    service_cli.add_user("li", "investigator", tmp_path)
    card = tmp_path / "card"
    assert cli.run("--json", "demo-card", str(card), "--seed", "3").returncode == 0
    done = service_cli.as_("custodian", "--json", "import", str(card), "--officer", "li",
                           env={"EVIDENCE_STATION_OFFICER_PASSWORD": USER_PASSWORD + "x"})
    assert done.returncode == 3 and done.json["error"]["code"] == "authentication_failed"
    listed = service_cli.as_("custodian", "--json", "recordings")
    assert listed.json["recordings"] == []
    both = service_cli.as_("custodian", "--json", "import", str(card), "--officer", "li", "--officer-name", "张三")
    assert both.returncode == 2


@pytest.mark.card_image
@pytest.mark.skipif(exfat_unavailable() is not None, reason=f"no real exFAT card: {exfat_unavailable()}")
def test_a_real_exfat_card_is_wiped_file_by_file_and_a_changed_file_is_kept(cli: Cli, service_cli: Cli,
                                                                           tmp_path: Path) -> None:
    demo = tmp_path / "demo"
    assert cli.run("--json", "demo-card", str(demo), "--seed", "5").returncode == 0
    image = make_image(tmp_path / "card.img")
    mount_point = tmp_path / "mnt"
    with mounted(image, mount_point) as card:
        subprocess.run(["cp", "-r", "--preserve=timestamps", f"{demo}/.", str(card)], check=True)
        done = service_cli.as_("custodian", "--json", "import", str(card), "--officer-name", "张三",
                               "--officer-badge", "33010001")
        assert done.returncode in (0, 1), done.stderr
        result = done.json
        assert result["handover"]["confirmation"] == "signature" and result["handover"]["officer_user"] is None
        stored = sorted(f["card_path"] for f in result["files"] if f.get("recording_id"))
        changed = card / stored[0]
        body = bytearray(changed.read_bytes())
        body[-1] ^= 0x01
        changed.write_bytes(bytes(body))  # one byte differs from the vault's original
    with mounted(image, mount_point) as card:  # the card taken out and put back in
        wiped = service_cli.as_("custodian", "--json", "card", "wipe", str(card), str(result["import_id"]))
        assert wiped.returncode == 1, wiped.stderr
        outcomes = {f["card_path"]: f["outcome"] for f in wiped.json["files"]}
        assert outcomes[stored[0]] == "mismatch" and wiped.json["status"] == "incomplete"
        assert all(outcomes[path] == "deleted" for path in stored[1:])
    with mounted(image, mount_point) as card:
        left = _on_card(card)
        assert stored[0] in left and not set(stored[1:]) & left
        assert not [name for name in left if ".fuse_hidden" in name]
