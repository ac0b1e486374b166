from taizhang.cli.base import ListCommand
from taizhang.research.models import ResearchVisit


class Command(ListCommand):
    help = "调研走访：list 列出走访"
    kind_label = "调研走访"
    model = ResearchVisit
    related = ("unit", "leader", "site_unit")
    columns = ("id:pk", "topic_id", "unit:unit.code", "start_date", "end_date", "site:site_display",
               "leader:leader_display", "method", "status", "solved_count")
