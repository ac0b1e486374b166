"""Helpers shared by the workstream apps (research, study, matters, institutions, materials).

- `Transition` tables and `transition_apply`: the one place a workstream record's `status` changes,
  writing the StatusChange row and the audit event in the caller's transaction.
- `check_upload`: the allow-list and size cap for files attached to workstream records.
- `ListCommand`: `taizhang <kind> list --campaign SLUG --unit CODE [--user NAME] --json`.
- `campaign_for_request`: the campaign a list page shows (``?campaign=slug`` or the current one).
- `narrowed`: a list page's filters (exact fields, a unit's subtree), shared by the page and its Excel export.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from pathlib import PurePath

from django.conf import settings

from taizhang.core.commands import TaizhangCommand
from taizhang.core.exceptions import PermissionDenied, TransitionRefused, ValidationFailed
from taizhang.core.scope import has_action
from taizhang.core.services import save_versioned


@dataclass(frozen=True)
class Transition:
    """One allowed lifecycle step: from any of `sources` to `target`, for holders of one of `actions`
    on the record's unit. `guard(obj)` returns a refusal message (Chinese) or None."""

    action: str
    label: str
    sources: tuple[str, ...]
    target: str
    actions: tuple[str, ...]
    guard: Callable[[object], str | None] | None = None


def transitions_available(obj, table: dict[str, Transition], user) -> list[Transition]:
    """The transitions the user could try on `obj` now (the guard is checked when applied)."""
    return [t for t in table.values()
            if obj.status in t.sources and any(has_action(user, a, obj.unit) for a in t.actions)]


def transition_apply(*, obj, table: dict[str, Transition], action: str, actor, expected_version: int | None,
                     reason: str = "", fields: tuple[str, ...] = ()) -> None:
    """Move `obj` along `table[action]` or raise TransitionRefused / PermissionDenied / Conflict.

    `fields` are further fields the caller set on `obj` that are saved in the same versioned write.
    """
    from taizhang.audit.services import audit_record, status_change_record

    t = table.get(action)
    if t is None:
        raise TransitionRefused(f"未知的操作「{action}」")
    if actor is not None and not any(has_action(actor, a, obj.unit) for a in t.actions):
        raise PermissionDenied(f"您没有权限对该记录执行「{t.label}」")
    if obj.status not in t.sources:
        raise TransitionRefused(f"当前状态为「{obj.get_status_display()}」，不能执行「{t.label}」")
    if t.guard is not None:
        refusal = t.guard(obj)
        if refusal:
            raise TransitionRefused(refusal)
    old = obj.status
    obj.status = t.target
    save_versioned(obj, expected_version=expected_version, fields=["status", *fields])
    status_change_record(obj=obj, action=action, old=old, new=t.target, actor=actor, reason=reason)
    audit_record(actor=actor, action=f"{obj._meta.model_name}.{action}", obj=obj,
                 changes={"status": [old, t.target], **({"reason": reason} if reason else {})})


# --- uploads ---------------------------------------------------------------------------------------

DOCUMENT_EXTENSIONS = ("pdf", "ofd", "doc", "docx", "wps", "xls", "xlsx", "et", "jpg", "png", "txt")


def check_upload(upload, *, field: str, extensions: tuple[str, ...] = DOCUMENT_EXTENSIONS) -> str:
    """Validate an uploaded file's type and size; returns its lower-case extension."""
    name = PurePath(upload.name or "").name
    ext = name.rsplit(".", 1)[-1].lower() if "." in name else ""
    if ext not in extensions:
        raise ValidationFailed(f"文件「{name}」的类型不允许，可上传：{'、'.join(extensions)}", field=field)
    if upload.size > settings.UPLOAD_MAX_BYTES:
        raise ValidationFailed(f"文件「{name}」超过大小上限 {settings.UPLOAD_MAX_BYTES // 1024 // 1024} MB",
                               field=field)
    if upload.size == 0:
        raise ValidationFailed(f"文件「{name}」是空文件", field=field)
    return ext


# --- pages -----------------------------------------------------------------------------------------

def require_any_action(user, *actions: str) -> None:
    """A page that exists only for holders of a role granting one of `actions` (404 for the others)."""
    from django.http import Http404

    from taizhang.core.permissions import roles_granting
    from taizhang.core.scope import has_any_role

    roles = set().union(*(roles_granting(a) for a in actions))
    if not has_any_role(user, *roles):
        raise Http404("页面不存在")


