"""The disc stages report ``中文 / English`` progress messages; the desk shows the interface's half only
(the Chinese export wizard showed "刻录完成 / burn finished")."""

from __future__ import annotations

from typing import Any

import pytest

from evidence_station.domain.progress import Progress, Stage
from evidence_station.gui import i18n
from evidence_station.gui.export_wizard import RunPage


@pytest.mark.parametrize(("chinese", "shown"), [(True, "刻录完成"), (False, "burn finished")])
def test_the_export_wizard_shows_the_burn_message_in_one_language(
    qtbot: Any, monkeypatch: pytest.MonkeyPatch, chinese: bool, shown: str
) -> None:
    monkeypatch.setattr(i18n, "speaks_chinese", lambda: chinese)
    page = RunPage()
    qtbot.addWidget(page)
    page.reset(burning=True)
    page.show_progress(Progress(5, 5, "bytes", "/dev/sr0", "刻录完成 / burn finished", Stage.BURNING))
    assert page.item_label.text() == f"{shown}\n/dev/sr0"


def test_a_message_in_one_language_is_shown_as_it_is(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(i18n, "speaks_chinese", lambda: True)
    assert i18n.progress_text("Copying files") == "Copying files"
    assert i18n.progress_text("") == ""
