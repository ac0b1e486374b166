from taizhang.cli.base import ListCommand
from taizhang.matters.models import PracticalMatter


class Command(ListCommand):
    help = "为民办实事：list 列出实事"
    kind_label = "为民办实事"
    model = PracticalMatter
    related = ("unit", "lead_leader")
    columns = ("id:pk", "unit:unit.code", "title", "category", "lead_leader:leader_display", "status",
               "status_label:get_status_display", "beneficiaries", "money", "satisfaction")
