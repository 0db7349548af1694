# fazhi — two commands: `make run` and `make test`. Every other target is a step they call.
SHELL := /bin/bash
HOST ?= 127.0.0.1
PORT ?= 8000
FAZHI_DATA_DIR ?= var
export FAZHI_DATA_DIR
UV := $(shell command -v uv 2>/dev/null || echo .tools/bin/uv)
PY := .venv/bin/python
DEMO_PASSWORD ?= Fazhi@2026

.PHONY: run test setup python assets system migrate demo lint bench check-deploy

# The local demo runs over plain http with the development key: every step says so explicitly
# (settings refuse to start without SECRET_KEY otherwise).
run: export FAZHI_INSECURE_HTTP = 1
run: setup
	$(PY) manage.py migrate --noinput
	$(PY) manage.py collectstatic --noinput -v 0
	$(PY) manage.py demo --password '$(DEMO_PASSWORD)'
	.venv/bin/fazhi serve --host $(HOST) --port $(PORT)

test: setup system
	FAZHI_INSECURE_HTTP=1 $(PY) manage.py collectstatic --noinput -v 0
	.venv/bin/ruff check .
	.venv/bin/pytest -n 2 --dist loadfile $(PYTEST_ARGS)

setup: python assets

$(UV):
	python3 -m venv .tools && .tools/bin/pip install -q uv

python: $(UV)
	$(UV) sync --frozen --quiet --reinstall-package fazhi

assets:
	@if [ ! -d node_modules ] || [ package-lock.json -nt node_modules/.package-lock.json ]; then npm ci --no-audit --no-fund --loglevel=error; fi
	node scripts/copy-assets.mjs

# Debian packages the tests need: Chromium for browser tests, LibreOffice and CJK fonts for PDF output,
# poppler-utils (pdftotext, pdfinfo) to read the PDFs back in the report tests.
system:
	@need=""; \
	command -v chromium >/dev/null || need="$$need chromium"; \
	command -v soffice >/dev/null || need="$$need libreoffice-writer-nogui"; \
	dpkg -s fonts-noto-cjk >/dev/null 2>&1 || need="$$need fonts-noto-cjk"; \
	dpkg -s fonts-arphic-gkai00mp >/dev/null 2>&1 || need="$$need fonts-arphic-gkai00mp"; \
	command -v pdftotext >/dev/null || need="$$need poppler-utils"; \
	if [ -n "$$need" ]; then \
	  if [ "$$(id -u)" = 0 ]; then apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends $$need >/dev/null; \
	  else sudo apt-get update -qq && sudo DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends $$need >/dev/null; fi; \
	fi

lint:
	.venv/bin/ruff check . && .venv/bin/ruff format --check .

check-deploy: setup
	DEBUG=0 SECRET_KEY=$$(head -c 48 /dev/urandom | base64) ALLOWED_HOSTS=fazhi.example.gov.cn $(PY) manage.py check --deploy --fail-level WARNING

# Province benchmark (docs/performance.md): BENCH_SCALE=small (default) | moderate | full, or BENCH_ARGS.
# Its own SQLite file under var/bench, or the DATABASE_URL given (never the demo database).
bench: export FAZHI_INSECURE_HTTP = 1
bench: export FAZHI_DATA_DIR = var/bench
bench: setup
	mkdir -p $(FAZHI_DATA_DIR)
	$(PY) bench/run.py $(BENCH_ARGS)
