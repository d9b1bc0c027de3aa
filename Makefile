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

# Graphviz's `dot` draws the graphs; Chromium runs the browser tests.
# Installed with apt-get where we are root on Debian or Ubuntu; elsewhere we say how.
system-deps:
	@missing=""; \
	command -v dot >/dev/null 2>&1 || missing="$$missing graphviz"; \
	test -x /usr/bin/chromium || missing="$$missing chromium"; \
	if [ -z "$$missing" ]; then exit 0; fi; \
	if [ "$$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then \
		echo "installing$$missing with apt-get"; \
		apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq $$missing >/dev/null; \
	else \
		echo "missing:$$missing. Install it, then run make again:"; \
		echo "  Debian/Ubuntu: sudo apt-get install -y$$missing"; \
		echo "  Fedora:        sudo dnf install -y$$missing"; \
		echo "  macOS:         brew install graphviz (and a Chromium or Chrome for the browser tests)"; \
	fi

clean:
	rm -rf $(VENV) .pytest_cache .hypothesis build dist src/*.egg-info
