"""The API at /api/v1/. Each app's `api` module declares a `router`, mounted below under its prefix.
Routes call the same selectors and services as the web pages.

The contract of every app: response schemas read model attributes (taizhang.api.schemas), every list is one
page of `taizhang.api.pagination.Paged`, a list reads the page's own filter through a query schema generated
from it (taizhang.api.filters), and every update or transition requires the `version` the caller read (409 when stale).
"""

from django.db import DatabaseError
from ninja import NinjaAPI
from ninja.errors import AuthenticationError, HttpError
from ninja.errors import ValidationError as NinjaValidationError

from taizhang.api.auth import ActiveSessionAuth, TokenAuth
from taizhang.api.filters import FILTER_ERROR
from taizhang.campaigns.api import router as campaigns_router
from taizhang.core.exceptions import TaizhangError
from taizhang.core.faults import fault_response
from taizhang.dossier.api import router as dossier_router
from taizhang.institutions.api import router as institutions_router
from taizhang.ledger.api import router as ledger_router
from taizhang.materials.api import router as materials_router
from taizhang.matters.api import router as matters_router
from taizhang.notifications.api import router as notifications_router
from taizhang.orgs.api import router as orgs_router
from taizhang.quality.api import router as quality_router
from taizhang.research.api import router as research_router
from taizhang.search.api import router as search_router
from taizhang.similarity.api import router as similarity_router
from taizhang.stats.api import router as stats_router
from taizhang.study.api import router as study_router
from taizhang.supervision.api import router as supervision_router

# The errors every operation may answer besides its own success code, each as `{"message": …}` (the handlers below,
# the site's JSON error handlers and taizhang.core.faults). Declared on every operation of the generated schema
# (so clients and schemathesis know them) rather than on each route's `response=`, where a second code would
# change the status ninja gives a route's plain return value.
ERROR_BODY = {
    "title": "Error",
    "type": "object",
    "properties": {
        "message": {"type": "string", "description": "中文说明，指出字段或取值"},
        "field": {"type": "string", "description": "出错的字段"},
        "errors": {"description": "逐项的错误（字段与说明）"},
        "code": {"type": "string"},
        "detail": {"type": "string"},
    },
}
ERRORS = {
    400: "请求无法执行（如状态不允许）",
    401: "未登录或令牌无效",
    403: "没有权限，或须先修改密码",
    404: "记录不存在或不在调用者的范围内",
    409: "记录已被他人修改（version 过期）",
    422: "参数或请求体无效",
    503: "数据库暂时无法连接",
    507: "服务器存储空间不足，文件未保存",
}


def _error_codes(method: str, operation: dict) -> list[int]:
    codes = [400, 401, 403, 404, 422, 503]  # 422 also for a NUL character anywhere (taizhang.api.middleware)
    if method != "get":
        codes.append(409)
    if "multipart/form-data" in operation.get("requestBody", {}).get("content", {}):
        codes.append(507)
    return sorted(codes)


class TaizhangAPI(NinjaAPI):
    def get_openapi_schema(self, *, path_prefix=None, path_params=None):
        schema = super().get_openapi_schema(path_prefix=path_prefix, path_params=path_params)
        schema.setdefault("components", {}).setdefault("schemas", {})["Error"] = ERROR_BODY
        for methods in schema["paths"].values():
            for method, operation in methods.items():
                for code in _error_codes(method, operation):
                    operation["responses"].setdefault(code, {
                        "description": ERRORS[code],
                        "content": {"application/json": {"schema": {"$ref": "#/components/schemas/Error"}}}})
        return schema


api = TaizhangAPI(
    title="台账 API",
    version="1",
    description="taizhang 专项工作台账接口。所有数据均按调用者的角色和单位范围过滤。",
    auth=[TokenAuth(), ActiveSessionAuth()],
    urls_namespace="api",
)


@api.exception_handler(TaizhangError)
def _service_error(request, exc: TaizhangError):
    body = {"message": exc.message}
    if exc.field:
        body["field"] = exc.field
    errors = getattr(exc, "errors", None)
    if errors:
        body["errors"] = errors
    return api.create_response(request, body, status=exc.status_code)


@api.exception_handler(AuthenticationError)
def _auth_error(request, exc):
    return api.create_response(request, {"message": "未登录或令牌无效"}, status=401)


# pydantic's error types in the words of the rest of the API; anything else keeps pydantic's text.
_PROBLEMS = {
    "missing": "必填", "int_parsing": "应为整数", "int_type": "应为整数", "bool_parsing": "应为 true 或 false",
    "date_parsing": "应为日期（YYYY-MM-DD）", "date_from_datetime_parsing": "应为日期（YYYY-MM-DD）",
    "datetime_parsing": "应为时间", "string_type": "应为文本", "list_type": "应为列表", "dict_type": "应为对象",
    "greater_than_equal": "数值太小", "less_than_equal": "数值太大", "json_invalid": "JSON 格式错误",
    "decimal_parsing": "应为数字", "float_parsing": "应为数字", "extra_forbidden": "不是可提交的字段",
}


@api.exception_handler(NinjaValidationError)
def _validation_error(request, exc: NinjaValidationError):
    details, explained = [], []
    for err in exc.errors:
        loc = ".".join(str(p) for p in err.get("loc", []) if p not in ("body", "query", "path", "payload", "filters"))
        details.append({"field": loc, "message": _PROBLEMS.get(err.get("type", ""), err.get("msg", ""))})
        if err.get("type") == FILTER_ERROR:  # the list filter's own message, naming the field in Chinese
            explained.append(details[-1]["message"])
    missing = "、".join(d["field"] for d in details if d["message"] == _PROBLEMS["missing"] and d["field"])
    invalid = "、".join(d["field"] for d in details
                       if d["message"] not in (_PROBLEMS["missing"], *explained) and d["field"])
    parts = ([f"缺少必填参数：{missing}"] if missing else []) + ([f"参数无效：{invalid}"] if invalid else []) + explained
    return api.create_response(request, {"message": "；".join(parts) or "参数无效：请求", "errors": details},
                               status=422)


@api.exception_handler(DatabaseError)
def _database_error(request, exc: DatabaseError):
    # A database that went away answers 503, a full disk 507 (taizhang.core.faults); anything else is a bug.
    response = fault_response(request, exc)
    if response is None:
        raise exc
    return response


@api.exception_handler(HttpError)
def _http_error(request, exc: HttpError):
    return api.create_response(request, {"message": str(exc)}, status=exc.status_code)


# Every app's router, mounted explicitly (as config/urls.py includes every app's pages).
api.add_router("", orgs_router)  # /me, /units
api.add_router("", campaigns_router)  # /campaigns
api.add_router("/problems", ledger_router)
api.add_router("/research", research_router)
api.add_router("/study", study_router)
api.add_router("/matters", matters_router)
api.add_router("/institutions", institutions_router)
api.add_router("/materials", materials_router)
api.add_router("/similarity", similarity_router)
api.add_router("/supervision", supervision_router)
api.add_router("/notifications", notifications_router)
api.add_router("/stats", stats_router)
api.add_router("/dossier", dossier_router)
api.add_router("/search", search_router)
api.add_router("/quality", quality_router)
