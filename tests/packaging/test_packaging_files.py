"""Fast checks of the packaging files (the slow build and install run in installers/smoke_test.sh).

They catch the mistakes that otherwise only show on a desk: a .desktop entry a menu refuses, metainfo
naming another desktop id, a spec that forgets the libvlc hook or the translations, a .deb that does
not declare what it needs, missing icon sizes, and user guides that cite commands that do not exist.
"""

from __future__ import annotations

import ast
import configparser
import json
import os
import re
import runpy
import shutil
import struct
import subprocess
import sys
import tomllib
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[2]
INSTALLERS = REPO / "installers"
LINUX = INSTALLERS / "linux"
APP_ID = "cn.evidencestation.EvidenceStation"
DESKTOP = LINUX / f"{APP_ID}.desktop"
METAINFO = LINUX / f"{APP_ID}.metainfo.xml"
ICON_SIZES = (16, 22, 24, 32, 48, 64, 128, 256, 512)
ROLES = ("custodian", "investigator", "director", "clerk", "auditor", "admin")
GUIDE_DIR = REPO / "docs" / "guide"


def _desktop_entry() -> configparser.SectionProxy:
    parser = configparser.ConfigParser(interpolation=None, strict=True)
    parser.optionxform = str  # type: ignore[assignment,method-assign]  # keys are case-sensitive
    parser.read(DESKTOP, encoding="utf-8")
    return parser["Desktop Entry"]


def test_desktop_entry_starts_the_gui_with_the_installed_icon() -> None:
    entry = _desktop_entry()
    assert entry["Type"] == "Application"
    assert entry["Exec"].split() == ["evidence-station", "gui"]
    assert entry["Icon"] == "evidence-station"
    assert entry["Terminal"] == "false"
    assert entry["Name[zh_CN]"] == "执法音像记录证据工作站"


@pytest.mark.skipif(shutil.which("desktop-file-validate") is None, reason="desktop-file-utils is not installed")
def test_desktop_entry_validates() -> None:
    done = subprocess.run(["desktop-file-validate", str(DESKTOP)], capture_output=True, text=True, timeout=30)
    assert done.returncode == 0 and not done.stdout.strip(), done.stdout + done.stderr


def test_metainfo_names_the_desktop_entry_and_the_project_version() -> None:
    root = ET.parse(METAINFO).getroot()
    assert root.tag == "component" and root.get("type") == "desktop-application"
    assert root.findtext("id") == APP_ID
    launchable = root.find("launchable")
    assert launchable is not None and launchable.get("type") == "desktop-id"
    assert launchable.text == DESKTOP.name
    assert root.findtext("provides/binary") == "evidence-station"
    version = tomllib.loads((REPO / "pyproject.toml").read_text())["project"]["version"]
    assert version in [release.get("version") for release in root.iter("release")]


def _png_size(path: Path) -> tuple[int, int]:
    head = path.read_bytes()[:24]
    assert head[:8] == b"\x89PNG\r\n\x1a\n", f"{path} is not a PNG"
    return struct.unpack(">II", head[16:24])


@pytest.mark.parametrize("size", ICON_SIZES)
def test_icon_exists_in_every_size(size: int) -> None:
    png = LINUX / "icons" / "hicolor" / f"{size}x{size}" / "apps" / "evidence-station.png"
    assert png.is_file()
    assert _png_size(png) == (size, size)


def test_scalable_icon_and_windows_icon_exist() -> None:
    assert (LINUX / "icons" / "hicolor" / "scalable" / "apps" / "evidence-station.svg").is_file()
    assert (REPO / "resources" / "icons" / "evidence-station.svg").is_file()
    assert (INSTALLERS / "windows" / "evidence-station.ico").read_bytes()[:4] == b"\x00\x00\x01\x00"


