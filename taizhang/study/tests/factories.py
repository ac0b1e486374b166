from datetime import date

from taizhang.study import services


def make_activity(w, unit="V1", **kw):
    defaults = dict(type="reading_class", title="主题教育读书班", start_date=date(2026, 9, 15),
                    end_date=date(2026, 9, 17), participant_count=26, speakers=9)
    defaults.update(kw)
    return services.activity_create(actor=None, campaign=w.campaign(), unit=w.unit(unit), **defaults)
