"""The organisation tree, accounts and role assignments (docs/design.md §2–§3)."""

import hashlib
import secrets

from django.contrib.auth.models import AbstractUser, UserManager
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from treebeard.mp_tree import MP_Node, MP_NodeManager, MP_NodeQuerySet

from taizhang.core.models import VersionedModel
from taizhang.orgs.permissions import ROLE_CHOICES
from taizhang.orgs.scope import ScopedManager, ScopedQuerySet


class UnitKind(models.TextChoices):
    PARTY_COMMITTEE = "party_committee", _("党委")
    PARTY_GROUP = "party_group", _("党组")
    WORKING_COMMITTEE = "working_committee", _("党工委")
    GENERAL_BRANCH = "general_branch", _("党总支")
    BRANCH = "branch", _("党支部")
    ORGAN = "organ", _("机关")
    DEPARTMENT = "department", _("部门")
    ENTERPRISE = "enterprise", _("企业")
    SCHOOL = "school", _("学校")
    HOSPITAL = "hospital", _("医院")
    TOWNSHIP = "township", _("乡镇街道")
    VILLAGE = "village", _("村社区")
    OTHER = "other", _("其他")


class UnitQuerySet(MP_NodeQuerySet, ScopedQuerySet):
    pass


class UnitManager(MP_NodeManager):
    def get_queryset(self):
        return UnitQuerySet(self.model, using=self._db).order_by("path")

    def for_user(self, user, action="view"):
        return self.get_queryset().for_user(user, action)


class Unit(MP_Node):
    """组织单位: one node of the organisation tree. `code` is stable; moving keeps every record's history."""

    scope_unit_field = ""  # the unit is its own owning unit
    steplen = 4

    code = models.CharField("单位编码", max_length=40, unique=True)
    name = models.CharField("单位名称", max_length=120)
    short_name = models.CharField("简称", max_length=60, blank=True)
    kind = models.CharField("单位类型", max_length=24, choices=UnitKind.choices, default=UnitKind.OTHER)
    active = models.BooleanField("启用", default=True)
    sort_order = models.IntegerField("排序", default=0)
    created_at = models.DateTimeField("创建时间", auto_now_add=True)
    updated_at = models.DateTimeField("更新时间", auto_now=True)

    objects = UnitManager()

    class Meta:
        verbose_name = "组织单位"
        verbose_name_plural = "组织单位"
        indexes = [models.Index(fields=["name"]), models.Index(fields=["depth", "path"])]

    def __str__(self):
        return self.name

    def subtree_q(self, field: str = "unit"):
        from taizhang.orgs.scope import subtree_q

        return subtree_q(self.path, field)

    def ancestor_paths(self) -> list[str]:
        """The paths of the unit's ancestors from the top of the tree down, its own last."""
        return [self.path[: i * self.steplen] for i in range(1, self.depth + 1)]

    def ancestors_and_self(self):
        return Unit.objects.filter(path__in=self.ancestor_paths()).order_by("depth")


class User(AbstractUser):
    """An account. Business rights come only from RoleAssignment rows."""

    display_name = models.CharField("姓名", max_length=60, blank=True)
    phone = models.CharField("手机号", max_length=20, blank=True)
    title = models.CharField("职务", max_length=60, blank=True)
    unit = models.ForeignKey(
        Unit, verbose_name="所在单位", null=True, blank=True, on_delete=models.PROTECT, related_name="members"
    )
    # Set when an administrator resets the password: the next login leads only to the change page
    # (orgs.middleware), so an administrator who knows the reset password cannot quietly use the account.
    must_change_password = models.BooleanField("须修改密码", default=False)

    objects = UserManager()

    class Meta:
        verbose_name = "用户"
        verbose_name_plural = "用户"

    def __str__(self):
        return self.display_name or self.username


def mask_phone(phone: str) -> str:
    """138****1234 — the form every screen shows except the owner's profile and the sysadmin's."""
    digits = (phone or "").strip()
    if len(digits) < 7:
        return "*" * len(digits)
    return f"{digits[:3]}{'*' * (len(digits) - 7)}{digits[-4:]}"


class RoleAssignment(models.Model):
    """(user, role, unit, include_subunits): the only source of business rights."""

    user = models.ForeignKey(User, on_delete=models.CASCADE, related_name="assignments", verbose_name="用户")
    role = models.CharField("角色", max_length=16, choices=ROLE_CHOICES)
    unit = models.ForeignKey(Unit, on_delete=models.PROTECT, related_name="assignments", verbose_name="单位")
    include_subunits = models.BooleanField("含下级单位", default=True)
    granted_by = models.ForeignKey(
        User, null=True, blank=True, on_delete=models.SET_NULL, related_name="+", verbose_name="授权人"
    )
    created_at = models.DateTimeField("授权时间", auto_now_add=True)

    class Meta:
        verbose_name = "角色授权"
        verbose_name_plural = "角色授权"
        constraints = [models.UniqueConstraint(fields=["user", "role", "unit"], name="uniq_assignment")]

    def __str__(self):
        return f"{self.user} · {self.get_role_display()} · {self.unit}"


class ApiToken(models.Model):
    """A bearer token for the API. Only its SHA-256 is stored; the token is shown once."""

    user = models.ForeignKey(User, on_delete=models.CASCADE, related_name="api_tokens")
    name = models.CharField("名称", max_length=60)
    key_hash = models.CharField(max_length=64, unique=True)
    prefix = models.CharField(max_length=8)
    created_at = models.DateTimeField(auto_now_add=True)
    expires_at = models.DateTimeField("到期时间")
    last_used_at = models.DateTimeField(null=True, blank=True)
    revoked = models.BooleanField(default=False)

    class Meta:
        verbose_name = "接口令牌"
        verbose_name_plural = "接口令牌"

    @staticmethod
    def hash_key(key: str) -> str:
        return hashlib.sha256(key.encode()).hexdigest()

    @staticmethod
    def new_key() -> str:
        return "tz_" + secrets.token_urlsafe(32)

    @property
    def is_valid(self) -> bool:
        return not self.revoked and self.expires_at > timezone.now()


class ScopedModel(models.Model):
    """A record owned by a unit and read through scope: the model names where its owning unit is with
    `scope_unit_field` ("unit", "problem__unit" …) and `objects.for_user(user, action)` keeps what the user may see."""

    objects = ScopedManager()

    class Meta:
        abstract = True


class ScopedRecord(ScopedModel, VersionedModel):
    """A unit's workstream record people write and edit (a topic, a matter, a rule, a material …): scoped,
    versioned, newest first unless the model orders otherwise."""

    class Meta:
        abstract = True
        ordering = ["-created_at", "-id"]
