# The two commands: `make run` serves Agora, `make test` runs the whole suite.
PYTHON ?= $(shell command -v python3.11 || command -v python3)
VENV := .venv
BIN := $(VENV)/bin
PORT ?= 5000
export PORT
export FORUM_CONFIG ?= development

.PHONY: run test install install-dev clean

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip

$(VENV)/.installed: pyproject.toml | $(BIN)/python
	$(BIN)/pip install --quiet -e .
	touch $@

$(VENV)/.installed-dev: pyproject.toml | $(BIN)/python
	$(BIN)/pip install --quiet -e '.[dev]'
	touch $@ $(VENV)/.installed

install: $(VENV)/.installed
install-dev: $(VENV)/.installed-dev

run: install
	$(BIN)/forum db upgrade
	$(BIN)/forum bootstrap
	@echo "Agora is starting on http://127.0.0.1:$(PORT)/"
	$(BIN)/gunicorn -c python:forum.gunicorn_conf 'forum:create_app()'

test: install-dev
	$(BIN)/pytest

clean:
	rm -rf $(VENV) .pytest_cache
