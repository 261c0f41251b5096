"""Issue #16: output options never destroy evidence, and numeric/time options never end in a traceback.

Each test replays what an insider did through the real command line and then checks that nothing was harmed:
the catalogue still opens, ``verify`` and ``audit verify`` exit 0, the vault blob, the outside checkpoint file
and the refused file are byte for byte what they were.
"""

from __future__ import annotations

import hashlib
import os
import stat
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest

from tests.e2e.conftest import ADMIN_PASSWORD, Cli


@dataclass
class Station:
    """A station home with an imported demo card, driven through the CLI."""

    cli: Cli
    outside: Path  # a folder outside the home for outputs

    @property
    def home(self) -> Path:
        return self.cli.home

    @property
    def blob(self) -> Path:
        return sorted((self.home / "vault" / "objects").glob("*/*"))[0]

    @property
    def checkpoints(self) -> Path:
        return self.home / "checkpoints" / "audit-checkpoints.jsonl"

    def evidence(self) -> dict[Path, str]:
        """SHA-256 of every file in the vault, of the catalogue's rows and of the checkpoints kept outside it."""
        files = [*sorted((self.home / "vault" / "objects").glob("*/*")), self.home / "identity" / "station-key.pem"]
        return {path: hashlib.sha256(path.read_bytes()).hexdigest() for path in files}

    def assert_intact(self, before: dict[Path, str], checkpoints_before: bytes) -> None:
        """The store and the log verify, no blob or key changed, the outside checkpoints only grew."""
        assert self.evidence() == before
        assert self.checkpoints.read_bytes().startswith(checkpoints_before)
        verify = self.cli.run("--json", "verify")
        assert verify.returncode == 0 and verify.json["ok"], verify.stdout + verify.stderr
        audit = self.cli.run("--json", "audit", "verify")
        assert audit.returncode == 0 and audit.json["ok"], audit.stdout + audit.stderr
        listed = self.cli.as_("custodian", "--json", "recordings")
        assert listed.returncode == 0 and listed.json["recordings"], listed.stderr


@pytest.fixture(scope="module")
def station(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Station]:
    root = tmp_path_factory.mktemp("outputs")
    cli = Cli(root / "home")
    assert cli.run("--json", "init", "--admin", "admin", password=ADMIN_PASSWORD).returncode == 0
    cli.add_user("custodian", "custodian", root)
    cli.add_user("auditor", "auditor", root)
    cli.add_user("clerk", "clerk", root)
    assert cli.run("--json", "demo-card", str(root / "card"), "--seed", "5").returncode == 0
    done = cli.as_("custodian", "--json", "import", str(root / "card"), "--no-thumbnails",
                   "--receipt", str(root / "receipt.pdf"))
    assert done.returncode == 0, done.stderr
    outside = root / "outside"
    outside.mkdir()
    yield Station(cli, outside)


@pytest.fixture
def before(station: Station) -> Iterator[tuple[dict[Path, str], bytes]]:
    state = (station.evidence(), station.checkpoints.read_bytes())
    yield state
    station.assert_intact(*state)


def _refused(run: object, *words: str) -> None:
    assert run.returncode == 2, (run.returncode, run.stdout, run.stderr)  # type: ignore[attr-defined]
    assert "Traceback" not in run.stderr  # type: ignore[attr-defined]
    for word in words:
        assert word in run.stderr, run.stderr  # type: ignore[attr-defined]


def test_register_csv_onto_the_catalogue_is_refused_even_forced(station: Station, before: object) -> None:
    catalogue = station.home / "catalogue.sqlite3"
    for force in ([], ["--force"]):
        _refused(station.cli.as_("auditor", "view", "register", "--csv", str(catalogue), *force),
                 "inside the station folder")
    # the catalogue still opens (assert_intact lists recordings and verifies after the test)


def test_register_pdf_and_import_receipt_onto_a_vault_blob_are_refused(station: Station, before: object) -> None:
    blob = station.blob
    original = blob.read_bytes()
    imports_before = station.cli.as_("custodian", "--json", "audit", "list", "--action", "import.")
    _refused(station.cli.as_("auditor", "view", "register", "--pdf", str(blob), "--force"), "inside the station")
    card = station.home.parent / "card"
    _refused(station.cli.as_("custodian", "import", str(card), "--no-thumbnails", "--receipt", str(blob), "--force"),
             "inside the station")
    assert blob.read_bytes() == original and not blob.stat().st_mode & 0o222
    imports_after = station.cli.as_("custodian", "--json", "audit", "list", "--action", "import.")
    assert len(imports_after.json["events"]) == len(imports_before.json["events"])  # refused before any import


