"""Every error the station shows a person also speaks Chinese (the interface's default language)."""

from __future__ import annotations

import importlib
import json
import pkgutil
import re

import pytest

import evidence_station
from evidence_station.cli.main import main
from evidence_station.domain.errors import EvidenceStationError, NotFoundError, PermissionDeniedError

_CJK = re.compile(r"[\u4e00-\u9fff]")


def _all_error_classes() -> list[type[EvidenceStationError]]:
    for module in pkgutil.walk_packages(evidence_station.__path__, "evidence_station."):
        if ".gui" in module.name or module.name.endswith("__main__"):
            continue
        importlib.import_module(module.name)
    found: list[type[EvidenceStationError]] = []
    pending = [EvidenceStationError]
    while pending:
        cls = pending.pop()
        found.append(cls)
        pending.extend(cls.__subclasses__())
    return found


def test_raise_site_chinese_sentence_wins() -> None:
    error = PermissionDeniedError("Only a director may approve.", message_zh="只有主任可以批准。")
    assert error.text_zh() == "只有主任可以批准。"
    assert error.message == "Only a director may approve."


def test_without_a_sentence_the_class_headline_precedes_the_english_detail() -> None:
    text = NotFoundError("No recording 42.").text_zh()
    assert text.startswith("找不到")
    assert "No recording 42." in text


def test_every_error_kind_has_its_own_chinese_headline() -> None:
    missing = []
    for cls in _all_error_classes():
        if "code" in cls.__dict__ and not _CJK.search(cls.__dict__.get("headline_zh", "")):
            missing.append(f"{cls.__module__}.{cls.__qualname__}")
    assert not missing, f"error classes without their own Chinese headline_zh: {missing}"


def test_cli_json_error_carries_the_chinese_sentence(tmp_path, capsys: pytest.CaptureFixture[str]) -> None:
    code = main(["--home", str(tmp_path / "nowhere"), "--json", "recordings"])
    payload = json.loads(capsys.readouterr().out)
    assert code == 4
    assert payload["error"]["code"] == "not_initialised"
    assert _CJK.search(payload["error"]["message_zh"])
    assert payload["error"]["message"] and not _CJK.search(payload["error"]["message"])
