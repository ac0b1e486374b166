from ninja import Router

from taizhang.dossier import selectors

router = Router(tags=["一事一档"])


@router.get("/problems/{problem_id}", response=dict, summary="一事一档：问题的全链条")
def problem_dossier(request, problem_id: int):
    return selectors.dossier_json(request.user, problem_id)