def test_register_pdf_onto_the_outside_checkpoint_copy_is_refused(station: Station, before: object) -> None:
    text = station.checkpoints.read_bytes()
    _refused(station.cli.as_("auditor", "view", "register", "--pdf", str(station.checkpoints), "--force"),
             "inside the station")
    assert station.checkpoints.read_bytes() == text


def test_a_link_or_dotdot_into_the_home_is_inside_the_home(station: Station, before: object) -> None:
    link = station.outside / "innocent.csv"
    link.symlink_to(station.home / "catalogue.sqlite3")
    _refused(station.cli.as_("auditor", "view", "register", "--csv", str(link), "--force"), "which leads to")
    sneaky = station.outside / ".." / "home" / "settings.json"
    _refused(station.cli.as_("auditor", "view", "register", "--csv", str(sneaky), "--force"), "inside the station")
    _refused(station.cli.run("demo-card", str(station.home / "exports" / "card")), "inside the station")
    assert not (station.home / "exports" / "card").exists()


def test_monthly_report_never_silently_replaces_a_signed_receipt(station: Station, before: object) -> None:
    receipt = station.home.parent / "receipt.pdf"
    signed = receipt.read_bytes()
    _refused(station.cli.as_("custodian", "report", "monthly", "--month", "2026-11", "--out", str(receipt)),
             "already exists", "--force")
    assert receipt.read_bytes() == signed
    alias = station.outside / "alias.pdf"
    os.link(receipt, alias)
    _refused(station.cli.as_("custodian", "report", "monthly", "--month", "2026-11", "--out", str(alias), "--force"),
             "hard links")
    assert receipt.read_bytes() == signed
    alias.unlink()
    replaced = station.cli.as_("custodian", "--json", "report", "monthly", "--month", "2026-11", "--out",
                               str(receipt), "--force")
    assert replaced.returncode == 0, replaced.stderr
    assert receipt.read_bytes() != signed and receipt.read_bytes().startswith(b"%PDF")
    assert stat.S_IMODE(receipt.stat().st_mode) & 0o600 == 0o600
    assert not [p for p in receipt.parent.iterdir() if p.name.endswith(".part")]


def test_register_pdf_to_a_folder_exits_2(station: Station, before: object) -> None:
    _refused(station.cli.as_("auditor", "view", "register", "--pdf", str(station.outside)), "is a folder")
    assert list(station.outside.parent.glob("outside*")) == [station.outside]  # no outside.part / .unsigned


def test_existing_register_files_are_kept_unless_forced(station: Station, before: object) -> None:
    csv_file = station.outside / "register.csv"
    csv_file.write_text("kept")
    _refused(station.cli.as_("auditor", "view", "register", "--csv", str(csv_file)), "already exists")
    assert csv_file.read_text() == "kept"
    done = station.cli.as_("auditor", "view", "register", "--csv", str(csv_file), "--force")
    assert done.returncode == 0, done.stderr
    assert csv_file.read_text(encoding="utf-8-sig").startswith("session_id,")


def test_export_refuses_an_existing_image_and_a_stdio_medium_in_the_home(station: Station, before: object) -> None:
    image = station.outside / "case.iso"
    image.write_bytes(b"an older disc image")
    _refused(station.cli.as_("clerk", "export", "1", "--producer", "clerk", "--extractor", "clerk", "--out",
                             str(image)), "already exists")
    assert image.read_bytes() == b"an older disc image"
    _refused(station.cli.as_("clerk", "export", "1", "--producer", "clerk", "--extractor", "clerk", "--out",
                             str(station.outside / "new.iso"), "--burn", f"stdio:{station.checkpoints}", "--force"),
             "inside the station")


@pytest.mark.parametrize("words", [
    ("view", "open", "99999999999999999999999"), ("audit", "list", "--limit", "1e20"),
    ("audit", "list", "--limit", "100000000000000000000"), ("audit", "list", "--since", "0001-01-01"),
    ("retention", "due", "--within", "99999999999"), ("dashboard", "--weeks", "100000000"),
])
def test_out_of_range_numbers_and_times_exit_2_without_traceback(
    station: Station, before: object, words: tuple[str, ...]
) -> None:
    run = station.cli.as_("custodian", "--json", *words)
    _refused(run, "argument ")
    assert run.json["error"]["code"] == "usage"
