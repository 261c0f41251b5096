"""``serve``: run the station service in the foreground."""

from __future__ import annotations

import argparse

from evidence_station.cli.arg_types import bounded_int
from evidence_station.cli.commands import command_help
from evidence_station.cli.output import Output
from evidence_station.cli.session import home_of
from evidence_station.domain.errors import InvalidInputError
from evidence_station.domain.messages import Msg


def register(sub: argparse._SubParsersAction) -> None:
    """Add the command to the parser."""
    serve = sub.add_parser("serve", help=command_help("serve"))
    serve.add_argument("--listen", required=True, metavar="ADDRESS",
                       help="unix:PATH (the desk's accounts; an installed station uses "
                            "unix:/run/evidence-station/station.sock) or tcp://HOST:PORT (TLS unless loopback)")
    serve.add_argument("--socket-group", metavar="GROUP",
                       help="group allowed to connect to the unix socket (mode 0660; default: the service's group)")
    serve.add_argument("--tls-cert", metavar="FILE", help="TLS certificate (PEM) for tcp://")
    serve.add_argument("--tls-key", metavar="FILE", help="TLS private key (PEM) for tcp://")
    serve.add_argument("--stream-port", type=bounded_int(0, 65535, Msg("the stream port")), metavar="N",
                       help="loopback TCP port for footage streams (default: any free port)")
    serve.set_defaults(handler=cmd_serve)


def cmd_serve(args: argparse.Namespace, out: Output) -> int:
    """``serve``: until SIGTERM (running work is rolled back; exit 0)."""
    if getattr(args, "station", None):
        raise InvalidInputError(Msg("serve runs a station service on --home; it does not take --station."))
    from evidence_station.server.listen import parse_listen
    from evidence_station.server.service import run_service

    listen = parse_listen(args.listen)
    out.info(f"evidence-station: serving {home_of(args)} on {listen}")
    return run_service(home_of(args), listen, socket_group=args.socket_group, tls_cert=args.tls_cert,
                       tls_key=args.tls_key, stream_port=args.stream_port)
