"""A small ledger in 东县 (K1) touching every workstream, built through the apps' services."""

from datetime import date, timedelta

from django.utils import timezone

from taizhang.ledger import services as ledger
from taizhang.ledger.tests import factories as lf
from taizhang.research import services as research
from taizhang.research.models import VisitStatus
from taizhang.research.tests.factories import make_topic


def ledger_data(w) -> dict:
    from taizhang.institutions.tests.factories import make_institution
    from taizhang.matters.tests.factories import make_matter
    from taizhang.research.models import TopicStatus
    from taizhang.study.tests.factories import make_activity

    closed = lf.closed(w, "V1", title="基层减负落实不到位", actor="village_clerk", requester="village_clerk")
    overdue = lf.accepted(w, "V2", title="村务公开不及时", deadline=lf.overdue_by(10))
    open_ = lf.accepted(w, "T2", title="调研走访覆盖面不够", deadline=timezone.localdate() + timedelta(days=40))
    lf.problem(w, "K1", title="学习制度执行不严")
    m1 = ledger.measure_add(actor=None, problem=open_, text="制定走访计划")
    ledger.measure_add(actor=None, problem=open_, text="建立联系点")
    ledger.measure_set_status(actor=None, measure=m1, status="done")
    topic = make_topic(w, "K1", status=TopicStatus.RESEARCHING, title="农村集体经济发展调研")
    research.visit_create(actor=None, topic=topic, start_date=date(2026, 10, 10), method="forum",
                          site_unit=w.unit("V1"), status=VisitStatus.DONE, people_met="村民代表12人",
                          people_met_count=12, solved_on_site="修复村道路灯", solved_count=2, confirm_cluster=True)
    research.topic_report(actor=None, topic=topic, expected_version=None,
                          abstract="一、基本情况\n全县村级集体经济总体向好。\n二、存在问题\n部分村缺乏稳定收入来源。")
    research.transformation_create(actor=None, topic=topic, kind="rule", title="村级集体经济发展扶持办法")
    make_institution(w, "K1")
    make_institution(w, "T1", title="镇机关干部下基层制度", doc_number="东镇发〔2026〕3号", kind="revised")
    make_activity(w, "V1")
    make_activity(w, "T1", type="seminar", title="专题研讨", participant_count=30, speakers=12)
    make_matter(w, "V1")
    return {"closed": closed, "overdue": overdue, "open": open_, "topic": topic}
