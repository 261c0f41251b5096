"""Catalogue tables for bookmarks (filled by that feature; listed in MODELS for the schema)."""

from __future__ import annotations

from peewee import Model

#: The tables of this module, in creation order (picked up by :mod:`evidence_station.catalogue.schema`).
MODELS: list[type[Model]] = []
