"""Build hook: a wheel (``pip install .``) carries what the program reads from ``resources/`` at run time.

The sources live at the top of the repository (``resources/locale/*/LC_MESSAGES/*.po`` — the core's message
catalogue, read with Babel; ``resources/translations/*.ts`` — the interface's Qt translations, compiled with
PySide6's ``lrelease`` at start-up; ``resources/icons/``). A checkout reads them there; an installed package reads
them from ``evidence_station/resources/``, where this step copies them (the packaged program of
``installers/evidence_station.spec`` ships the compiled ``.mo``/``.qm`` there instead). Everything else is in
``pyproject.toml``.
"""

from __future__ import annotations

import shutil
from pathlib import Path

from setuptools import setup
from setuptools.command.build_py import build_py

SOURCE = Path(__file__).resolve().parent / "resources"
#: What the program reads at run time, relative to ``resources/``.
RUNTIME_RESOURCES = ("locale/*/LC_MESSAGES/*.po", "translations/*.ts", "icons/*")


class BuildWithResources(build_py):
    """``build_py`` that also copies the run-time resources into the built package."""

    def run(self) -> None:
        super().run()
        target = Path(self.build_lib) / "evidence_station" / "resources"
        for pattern in RUNTIME_RESOURCES:
            for path in sorted(SOURCE.glob(pattern)):
                destination = target / path.relative_to(SOURCE)
                destination.parent.mkdir(parents=True, exist_ok=True)
                shutil.copy2(path, destination)


setup(cmdclass={"build_py": BuildWithResources})
