from taizhang.cli.base import ListCommand
from taizhang.study.models import StudyActivity


class Command(ListCommand):
    help = "学习活动：list 列出学习活动"
    kind_label = "学习活动"
    model = StudyActivity

    columns = ("id:pk", "unit:unit.code", "type", "type_label:get_type_display", "title", "start_date",
               "days", "participant_count", "attendance", "speakers", "outputs")
