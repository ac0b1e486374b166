"""The API at /api/v1/. Each app's `api` module declares a `router`, mounted below under its prefix.
Routes call the same selectors and services as the web pages.

The contract of every app: response schemas read model attributes (taizhang.api.schemas), every list is one
page of `taizhang.api.pagination.Paged`, a list reads the page's own filter through a query schema generated
from it (taizhang.api.filters), and every update or transition requires the `version` the caller read (409 when stale).
"""

from ninja import NinjaAPI
from ninja.errors import AuthenticationError, HttpError
from ninja.errors import ValidationError as NinjaValidationError

from taizhang.api.auth import ActiveSessionAuth, TokenAuth
from taizhang.api.filters import FILTER_ERROR
from taizhang.campaigns.api import router as campaigns_router
from taizhang.core.exceptions import TaizhangError
from taizhang.dossier.api import router as dossier_router
from taizhang.institutions.api import router as institutions_router
from taizhang.ledger.api import router as ledger_router
from taizhang.materials.api import router as materials_router
from taizhang.matters.api import router as matters_router
from taizhang.notifications.api import router as notifications_router
from taizhang.orgs.api import router as orgs_router
from taizhang.research.api import router as research_router
from taizhang.search.api import router as search_router
from taizhang.similarity.api import router as similarity_router
from taizhang.stats.api import router as stats_router
from taizhang.study.api import router as study_router
from taizhang.supervision.api import router as supervision_router

api = NinjaAPI(
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
