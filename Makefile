# modelzoo-docs — every target sets up .venv from the lock first (only python3 and make needed).
PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed-stamp
HOST   ?= 127.0.0.1:8000
CONFIG ?= mkdocs.yml
# The engine that builds and serves the site with the plugin: mkdocs, or properdocs (its fork, in the lock).
ENGINE ?= mkdocs
SITE   ?= site
export NO_MKDOCS_2_WARNING := 1
# Reproducible builds: the dates in the site (sitemap, its gzip header) are the last commit's, not the clock's.
SOURCE_DATE_EPOCH ?= $(shell git log -1 --format=%ct 2>/dev/null)

.PHONY: install serve build build-folder test lint lock bench linkcheck import clean

install: $(STAMP)

$(STAMP): requirements/lock.txt pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --disable-pip-version-check --require-hashes -r requirements/lock.txt
	$(BIN)/python -m pip install --quiet --disable-pip-version-check --no-deps --no-build-isolation -e .
	touch $(STAMP)

serve: $(STAMP)
	$(BIN)/$(ENGINE) serve -f $(CONFIG) --dev-addr $(HOST)

# Build into site.new, then swap: a failed build (invalid data, strict warning) leaves site/ as it was.
build: $(STAMP)
	rm -rf $(SITE).new
	$(if $(SOURCE_DATE_EPOCH),SOURCE_DATE_EPOCH=$(SOURCE_DATE_EPOCH)) \
		$(BIN)/$(ENGINE) build --strict -f $(CONFIG) --site-dir $(abspath $(SITE)).new || { rm -rf $(SITE).new; exit 1; }
	rm -rf $(SITE).old
	if [ -d $(SITE) ]; then mv $(SITE) $(SITE).old; fi
	mv $(SITE).new $(SITE)
	rm -rf $(SITE).old

# The same site without the plugin: `modelzoo render` writes $(RENDERED)/ (a mkdocs.yml and its docs/), which
# any engine reading mkdocs.yml builds (README, "Engines"); here $(ENGINE), into $(SITE)/ as `make build` does.
RENDERED ?= rendered
build-folder: $(STAMP)
	$(BIN)/modelzoo render --out $(RENDERED) > /dev/null
	$(MAKE) build CONFIG=$(RENDERED)/mkdocs.yml

test: $(STAMP)
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/python -m pytest

lint: $(STAMP)
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

# Re-resolve the lock, keeping its pins where pyproject.toml still allows them (LOCK_ARGS=--upgrade: newest).
# Never a pre-release (mkdocs 2.0 pre-releases have no plugins and refuse mkdocs.yml); uv refuses a second
# --prerelease, so LOCK_ARGS cannot change that.
lock:
	$(PYTHON) -m pip install --quiet uv==0.13.9
	$(PYTHON) -m uv pip compile pyproject.toml requirements/build.in --extra dev --generate-hashes \
		--python-version 3.11 --universal --no-header --quiet $(LOCK_ARGS) --prerelease disallow \
		-o requirements/lock.txt
	{ echo '# Locked dependencies (runtime + dev + build backend). Regenerate with `make lock`; never edit by hand.'; \
		cat requirements/lock.txt; } > requirements/lock.txt.new
	mv requirements/lock.txt.new requirements/lock.txt

# Speed and size of the generator and the site (seed + synthetic 1k/10k/100k zoos) -> bench/results.md.
# About 3 minutes on 2 cores; BENCH_ARGS=--quick for a one-run smoke test. Not part of `make test`.
bench: $(STAMP)
	$(BIN)/python bench/run.py $(BENCH_ARGS)

# Links of the built site: internal ones and anchors, then external ones (needs a network; offline it says
# so and succeeds). Not part of `make test`.
linkcheck: build
	$(BIN)/python -m generator.linkcheck $(SITE) --external

# Rebuild data/ from TI's task pages: the seed's Image Classification page and TI's six others
# (tools/import-ti.sh says how; re-apply the hand edits of tests/fixtures/seed/CURATED.md afterwards).
import: $(STAMP)
	tools/import-ti.sh data

clean:
	rm -rf site rendered .venv tests/artifacts .pytest_cache
