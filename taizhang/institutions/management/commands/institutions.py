from taizhang.cli.base import ListCommand
from taizhang.institutions.models import Institution


class Command(ListCommand):
    help = "建章立制：list 列出制度"
    kind_label = "制度"
    model = Institution

    def row(self, i):
        return {"id": i.pk, "unit": i.unit.code, "title": i.title, "doc_number": i.doc_number, "kind": i.kind,
                "kind_label": i.get_kind_display(), "issued_date": i.issued_date}
