# taizhang — the two commands of the README: `make demo` and `make test`.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
PORT ?= 8000
DEMO_SIZE ?= small

.PHONY: demo test install install-dev assets migrate lint check-browser serve clean bundle

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip

install: $(BIN)/python assets
	$(BIN)/pip install --quiet -e .

install-dev: $(BIN)/python assets
	$(BIN)/pip install --quiet -e ".[dev]"

# Bootstrap and ECharts from the npm registry (package-lock.json pins them), served by taizhang itself.
assets:
	@if [ ! -d node_modules/bootstrap ] || [ ! -d node_modules/echarts ]; then npm ci --no-audit --no-fund --loglevel=error; fi
	$(PYTHON) scripts/vendor_assets.py

migrate: install
	$(BIN)/taizhang migrate --noinput -v 0

demo: migrate
	$(BIN)/taizhang demo --size $(DEMO_SIZE) --if-empty
	@echo ""
	@echo "浏览器打开 http://127.0.0.1:$(PORT)/ ，用上面的演示账号登录（Ctrl+C 停止）"
	$(BIN)/taizhang serve --host 127.0.0.1 --port $(PORT) --workers 2

lint: install-dev
	$(BIN)/ruff check .

# The suite runs in one process per core (pytest-xdist; each process has a test database of its own).
# `make test TEST_WORKERS=0` runs it in this process only.
TEST_WORKERS ?= auto

test: install-dev
	$(BIN)/ruff check .
	$(BIN)/python -m pytest -q -n $(TEST_WORKERS)

# Offline install bundles for intranet servers (linux x86_64 and aarch64) in dist/; see docs/deployment.md.
bundle: install
	$(BIN)/python scripts/bundle.py build

clean:
	rm -rf $(VENV) node_modules taizhang/static/vendor
