from taizhang.cli.base import ListCommand
from taizhang.matters.models import PracticalMatter


class Command(ListCommand):
    help = "为民办实事：list 列出实事"
    kind_label = "为民办实事"
    model = PracticalMatter
    related = ("unit", "lead_leader")

    def row(self, m):
        return {"id": m.pk, "unit": m.unit.code, "title": m.title, "category": m.category,
                "lead_leader": m.leader_display, "status": m.status, "status_label": m.get_status_display(),
                "beneficiaries": m.beneficiaries, "money": m.money, "satisfaction": m.satisfaction}
