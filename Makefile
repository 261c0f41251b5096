# Evidence Station — build, package and test.
#
#   make test          the whole test suite (tools/run-tests.sh; extra pytest arguments: make test ARGS="-x")
#   make frozen        the PyInstaller one-folder program in dist/evidence-station/
#   make deb           the Debian/UOS/Kylin package dist/evidence-station_<version>_<arch>.deb (builds `frozen`)
#   make package       everything above that can be built on this machine (Linux: frozen + deb)
#   make smoke         start the frozen program, then install the .deb, run its station service as the unit
#                      does and use it as a desk user, remove and purge it (the data must stay); fails on any
#                      error (installers/smoke_test.sh; the .deb part needs root or sudo, SMOKE_INSTALL=0 skips it)
#   make screenshots   regenerate docs/screenshots/*.png (under Xvfb)
#   make clean         remove build/ and dist/
# The Windows installer is built on Windows: see installers/windows/README.md.

PYTHON      ?= .venv/bin/python
PYINSTALLER ?= .venv/bin/pyinstaller
VERSION     := $(shell sed -n 's/^version = "\(.*\)"/\1/p' pyproject.toml)
FROZEN      := dist/evidence-station/evidence-station

.PHONY: all package frozen deb icons smoke screenshots test clean venv package-tools

all: package

venv:
	bash tools/bootstrap.sh

# PyInstaller and everything the frozen program contains come from the lock (requirements/package.txt:
# the `package` extra of pyproject.toml with the same versions as the rest of the lock). Quick when present.
package-tools: venv
	$(PYTHON) -m pip install -q --disable-pip-version-check --require-hashes --only-binary :all: \
		-r requirements/package.txt

icons:
	$(PYTHON) installers/linux/make_icons.py

frozen: package-tools
	$(PYINSTALLER) --noconfirm --clean --log-level WARN --distpath dist --workpath build/pyinstaller \
		installers/evidence_station.spec

deb: frozen
	bash installers/linux/build_deb.sh $(VERSION)

package: deb

smoke:
	bash installers/smoke_test.sh dist/evidence-station dist/evidence-station_$(VERSION)_$$(dpkg --print-architecture).deb

screenshots: venv
	$(PYTHON) tools/screenshots.py
	$(PYTHON) tools/screenshot_player.py

test:
	bash tools/run-tests.sh $(ARGS)

clean:
	rm -rf build dist
