"""Run the reliability suites and write their figures into README.md (section "Reliability").

Runs ``pytest`` over tests/reliability and the existing suites that test failure handling, with a junit
XML report, hypothesis statistics and ``$RELIABILITY_OUT`` (where tests record how many cases they tried:
kill runs, fuzz examples, matrix cells — see tests/reliability/conftest.py). Then counts per suite the
cases tried, the failures and the originals lost (computed by the crash tests: card files whose bytes are
not in the vault after the final re-import) and rewrites the README between ``<!-- reliability:start -->``
and ``<!-- reliability:end -->``. Nothing in the table is typed by hand.

Usage: ``python tools/reliability_report.py [--out DIR] [--no-readme] [-- extra pytest args]``.
Exit code: pytest's (the README is still updated, showing the failures).
"""

from __future__ import annotations

import argparse
import json
import os
import re
import subprocess
import sys
import tempfile
import xml.etree.ElementTree as ET
from collections import defaultdict
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
README = REPO / "README.md"
START, END = "<!-- reliability:start -->", "<!-- reliability:end -->"

SUITES: dict[str, str] = {
    # test file -> suite, for tests that do not record their own suite
    "tests/reliability/test_crash_import.py": "crash: import (kill -9)",
    "tests/reliability/test_crash_export.py": "crash: export (kill -9)",
    "tests/reliability/test_io_faults.py": "I/O faults",
    "tests/unit/test_vault_blob_store.py": "I/O faults",
    "tests/unit/test_import_service.py": "I/O faults",
    "tests/reliability/test_tamper_suite.py": "tamper",
    "tests/unit/test_audit_chain.py": "tamper",
    "tests/unit/test_scan_card.py": "bad input: card scanner, file-name parser",
    "tests/unit/test_filenames.py": "bad input: card scanner, file-name parser",
    "tests/unit/test_media_probe.py": "fuzz: media probe",
    "tests/reliability/test_fuzz_inputs.py": "fuzz: media probe",
    "tests/reliability/test_permission_matrix.py": "permission matrix",
    "tests/reliability/test_security_details.py": "security details, database settings",
    "tests/reliability/test_database_settings.py": "security details, database settings",
}
ORDER = ["crash: import (kill -9)", "crash: export (kill -9)", "I/O faults", "tamper",
         "bad input: card scanner, file-name parser", "fuzz: media probe", "fuzz: verify-disc",
         "permission matrix", "security details, database settings"]
CRASH_SUITES = {"crash: import (kill -9)", "crash: export (kill -9)"}


@dataclass
class Row:
    """One line of the table."""

    suite: str
    tests: int = 0
    cases: int = 0
    failures: int = 0
    originals_lost: int | None = None


def run_pytest(out: Path, extra: list[str]) -> int:
    """Run the suites; the junit report, hypothesis statistics and recorded cases land in ``out``."""
    env = {**os.environ, "RELIABILITY_OUT": str(out), "QT_QPA_PLATFORM": "offscreen"}
    command = [sys.executable, "-m", "pytest", "-q", "-p", "no:cacheprovider", "-o", "junit_family=legacy",
               "--hypothesis-show-statistics",
               f"--junitxml={out / 'junit.xml'}", *sorted(set(SUITES)), *extra]
    with open(out / "pytest.log", "w", encoding="utf-8") as log:
        done = subprocess.run(command, cwd=REPO, env=env, stdout=log, stderr=subprocess.STDOUT, check=False)
    return done.returncode


def hypothesis_examples(log: str) -> dict[str, int]:
    """Examples hypothesis ran per test node id, from ``--hypothesis-show-statistics`` output."""
    counts: dict[str, int] = defaultdict(int)
    current = None
    for line in log.splitlines():
        header = re.match(r"^(tests/\S+::\S+):\s*$", line.strip())
        if header:
            current = header.group(1)
            continue
        found = re.search(r"(\d+) passing(?: examples?)?, (\d+) failing", line)
        if found and current:
            counts[current] += int(found.group(1)) + int(found.group(2))
    return counts


def _node_id(case: ET.Element) -> tuple[str, str]:
    classname = case.get("classname", "")
    path = classname.replace(".", "/") + ".py"
    return path, f"{path}::{case.get('name', '')}"


