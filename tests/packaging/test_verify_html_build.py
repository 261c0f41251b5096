"""The committed VERIFY.html is the build of the committed sources (resources/verify_html), and it ships.

The page carries the SHA-256 of its sources (checked here without node); where node and npm are installed (always
in CI) the page is rebuilt from the lock (``npm ci`` + ``node build.mjs``) and must come out byte for byte the same.
"""

from __future__ import annotations

import hashlib
import os
import re
import shutil
import subprocess
import tomllib
from pathlib import Path

import pytest

from evidence_station.export.verifier_page import VERIFY_HTML_PATH, verifier_html

REPO = Path(__file__).resolve().parents[2]
SOURCES = REPO / "resources" / "verify_html"


def source_stamp(folder: Path) -> str:
    """What build.mjs's ``sourceStamp()`` computes: SHA-256 of ``sha256sum`` lines of the sources, by path."""
    files = ["build.mjs", "package.json", "package-lock.json"]
    files += [p.relative_to(folder).as_posix() for p in (folder / "src").rglob("*") if p.is_file()]
    lines = [f"{hashlib.sha256((folder / path).read_bytes()).hexdigest()}  {path}\n" for path in sorted(files)]
    return hashlib.sha256("".join(lines).encode()).hexdigest()


def _meta(html: str, name: str) -> str:
    match = re.search(rf'<meta name="{name}" content="([^"]*)">', html)
    assert match, name
    return match.group(1)


def test_built_page_is_built_from_the_committed_sources() -> None:
    html = VERIFY_HTML_PATH.read_text(encoding="utf-8")
    assert _meta(html, "evidence-station-verifier-source") == source_stamp(SOURCES), (
        "resources/verify_html changed but evidence_station/export/assets/VERIFY.html was not rebuilt: "
        "run `npm ci && node build.mjs` in resources/verify_html"
    )


def test_built_page_is_self_contained_and_names_its_licences() -> None:
    html = verifier_html().decode("utf-8")
    assert "default-src 'none'" in html
    assert not re.search(r"""<(script|link|img|iframe)[^>]+(src|href)=["'](?!data:)""", html, re.IGNORECASE)
    for package in ("hash-wasm", "asn1js", "@peculiar/utils"):
        assert f"<h4>{package} " in html, package
    assert "MIT" in html and "BSD-3-Clause" in html


def test_built_page_is_packaged() -> None:
    pyproject = tomllib.loads((REPO / "pyproject.toml").read_text(encoding="utf-8"))
    patterns = pyproject["tool"]["setuptools"]["package-data"]["evidence_station"]
    relative = VERIFY_HTML_PATH.relative_to(REPO / "evidence_station").as_posix()
    assert any(Path(relative).match(pattern) for pattern in patterns)
    spec = (REPO / "installers" / "evidence_station.spec").read_text(encoding="utf-8")
    assert '"evidence_station" / "export" / "assets" / "VERIFY.html"' in spec
    assert '"evidence_station/export/assets"' in spec


NO_NODE = ("node and npm are not installed: the page cannot be rebuilt here (the source fingerprint is still checked "
           "by test_built_page_is_built_from_the_committed_sources; Debian: apt-get install nodejs npm)")


@pytest.mark.slow
@pytest.mark.external
def test_rebuild_from_the_lock_gives_the_same_bytes(tmp_path: Path) -> None:
    """``npm ci`` from package-lock.json (the registry, or npm's own cache) and ``node build.mjs`` give the
    committed page byte for byte, with Debian's node 18 / npm 9 as with a newer node. Skipped only outside CI where
    node or npm is missing; CI installs both (tools/system-packages.txt) and must run it."""
    if shutil.which("npm") is None or shutil.which("node") is None:
        if os.environ.get("CI") == "true":
            pytest.fail(f"{NO_NODE}; CI must rebuild the page (tools/bootstrap.sh installs them)")
        pytest.skip(NO_NODE)
    work = tmp_path / "verify_html"
    shutil.copytree(SOURCES, work, ignore=shutil.ignore_patterns("node_modules"))
    install = subprocess.run(["npm", "ci", "--ignore-scripts", "--no-audit", "--no-fund"], cwd=work,
                             capture_output=True, text=True, timeout=600, check=False)
    assert install.returncode == 0, install.stdout + install.stderr
    out = tmp_path / "VERIFY.html"
    build = subprocess.run(["node", "build.mjs", "--out", str(out)], cwd=work, capture_output=True, text=True,
                           timeout=300, check=False)
    assert build.returncode == 0, build.stdout + build.stderr
    assert out.read_bytes() == VERIFY_HTML_PATH.read_bytes()
