from taizhang.dossier import services
from taizhang.institutions.tests.factories import make_institution
from taizhang.ledger.tests.factories import problem as make_problem
from taizhang.research.tests.factories import make_visit


def make_chain(w):
    """A problem found on a visit of a topic and answered by a rule, all in K1."""
    found = make_problem(w, "K1", source="research", title="村级事务办理流程繁琐")
    visit = make_visit(w)
    services.visit_link_problems(actor=w.county_office, visit=visit, problems=[found])
    inst = make_institution(w)
    services.institution_link_problems(actor=w.county_office, institution=inst, problems=[found])
    return found, visit, inst
