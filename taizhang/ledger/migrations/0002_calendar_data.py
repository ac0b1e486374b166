"""Load the shipped 2023–2027 holiday and 调休 calendar (taizhang/ledger/data/cn_calendar.json)."""

from django.db import migrations


def load(apps, schema_editor):
    from taizhang.ledger.workdays import shipped_days

    CalendarDay = apps.get_model("ledger", "CalendarDay")
    existing = set(CalendarDay.objects.values_list("date", flat=True))
    CalendarDay.objects.bulk_create(
        CalendarDay(date=d, is_workday=w, name=n) for d, w, n in shipped_days() if d not in existing
    )


class Migration(migrations.Migration):
    dependencies = [("ledger", "0001_initial")]
    operations = [migrations.RunPython(load, migrations.RunPython.noop)]
