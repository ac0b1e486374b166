"""Log lines as JSON objects, one per line (`TAIZHANG_LOG_FORMAT=json`, on stderr like every log line), for the log collectors of a
production deployment: every line carries the time (UTC, ISO 8601), the level, the logger and the message, and
an exception's traceback where there is one. Extra attributes a caller passes (`logger.info(..., extra={...})`)
and the request line of Django's request logger come along as fields of their own."""

from __future__ import annotations

import json
import logging
from datetime import UTC, datetime

# Attributes every LogRecord has; anything else on a record was passed by the caller as `extra`.
_STANDARD = set(vars(logging.LogRecord("", 0, "", 0, "", (), None))) | {"message", "asctime"}


class JsonFormatter(logging.Formatter):
    def format(self, record: logging.LogRecord) -> str:
        line = {
            "time": datetime.fromtimestamp(record.created, UTC).isoformat(timespec="milliseconds"),
            "level": record.levelname,
            "logger": record.name,
            "message": record.getMessage(),
        }
        request = getattr(record, "request", None)
        if request is not None and hasattr(request, "path"):
            line["method"], line["path"] = request.method, request.path
        for key, value in vars(record).items():
            if key not in _STANDARD and key not in ("request", "status_code") and not key.startswith("_"):
                line[key] = value if isinstance(value, (str, int, float, bool, type(None))) else str(value)
        if getattr(record, "status_code", None) is not None:
            line["status"] = record.status_code
        if record.exc_info:
            line["exception"] = self.formatException(record.exc_info)
        return json.dumps(line, ensure_ascii=False)


# gunicorn's access log as the same kind of line (its --access-logformat, atoms of gunicorn.glogging).
GUNICORN_ACCESS_FORMAT = json.dumps({
    "time": "%(t)s", "level": "INFO", "logger": "gunicorn.access", "remote": "%(h)s", "method": "%(m)s",
    "path": "%(U)s", "query": "%(q)s", "status": "%(s)s", "bytes": "%(B)s", "duration_us": "%(D)s",
    "user_agent": "%(a)s",
})
