"""Cyclic garbage is collected on the GUI thread, never by a collection a worker thread triggers."""

from __future__ import annotations

import gc
import threading
import weakref
from typing import Any

from evidence_station.gui.gui_thread_gc import GuiThreadGarbageCollector


class _Node:
    def __init__(self) -> None:
        self.me = self  # a reference cycle: only the cyclic collector frees it


def test_cycles_are_collected_by_the_gui_threads_timer_and_not_on_a_worker_thread(qapp: Any, qtbot: Any) -> None:
    gc.enable()  # as a program starts (this test's fixture already holds automatic collection off)
    collector = GuiThreadGarbageCollector(qapp, interval_ms=50)
    try:
        assert not gc.isenabled()  # no automatic collection on whichever thread allocates
        node = _Node()
        gone = weakref.ref(node)
        del node

        kept: list[list[int]] = []

        def allocate() -> None:  # what a worker does: allocate containers, which used to trigger a collection there
            kept.extend([i] for i in range(50_000))

        worker = threading.Thread(target=allocate)
        worker.start()
        worker.join()
        assert gone() is not None, "a worker thread's allocations collected the cycle"
        qtbot.waitUntil(lambda: gone() is None, timeout=5_000)  # the GUI thread's timer did
    finally:
        collector.stop()
        collector.setParent(None)
    assert gc.isenabled()  # stopped, it gives collection back as it found it
    gc.disable()


def test_the_program_installs_one_collector_on_its_application(qapp: Any) -> None:
    first = GuiThreadGarbageCollector.install(qapp)
    try:
        assert GuiThreadGarbageCollector.install(qapp) is first
    finally:
        first.stop()
        first.setParent(None)
