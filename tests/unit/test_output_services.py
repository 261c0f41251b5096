"""Documents the station makes (registers, reports, disposal certificates) are written by the desk under the
output rules: never inside the station home, an existing file replaced only when forced, no draft left behind."""

from __future__ import annotations

import hashlib
from datetime import timedelta
from pathlib import Path

import pytest

from evidence_station.catalogue.recordings import Recording
from evidence_station.client.documents import save_document
from evidence_station.domain.clock import FrozenClock
from evidence_station.domain.errors import InvalidInputError
from evidence_station.services.compliance_report import monthly_report
from evidence_station.services.context import ServiceContext
from evidence_station.services.retention_service import approve_disposal, disposal_certificate, propose_disposal
from evidence_station.services.viewing_register import viewing_register_csv, viewing_register_pdf
from tests.helpers.recordings import make_recordings


def test_a_disposal_certificate_copy_obeys_the_output_rules(
    people: dict[str, ServiceContext], clock: FrozenClock, tmp_path: Path
) -> None:
    """The station keeps the certificate and hands it out; the desk's copy is refused inside the station folder
    (even forced) and over an existing file unless forced. (That a refused ``--certificate`` path disposes of
    nothing — the desk checks it before calling the station — is tested end to end in ``test_retention_cli.py``.)"""
    recordings = make_recordings(people["custodian"])
    clock.advance(timedelta(days=366))
    proposal = propose_disposal(people["custodian"], recordings[:1], reason="保存期满")
    station = people["director"].station
    blob = station.vault.blob_path(Recording.get_by_id(recordings[1]).sha256)
    original = blob.read_bytes()
    done = approve_disposal(people["director"], proposal.proposal_id)
    certificate = disposal_certificate(people["director"], done.proposal_id)
    existing = tmp_path / "certificate.pdf"
    existing.write_bytes(b"an earlier certificate")
    for target, force, why in ((blob, True, "inside the station folder"), (existing, False, "already exists"),
                               (station.home.checkpoints_dir / "c.pdf", True, "inside the station folder")):
        with pytest.raises(InvalidInputError, match=why):
            save_document(certificate, target, force=force, protect=station.protected_folders)
    assert blob.read_bytes() == original and existing.read_bytes() == b"an earlier certificate"
    save_document(certificate, existing, force=True)
    assert existing.read_bytes().startswith(b"%PDF")
    assert hashlib.sha256(existing.read_bytes()).hexdigest() == done.certificate_sha256


@pytest.mark.sqlite_only("the catalogue file of a SQLite home is the path refused")
def test_register_and_report_never_land_in_the_home(people: dict[str, ServiceContext], tmp_path: Path) -> None:
    auditor = people["auditor"]
    home = auditor.station.home
    catalogue = home.catalogue_file.read_bytes()[:100]
    with pytest.raises(InvalidInputError, match="inside the station folder"):  # the desk writes what the station made
        save_document(viewing_register_csv(auditor), home.catalogue_file, force=True)
    with pytest.raises(InvalidInputError, match="inside the station folder"):
        save_document(viewing_register_pdf(auditor), home.root / "register.pdf", force=True)
    with pytest.raises(InvalidInputError, match="inside the station folder"):
        save_document(monthly_report(people["custodian"], month="2026-11").document, home.exports_dir / "r.pdf",
                      force=True)
    assert home.catalogue_file.read_bytes()[:100] == catalogue
    assert not (home.root / "register.pdf").exists() and not (home.exports_dir / "r.pdf").exists()
    assert [p.name for p in home.root.iterdir() if p.suffix in (".part", ".unsigned")] == []


def test_a_register_pdf_leaves_no_draft_beside_it(people: dict[str, ServiceContext], tmp_path: Path) -> None:
    auditor = people["auditor"]
    target = tmp_path / "register.pdf"
    target.write_bytes(b"last month's register")
    with pytest.raises(InvalidInputError, match="already exists"):
        save_document(viewing_register_pdf(auditor), target)
    assert target.read_bytes() == b"last month's register"
    save_document(viewing_register_pdf(auditor), target, force=True)
    assert target.read_bytes().startswith(b"%PDF") and sorted(p.name for p in tmp_path.iterdir()) == [
        "home", "register.pdf"]
