"""A list route reads the list page's own filter: the same query string gives the page's rows, a value the page
cannot use answers 422 with the filter's Chinese message, and the OpenAPI schema documents every field."""

from datetime import date

import pytest
from django.urls import reverse

from taizhang.api.filters import query_schema
from taizhang.api.tests.helpers import items
from taizhang.audit.filters import EventFilter
from taizhang.institutions.filters import InstitutionFilter
from taizhang.institutions.tests.factories import make_institution
from taizhang.ledger.filters import ProblemFilters
from taizhang.ledger.tests import factories as F
from taizhang.materials.filters import MaterialFilter
from taizhang.materials.tests.factories import make_material
from taizhang.matters.filters import MatterFilter
from taizhang.matters.tests.factories import make_matter
from taizhang.research.filters import TopicFilter
from taizhang.research.models import TopicStatus
from taizhang.research.tests.factories import make_topic
from taizhang.study.filters import ActivityFilter
from taizhang.study.tests.factories import make_activity
from taizhang.supervision.filters import SlipFilter
from taizhang.supervision.tests.factories import slip, step


def _problems(w):
    F.problem(w, "T1", title="乡镇待认领")
    F.problem(w, "V1", title="村待认领")
    F.accepted(w, "T1", title="乡镇整改中")
    F.problem(w, "K1", title="县待认领")


def _topics(w):
    make_topic(w, title="乡村振兴调研", status=TopicStatus.TAKEN)
    make_topic(w, title="基层减负调研")


def _matters(w):
    make_matter(w, title="东村路灯")
    make_matter(w, title="西村自来水", status="claimed")


def _activities(w):
    make_activity(w)
    make_activity(w, "T2", type="party_lecture", title="专题党课")


def _institutions(w):
    make_institution(w)
    make_institution(w, kind="revised", title="修订的制度", doc_number="东办发〔2026〕13号")


def _materials(w):
    make_material(w)
    make_material(w, genre="research_report", title="调研报告")


def _slips(w):
    step(w, slip(w), "sign")
    slip(w, kind="warning")
    slip(w, kind="warning", unit="T2")


# (page url name, API path, query string, rows to make, the titles the query leaves)
LISTS = [
    ("ledger:list", "/api/v1/problems", "campaign=test-campaign&unit=T1&status=待认领", _problems,
     {"乡镇待认领", "村待认领"}),
    ("research:topic_list", "/api/v1/research/topics", "campaign=test-campaign&status=已领题", _topics,
     {"乡村振兴调研"}),
    ("matters:matter_list", "/api/v1/matters/", "status=claimed&unit=V1", _matters, {"西村自来水"}),
    ("study:activity_list", "/api/v1/study/activities", "unit=T2", _activities, {"专题党课"}),
    ("institutions:institution_list", "/api/v1/institutions/", "kind=修订", _institutions, {"修订的制度"}),
    ("materials:material_list", "/api/v1/materials/", "genre=research_report", _materials, {"调研报告"}),
    ("supervision:slip_list", "/api/v1/supervision/slips", "tab=issued&kind=warning&status=已发出", _slips, None),
]


def _page_rows(response) -> list:
    page = response.context["page"]
    return list(page["rows"] if isinstance(page, dict) else page.object_list)


@pytest.mark.parametrize(("page_name", "path", "query", "make", "titles"), LISTS, ids=[p for p, *_ in LISTS])
def test_a_list_route_answers_the_pages_rows_for_the_same_query_string(world, login, page_name, path, query, make,
                                                                        titles):
    make(world)
    client = login("county_office")
    on_page = _page_rows(client.get(f"{reverse(page_name)}?{query}"))
    rows = items(client.get(f"{path}?{query}"))
    assert [r["id"] for r in rows] == [r.pk for r in on_page] and rows
    if titles is not None:
        assert {r["title"] for r in rows} == titles
    else:
        assert {(r["kind"], r["target_unit"]) for r in rows} == {("warning", "T1"), ("warning", "T2")}


