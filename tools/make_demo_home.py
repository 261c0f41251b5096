"""Make a demo station home (idempotent): one user per role and a demo camera card to import.

Used by ``tools/run-app.sh`` when no EVIDENCE_STATION_HOME is set. The demo passwords are printed; a real
station is created with ``evidence-station init`` instead.
"""

from __future__ import annotations

import sys
from pathlib import Path

from evidence_station.domain.roles import Role
from evidence_station.media.demo_card import write_demo_card
from evidence_station.services.account_changes import confirm_account_change
from evidence_station.services.station import Station
from evidence_station.services.users import add_user, init_station, login

DEMO_PASSWORD = "demo-pass-1"
DEMO_USERS = {
    "custodian": ("保管员 王敏", Role.CUSTODIAN),
    "investigator": ("调查员 李强", Role.INVESTIGATOR),
    "director": ("主管局长 张伟", Role.DIRECTOR),
    "clerk": ("文书 陈静", Role.CLERK),
    "auditor": ("审计 赵磊", Role.AUDITOR),
}


def main(home: Path) -> int:
    """Create the demo home unless it exists."""
    if (home / "settings.json").exists():
        print(f"Demo home: {home} (users: admin, {', '.join(DEMO_USERS)}; password {DEMO_PASSWORD})")
        return 0
    init_station(home, admin_name="admin", admin_password=DEMO_PASSWORD, station_name="明山区人社局 证据工作站 (演示)")
    station = Station.open(home)
    admin = login(station, "admin", DEMO_PASSWORD)
    for number, (name, (display, role)) in enumerate(DEMO_USERS.items(), 1):
        made = add_user(admin, name=name, roles=[role], password=DEMO_PASSWORD, display_name=display,
                        badge_number=f"3301{number:04d}", clearance=1)
        if made.status == "pending":  # two-person administration: the demo director confirms
            confirm_account_change(login(station, "director", DEMO_PASSWORD), made.confirmation_id)
    admin.end_session()
    station.close()
    card = home / "demo-card"
    write_demo_card(card, seed=1)
    print(f"Demo home created in {home}: users admin, {', '.join(DEMO_USERS)} — password {DEMO_PASSWORD}. "
          f"A demo camera card is in {card}.")
    return 0


if __name__ == "__main__":
    raise SystemExit(main(Path(sys.argv[1])))
