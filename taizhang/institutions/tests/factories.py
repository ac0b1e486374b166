from datetime import date

from taizhang.institutions import services


def make_institution(w, unit="K1", **kw):
    defaults = dict(title="关于进一步规范督查检查考核工作的若干措施", doc_number="东办发〔2026〕12号", kind="new",
                    issued_date=date(2026, 10, 8))
    defaults.update(kw)
    return services.institution_create(actor=None, campaign=w.campaign(), unit=w.unit(unit), **defaults)