@pytest.mark.parametrize(("path", "query", "message", "field"), [
    ("/api/v1/research/topics", {"status": "bogus"},
     "「状态」的值「bogus」无效，可选：拟定、已领题、调研中、已形成报告、成果转化中、已完成", "status"),
    ("/api/v1/matters/", {"unit": "K3"}, "「单位」：未找到名为「K3」的单位，或该单位不在您的权限范围内", "unit"),
    ("/api/v1/supervision/slips", {"tab": "mine"}, "「范围」的值「mine」无效，可选：收到的、发出的、全部", "tab"),
    ("/api/v1/problems", {"sort": "title"},
     "「排序」的值「title」无效，可选：编号、编号倒序、时限、时限倒序、最近更新、单位", "sort"),
])
def test_a_value_the_page_cannot_use_answers_422_naming_the_field(world, login, path, query, message, field):
    F.problem(world, title="会风不实")
    make_topic(world)
    make_matter(world)
    response = login("county_office").get(path, query)
    assert response.status_code == 422
    assert response.json() == {"message": message, "errors": [{"field": field, "message": message}]}


def test_every_refused_value_is_named_and_type_errors_keep_their_words(world, login):
    client = login("county_office")
    both = client.get("/api/v1/research/topics", {"status": "bogus", "unit": "K3"}).json()
    assert [e["field"] for e in both["errors"]] == ["unit", "status"]
    assert both["message"] == "；".join(e["message"] for e in both["errors"])
    typed = client.get("/api/v1/problems", {"overdue": "maybe", "light": "紫灯"}).json()
    assert typed == {"message": "参数无效：overdue", "errors": [{"field": "overdue", "message": "应为 true 或 false"}]}


def test_the_ledger_list_without_a_campaign_is_the_current_one_and_checks_its_codes(world, login):
    F.problem(world, title="会风不实", category=world.campaign().code_choices("problem_category")[0][0])
    client = login("county_office")
    value, label = world.campaign().code_choices("problem_category")[0]
    assert [p["title"] for p in items(client.get("/api/v1/problems", {"category": label}))] == ["会风不实"]
    refused = client.get("/api/v1/problems", {"category": "不存在的类别"}).json()
    assert refused["errors"][0]["field"] == "category" and refused["message"].startswith("「类别」的值「不存在的类别」无效")


@pytest.mark.parametrize(("path", "filter_class"), [
    ("/api/v1/problems", ProblemFilters), ("/api/v1/research/topics", TopicFilter), ("/api/v1/matters/", MatterFilter),
    ("/api/v1/study/activities", ActivityFilter), ("/api/v1/institutions/", InstitutionFilter),
    ("/api/v1/materials/", MaterialFilter), ("/api/v1/supervision/slips", SlipFilter),
])
def test_the_openapi_schema_documents_each_field_of_the_pages_filter(client, world, path, filter_class):
    parameters = client.get("/api/v1/openapi.json").json()["paths"][path]["get"]["parameters"]
    documented = {p["name"]: p for p in parameters}
    assert set(documented) == {"campaign", "page", "page_size", *(f.param for f in filter_class.fields.values())}
    for f in filter_class.fields.values():
        assert documented[f.param]["description"].startswith(f.label) and not documented[f.param]["required"]


def test_the_query_schema_takes_types_names_and_choices_from_the_filter():
    schema = query_schema(EventFilter).model_json_schema(by_alias=True)["properties"]
    assert schema["from"]["format"] == "date" and schema["from"]["description"] == "起始日期"
    assert set(schema) == {"campaign", "action", "actor", "obj", "ip", "from", "to"}
    problems = query_schema(ProblemFilters, current_campaign=True).model_json_schema()["properties"]
    assert problems["overdue"]["type"] == "boolean" and problems["sort"]["default"] == "number"
    assert problems["status"]["description"].startswith("状态：pending（待认领）")
    assert problems["campaign"]["description"] == "专项工作（slug）；不填为当前专项工作"
    assert query_schema(EventFilter)(**{"from": date(2026, 1, 31)}).date_from == date(2026, 1, 31)
