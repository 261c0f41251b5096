"""Helpers shared by several test modules (imported, never collected: no ``test_`` names here)."""
