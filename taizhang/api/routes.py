"""The two routes every app's records have, declared once: the list and the detail.

    record_routes(router, "/topics", name="topic", label="调研课题", out=TopicOut, detail_out=TopicDetailOut,
                  query=TopicQuery, rows=selectors.topic_list, get=selectors.topic_get)

registers ``GET /topics`` (one page of `rows` filtered by `query`, url name topic_list) and
``GET /topics/{topic_id}`` (the record from `get`, 404 outside the user's scope, url name topic_detail).
"""

from ninja import Path, Query, Router, Schema
from pydantic import create_model

from taizhang.api.pagination import paged


def record_routes(router: Router, path: str, *, name: str, label: str, out: type[Schema], query: type[Schema],
                  rows, get, detail_out: type[Schema] | None = None) -> None:
    """Register `<name>_list` at `path` and `<name>_detail` at `path/{<name>_id}` on `router`."""
    id_name = f"{name}_id"
    key = create_model(f"{name.title()}Key", __base__=Schema, **{id_name: (int, ...)})

    @router.get(path, response=list[out], summary=f"{label}列表", url_name=f"{name}_list", operation_id=f"{name}_list")
    @paged
    def record_list(request, filters: Query[query]):
        return filters.rows(request.user, rows)

    @router.get(f"{path.rstrip('/')}/{{{id_name}}}", response=detail_out or out, summary=f"{label}详情",
                url_name=f"{name}_detail", operation_id=f"{name}_detail")
    def record_detail(request, ids: Path[key]):
        return get(request.user, getattr(ids, id_name))
