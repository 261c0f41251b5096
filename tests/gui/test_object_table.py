"""ObjectTable: a capped fill says what it left out; an empty table shows its guidance over the viewport."""

from __future__ import annotations

from typing import Any

from evidence_station.gui.object_table import Fit, ObjectTable, two_line_title


def test_a_long_list_is_capped_with_a_note_and_an_empty_one_shows_its_guidance(qtbot: Any) -> None:
    table = ObjectTable(["A", "B"], empty_text="Nothing here yet — use Add…", fit=Fit.CAPPED, key=lambda n: n)
    qtbot.addWidget(table)
    table.resize(500, 300)
    table.show()
    assert table.guide.showing_empty_text() and table.guide.empty_text == "Nothing here yet — use Add…"

    table.max_rows = 50
    table.set_rows([(n, [str(n), f"row {n}"]) for n in range(120)])
    assert table.rowCount() == 50 and table.total_rows == 120 and table.capped
    assert table.objects() == list(range(50))
    assert not table.guide.showing_empty_text()
    assert "first 50 of 120" in table.guide.note and table.guide.note_label.isVisible()

    table.selectRow(3)
    table.set_rows([(n, [str(n), f"row {n}"]) for n in range(10)])  # everything fits: no note; selection kept
    assert not table.capped and table.guide.note == "" and not table.guide.note_label.isVisible()
    assert table.current_object() == 3

    table.set_rows([])
    assert table.guide.showing_empty_text()


def test_wrapping_tables_break_long_titles_once_where_they_read_best() -> None:
    assert two_line_title("Party notified (Art. 8)") == "Party notified\n(Art. 8)"
    assert two_line_title("已告知当事人（第八条）") == "已告知当事人\n（第八条）"
    assert two_line_title("Registered afterwards") == "Registered\nafterwards"
    assert two_line_title("Devices") == "Devices" and two_line_title("执法人员") == "执法人员"
    assert two_line_title("应当音像记录而未记录的情况") == "应当音像记录而未记录的情况"  # nowhere to break