def test_spec_bundles_the_hook_entry_point_translations_font_and_libvlc() -> None:
    spec = (INSTALLERS / "evidence_station.spec").read_text(encoding="utf-8")
    ast.parse(spec)
    for needed in ("pyi_rth_vlc.py", "frozen_main.py", "compile_translations.py",
                   '"evidence_station/resources/translations"', '"evidence_station/resources/fonts"',
                   '"evidence_station/resources/icons"', "copy_vlc(", 'collect_submodules("evidence_station")'):
        assert needed in spec, needed
    assert (INSTALLERS / "pyi_rth_vlc.py").is_file() and (INSTALLERS / "frozen_main.py").is_file()


def _control_depends() -> set[str]:
    control = (LINUX / "control.in").read_text(encoding="utf-8")
    fields = dict(re.findall(r"^([A-Za-z-]+): (.*)$", control, re.MULTILINE))
    assert {"Package", "Version", "Architecture", "Maintainer", "Description"} <= fields.keys()
    return {alternative.strip() for dep in fields["Depends"].split(",") for alternative in [dep]}


def test_control_file_declares_the_runtime_dependencies() -> None:
    depends = _control_depends()
    for package in ("libvlc5", "vlc-plugin-base", "vlc-plugin-video-output", "xorriso", "poppler-utils",
                    "libxcb-cursor0", "libxkbcommon-x11-0"):
        assert package in depends, package
    assert "fonts-wqy-zenhei | fonts-wqy-microhei" in depends


def test_deb_layout_puts_the_program_in_opt_and_a_wrapper_on_the_path() -> None:
    script = (LINUX / "build_deb.sh").read_text(encoding="utf-8")
    assert "dpkg-deb" in script and "--build" in script
    assert '"$STAGE/opt/evidence-station"' in script
    assert '"$STAGE/usr/bin/evidence-station"' in script
    wrapper = (LINUX / "evidence-station.sh").read_text(encoding="utf-8")
    assert 'exec /opt/evidence-station/evidence-station "$@"' in wrapper


@pytest.fixture
def vlc_env(monkeypatch: pytest.MonkeyPatch) -> pytest.MonkeyPatch:
    """No libvlc variables set; whatever the hook sets is undone afterwards."""
    for name in ("PYTHON_VLC_LIB_PATH", "PYTHON_VLC_MODULE_PATH", "VLC_PLUGIN_PATH"):
        monkeypatch.setenv(name, "x")
        monkeypatch.delenv(name)
    return monkeypatch


def _fake_bundle(root: Path) -> Path:
    vlc = root / "vlc"
    (vlc / "plugins").mkdir(parents=True)
    (vlc / ("libvlc.dll" if sys.platform == "win32" else "libvlc.so.5")).write_bytes(b"")
    return vlc


def test_runtime_hook_points_python_vlc_at_the_bundled_libvlc(tmp_path: Path, vlc_env: pytest.MonkeyPatch) -> None:
    vlc = _fake_bundle(tmp_path)
    vlc_env.setattr(sys, "_MEIPASS", str(tmp_path), raising=False)
    vlc_env.setattr(os, "add_dll_directory", lambda path: None, raising=False)
    runpy.run_path(str(INSTALLERS / "pyi_rth_vlc.py"))
    assert Path(os.environ["PYTHON_VLC_LIB_PATH"]).parent == vlc
    assert os.environ["PYTHON_VLC_MODULE_PATH"] == os.environ["VLC_PLUGIN_PATH"] == str(vlc / "plugins")


def test_runtime_hook_leaves_the_system_libvlc_alone_without_a_bundle(
    tmp_path: Path, vlc_env: pytest.MonkeyPatch
) -> None:
    vlc_env.setattr(sys, "_MEIPASS", str(tmp_path), raising=False)
    runpy.run_path(str(INSTALLERS / "pyi_rth_vlc.py"))
    assert "PYTHON_VLC_LIB_PATH" not in os.environ and "VLC_PLUGIN_PATH" not in os.environ


