from taizhang.cli.base import ListCommand
from taizhang.research.models import ResearchTopic


class Command(ListCommand):
    help = "调研课题：list 列出课题"
    kind_label = "调研课题"
    model = ResearchTopic
    related = ("unit", "lead_leader")

    def row(self, t):
        return {"id": t.pk, "unit": t.unit.code, "title": t.title, "lead_leader": t.leader_display,
                "status": t.status, "status_label": t.get_status_display(), "planned_start": t.planned_start,
                "planned_end": t.planned_end}
