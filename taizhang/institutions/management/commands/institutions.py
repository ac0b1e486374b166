from taizhang.cli.base import ListCommand
from taizhang.institutions.models import Institution


class Command(ListCommand):
    help = "建章立制：list 列出制度"
    kind_label = "制度"
    model = Institution

    columns = ("id:pk", "unit:unit.code", "title", "doc_number", "kind", "kind_label:get_kind_display",
               "issued_date")