def narrowed(qs, *, unit=None, **exact):
    """`qs` narrowed by each exact filter that has a value and by `unit`'s subtree (of the records' `unit`)."""
    qs = qs.filter(**{field: value for field, value in exact.items() if value})
    return qs.filter(unit.subtree_q("unit")) if unit is not None else qs


def campaign_for_request(request):
    """The campaign a list page shows: ``?campaign=slug`` if the user takes part in it, else the current one."""
    from taizhang.campaigns.selectors import campaign_get, current_campaign

    slug = request.GET.get("campaign")
    if slug:
        return campaign_get(request.user, slug)
    return current_campaign(request.user, request)


def unit_from_code(user, code: str, action: str, *, field: str = "unit_code"):
    """The unit with `code` if the user may do `action` there; a ValidationFailed naming the field otherwise."""
    from taizhang.orgs.models import Unit

    code = (code or "").strip()
    unit = Unit.objects.filter(code=code).first()
    if unit is None or (user is not None and not has_action(user, action, unit)):
        raise ValidationFailed(f"单位编码「{code}」不存在或不在您的权限范围内", field=field)
    return unit


def user_from_username(username: str, *, field: str):
    from taizhang.orgs.models import User

    username = (username or "").strip()
    if not username:
        return None
    user = User.objects.filter(username=username, is_active=True).first()
    if user is None:
        raise ValidationFailed(f"账号「{username}」不存在或已停用", field=field)
    return user


# --- CLI -------------------------------------------------------------------------------------------

class ListCommand(TaizhangCommand):
    """`taizhang <kind> list --campaign SLUG [--unit CODE] [--user NAME] [--limit N] --json`.

    Without --user the command runs as the system operator and lists every record of the campaign in
    the unit's subtree (confidential records excepted); with --user it lists what that account sees.
    Subclasses set `kind_label` and implement `queryset(campaign, user)` and `row(obj)`.
    """

    kind_label = ""
    unit_field = "unit"

    def add_arguments(self, parser):
        super().add_arguments(parser)
        parser.add_argument("subcommand", choices=["list"], help="list：列出记录")
        parser.add_argument("--campaign", required=True, help="专项工作标识")
        parser.add_argument("--unit", default=None, help="单位编码（含下级单位）")
        parser.add_argument("--user", default=None, help="以该账号的权限范围列出")
        parser.add_argument("--limit", type=int, default=1000, help="最多输出条数（默认 1000）")

    def run(self, subcommand, campaign, unit=None, user=None, limit=1000, **options):
        from taizhang.core.scope import subtree_q

        camp = self.campaign_by_slug(campaign)
        account = self.user_by_username(user) if user else None
        qs = self.queryset(camp, account)
        if unit:
            qs = qs.filter(subtree_q(self.unit_by_code(unit).path, self.unit_field))
        total = qs.count()
        items = [self.row(o) for o in qs[: max(0, limit)]]
        return {"ok": True, "kind": self.kind_label, "campaign": camp.slug, "unit": unit, "count": total,
                "items": items}

    def queryset(self, campaign, user):
        raise NotImplementedError

    def row(self, obj) -> dict:
        raise NotImplementedError

    def render_text(self, result):
        lines = [f"{self.kind_label}：共 {result['count']} 条"]
        for item in result["items"]:
            lines.append("  " + "  ".join(str(v) for v in item.values() if v not in (None, "")))
        return "\n".join(lines)


# --- demo data -------------------------------------------------------------------------------------

def bulk_insert(model, objs: list, batch_size: int = 2000) -> list:
    """bulk_create that leaves every object with its primary key on every database.

    Databases that do not return ids from a bulk insert get them read back: the demo generator is the
    only writer, so the new rows are exactly those above the previous maximum id, in insertion order.
    """
    from django.db.models import Max

    if not objs:
        return objs
    before = model.objects.aggregate(m=Max("pk"))["m"] or 0
    model.objects.bulk_create(objs, batch_size=batch_size)
    if any(o.pk is None for o in objs):
        ids = list(model.objects.filter(pk__gt=before).order_by("pk").values_list("pk", flat=True))
        for obj, pk in zip(objs, ids, strict=True):
            obj.pk = pk
    return objs
