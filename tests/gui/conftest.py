"""GUI tests run on Qt's offscreen platform unless a platform was chosen explicitly."""

import os

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
