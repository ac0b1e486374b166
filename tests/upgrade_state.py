"""Print the state of an installation as JSON: what an upgrade must keep. Run under each release's code."""
import json
import sys

import django

django.setup()

from django.apps import apps  # noqa: E402
from django.contrib.auth import get_user_model  # noqa: E402
from django.utils import timezone  # noqa: E402

from taizhang.campaigns.models import Campaign  # noqa: E402
from taizhang.ledger.models import Problem  # noqa: E402
from taizhang.stats.rollup import stats_for  # noqa: E402

KEYS = ["problems.found", "problems.listed", "problems.closed", "problems.withdrawn", "measures.total",
        "measures.done", "problems.immediate", "problems.long_term"]
counts = {m._meta.label_lower: m._base_manager.count() for m in apps.get_models()
          if m._meta.app_label not in ("sessions", "admin", "contenttypes", "auth") and m._meta.managed}
problems = {p.number: [p.title, p.status, str(p.deadline), p.unit.code, p.campaign.slug]
            for p in Problem._base_manager.select_related("unit", "campaign").order_by("pk")}
figures = {}
for c in Campaign.objects.order_by("pk"):
    known = [k for k in KEYS if k in __import__("taizhang.stats.catalogue", fromlist=["KEYS"]).KEYS]
    figures[c.slug] = stats_for(c.root_unit, c, keys=known)
login = get_user_model().objects.get(username=sys.argv[1]).check_password(sys.argv[2]) if len(sys.argv) > 2 else None
json.dump({"counts": counts, "problems": problems, "figures": figures, "login": login,
           "today": str(timezone.localdate())}, sys.stdout, ensure_ascii=False, sort_keys=True)
