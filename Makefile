# `make run` and `make test` are all a new user needs: each sets up what it uses.
VENV := .venv
BIN := $(VENV)/bin
PYTHON ?= python3

.PHONY: install run test lexicon bench clean

install: $(VENV)/.installed

$(VENV)/.installed: pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install -q --upgrade pip
	$(BIN)/pip install -q -e ".[test,postgres]"
	touch $@

run: install
	$(BIN)/gukhan convert --sample -o out/sample

test: install
	bash scripts/test-deps.sh
	$(BIN)/python -m pytest -q

# Rebuild the shipped lexicon and word vectors from their public sources (needs apt and network).
lexicon: install
	bash scripts/lexicon-deps.sh
	$(BIN)/pip install -q -e ".[build]"
	$(BIN)/python scripts/build_lexicon.py
	$(BIN)/pip download -q --no-deps -d build/wheels ja-ginza==5.3.0
	$(BIN)/python scripts/build_vectors.py build/wheels/ja_ginza-5.3.0-py3-none-any.whl

bench: install
	$(BIN)/python benchmarks/engine.py

clean:
	rm -rf $(VENV) out .pytest_cache
