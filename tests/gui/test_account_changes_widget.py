"""Two-person administration in the GUI: the Settings page shows the account changes waiting for a second person
to the administrators and directors who may decide them, with 确认 and 拒绝… (issue #18 item 5)."""

from __future__ import annotations

from typing import Any

from evidence_station.api.users import UserChange
from evidence_station.catalogue.people import User, UserRole
from evidence_station.domain.roles import Role
from evidence_station.gui.account_changes_widget import AccountChangesWidget, change_outcome_text
from evidence_station.gui.pages.settings_page import SettingsPage
from evidence_station.services.account_changes import set_clearance, set_user_role
from evidence_station.services.context import ServiceContext


def _select_first(widget: AccountChangesWidget) -> None:
    widget.table.selectRow(0)
    assert widget.table.current_object() is not None


def test_a_director_confirms_a_role_the_admin_asked_for(
        qtbot: Any, people: dict[str, ServiceContext], client_of: Any) -> None:
    asked = set_user_role(people["admin"], "clerk", add="director")
    assert asked.status == "pending"
    page = SettingsPage(client_of(people["director"]))
    qtbot.addWidget(page)
    widget = page.account_changes
    assert widget is not None and widget.table.rowCount() == 1
    cells = [widget.table.item(0, c).text() for c in range(widget.table.columnCount())]
    assert cells[0] == f"#{asked.confirmation_id}" and cells[2] == "clerk" and cells[4] == "admin"
    _select_first(widget)
    result = widget.confirm_selected()  # nothing more is asked, as in the CLI
    assert result is not None and result.status == "done" and "director" in result.roles
    assert UserRole.select().join(User).where((User.name == "clerk") & (UserRole.role == "director")).exists()
    assert widget.table.rowCount() == 0 and f"#{asked.confirmation_id}" in widget.status_label.text()


def test_the_one_who_asked_sees_the_refusal_not_an_exception(
        qtbot: Any, people: dict[str, ServiceContext], client_of: Any) -> None:
    asked = set_clearance(people["admin"], "investigator", 2)
    widget = AccountChangesWidget(client_of(people["admin"]))
    qtbot.addWidget(widget)
    _select_first(widget)
    assert widget.confirm_selected() is None
    assert widget.status_label.text()  # the station's refusal, named
    assert User.get(User.name == "investigator").clearance == 0
    assert widget.table.rowCount() == 1 and widget.table.current_object().confirmation_id == asked.confirmation_id


def test_refusing_asks_a_reason(qtbot: Any, people: dict[str, ServiceContext], client_of: Any) -> None:
    set_clearance(people["admin"], "investigator", 2)
    widget = AccountChangesWidget(client_of(people["director2"]))
    qtbot.addWidget(widget)
    _select_first(widget)
    dialog = widget.open_refuse_dialog()
    assert dialog is not None
    dialog.accept()  # no reason: the station refuses, the dialog says so and stays open
    assert dialog.error_label.text() and widget.table.rowCount() == 1
    dialog.reason_edit.setPlainText("无需涉密许可")
    dialog.accept()
    assert dialog.result() == 1 and widget.table.rowCount() == 0
    assert User.get(User.name == "investigator").clearance == 0


def test_only_those_who_may_decide_see_the_list(qtbot: Any, user_with_role: Any, admin: ServiceContext,
                                                client_of: Any) -> None:
    for role, shown in ((Role.CLERK, False), (Role.AUDITOR, False), (Role.DIRECTOR, True), (None, True)):
        page = SettingsPage(user_with_role(role) if role is not None else client_of(admin))
        qtbot.addWidget(page)
        assert (page.account_changes is not None) is shown, role


def test_a_waiting_change_says_so_instead_of_done() -> None:
    pending = UserChange(user="clerk", display_name="", badge_number="", roles=["clerk"], locked=False, active=True,
                         clearance=0, status="pending", confirmation_id=7)
    done = UserChange(user="clerk", display_name="", badge_number="", roles=["clerk", "director"], locked=False,
                      active=True, clearance=0)
    assert "#7" in change_outcome_text(pending) and "Done" not in change_outcome_text(pending)
    assert change_outcome_text(done).startswith("Done")
