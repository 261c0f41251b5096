"""The commands a custodian runs every day print no library warning on their terminal.

cryptography 51 deprecates DSA and pyHanko imports it at module level: without care every ``export`` and
``report monthly`` printed a ``CryptographyDeprecationWarning`` (with a path inside site-packages) on
stderr. The CLI runs here in a subprocess with Python's default warning filters — what a person sees.
"""

from __future__ import annotations

from datetime import datetime
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest

from tests.e2e.conftest import Cli, CliRun

pytestmark = [pytest.mark.slow, pytest.mark.timeout(600)]


def _quiet(done: CliRun, what: str) -> CliRun:
    assert done.returncode == 0, f"{what}: exit {done.returncode}\n{done.stderr}"
    assert "Warning" not in done.stderr, f"{what} printed a warning:\n{done.stderr}"
    return done


def test_export_report_and_verify_print_no_warning(cli: Cli, tmp_path: Path) -> None:
    today = datetime.now(ZoneInfo("Asia/Shanghai")).date()
    cli.add_user("clerk", "clerk", tmp_path)
    card = tmp_path / "card"
    _quiet(cli.run("--json", "demo-card", str(card), "--seed", "3", "--day", today.isoformat()), "demo-card")
    imported = _quiet(cli.as_("custodian", "--json", "import", str(card)), "import").json
    ids = sorted({str(f["recording_id"]) for f in imported["files"] if f.get("recording_id")})
    assert ids
    case = _quiet(cli.as_("clerk", "--json", "case", "add", "无警告测试案"), "case add").json
    _quiet(cli.as_("clerk", "--json", "case", "attach", str(case["case_id"]), *ids), "case attach")

    image = tmp_path / "case.iso"
    exported = _quiet(cli.as_("clerk", "--json", "export", str(case["case_id"]), "--producer", "clerk",
                              "--extractor", "clerk", "--out", str(image)), "export").json
    assert exported["verified"] is True
    report = tmp_path / "monthly.pdf"
    _quiet(cli.as_("custodian", "--json", "report", "monthly", "--month", f"{today:%Y-%m}", "--out", str(report)),
           "report monthly")
    assert report.is_file()
    checked = _quiet(cli.run("--json", "verify-disc", str(image)), "verify-disc").json
    assert checked["ok"], checked
    _quiet(cli.as_("custodian", "--json", "verify"), "verify")
    _quiet(cli.as_admin("--json", "audit", "verify"), "audit verify")
