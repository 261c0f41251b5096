"""What carries a Msg across the core (#21): rule errors, errors passed on, problems, the wire, the CLI's edge."""

from __future__ import annotations

import json
from datetime import UTC, datetime

import pytest

from evidence_station.api.audit import StoreProblem
from evidence_station.api.errors import error_from_payload, error_payload
from evidence_station.api.findings import FindingView
from evidence_station.cli.output import Output
from evidence_station.domain.choices import RuleError, input_error
from evidence_station.domain.errors import AuthenticationError, InvalidInputError
from evidence_station.domain.messages import Items, Msg, Said
from evidence_station.domain.viewing import grant_window


def test_said_is_a_sentence_already_rendered() -> None:
    said = Said("The disc is full.", zh_CN="光盘已满。")
    assert str(said) == "The disc is full." and said.render("zh_CN") == "光盘已满。"
    assert said.translated("zh_CN") and not Said("English only").translated("zh_CN")
    assert Said("English only").render("zh_CN") == "English only"
    nested = Msg("The hand-over was not confirmed: {problem}", problem=said)
    assert nested.render("zh_CN") == "交接未确认：光盘已满。"


def test_a_rule_error_carries_its_msg_and_the_service_raises_it_in_both_languages() -> None:
    with pytest.raises(RuleError) as caught:
        grant_window(datetime(2026, 12, 1, tzinfo=UTC), 0)
    assert isinstance(caught.value.msg, Msg)
    error = input_error(caught.value)
    assert isinstance(error, InvalidInputError) and error.exit_code == 2
    assert error.message == "The validity of an approval must be a positive number of hours."
    assert error.text_zh() == "批准的有效期必须是大于零的小时数。"


def test_a_rule_error_in_two_hand_written_languages_still_speaks_both() -> None:
    error = input_error(RuleError("Unknown thing 'x'.", "无法识别“x”。"))
    assert (error.message, error.text_zh()) == ("Unknown thing 'x'.", "无法识别“x”。")
    plain = input_error(ValueError("bad value"))
    assert plain.message == "bad value" and plain.text_zh().endswith("bad value")  # the class headline, then English


def test_an_error_passed_on_keeps_its_chinese() -> None:
    inner = AuthenticationError(Msg("The hand-over was not confirmed: {problem}", problem="x"))
    outer = InvalidInputError(Msg("The hand-over was not confirmed: {problem}", problem=inner.said))
    assert outer.text_zh() == "交接未确认：交接未确认：x"
    untranslated = InvalidInputError("No Chinese here.")
    assert untranslated.said.render("zh_CN") == untranslated.text_zh()  # the class headline with the detail


def test_clauses_are_joined_the_readers_way() -> None:
    clauses = Items(["a", Msg("refuse the proposal")], clauses=True)
    assert clauses.render("en") == "a; refuse the proposal"
    assert clauses.render("zh_CN") == "a；请不予批准该申请"


def test_a_store_problem_is_made_from_a_msg_and_keeps_its_json_keys() -> None:
    problem = StoreProblem.of(7, "missing_blob", Msg("The vault copy of {recording} is missing.",
                                                     recording=Msg("recording {id} ({path})", id=7, path="A.MP4")))
    assert problem.to_dict() == {"recording_id": 7, "kind": "missing_blob",
                                 "message": "The vault copy of recording 7 (A.MP4) is missing.",
                                 "message_zh": "存储库中记录 7（A.MP4）的副本缺失。"}
    assert problem.said.render("zh_CN") == problem.message_zh


def test_an_error_crosses_the_wire_in_both_languages() -> None:
    sent = InvalidInputError(Msg("The validity of an approval must be a positive number of hours."))
    received = error_from_payload(error_payload(sent))
    assert isinstance(received, InvalidInputError)
    assert (received.message, received.text_zh()) == (sent.message, sent.text_zh())


def test_the_cli_reports_an_error_with_its_chinese(capsys: pytest.CaptureFixture[str]) -> None:
    Output(True).fail(InvalidInputError(Msg("The validity of an approval must be a positive number of hours.")))
    error = json.loads(capsys.readouterr().out)["error"]
    assert error == {"code": "invalid_input", "message": "The validity of an approval must be a positive number of "
                     "hours.", "message_zh": "批准的有效期必须是大于零的小时数。"}


def test_a_finding_view_gives_its_sentence_in_the_readers_language() -> None:
    view = FindingView(1, "gap", [1, 2], 60.0, "A gap of 1 min 0 s.", "open", "中断 1 分 0 秒。")
    assert (view.said.render("en"), view.said.render("zh_CN")) == ("A gap of 1 min 0 s.", "中断 1 分 0 秒。")
    old = FindingView(2, "gap", [3], None, "Stored before Chinese was kept.")
    assert old.said.render("zh_CN") == old.text_zh == "Stored before Chinese was kept."


def test_a_finding_view_of_a_msg_carries_its_english_and_chinese() -> None:
    said = Msg("{path} is an empty (zero-byte) file; it is kept as evidence.", path="DCIM/a.mp4")
    view = FindingView.of(7, "empty", [3], None, said)
    assert view.message == "DCIM/a.mp4 is an empty (zero-byte) file; it is kept as evidence."
    assert view.message_zh == "DCIM/a.mp4 是空文件（0 字节），仍作为证据保存。" and view.status == "open"
    assert view.said.render("zh_CN") == view.message_zh
