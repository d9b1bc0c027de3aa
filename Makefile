# The whole set-up on a fresh machine is in here: `make demo`, `make test`.
PYTHON ?= python3
VENV   := .venv
PY     := $(VENV)/bin/python
BIN    := $(VENV)/bin
# JupyterLab refuses to start as root unless told that it is meant.
ALLOW_ROOT := $(if $(filter 0,$(shell id -u)),--allow-root)
# Python keeps compiled modules, and pytest its rewritten test files, in __pycache__
# (ignored by git): an environment that turns that off would make every test worker,
# kernel and command recompile them, about 3 s per worker.
unexport PYTHONDONTWRITEBYTECODE

.PHONY: demo test test-deep check docs bench lab system-deps graphviz clean

# The demo needs the library's own dependencies and Graphviz's `dot`, nothing more.
demo: graphviz $(VENV)/.installed
	$(BIN)/retrograd demo

# Everything, as CI runs it: the browser tests need Chromium, the site test MkDocs.
# Each property test draws 100 examples (tests/conftest.py).
test: system-deps $(VENV)/.installed-test $(VENV)/.installed-docs
	$(PY) -m pytest -n 2 --maxschedchunk 2

# The same tests, with 300 examples for each property: before a release, or nightly.
test-deep: system-deps $(VENV)/.installed-test $(VENV)/.installed-docs
	HYPOTHESIS_PROFILE=deep $(PY) -m pytest -n 2 --maxschedchunk 2

# The edit loop: every test but the slow ones (notebooks, browsers, grading, long trainings).
check: graphviz $(VENV)/.installed-test
	HYPOTHESIS_PROFILE=check $(PY) -m pytest -n 2 --maxschedchunk 2 -q -m "not slow"

# The course site in site/: open site/index.html, no server or network needed.
docs: $(VENV)/.installed-docs
	$(BIN)/mkdocs build --strict

bench: $(VENV)/.installed-test
	$(PY) benchmarks/moons_step.py
	$(PY) benchmarks/suite.py

lab: graphviz $(VENV)/.installed-lab
	$(BIN)/jupyter lab $(ALLOW_ROOT) notebooks/

# One stamp per install: the runtime dependencies in .installed, each extra in
# .installed-EXTRA. Each is done once, and again only when pyproject.toml changes.
$(VENV)/.installed: pyproject.toml
	test -x $(PY) || { $(PYTHON) -m venv $(VENV) && $(PY) -m pip install --upgrade pip; }
	$(PY) -m pip install -e .
	touch $@

$(VENV)/.installed-%: $(VENV)/.installed
	$(PY) -m pip install -e '.[$*]'
	touch $@

# Graphviz's `dot` draws the graphs; Chromium runs the browser tests. Installed
# with apt-get where we are root on Debian or Ubuntu; elsewhere we print the
# command for this platform and the tests that need them are skipped, saying why.
system-deps:
	@$(call install-programs,graphviz chromium)

graphviz:
	@$(call install-programs,graphviz)

define install-programs
missing=""; \
for p in $(1); do case $$p in \
	graphviz) command -v dot >/dev/null 2>&1 || missing="$$missing graphviz";; \
	chromium) command -v chromium >/dev/null 2>&1 || command -v chromium-browser >/dev/null 2>&1 \
		|| missing="$$missing chromium";; \
esac; done; \
if [ -z "$$missing" ]; then exit 0; fi; \
if [ "$$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then \
	echo "installing$$missing with apt-get"; \
	apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq $$missing >/dev/null; \
	exit $$?; \
fi; \
if [ "$$(uname -s)" = Darwin ]; then \
	cmd="brew install$$(echo $$missing | sed 's/chromium/--cask chromium/')"; \
elif command -v apt-get >/dev/null 2>&1; then cmd="sudo apt-get install -y$$missing"; \
elif command -v dnf >/dev/null 2>&1; then cmd="sudo dnf install -y$$missing"; \
elif command -v pacman >/dev/null 2>&1; then cmd="sudo pacman -S$$missing"; \
else cmd="your package manager: install$$missing"; fi; \
echo "missing:$$missing (drawings need graphviz, browser tests chromium). Run:"; \
echo "  $$cmd"
endef

clean:
	rm -rf $(VENV) .pytest_cache .hypothesis build dist site src/*.egg-info
