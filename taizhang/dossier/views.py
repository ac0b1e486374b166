from django.contrib.auth.decorators import login_required
from django.shortcuts import render

from taizhang.core.views import service_errors
from taizhang.dossier import selectors


@login_required
@service_errors
def problem_dossier(request, pk):
    """一事一档 page of one problem."""
    return render(request, "dossier/problem.html", selectors.dossier(request.user, pk))
