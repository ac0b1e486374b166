from taizhang.cli.base import ListCommand
from taizhang.study.models import StudyActivity


class Command(ListCommand):
    help = "学习活动：list 列出学习活动"
    kind_label = "学习活动"
    model = StudyActivity

    def row(self, a):
        return {"id": a.pk, "unit": a.unit.code, "type": a.type, "type_label": a.get_type_display(),
                "title": a.title, "start_date": a.start_date, "days": a.days,
                "participant_count": a.participant_count, "attendance": a.attendance, "speakers": a.speakers,
                "outputs": a.outputs}
