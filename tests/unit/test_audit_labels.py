"""Every audit action the code can emit has an English and a Chinese label (the Audit page shows them).

The scan reads the source of ``evidence_station`` and takes the action of every call that writes an event:
``ctx.audit(action, …)``, local helpers whose name starts with ``audit`` (``audit_auth``), ``ctx.refuse(message,
action, …)`` and ``append_event(action=…)``. Literal actions and module constants must be labelled exactly; an
f-string (``f"export.{status}"``) must match at least one labelled action of its family.
"""

from __future__ import annotations

import ast
import re
from pathlib import Path

import pytest

from evidence_station.domain.audit_labels import (
    ACTION_LABELS,
    DETAIL_LABELS,
    DETAIL_VALUE_LABELS,
    OBJECT_LABELS,
    action_label,
    detail_value_label,
    object_label,
)
from evidence_station.domain.messages import Msg
from evidence_station.domain.roles import Operation
from evidence_station.domain.viewing import RequestKind
from tests.helpers.python_source import parse_source

PACKAGE = Path(__file__).resolve().parents[2] / "evidence_station"
LATIN = re.compile(r"[A-Za-z]")
CJK = re.compile(r"[\u4e00-\u9fff]")


def _call_name(call: ast.Call) -> str:
    func = call.func
    return func.attr if isinstance(func, ast.Attribute) else func.id if isinstance(func, ast.Name) else ""


def _action_argument(call: ast.Call) -> ast.expr | None:
    """The expression naming the action of an event-writing call (None for other calls)."""
    name = _call_name(call)
    keyword = next((kw.value for kw in call.keywords if kw.arg == "action"), None)
    if name == "append_event" or (name.startswith("audit") and keyword is not None):
        return keyword
    if name.startswith("audit") and call.args:
        return call.args[0]
    if name == "refuse":
        return call.args[1] if len(call.args) > 1 else keyword
    if name == "_check_password":  # log-in and unlock name the action their success is audited as
        return call.args[3] if len(call.args) > 3 else next(
            (kw.value for kw in call.keywords if kw.arg == "success_action"), None)
    return None


def _module_constants(tree: ast.Module) -> dict[str, str]:
    return {target.id: node.value.value for node in tree.body if isinstance(node, ast.Assign)
            and isinstance(node.value, ast.Constant) and isinstance(node.value.value, str)
            for target in node.targets if isinstance(target, ast.Name)}


def _pattern(fstring: ast.JoinedStr) -> str:
    parts = [re.escape(part.value) if isinstance(part, ast.Constant) else r"[a-z_]+" for part in fstring.values]
    return "".join(parts)


def emitted_actions(package: Path = PACKAGE) -> tuple[dict[str, str], dict[str, str]]:
    """(exact action → where, f-string pattern → where) of every event-writing call in ``package``; variables
    passed through (``action`` inside the helpers themselves) are skipped."""
    exact: dict[str, str] = {}
    patterns: dict[str, str] = {}
    for source in sorted(package.rglob("*.py")):
        tree = parse_source(source.read_text(encoding="utf-8"))
        constants = _module_constants(tree)
        for node in ast.walk(tree):
            argument = _action_argument(node) if isinstance(node, ast.Call) else None
            where = f"{source.relative_to(package.parent)}:{getattr(node, 'lineno', 0)}"
            if isinstance(argument, ast.Constant) and isinstance(argument.value, str):
                exact.setdefault(argument.value, where)
            elif isinstance(argument, ast.Name) and argument.id in constants:
                exact.setdefault(constants[argument.id], where)
            elif isinstance(argument, ast.JoinedStr):
                patterns.setdefault(_pattern(argument), where)
    return exact, patterns


def test_the_scan_finds_the_actions_of_every_kind_of_call() -> None:
    exact, patterns = emitted_actions()
    assert {"auth.login", "import.finish", "recording.stored", "viewing.open", "settings.set",
            "export.interrupted", "refused.open_recording"} <= set(exact)
    assert r"export\.[a-z_]+" in patterns and r"refused\.[a-z_]+" in patterns


def test_every_emitted_action_has_a_label() -> None:
    exact, patterns = emitted_actions()
    unlabelled = [f"{action} ({where})" for action, where in sorted(exact.items()) if action_label(action) is None]
    known = [*ACTION_LABELS, *(f"refused.{op.value}" for op in Operation)]
    families = [f"{pattern} ({where})" for pattern, where in sorted(patterns.items())
                if not any(re.fullmatch(pattern, action) for action in known)]
    assert not unlabelled, f"Audit actions without a label in domain/audit_labels.py: {unlabelled}"
    assert not families, f"Audit action families with no labelled member: {families}"


def test_the_check_catches_a_new_unlabelled_action(tmp_path: Path) -> None:
    package = tmp_path / "evidence_station"
    package.mkdir()
    (package / "new_service.py").write_text(
        'NEW = "thing.renamed"\n\n'
        "def rename(ctx, other):\n"
        '    ctx.audit("thing.made", "thing", 1)\n'
        "    ctx.audit(NEW, \"thing\", 1)\n"
        '    raise ctx.refuse("No.", f"refused.{other}", "thing", 1)\n',
        encoding="utf-8",
    )
    exact, patterns = emitted_actions(package)
    assert set(exact) == {"thing.made", "thing.renamed"}
    assert all(action_label(action) is None for action in exact)
    assert list(patterns) == [r"refused\.[a-z_]+"]


def test_refusals_by_the_permission_matrix_and_missing_approvals_are_named() -> None:
    for operation in Operation:
        label = action_label(f"refused.{operation.value}")
        english, chinese = (str(label), label.render("zh_CN")) if label else ("", "")
        assert english.startswith("Refused: ") and chinese.startswith("拒绝：") and not LATIN.search(chinese)
    secret = action_label("refused.secret_export")
    assert secret is not None and secret.render("zh_CN") == "拒绝：没有涉密记录导出审批"
    assert str(secret) == "Refused: no approval for export of classified footage"
    assert action_label(f"refused.{RequestKind.EXTERNAL_PROVISION.value}") is not None
    assert action_label("refused.something_new") is None and action_label("thing.made") is None


@pytest.mark.parametrize("table", [ACTION_LABELS, OBJECT_LABELS, DETAIL_LABELS,
                                   *DETAIL_VALUE_LABELS.values()])
def test_every_label_has_chinese_without_english_words(table: dict[str, Msg]) -> None:
    allowed = re.compile(r"SHA-256|SM3|PDF|CSV")
    pairs = {key: (str(msg), msg.render("zh_CN")) for key, msg in table.items()}
    wrong = {key: pair for key, pair in pairs.items()
             if not pair[0] or not CJK.search(pair[1]) or LATIN.search(allowed.sub("", pair[1]))}
    assert not wrong


def test_objects_named_by_events_have_labels() -> None:
    for object_type in ("recording", "import", "user", "viewing_request", "viewing_session", "export"):
        assert object_label(object_type) is not None
    recording = object_label("recording")
    assert recording is not None and (str(recording), recording.render("zh_CN")) == ("recording", "录像")


def test_word_values_of_details_have_labels_and_data_do_not() -> None:
    gui = detail_value_label("client", "gui")
    assert gui is not None and (str(gui), gui.render("zh_CN")) == ("desktop program", "桌面程序")
    wrong = detail_value_label("reason", "wrong password")
    assert wrong is not None and wrong.render("zh_CN") == "密码错误"
    assert detail_value_label("reason", "the card was full") is None and detail_value_label("client", 3) is None
