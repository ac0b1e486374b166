"""Log lines for a log collector: with TAIZHANG_LOG_FORMAT=json every line is one JSON object with the time,
level, logger, message, the caller's extra fields, the request and the traceback; an unknown format stops the
process at start naming the variable."""

import json
import logging
import os
import subprocess
import sys

from django.conf import settings
from django.test import RequestFactory

from taizhang.core.logging import GUNICORN_ACCESS_FORMAT, JsonFormatter


def _line(record) -> dict:
    text = JsonFormatter().format(record)
    assert "\n" not in text
    return json.loads(text)


def test_a_record_becomes_one_json_line_with_its_extra_fields():
    logger = logging.getLogger("taizhang.test")
    record = logger.makeRecord("taizhang.test", logging.WARNING, __file__, 1, "导入批次 %s 超时", ("B-7",), None,
                               extra={"unit": "K1", "rows": 40000})
    line = _line(record)
    assert line["level"] == "WARNING" and line["logger"] == "taizhang.test"
    assert line["message"] == "导入批次 B-7 超时" and line["unit"] == "K1" and line["rows"] == 40000
    assert line["time"].endswith("+00:00")


def test_a_request_error_carries_the_request_status_and_traceback():
    request = RequestFactory().get("/ledger/p/7/")
    try:
        raise ValueError("坏数据")
    except ValueError:
        record = logging.getLogger("django.request").makeRecord(
            "django.request", logging.ERROR, __file__, 1, "Internal Server Error: %s", ("/ledger/p/7/",),
            sys.exc_info(), extra={"request": request, "status_code": 500})
    line = _line(record)
    assert (line["method"], line["path"], line["status"]) == ("GET", "/ledger/p/7/", 500)
    assert "ValueError: 坏数据" in line["exception"] and "request" not in line


def test_the_web_servers_access_log_format_is_a_json_object():
    fields = json.loads(GUNICORN_ACCESS_FORMAT)
    assert {"time", "method", "path", "status", "duration_us"} <= set(fields)


def test_an_unknown_log_format_stops_the_start_naming_the_variable(tmp_path):
    env = {**os.environ, "DJANGO_SETTINGS_MODULE": "config.settings", "TAIZHANG_DATA_DIR": str(tmp_path),
           "TAIZHANG_LOG_FORMAT": "xml"}
    done = subprocess.run([sys.executable, "-c", "import django; django.setup()"], cwd=settings.BASE_DIR, env=env,
                          capture_output=True, text=True, timeout=120)
    assert done.returncode != 0 and "TAIZHANG_LOG_FORMAT 的值「xml」无效" in done.stderr


def test_json_logging_configures_the_console_handler(tmp_path):
    env = {**os.environ, "DJANGO_SETTINGS_MODULE": "config.settings", "TAIZHANG_DATA_DIR": str(tmp_path),
           "TAIZHANG_LOG_FORMAT": "json"}
    env.pop("TAIZHANG_DATABASE_URL", None)
    probe = "import django, logging; django.setup(); logging.getLogger('taizhang.probe').warning('探针', extra={'k': 1})"
    done = subprocess.run([sys.executable, "-c", probe], cwd=settings.BASE_DIR, env=env, capture_output=True,
                          text=True, timeout=120)
    assert done.returncode == 0, done.stderr
    line = json.loads(done.stderr.strip().splitlines()[-1])
    assert line["message"] == "探针" and line["k"] == 1 and done.stdout == ""
