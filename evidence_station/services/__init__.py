"""The service layer: the one door the GUI, the CLI and the tests all use.

Each use case is a function taking a :class:`~evidence_station.services.context.ServiceContext` (station,
acting user, clock, signer) and keyword arguments. It checks permission against the one matrix in
:mod:`evidence_station.domain.roles`, does its work inside one transaction, writes its audit event in
that same transaction and returns a frozen dataclass — never a peewee row, never a widget. Long
operations take a progress callback and a cancel token. May import every core layer; never Qt.
"""
