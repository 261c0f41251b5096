"""One module per command group; each exposes ``register(subparsers)``.

:data:`COMMANDS` names every top-level command, the module that registers it and its one-line help, so the
command line imports only the module of the command being run (start-up time), yet ``--help`` lists them all.
A test checks that each module registers exactly the commands listed for it.
"""

from __future__ import annotations

#: Top-level command → (module under ``evidence_station.cli.commands``, one-line help).
COMMANDS: dict[str, tuple[str, str]] = {
    "init": ("station_commands", "create a new station home with its first administrator"),
    "user": ("station_commands", "manage users"),
    "serve": ("serve_command", "run the station service (the one process holding the evidence)"),
    "login": ("login_commands", "client mode: open a session once for later commands"),
    "logout": ("login_commands", "client mode: end the session kept by login"),
    "demo-card": ("demo_card_command", "write a synthetic camera card (real MP4 files) to try the station"),
    "import": ("import_commands", "import every recording on a card or dump folder"),
    "card": ("custody_commands", "a card's hand-over and its verified wipe after the import"),
    "recordings": ("import_commands", "list catalogued recordings"),
    "verify": ("import_commands", "re-hash every stored original and check the audit chain"),
    "audit": ("audit_commands", "the tamper-evident audit log"),
    "view": ("view_commands", "viewing requests, approvals and the viewing register (Art. 18)"),
    "classify": ("view_commands", "director: set a recording's classification (密级)"),
    "bookmark": ("bookmark_commands", "bookmarks of Art. 10 key contents in recordings"),
    "case": ("case_commands", "evidence cases"),
    "export": ("export_commands", "build (and burn) the evidence disc(s) of a case"),
    "exports": ("export_commands", "list evidence exports, newest first"),
    "disc": ("disc_commands", "the register of burned discs: copies, where each went (附卷), labels, 密级"),
    "verify-disc": ("export_commands", "verify a disc, an image or a copied folder on its own"),
    "non-recording": ("compliance_commands", "Art. 5 records of activities that were not recorded"),
    "dashboard": ("compliance_commands", "the compliance dashboard's figures"),
    "report": ("compliance_commands", "compliance reports"),
    "device": ("compliance_commands", "the body-camera registry (Art. 6)"),
    "check": ("compliance_commands", "pre-use checks (Art. 7)"),
    "activity": ("compliance_commands", "enforcement activities (Art. 3, 4, 12)"),
    "finding": ("compliance_commands", "compliance findings"),
    "conduct": ("conduct_commands", "complaint and conduct notes on activities or bookmark categories (Art. 14)"),
    "retention": ("retention_commands", "retention periods, legal holds and what is due (Art. 16)"),
    "dispose": ("retention_commands", "propose, approve or refuse disposal of recordings past retention"),
    "station": ("station_key_commands", "the registered stations; migrate the station key (administrator, once)"),
    "settings": ("settings_commands", "show the station's settings; change one (administrator, audited)"),
    "gui": ("gui_command", "start the desktop program"),
}


def command_help(name: str) -> str:
    """The one-line help of a top-level command."""
    return COMMANDS[name][1]
