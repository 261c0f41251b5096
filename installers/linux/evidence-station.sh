#!/bin/sh
# /usr/bin/evidence-station — starts Evidence Station installed in /opt/evidence-station.
# Station data are not kept here: they live in ~/.local/share/EvidenceStation unless
# $EVIDENCE_STATION_HOME or --home names another folder (for example a shared disk).
exec /opt/evidence-station/evidence-station "$@"
