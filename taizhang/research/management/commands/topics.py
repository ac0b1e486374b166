from taizhang.cli.base import ListCommand
from taizhang.research.models import ResearchTopic


class Command(ListCommand):
    help = "调研课题：list 列出课题"
    kind_label = "调研课题"
    model = ResearchTopic
    related = ("unit", "lead_leader")
    columns = ("id:pk", "unit:unit.code", "title", "lead_leader:leader_display", "status",
               "status_label:get_status_display", "planned_start", "planned_end")
