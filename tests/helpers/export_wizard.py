"""Driving the export wizard in GUI tests."""

from __future__ import annotations

from pytestqt.qtbot import QtBot

from evidence_station.gui.export_wizard import ExportWizard

EXTRACTOR = "李四 (执法证 33010001)"


def to_medium_page(qtbot: QtBot, wizard: ExportWizard, extractor: str = EXTRACTOR) -> None:
    """Through the first two pages to the medium page, its estimate (asked of the station) arrived."""
    people = wizard.people_page

    def settled() -> None:
        qtbot.waitUntil(lambda: not people.loading, timeout=10_000)  # the station says how names are printed

    assert wizard.currentId() == ExportWizard.RECORDINGS
    assert len(wizard.recordings_page.checked()) == 3  # all checked by default
    wizard.next()
    settled()
    assert not people.isComplete()  # no extractor yet
    hint = people.extractor.preview  # nothing typed: what is needed (why 下一步 is grey), not a refusal in red
    assert "Required" in hint.text() and "extracted" in hint.text() and "#444444" in hint.styleSheet()
    offered = [people.extractor.combo.itemText(i) for i in range(people.extractor.combo.count())]
    assert "Custodian（执法证 B-CUS）" in offered and "Clerk（执法证 B-CLE）" in offered  # the station's users
    people.extractor.combo.setCurrentIndex(offered.index("Custodian（执法证 B-CUS）"))
    assert people.extractor.text() == "custodian"  # picked by the printed name, given to the export by login
    people.extractor.combo.setEditText("李四")
    assert not people.isComplete()
    settled()
    assert "ID number" in people.extractor.preview.text() and not people.isComplete()
    people.extractor.combo.setEditText(extractor)
    settled()
    assert people.isComplete()
    assert people.producer.printed == "Clerk（执法证 B-CLE）"
    wizard.next()
    assert wizard.currentId() == ExportWizard.MEDIUM
    qtbot.waitUntil(lambda: not wizard.medium_page.estimating, timeout=10_000)
