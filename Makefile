# One virtualenv at .venv; every target installs first (quick when nothing changed).
PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
STAMP := $(VENV)/.installed-stamp
FUZZ_STAMP := $(VENV)/.installed-fuzz-stamp
HOST ?= 127.0.0.1
PORT ?= 8000
# OpenAI's OpenAPI description, when it sits beside the checkout (CI has it); tests skip
# the OpenAPI checks without it.
SPEC := $(firstword $(wildcard ../shared/openapi/openapi.yaml))
export OPENAI_OPENAPI_SPEC ?= $(if $(SPEC),$(abspath $(SPEC)),)

.PHONY: install bytecode serve test lint typecheck pytest bench bench-memory conformance fuzz clean

install: $(STAMP)

# The package's bytecode, written ahead as pip does when it installs a wheel (an editable
# install writes none, and with PYTHONDONTWRITEBYTECODE set Python never writes it: every
# start would compile some 200 modules, 0.14 s of a 0.35 s cold start). Quick when fresh.
bytecode: install
	$(PY) -m compileall -q mockserver

$(STAMP): pyproject.toml
	test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --disable-pip-version-check -e ".[dev]"
	touch $(STAMP)

serve: bytecode
	$(PY) -m mockserver --host $(HOST) --port $(PORT)

lint: install
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .

typecheck: install
	$(VENV)/bin/mypy mockserver clients

pytest: install
	$(PY) -m pytest

# The whole pytest run, then the conformance suite against the mock served over a socket.
test: lint typecheck pytest conformance

bench: bytecode
	@for script in tests/bench/bench_*.py; do echo "== $$script"; $(PY) $$script || exit 1; done

# RSS of the served mock over 100,000 varied requests (a few minutes: not part of bench).
bench-memory: install
	$(PY) tests/bench/memory_flat.py

conformance: install
	$(PY) -m conformance.serve_and_run --report conformance-report

# schemathesis against the served mock, every operation it serves, positive and negative cases
# (a few minutes; capped at 4). Not part of `make test`. FUZZ_ARGS="--max-examples 200 -v".
$(FUZZ_STAMP): $(STAMP)
	$(PY) -m pip install --quiet --disable-pip-version-check -e ".[dev,fuzz]"
	touch $(FUZZ_STAMP)

fuzz: $(FUZZ_STAMP)
	$(PY) -m tests.fuzz.run_fuzz $(FUZZ_ARGS)

clean:
	rm -rf $(VENV) conformance-report