def test_runtime_hook_does_not_override_an_administrators_choice(tmp_path: Path, vlc_env: pytest.MonkeyPatch) -> None:
    _fake_bundle(tmp_path)
    vlc_env.setattr(sys, "_MEIPASS", str(tmp_path), raising=False)
    vlc_env.setattr(os, "add_dll_directory", lambda path: None, raising=False)
    vlc_env.setenv("PYTHON_VLC_LIB_PATH", "/srv/vlc/libvlc.so.5")
    runpy.run_path(str(INSTALLERS / "pyi_rth_vlc.py"))
    assert os.environ["PYTHON_VLC_LIB_PATH"] == "/srv/vlc/libvlc.so.5"


def test_frozen_program_starts_media_workers_through_itself(monkeypatch: pytest.MonkeyPatch) -> None:
    from evidence_station.media import isolation

    monkeypatch.setattr(sys, "frozen", True, raising=False)
    frozen_main = runpy.run_path(str(INSTALLERS / "frozen_main.py"))
    command = isolation.worker_command("probe", "/x.mp4")
    assert command == [sys.executable, frozen_main["MEDIA_WORKER_FLAG"], "probe", "/x.mp4"]
    monkeypatch.delattr(sys, "frozen")
    assert isolation.worker_command("serve")[1:3] == ["-m", isolation.WORKER_MODULE]


def test_frozen_entry_point_dispatches_worker_and_cli(capsys: pytest.CaptureFixture[str]) -> None:
    main = runpy.run_path(str(INSTALLERS / "frozen_main.py"))["main"]
    assert main(["--media-worker", "no-such-command"]) == 2  # the worker's usage error
    assert "usage: worker" in capsys.readouterr().err
    with pytest.raises(SystemExit) as exited:
        main(["--version"])
    assert exited.value.code == 0
    assert "evidence-station" in capsys.readouterr().out


def test_makefile_has_the_packaging_targets() -> None:
    makefile = (REPO / "Makefile").read_text(encoding="utf-8")
    targets = set(re.findall(r"^([a-z-]+):", makefile, re.MULTILINE))
    assert {"package", "frozen", "deb", "smoke", "screenshots", "test"} <= targets


def test_windows_installer_has_start_menu_uninstaller_and_no_user_data() -> None:
    iss = (INSTALLERS / "windows" / "evidence_station.iss").read_text(encoding="utf-8-sig")
    sections = dict(re.findall(r"^\[(\w+)\]\n(.*?)(?=^\[\w+\]|\Z)", iss, re.MULTILINE | re.DOTALL))
    assert "DefaultDirName={autopf}" in sections["Setup"]
    assert "{group}" in sections["Icons"] and "{uninstallexe}" in sections["Icons"]
    assert '"{#Dist}\\evidence-station\\*"' in sections["Files"]
    # Nothing is installed into, or deleted from, the users' data folders.
    for section in ("Files", "UninstallDelete"):
        assert "{localappdata}" not in sections[section] and "{userappdata}" not in sections[section]


def _commands() -> dict[str, set[str]]:
    """Every top-level command with the names of its actions (empty when it has none)."""
    import argparse

    from evidence_station.cli.main import full_parser

    def actions(parser: argparse.ArgumentParser) -> dict[str, argparse.ArgumentParser]:
        for action in parser._actions:
            if isinstance(action, argparse._SubParsersAction):
                return dict(action.choices)
        return {}

    return {name: set(actions(sub)) for name, sub in actions(full_parser()).items()}


@pytest.mark.parametrize("role", ROLES)
def test_user_guide_cites_only_real_commands_and_screenshots(role: str) -> None:
    guide = GUIDE_DIR / f"{role}.md"
    text = guide.read_text(encoding="utf-8")
    commands = _commands()
    option = r"[ \t]+--[a-z-]+(?:[ \t]+[^\s-]\S*)?"
    cited = re.findall(rf"evidence-station((?:{option})*)[ \t]+([a-z][a-z-]*)(?:[ \t]+([a-z][a-z-]*))?", text)
    assert cited, f"{guide.name} cites no command"
    for _options, command, action in cited:
        assert command in commands, f"{guide.name}: 'evidence-station {command}' is not a command"
        if commands[command] and action:
            assert action in commands[command], f"{guide.name}: '{command} {action}' is not an action"
    for picture in re.findall(r"\]\((\.\./screenshots/[^)]+\.png)\)", text):
        assert (guide.parent / picture).resolve().is_file(), f"{guide.name}: {picture} is missing"


