"""The lock (requirements/*.txt, made by tools/lock.sh) against pyproject.toml and the scripts that install it.

Installs must never resolve a version anew: every dependency pyproject.toml declares, in every extra, and the
build backend must be in a lock file with an exact version and its hashes; the lock must have been made from
the pyproject.toml that is there now; and tools/bootstrap.sh must install again when a lock file changes.
Offline and fast: nothing here asks a package index.
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
import tomllib
from dataclasses import dataclass
from pathlib import Path

import pytest
from packaging.requirements import Requirement
from packaging.utils import canonicalize_name

REPO = Path(__file__).resolve().parents[2]
LOCK_DIR = REPO / "requirements"
INSTALL_SETS = ("test", "app", "package")  # one lock file each; requirements/uv.txt pins the lock tool
PYPROJECT = tomllib.loads((REPO / "pyproject.toml").read_text(encoding="utf-8"))
SHA256 = re.compile(r"--hash=sha256:([0-9a-f]{64})\b")


@dataclass(frozen=True)
class Pin:
    """One requirement line of a lock file."""

    name: str
    version: str
    marker: str
    hashes: tuple[str, ...]
    text: str


def _logical_lines(path: Path) -> list[str]:
    """The lines of a requirements file with `\\` continuations joined and comments dropped."""
    joined = re.sub(r"\\\n", " ", path.read_text(encoding="utf-8"))
    return [line.strip() for line in joined.splitlines() if line.strip() and not line.strip().startswith("#")]


def _pins(path: Path) -> list[Pin]:
    pins = []
    for line in _logical_lines(path):
        requirement_text = line.split(" --hash=")[0].strip()
        requirement = Requirement(requirement_text)
        exact = [spec.version for spec in requirement.specifier if spec.operator == "=="]
        pins.append(Pin(
            name=canonicalize_name(requirement.name),
            version=exact[0] if len(exact) == 1 and len(requirement.specifier) == 1 else "",
            marker=str(requirement.marker or ""),
            hashes=tuple(SHA256.findall(line)),
            text=line[:120],
        ))
    return pins


def _header(path: Path, key: str) -> str:
    match = re.search(rf"^# {re.escape(key)}: (.+)$", path.read_text(encoding="utf-8"), re.MULTILINE)
    assert match, f"{path.name} has no '# {key}:' header line: regenerate it with tools/lock.sh"
    return match[1].strip()


def _declared(install_set: str) -> list[Requirement]:
    """What pyproject.toml asks for in one install set: the app, its extras, the build backend and pip."""
    project = PYPROJECT["project"]
    texts = list(project["dependencies"])
    for extra in _header(LOCK_DIR / f"{install_set}.txt", "extras").split():
        texts += project["optional-dependencies"][extra]
    texts += PYPROJECT["build-system"]["requires"] + ["pip"]
    return [Requirement(text) for text in texts]


def _lock_files() -> list[Path]:
    return sorted(LOCK_DIR.glob("*.txt"))


def test_the_lock_files_exist() -> None:
    names = {path.stem for path in _lock_files()}
    assert set(INSTALL_SETS) | {"uv"} <= names


def test_every_extra_of_pyproject_is_in_some_lock_file() -> None:
    locked_extras = {extra for name in INSTALL_SETS for extra in _header(LOCK_DIR / f"{name}.txt", "extras").split()}
    assert locked_extras == set(PYPROJECT["project"]["optional-dependencies"])
    # tools/bootstrap.sh installs test.txt: the development set has every extra but the PyInstaller one.
    assert set(_header(LOCK_DIR / "test.txt", "extras").split()) == {"test", "postgres", "pkcs11"}


@pytest.mark.parametrize("install_set", INSTALL_SETS)
def test_every_declared_dependency_is_locked_exactly_with_hashes(install_set: str) -> None:
    pins: dict[str, list[Pin]] = {}
    for pin in _pins(LOCK_DIR / f"{install_set}.txt"):
        pins.setdefault(pin.name, []).append(pin)
    for declared in _declared(install_set):
        name = canonicalize_name(declared.name)
        assert name in pins, f"{declared} (pyproject.toml) is not in requirements/{install_set}.txt: run tools/lock.sh"
        for pin in pins[name]:
            assert pin.version, f"requirements/{install_set}.txt: {pin.text} is not one exact version"
            assert declared.specifier.contains(pin.version, prereleases=True), (
                f"requirements/{install_set}.txt locks {name}=={pin.version}, outside {declared} of pyproject.toml:"
                " run tools/lock.sh"
            )
            assert pin.hashes, f"requirements/{install_set}.txt: {name} has no --hash=sha256:"


@pytest.mark.parametrize("lock_file", _lock_files(), ids=lambda path: path.name)
def test_every_requirement_line_is_one_exact_version_with_hashes(lock_file: Path) -> None:
    pins = _pins(lock_file)
    assert pins
    for pin in pins:
        assert pin.version, f"{lock_file.name}: {pin.text} is not pinned with =="
        assert pin.hashes, f"{lock_file.name}: {pin.text} has no --hash=sha256:"
    # No options that reach elsewhere (indexes, other files, editable or URL installs) and no duplicate lines.
    for line in _logical_lines(lock_file):
        assert not line.startswith("-"), f"{lock_file.name}: option line {line[:80]!r}"
        assert "://" not in line and " @ " not in line, f"{lock_file.name}: URL requirement {line[:80]!r}"
    keys = [(pin.name, pin.marker) for pin in pins]
    assert len(keys) == len(set(keys)), f"{lock_file.name} names a package twice for the same platforms"


def test_a_package_has_the_same_version_in_every_lock_file() -> None:
    versions: dict[str, dict[str, set[str]]] = {}
    for name in INSTALL_SETS:
        for pin in _pins(LOCK_DIR / f"{name}.txt"):
            versions.setdefault(pin.name, {}).setdefault(name, set()).add(pin.version)
    differing = {
        package: found for package, found in versions.items() if len({frozenset(v) for v in found.values()}) > 1
    }
    assert not differing, f"one package, several versions across the lock files: {differing}"


def test_the_lock_covers_windows_and_the_build_backend() -> None:
    package_pins = _pins(LOCK_DIR / "package.txt")
    # PyInstaller's Windows-only dependencies are there, under their marker: one universal lock.
    windows_only = {pin.name for pin in package_pins if pin.marker.replace('"', "'") == "sys_platform == 'win32'"}
    assert {"pefile", "pywin32-ctypes"} <= windows_only
    for name in INSTALL_SETS:
        locked = {pin.name for pin in _pins(LOCK_DIR / f"{name}.txt")}
        assert {"setuptools", "wheel", "pip"} <= locked, f"{name}.txt lacks the build backend or pip"


def _run(script: Path, *args: str) -> str:
    env = {**os.environ, "PYTHON": sys.executable}
    done = subprocess.run(["bash", str(script), *args], capture_output=True, text=True, timeout=60, env=env)
    assert done.returncode == 0, done.stderr
    return done.stdout.strip()


def _copy(tmp_path: Path, *relative: str) -> Path:
    for name in relative:
        target = tmp_path / name
        target.parent.mkdir(parents=True, exist_ok=True)
        if (REPO / name).is_dir():
            shutil.copytree(REPO / name, target)
        else:
            shutil.copy2(REPO / name, target)
    return tmp_path


def test_the_lock_was_made_from_this_pyproject() -> None:
    fingerprint = _run(REPO / "tools" / "lock.sh", "--fingerprint")
    assert re.fullmatch(r"[0-9a-f]{64}", fingerprint)
    for name in INSTALL_SETS:
        assert _header(LOCK_DIR / f"{name}.txt", "pyproject-fingerprint") == fingerprint, (
            f"requirements/{name}.txt was made from another pyproject.toml: run tools/lock.sh"
        )


def test_the_pyproject_fingerprint_follows_the_dependencies_only(tmp_path: Path) -> None:
    copy = _copy(tmp_path, "tools/lock.sh", "pyproject.toml")
    lock_sh, pyproject = copy / "tools" / "lock.sh", copy / "pyproject.toml"
    original = _run(lock_sh, "--fingerprint")
    text = pyproject.read_text(encoding="utf-8")

    pyproject.write_text(text.replace('"pytest>=8",', '"pytest>=8",  # a comment'), encoding="utf-8")
    assert _run(lock_sh, "--fingerprint") == original
    pyproject.write_text(text.replace('description = "', 'description = "x'), encoding="utf-8")
    assert _run(lock_sh, "--fingerprint") == original

    for changed in (
        text.replace('"pytest>=8",', '"pytest>=8.1",'),  # a bound in an extra
        text.replace('"platformdirs>=4.0",', '"platformdirs>=4.0",\n    "six",'),  # a new dependency
        text.replace('requires = ["setuptools>=68", "wheel"]', 'requires = ["setuptools>=69", "wheel"]'),
    ):
        assert changed != text
        pyproject.write_text(changed, encoding="utf-8")
        assert _run(lock_sh, "--fingerprint") != original


def test_the_lock_tool_is_pinned() -> None:
    uv_version = re.search(r"^UV_VERSION=(\S+)$", (REPO / "tools" / "lock.sh").read_text(), re.MULTILINE)
    assert uv_version
    assert [(pin.name, pin.version) for pin in _pins(LOCK_DIR / "uv.txt")] == [("uv", uv_version[1])]
    for path in _lock_files():
        assert _header(path, "resolver").startswith(f"uv {uv_version[1]} pip compile --universal")


def test_bootstrap_installs_again_when_a_lock_file_changes(tmp_path: Path) -> None:
    copy = _copy(tmp_path, "tools/bootstrap.sh", "pyproject.toml", "requirements")
    bootstrap = copy / "tools" / "bootstrap.sh"
    first = _run(bootstrap, "--print-stamp")
    assert re.fullmatch(r"[0-9a-f]{64}", first)
    assert _run(bootstrap, "--print-stamp") == first  # nothing changed: nothing to install
    assert not (copy / ".venv").exists()  # printing the stamp installs nothing

    seen = {first}
    for changed in ("requirements/test.txt", "requirements/package.txt", "pyproject.toml"):
        with (copy / changed).open("a", encoding="utf-8") as file:
            file.write("# moved\n")
        stamp = _run(bootstrap, "--print-stamp")
        assert stamp not in seen, f"a change of {changed} would not re-install"
        seen.add(stamp)
    (copy / "requirements" / "extra.txt").write_text("# a new lock file\n", encoding="utf-8")
    assert _run(bootstrap, "--print-stamp") not in seen


PIP_INSTALL = re.compile(r"pip install\b[^\n]*")


@pytest.mark.parametrize("path", [
    "tools/bootstrap.sh", "tools/try-latest.sh", "Makefile", "installers/windows/README.md", "README.md",
])
def test_every_pip_install_takes_the_lock_or_no_dependencies(path: str) -> None:
    """A bare `pip install -e .[test]` would resolve the newest versions again."""
    text = re.sub(r"\\\n", " ", (REPO / path).read_text(encoding="utf-8"))  # shell and make continuations
    for command in PIP_INSTALL.findall(text):
        if "--no-deps" in command:
            continue
        assert "--require-hashes" in command and ("requirements/" in command or "requirements\\" in command
                                                   or "$LOCK" in command or "$work/requirements" in command), (
            f"{path}: {command!r} installs without the lock"
        )
