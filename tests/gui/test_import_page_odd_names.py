"""The Import page with a card whose names are not plain UTF-8 text: shown escaped before and after the import."""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any

from PySide6.QtCore import Qt

from evidence_station.domain.roles import Role
from evidence_station.gui.pages.import_page import ImportPage
from evidence_station.gui.volume_watcher import VolumeWatcher


def test_odd_names_are_shown_escaped_in_the_preview_and_the_result(
    qtbot: Any, user_with_role: Any, tmp_path: Path
) -> None:
    card = tmp_path / "card"
    (card / "DCIM").mkdir(parents=True)
    with open(os.fsencode(card / "DCIM") + b"/\xd5\xc5\xc8\xfd.MP4", "wb") as handle:  # 张三.MP4 in GBK
        handle.write(os.urandom(2048))
    (card / "DCIM" / "line\nbreak.MP4").write_bytes(os.urandom(2048))
    shown = ["DCIM/\\xd5\\xc5\\xc8\\xfd.MP4", "DCIM/line\\nbreak.MP4"]
    page = ImportPage(user_with_role(Role.CUSTODIAN), watcher=VolumeWatcher(source=lambda: []))
    qtbot.addWidget(page)
    page.show()
    assert page.set_card(card)
    model = page.preview_model
    assert sorted(model.index(row, 0).data() for row in range(model.rowCount())) == shown
    qtbot.mouseClick(page.import_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: page.import_operation is not None and page.import_operation.done, timeout=60_000)
    assert page.last_result is not None and page.last_result.status == "completed"
    assert sorted(page.result_paths()) == shown
    result = page.result_model
    assert sorted(result.index(row, result.PATH).data() for row in range(result.rowCount())) == shown
