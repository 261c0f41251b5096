"""VERIFY.html on a classified carrier (涉密载体, #24 item 4): the report leads with a banner naming the 密级 and
保密期限 the signed MANIFEST.json carries; a disc that is no classified carrier shows none."""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path
from typing import Any

from selenium.webdriver.common.by import By

from evidence_station.export.plan import CarrierSecrecy
from evidence_station.export.staging import stage_disc
from evidence_station.identity.signer import KeyFileSigner
from tests.browser.support import verify_folder
from tests.helpers.discs import sample_plan, station_identity


def test_a_classified_carrier_shows_its_class_and_secrecy_period(browser: Any, tmp_path: Path,
                                                                  good_disc: Path) -> None:
    key, cert = station_identity()
    plan = replace(sample_plan(tmp_path / "vault"), secrecy=CarrierSecrecy("state_secret", "国家秘密", "至2036-12-31"))
    root = stage_disc(plan, tmp_path / "staging", KeyFileSigner(key, cert)).root
    found = verify_folder(browser, root)
    assert found["state"] == "done"
    banner = browser.find_element(By.ID, "carrier")
    assert "涉密载体" in banner.text and "密级：国家秘密" in banner.text and "保密期限：至2036-12-31" in banner.text
    verify_folder(browser, good_disc)
    assert browser.find_elements(By.ID, "carrier") == []
