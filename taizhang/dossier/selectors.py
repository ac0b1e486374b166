"""一事一档: topic → visit → problem → measures, progress, closure, look-back → institutions,
each part read from the user's scope."""

from django.db.models import Model
from django.forms.models import model_to_dict

from taizhang.institutions.models import Institution
from taizhang.ledger.selectors import problem_get
from taizhang.orgs import permissions as P
from taizhang.research.models import ResearchVisit


def _plain(obj) -> dict:
    """The record's fields as JSON-ready values: many-to-many fields (co_units, members …) as lists of ids;
    model_to_dict gives model instances there, which the API could not encode (a 500 for every problem with
    co-operating units)."""
    data = model_to_dict(obj, exclude=["attachment", "file", "report_file"])
    for name, value in data.items():
        if isinstance(value, (list, tuple)):
            data[name] = [v.pk if isinstance(v, Model) else v for v in value]
        elif isinstance(value, Model):
            data[name] = value.pk
    data["id"] = obj.pk
    return data


def dossier(user, problem_id: int) -> dict:
    problem = problem_get(user, problem_id)
    visits = list(ResearchVisit.objects.for_user(user, P.VIEW).filter(problems=problem)
                  .select_related("topic", "site_unit").order_by("start_date"))
    topics = {v.topic_id: v.topic for v in visits}
    institutions = list(Institution.objects.for_user(user, P.VIEW).filter(problems=problem).order_by("issued_date"))
    return {
        "problem": problem,
        "topics": list(topics.values()),
        "visits": visits,
        "measures": list(problem.measures.all()),
        "progress": list(problem.progress_reports.all()),
        "closures": list(problem.closure_requests.all()),
        "lookbacks": list(problem.lookbacks.all()),
        "institutions": institutions,
    }


def dossier_json(user, problem_id: int) -> dict:
    d = dossier(user, problem_id)
    out = {"problem": {**_plain(d["problem"]), "status_label": d["problem"].get_status_display()}}
    for key in ("topics", "visits", "measures", "progress", "closures", "lookbacks", "institutions"):
        out[key] = [_plain(o) for o in d[key]]
    for v, plain in zip(d["visits"], out["visits"], strict=True):
        plain["site"] = v.site_display
        plain.pop("problems", None)
    for plain in out["institutions"]:
        plain.pop("problems", None)
    for plain in out["topics"]:
        plain.pop("members", None)
    return out


def problem_links(user, problem) -> dict:
    """What the problem page shows of the closed loop: the visits (and topics) that found the problem,
    the institutions that answer it and, for the office, the rules of the campaign it could link."""
    from taizhang.orgs.scope import has_action

    visits = list(ResearchVisit.objects.for_user(user, P.VIEW).filter(problems=problem)
                  .select_related("topic", "site_unit").order_by("start_date", "id"))
    institutions = list(Institution.objects.for_user(user, P.VIEW).filter(problems=problem)
                        .order_by("-issued_date", "-id"))
    can_link = has_action(user, P.CONFIGURE, problem.unit) or has_action(user, P.REVIEW, problem.unit)
    linkable = []
    if can_link:
        linkable = list(Institution.objects.for_user(user, P.CHANGE).filter(campaign_id=problem.campaign_id)
                        .exclude(pk__in=[i.pk for i in institutions]).select_related("unit")
                        .order_by("-issued_date", "-id")[:200])
    return {"problem": problem, "visits": visits, "institutions": institutions, "can_link": can_link,
            "linkable": linkable}
