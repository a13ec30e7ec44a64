# The two commands: `make run` serves Agora, `make test` runs the whole suite.
PYTHON ?= $(shell command -v python3.11 || command -v python3)
VENV := .venv
BIN := $(VENV)/bin
PORT ?= 5000
# The exact versions CI tested; every install below is held to them.
CONSTRAINTS := .ci/constraints.txt
export PORT
export FORUM_CONFIG ?= development

.PHONY: run test install install-dev constraints clean

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip

$(VENV)/.installed: pyproject.toml $(CONSTRAINTS) | $(BIN)/python
	$(BIN)/pip install --quiet -c $(CONSTRAINTS) -e .
	touch $@

$(VENV)/.installed-dev: pyproject.toml $(CONSTRAINTS) | $(BIN)/python
	$(BIN)/pip install --quiet -c $(CONSTRAINTS) -e '.[dev]'
	touch $@ $(VENV)/.installed

install: $(VENV)/.installed
install-dev: $(VENV)/.installed-dev

# Agora's own modules are compiled up front (pip compiles the libraries'): a server then starts
# without compiling them, even where PYTHONDONTWRITEBYTECODE keeps Python from caching its own.
run: install
	$(BIN)/python -m compileall -q forum config.py
	$(BIN)/forum db upgrade
	$(BIN)/forum bootstrap
	@echo "Agora is starting on http://127.0.0.1:$(PORT)/"
	$(BIN)/gunicorn -c python:forum.gunicorn_conf 'forum:create_app()'

# The fault tests (servers of their own) and the nginx test run in .ci/run.
test: install-dev
	$(BIN)/pytest -m "not faults and not nginx"

# Rewrites the constraints from a scratch venv: existing pins stay, a new
# dependency gets the newest version its range allows. UPGRADE=1 starts over
# from the newest versions pyproject.toml allows.
constraints:
	rm -rf .venv-constraints
	$(PYTHON) -m venv .venv-constraints
	.venv-constraints/bin/python -m pip install --quiet --upgrade pip
	.venv-constraints/bin/pip install --quiet $(if $(UPGRADE),,-c $(CONSTRAINTS)) -e '.[dev]'
	{ echo "# Exact versions tested by CI; regenerate with \`make constraints\` (see README)."; \
	  .venv-constraints/bin/pip freeze --exclude-editable; } > $(CONSTRAINTS).new
	mv $(CONSTRAINTS).new $(CONSTRAINTS)
	rm -rf .venv-constraints

clean:
	rm -rf $(VENV) .pytest_cache
