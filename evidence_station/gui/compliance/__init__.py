"""Widgets and dialogs of the Devices & Compliance page (dashboard, devices, activities, findings)."""
