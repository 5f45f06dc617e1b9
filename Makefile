# `make build` and `make test` each do all the set-up they need on a fresh clone.
PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
INSTALLED := $(VENV)/.installed

.PHONY: build test lint bench clean

# STRICT=1 refuses a file with any cell to review (see README).
build: $(INSTALLED)
	$(PY) -m pipeline build --raw raw --out output --reports reports $(if $(STRICT),--strict)

test: $(INSTALLED)
	$(PY) -m pytest
	$(MAKE) --no-print-directory lint

lint: $(INSTALLED)
	$(VENV)/bin/ruff check pipeline parsers normalizers derived analysis tests
	$(VENV)/bin/mypy

# Figures, not assertions: reading per format, then the scale run (BENCH_N documents, default 1,000).
bench: $(INSTALLED)
	$(PY) tests/bench.py
	$(PY) tests/bench_scale.py

# Re-installs when pyproject.toml changes.
$(INSTALLED): pyproject.toml
	test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --disable-pip-version-check -e '.[dev]'
	touch $(INSTALLED)

clean:
	rm -rf $(VENV) reports exports output .output.* .cache
