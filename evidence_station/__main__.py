"""``python -m evidence_station`` runs the command-line interface."""

from evidence_station.cli.main import main

raise SystemExit(main())
