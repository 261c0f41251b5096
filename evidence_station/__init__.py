"""Evidence Station (执法音像记录证据工作站): store, view and export body-camera recordings as evidence.

Layers (see ``../shared/docs/DESIGN.md``): ``domain`` (pure rules) ← ``catalogue``, ``vault``, ``media``,
``audit``, ``identity``, ``importing``, ``export``, ``playback`` ← ``services`` (the one door) ← ``cli`` and
``gui``. Only ``gui`` imports PySide6; only ``playback.vlc_backend`` imports ``vlc``, lazily.
"""

__version__ = "0.1.0"
