# The whole set-up on a fresh machine is in here: `make demo`, `make test`.
PYTHON ?= python3
VENV   := .venv
PY     := $(VENV)/bin/python
STAMP  := $(VENV)/.installed

.PHONY: demo test bench lab setup system-deps clean

demo: setup
	$(VENV)/bin/retrograd demo

test: setup
	$(PY) -m pytest -n 2

bench: setup
	$(PY) benchmarks/moons_step.py
	$(PY) benchmarks/suite.py

lab: setup
	$(PY) -m pip install -e '.[test,lab]'
	$(VENV)/bin/jupyter lab notebooks/

setup: system-deps $(STAMP)

$(STAMP): pyproject.toml
	test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --upgrade pip
	$(PY) -m pip install -e '.[test]'
	touch $(STAMP)

# Graphviz's `dot` draws the graphs; Chromium runs the browser tests. Installed
# with apt-get where we are root on Debian or Ubuntu; elsewhere we print the
# command for this platform and the tests that need them are skipped, saying why.
system-deps:
	@missing=""; \
	command -v dot >/dev/null 2>&1 || missing="$$missing graphviz"; \
	command -v chromium >/dev/null 2>&1 || command -v chromium-browser >/dev/null 2>&1 \
		|| missing="$$missing chromium"; \
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

clean:
	rm -rf $(VENV) .pytest_cache .hypothesis build dist src/*.egg-info