def _zh_ui_words() -> set[str]:
    """Every Chinese text of the GUI (the zh_CN translations), also without a trailing "…", "..." or "。", and the
    head of a message before its first "：" or placeholder ("审计链完好" of "审计链完好：已校验 {events} 条事件…")."""
    ts = ET.parse(REPO / "resources" / "translations" / "evidence_station_zh_CN.ts")
    words = {(node.text or "").strip() for node in ts.iter("translation")} - {""}
    heads = {re.split(r"[：{#]", word, maxsplit=1)[0].strip() for word in words}
    return (words | {w.rstrip("…").rstrip(".").rstrip("。").strip() for w in words | heads}) - {""}


#: Before a quoted word, these say it is on the screen: what is clicked, chosen, ticked or shown.
SCREEN_CUES = re.compile(r"(点击|单击|双击|选择|选中|勾选|显示为|显示|标为|结果为|列出)")
#: ... unless the command line shows it.
CLI_CUES = re.compile(r"(命令|`)")


def _quoted_screen_words(text: str) -> set[str]:
    """Words a guide quotes (“…” or 「…」) right after a screen cue ("点击“注销”", "显示“审计链完好”"), outside
    code; quotes of examples to type ("填写“某建筑公司”") and of what a command prints are not screen words."""
    prose = re.sub(r"```.*?```", "", text, flags=re.DOTALL)
    prose = re.sub(r"`[^`\n]*`", "`", prose)
    found = set()
    for match in re.finditer(r"[“「]([^”」\n]+)[”」]", prose):
        before = re.split(r"[。；，：\n]", prose[max(0, match.start() - 14):match.start()])[-1]
        if SCREEN_CUES.search(before) and not CLI_CUES.search(before):
            found.add(match.group(1))
    return found


@pytest.mark.parametrize("guide", sorted(path.name for path in GUIDE_DIR.glob("*.md")))
def test_user_guide_names_only_real_screen_words(guide: str) -> None:
    """Words a guide writes in bold (**…**) are what the user looks for on screen: pages, tabs, buttons, boxes.

    Plain emphasis in a guide is not bold; a list entry's bold heading (``- **启动**：``) is a heading, not a word
    on screen. Quoted words (“…”, 「…」) the guide tells the user to click, choose or tick, or says a screen shows,
    are checked the same way.
    """
    text = (GUIDE_DIR / guide).read_text(encoding="utf-8")
    headings = set(re.findall(r"^\s*[-*]\s+\*\*([^*]+)\*\*(?:\s*与\s*\*\*([^*]+)\*\*)?\s*：", text, re.MULTILINE))
    heading_words = {word for pair in headings for word in pair if word}
    cited = set(re.findall(r"\*\*([^*\n]+)\*\*", text)) - heading_words
    known = _zh_ui_words()
    wrong = sorted(word for word in cited if word.strip().rstrip("…").strip() not in known)
    assert not wrong, f"{guide}: these bold words are not on any screen: {wrong}"
    quoted = _quoted_screen_words(text)
    wrong = sorted(word for word in quoted if word.strip().rstrip("…").strip() not in known)
    assert not wrong, f"{guide}: these quoted words (clicked, chosen or shown) are not on any screen: {wrong}"


# -- the station service ------------------------------------------------------------------------------------------
SERVICE_UNIT = LINUX / "evidence-station.service"


def _unit() -> configparser.ConfigParser:
    parser = configparser.ConfigParser(interpolation=None, strict=False)
    parser.optionxform = str  # type: ignore[assignment,method-assign]
    parser.read(SERVICE_UNIT, encoding="utf-8")
    return parser


