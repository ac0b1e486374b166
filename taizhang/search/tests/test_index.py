"""The index follows every write: create, update through the services' optimistic lock, lifecycle, delete,
a move to another unit, and the bulk paths; `reindex` writes it all again."""

from django.core.management import call_command

from taizhang.institutions.tests.factories import make_institution
from taizhang.ledger import services as ledger
from taizhang.ledger.lifecycle import problem_transition
from taizhang.ledger.models import Problem
from taizhang.ledger.tests.factories import problem as make_problem
from taizhang.materials.tests.factories import make_material
from taizhang.matters import services as matters
from taizhang.matters.tests.factories import make_matter
from taizhang.research.models import TopicStatus
from taizhang.research.tests.factories import make_topic, make_visit
from taizhang.search.index import rebuild
from taizhang.search.models import SearchEntry
from taizhang.search.selectors import search_entries


def found(user, query, **filters) -> set[tuple[str, int]]:
    return {(e.kind, e.object_id) for e in search_entries(user, query, **filters)}


def test_a_new_problem_is_found_by_a_word_of_its_description(world):
    p = make_problem(world, "T1", title="会议室使用不规范", description="存在文山会海现象，基层负担重")
    assert found(world.county_office, "文山会海") == {("problem", p.pk)}
    assert found(world.county_office, "会议室") == {("problem", p.pk)}


def test_an_update_through_the_service_replaces_the_indexed_text(world):
    p = make_problem(world, "T1", title="台账资料繁多")
    ledger.problem_update(actor=world.county_office, problem=p, expected_version=p.version,
                          title="督查检查考核过多过频")
    assert found(world.county_office, "督查检查考核") == {("problem", p.pk)}
    assert found(world.county_office, "台账资料") == set()


def test_a_status_change_of_the_lifecycle_reaches_the_index(world):
    p = make_problem(world, "T1", title="村级活动场所利用率低")
    problem_transition(actor=world.county_office, problem=p, action="accept")
    entry = SearchEntry.objects.get(kind="problem", object_id=p.pk)
    assert entry.status == "in_progress"
    assert found(world.county_office, "活动场所", status="in_progress") == {("problem", p.pk)}


def test_measures_and_progress_are_indexed_and_leave_with_their_problem(world):
    p = problem_transition(actor=world.county_office, problem=make_problem(world, "T1", title="为民服务窗口办事慢"),
                           action="accept")
    m = ledger.measure_add(actor=world.county_office, problem=p, text="推行一窗受理、限时办结制度")
    r = ledger.progress_add(actor=world.county_office, problem=p, text="已开通帮办代办专窗", percent=40, files=[])
    assert found(world.county_office, "一窗受理") == {("measure", m.pk)}
    assert found(world.county_office, "帮办代办") == {("progress", r.pk)}
    Problem.objects.filter(pk=p.pk).delete()
    assert not SearchEntry.objects.filter(object_id__in=[p.pk, m.pk, r.pk],
                                          kind__in=["problem", "measure", "progress"]).exists()


def test_a_problem_moved_to_another_unit_takes_its_measures_into_the_new_scope(world):
    p = make_problem(world, "T1", title="矛盾纠纷化解不及时")
    m = ledger.measure_add(actor=world.county_office, problem=p, text="建立矛盾纠纷多元化解机制")
    assert found(world.township_office, "多元化解") == {("measure", m.pk)}
    ledger.problem_update(actor=world.county_office, problem=p, expected_version=p.version, unit=world.unit("T2"))
    assert found(world.township_office, "多元化解") == set()
    assert found(world.township_office, "矛盾纠纷") == set()
    assert found(world.county_office, "多元化解") == {("measure", m.pk)}


def test_every_workstream_is_indexed(world):
    topic = make_topic(world, title="关于农村集体经济发展的调研", status=TopicStatus.RESEARCHING)
    visit = make_visit(world, topic, site="V1")
    matter = make_matter(world, title="东村自来水管网改造")
    inst = make_institution(world, title="关于进一步规范督查检查考核工作的若干措施")
    material = make_material(world, title="抓实三会一课的几点做法", body="坚持问题导向，推动基层党建提质增效")
    office = world.county_office
    assert ("topic", topic.pk) in found(office, "集体经济")
    assert ("visit", visit.pk) in found(office, "东村党支部")
    assert found(office, "自来水") == {("matter", matter.pk)}
    assert found(office, "督查检查考核") == {("institution", inst.pk)}
    assert found(office, "提质增效") == {("material", material.pk)}


def test_a_matter_edited_by_its_service_is_found_by_its_new_words(world):
    matter = make_matter(world, title="东村路灯维修")
    matters.matter_update(actor=None, matter=matter, expected_version=matter.version, description="安装太阳能路灯")
    assert found(world.county_office, "太阳能") == {("matter", matter.pk)}


def test_the_last_word_is_matched_as_a_prefix_while_typing(world):
    p = make_problem(world, "T1", title="基层减负落实不到位")
    assert found(world.county_office, "基层减") == {("problem", p.pk)}


def test_reindex_writes_every_row_again(world):
    p = make_problem(world, "T1", title="调研走过场")
    SearchEntry.objects.all().delete()
    assert found(world.county_office, "走过场") == set()
    counts = rebuild()
    assert counts["problem"] >= 1
    assert found(world.county_office, "走过场") == {("problem", p.pk)}


def test_reindex_command_reports_its_counts_as_json(world, capsys):
    make_problem(world, "T1", title="学用脱节")
    SearchEntry.objects.all().delete()
    call_command("search", "reindex", "--json")
    out = capsys.readouterr().out
    assert '"ok": true' in out and '"problem": ' in out
    assert found(world.county_office, "学用脱节")
