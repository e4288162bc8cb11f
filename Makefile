# modelzoo-docs — every target sets up .venv from the lock first (only python3 and make needed).
PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed-stamp
HOST   ?= 127.0.0.1:8000
CONFIG ?= mkdocs.yml
SITE   ?= site
export NO_MKDOCS_2_WARNING := 1

.PHONY: install serve build test lint lock bench linkcheck clean

install: $(STAMP)

$(STAMP): requirements/lock.txt pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --disable-pip-version-check --require-hashes -r requirements/lock.txt
	$(BIN)/python -m pip install --quiet --disable-pip-version-check --no-deps --no-build-isolation -e .
	touch $(STAMP)

serve: $(STAMP)
	$(BIN)/mkdocs serve -f $(CONFIG) --dev-addr $(HOST)

# Build into site.new, then swap: a failed build (invalid data, strict warning) leaves site/ as it was.
build: $(STAMP)
	rm -rf $(SITE).new
	$(BIN)/mkdocs build --strict -f $(CONFIG) --site-dir $(abspath $(SITE)).new || { rm -rf $(SITE).new; exit 1; }
	rm -rf $(SITE).old
	if [ -d $(SITE) ]; then mv $(SITE) $(SITE).old; fi
	mv $(SITE).new $(SITE)
	rm -rf $(SITE).old

test: $(STAMP)
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/python -m pytest

lint: $(STAMP)
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

lock:
	$(PYTHON) -m pip install --quiet uv
	$(PYTHON) -m uv pip compile pyproject.toml requirements/build.in --extra dev --generate-hashes \
		--python-version 3.11 --universal --no-header -o requirements/lock.txt

clean:
	rm -rf site .venv tests/artifacts .pytest_cache
