"""The catalogue: peewee models, the database connection and schema migrations.

Every fact about the store lives here: users and roles, the station, devices, imports, recordings,
findings, audit events, viewing requests, cases and exports. The database is reached only through the
``DatabaseProxy`` in :mod:`evidence_station.catalogue.database`, opened from a URL (SQLite by default,
PostgreSQL for multi-station sites), so no code may assume SQLite. May import ``domain``, the standard
library and peewee; never Qt, never the services, CLI or GUI.
"""
