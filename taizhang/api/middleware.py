"""Text with a NUL character (U+0000) is refused before any API route sees it.

PostgreSQL cannot store NUL in text (psycopg raises ValueError, which answered 500), SQLite and MariaDB would
store text nobody can type or see. Django's forms refuse it on the pages (ProhibitNullCharactersValidator); the
API's schemas do not, so this answers a JSON 422 naming the parameter for a query parameter, a form field or any
string in a JSON body that holds one."""

import json

from django.http import JsonResponse

NUL = "\x00"


def _nul_path(value, path: str = "") -> str | None:
    """The dotted path of the first string holding NUL in a parsed JSON value, or None."""
    if isinstance(value, str):
        return path if NUL in value else None
    if isinstance(value, dict):
        items = value.items()
    elif isinstance(value, list):
        items = enumerate(value)
    else:
        return None
    for key, item in items:
        if isinstance(key, str) and NUL in key:
            return f"{path}.{key}".strip(".")
        found = _nul_path(item, f"{path}.{key}".strip("."))
        if found is not None:
            return found
    return None


def nul_field(request) -> str | None:
    for name, values in request.GET.lists():
        if NUL in name or any(NUL in v for v in values):
            return name
    content_type = request.content_type or ""
    if request.method in ("POST", "PUT", "PATCH", "DELETE"):
        if content_type == "application/json":
            try:
                body = json.loads(request.body or b"null")
            except (ValueError, UnicodeDecodeError):
                return None  # the route answers its own 422 for a body that is not JSON
            return _nul_path(body, "")
        if content_type in ("multipart/form-data", "application/x-www-form-urlencoded"):
            for name, values in request.POST.lists():
                if NUL in name or any(NUL in v for v in values):
                    return name
    return None


class RefuseNulMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if request.path_info.startswith("/api/"):
            field = nul_field(request)
            if field is not None:
                message = "不能包含空字符（U+0000）"
                return JsonResponse({"message": f"参数无效：{field or '请求体'}{message}",
                                     "errors": [{"field": field, "message": message}]}, status=422)
        return self.get_response(request)
