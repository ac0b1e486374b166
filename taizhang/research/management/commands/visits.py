from taizhang.cli.base import ListCommand
from taizhang.research.models import ResearchVisit


class Command(ListCommand):
    help = "调研走访：list 列出走访"
    kind_label = "调研走访"
    model = ResearchVisit
    related = ("unit", "leader", "site_unit")

    def row(self, v):
        return {"id": v.pk, "topic_id": v.topic_id, "unit": v.unit.code, "start_date": v.start_date,
                "end_date": v.end_date, "site": v.site_display, "leader": v.leader_display, "method": v.method,
                "status": v.status, "solved_count": v.solved_count}
