# The two commands a newcomer needs: `make run` (demo on SQLite, no services) and `make test`.
PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
PORT ?= 8000

.PHONY: venv run test lint format bench clean vendor-chartjs

venv: $(VENV)/.installed

$(VENV)/.installed: pyproject.toml
	@$(PYTHON) -c 'import sys; sys.exit(0 if sys.version_info >= (3, 11) else "Python 3.11 or newer is required")'
	test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -e ".[dev]"
	touch $@

run: venv
	DJANGO_SETTINGS_MODULE=config.settings.local $(PY) manage.py migrate --noinput
	DJANGO_SETTINGS_MODULE=config.settings.local $(PY) manage.py seed_demo
	DJANGO_SETTINGS_MODULE=config.settings.local $(PY) manage.py runserver 127.0.0.1:$(PORT)

test: venv
	bash scripts/test.sh

lint: venv
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .

format: venv
	$(VENV)/bin/ruff check --fix .
	$(VENV)/bin/ruff format .

bench: venv
	bash scripts/test.sh --bench

# Chart.js is committed under static/vendor/chartjs/ (served by whitenoise, no CDN, nothing fetched at
# install or run time). This target fetches the same release again from the npm registry and checks it.
CHARTJS_VERSION := 4.4.1
CHARTJS_SHA256 := 74401d738dd3e03ee5dfb3b6841210fe2c4ead8a960c4011ca4ba0b78a9fd8f3
vendor-chartjs:
	rm -rf /tmp/chartjs-pack && mkdir -p /tmp/chartjs-pack
	cd /tmp/chartjs-pack && npm pack --silent chart.js@$(CHARTJS_VERSION) && tar xzf chart.js-$(CHARTJS_VERSION).tgz
	echo "$(CHARTJS_SHA256)  /tmp/chartjs-pack/package/dist/chart.umd.js" | sha256sum -c -
	# The source map comes too: chart.umd.js names it, and collectstatic's manifest refuses a missing one.
	cp /tmp/chartjs-pack/package/dist/chart.umd.js /tmp/chartjs-pack/package/dist/chart.umd.js.map \
	  /tmp/chartjs-pack/package/LICENSE.md static/vendor/chartjs/

clean:
	rm -rf $(VENV) db.sqlite3 media .test-media staticfiles