def summarise(out: Path) -> list[Row]:
    """The table rows from the junit report, the recorded cases and the hypothesis statistics."""
    recorded: dict[str, list[dict]] = defaultdict(list)
    cases_file = out / "cases.jsonl"
    if cases_file.exists():
        for line in cases_file.read_text(encoding="utf-8").splitlines():
            entry = json.loads(line)
            recorded[entry["test"]].append(entry)
    examples = hypothesis_examples((out / "pytest.log").read_text(encoding="utf-8", errors="replace"))
    rows: dict[str, Row] = {name: Row(name) for name in ORDER}
    for case in ET.parse(out / "junit.xml").getroot().iter("testcase"):
        path, node = _node_id(case)
        failed = case.find("failure") is not None or case.find("error") is not None
        skipped = case.find("skipped") is not None
        if skipped:
            continue
        entries = recorded.get(node, [])
        if entries:
            for entry in entries:
                row = rows.setdefault(entry["suite"], Row(entry["suite"]))
                row.tests += 1
                row.cases += int(entry["cases"])
                row.failures += int(entry.get("failures") or 0) + failed
                if entry.get("originals_lost") is not None:
                    row.originals_lost = (row.originals_lost or 0) + int(entry["originals_lost"])
            continue
        suite = SUITES.get(path, "other")
        row = rows.setdefault(suite, Row(suite))
        row.tests += 1
        row.cases += max(1, examples.get(node, 0))
        row.failures += failed
    return [r for r in rows.values() if r.tests]


def render(rows: list[Row], code: int, started: datetime, seconds: float) -> str:
    """The README section."""
    commit = subprocess.run(["git", "rev-parse", "--short", "HEAD"], cwd=REPO, capture_output=True, text=True,
                            check=False).stdout.strip() or "unknown"
    lines = [
        START,
        "## Reliability",
        "",
        "Generated by `python tools/reliability_report.py` from a test run (do not edit by hand): "
        f"{started:%Y-%m-%d %H:%M} UTC, commit `{commit}`, {seconds:.0f} s, pytest exit code {code}.",
        "Cases: kill -9 runs, hypothesis examples, permission-matrix cells, tamper and fault cases (a test that",
        "does not count its own cases counts once). Originals lost: card files whose bytes are not in the vault",
        "under their recording after the final re-import — measured by the crash suites, must be 0.",
        "",
        "| Suite | Tests | Cases tried | Failures | Originals lost |",
        "|---|---:|---:|---:|---:|",
    ]
    for row in rows:
        lost = "—" if row.originals_lost is None else str(row.originals_lost)
        lines.append(f"| {row.suite} | {row.tests} | {row.cases} | {row.failures} | {lost} |")
    total = Row("total", sum(r.tests for r in rows), sum(r.cases for r in rows), sum(r.failures for r in rows),
                sum(r.originals_lost or 0 for r in rows if r.suite in CRASH_SUITES))
    lines.append(f"| **total** | {total.tests} | {total.cases} | {total.failures} | {total.originals_lost} |")
    lines += ["", "How each suite works: `tests/reliability/` (module docstrings); the permission table: "
              "[docs/PERMISSIONS.md](docs/PERMISSIONS.md).", END]
    return "\n".join(lines)


def update_readme(section: str) -> None:
    """Replace the text between the markers (or append the section at the end)."""
    text = README.read_text(encoding="utf-8")
    if START in text and END in text:
        before, rest = text.split(START, 1)
        _, after = rest.split(END, 1)
        text = before + section + after
    else:
        text = text.rstrip("\n") + "\n\n" + section + "\n"
    README.write_text(text, encoding="utf-8")


def main(argv: list[str] | None = None) -> int:
    """Run, count, write."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", type=Path, help="folder for junit.xml, pytest.log, cases.jsonl, summary.json")
    parser.add_argument("--no-run", action="store_true", help="only summarise an earlier run in --out")
    parser.add_argument("--no-readme", action="store_true", help="print the section instead of writing README.md")
    parser.add_argument("pytest_args", nargs="*", help="extra pytest arguments (after --)")
    args = parser.parse_args(argv)
    out = (args.out or Path(tempfile.mkdtemp(prefix="reliability-"))).absolute()
    out.mkdir(parents=True, exist_ok=True)
    started = datetime.now(UTC)
    code = 0
    if not args.no_run:
        (out / "cases.jsonl").unlink(missing_ok=True)
        code = run_pytest(out, args.pytest_args)
    seconds = (datetime.now(UTC) - started).total_seconds()
    rows = summarise(out)
    (out / "summary.json").write_text(json.dumps([r.__dict__ for r in rows], indent=1), encoding="utf-8")
    section = render(rows, code, started, seconds)
    if args.no_readme:
        print(section)
    else:
        update_readme(section)
        print(section)
        print(f"README.md updated; details in {out}")
    return code


if __name__ == "__main__":
    raise SystemExit(main())
