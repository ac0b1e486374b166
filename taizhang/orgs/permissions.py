"""Roles and the actions they grant (docs/design.md §2).

A user holds role assignments (role, unit, include_subunits). An action on a record is allowed when
one of the user's assignments grants the action and covers the record's owning unit.
"""

from django.utils.translation import gettext_lazy as _

OFFICE = "office"
LEADER = "leader"
CLERK = "clerk"
INSPECTOR = "inspector"
MEMBER = "member"
SYSADMIN = "sysadmin"
SECADMIN = "secadmin"
AUDITOR = "auditor"

ROLE_CHOICES = [
    (OFFICE, _("主题教育办公室")),
    (LEADER, _("领导")),
    (CLERK, _("经办人")),
    (INSPECTOR, _("督导组")),
    (MEMBER, _("党员")),
    (SYSADMIN, _("系统管理员")),
    (SECADMIN, _("安全管理员")),
    (AUDITOR, _("审计管理员")),
]
ROLE_LABELS = dict(ROLE_CHOICES)

# 三员 of 等保 2.0: one account holds at most one of them and none sees business data.
THREE_ADMINS = frozenset({SYSADMIN, SECADMIN, AUDITOR})
BUSINESS_ROLES = frozenset({OFFICE, LEADER, CLERK, INSPECTOR, MEMBER})

# Actions on business records.
VIEW = "view"  # read records in scope
CREATE = "create"  # create records owned by a unit in scope
CHANGE = "change"  # edit records, submit progress and closure requests
REVIEW = "review"  # approve/return closures, withdraw, reopen
SUPERVISE = "supervise"  # issue 督办单, comment
CONFIGURE = "configure"  # campaign settings and code lists
REPORT = "report"  # generate reports and compilations
LEAD = "lead"  # take topics, lead matters, leader sign-off
OWN = "own"  # a member's own records (study record, opinions)
# Actions of the 三员.
MANAGE_UNITS = "manage_units"
MANAGE_USERS = "manage_users"
MANAGE_ROLES = "manage_roles"
READ_AUDIT = "read_audit"

ROLE_ACTIONS: dict[str, frozenset[str]] = {
    OFFICE: frozenset({VIEW, CREATE, CHANGE, REVIEW, SUPERVISE, CONFIGURE, REPORT}),
    LEADER: frozenset({VIEW, REPORT, LEAD}),
    CLERK: frozenset({VIEW, CREATE, CHANGE}),
    INSPECTOR: frozenset({VIEW, SUPERVISE}),
    MEMBER: frozenset({OWN}),
    SYSADMIN: frozenset({MANAGE_UNITS, MANAGE_USERS}),
    SECADMIN: frozenset({MANAGE_ROLES}),
    AUDITOR: frozenset({READ_AUDIT}),
}


def roles_granting(action: str) -> frozenset[str]:
    return frozenset(role for role, actions in ROLE_ACTIONS.items() if action in actions)