def test_the_service_unit_runs_serve_under_its_own_account_hardened() -> None:
    service = _unit()["Service"]
    assert service["User"] == "evidence-station" and service["SupplementaryGroups"] == "evidence-users"
    command = service["ExecStart"].split()
    assert command[:4] == ["/opt/evidence-station/evidence-station", "--home", "/var/lib/evidence-station", "serve"]
    assert "unix:/run/evidence-station/station.sock" in command and "evidence-users" in command
    for key, value in {"NoNewPrivileges": "yes", "ProtectSystem": "strict", "PrivateTmp": "yes",
                       "ProtectHome": "yes", "RuntimeDirectory": "evidence-station",
                       "ReadWritePaths": "/var/lib/evidence-station", "StateDirectoryMode": "0700"}.items():
        assert service[key] == value, key
    assert _unit()["Unit"]["ConditionPathExists"] == "/var/lib/evidence-station/settings.json"


@pytest.mark.skipif(shutil.which("systemd-analyze") is None, reason="systemd-analyze is not installed")
def test_the_service_unit_verifies(tmp_path: Path) -> None:
    done = subprocess.run(["systemd-analyze", "verify", "--man=no", str(SERVICE_UNIT)], capture_output=True,
                          text=True, timeout=60)
    problems = [line for line in (done.stdout + done.stderr).splitlines()
                if "evidence-station.service" in line and "Command /opt/evidence-station" not in line]
    assert not problems, "\n".join(problems)


def test_the_package_makes_the_account_group_and_home_and_keeps_the_data() -> None:
    postinst = (LINUX / "postinst").read_text()
    assert "groupadd --system evidence-users" in postinst
    assert "--groups evidence-users" in postinst and "evidence-station" in postinst
    assert "install -d -m 0700 -o evidence-station -g evidence-station /var/lib/evidence-station" in postinst
    postrm = (LINUX / "postrm").read_text()
    assert "rm " not in postrm and "userdel" not in postrm  # the evidence and the account stay
    build = (LINUX / "build_deb.sh").read_text()
    for name in ("postinst", "prerm", "postrm", "evidence-station.service", "client.json"):
        assert name in build
    assert json.loads((LINUX / "client.json").read_text())["station_url"] == "unix:/run/evidence-station/station.sock"


@pytest.mark.skipif(shutil.which("sh") is None, reason="no sh")
def test_the_maintainer_scripts_are_valid_shell() -> None:
    for name in ("postinst", "prerm", "postrm"):
        done = subprocess.run(["sh", "-n", str(LINUX / name)], capture_output=True, text=True, timeout=30)
        assert done.returncode == 0, done.stderr
        assert os.access(LINUX / name, os.X_OK)


@pytest.mark.skipif(shutil.which("bash") is None, reason="no bash")
def test_the_smoke_test_starts_the_service_from_the_units_own_settings() -> None:
    """installers/smoke_test.sh starts the installed service without systemd through start_unit_without_systemd.sh,
    which takes the command, account and protections from the unit: it must read them as systemd does."""
    helper = INSTALLERS / "start_unit_without_systemd.sh"
    for script in (INSTALLERS / "smoke_test.sh", helper):
        done = subprocess.run(["bash", "-n", str(script)], capture_output=True, text=True, timeout=30)
        assert done.returncode == 0, done.stderr
    service = _unit()["Service"]
    for key in ("ExecStart", "User", "Group", "SupplementaryGroups", "UMask", "RuntimeDirectory", "ReadWritePaths",
                "ProtectSystem", "ProtectHome", "PrivateTmp", "KillSignal", "TimeoutStopSec"):
        command = ["bash", "-c", 'source "$1"; unit_value "$2" "$3"', "test", str(helper), str(SERVICE_UNIT), key]
        read = subprocess.run(command, capture_output=True, text=True, timeout=30)
        assert read.returncode == 0 and read.stdout.rstrip("\n") == service[key], key
    assert service["CapabilityBoundingSet"] == ""  # emulated as "no capabilities"; anything else is refused
