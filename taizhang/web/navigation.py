"""The side menu: one table of every app's entries; the menu shows an entry when the user holds a role granting
one of its actions anywhere (an entry without actions shows to everyone) and, where the entry's page needs more
than a role (the dashboard needs a unit whose whole subtree the user sees), when the page opens for the user."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from django.urls import reverse

from taizhang.orgs import permissions as P
from taizhang.orgs.permissions import roles_granting
from taizhang.orgs.scope import user_assignments


@dataclass(frozen=True)
class NavEntry:
    section: str
    label: str
    url_name: str
    actions: tuple[str, ...]
    order: int = 100
    icon: str = ""
    opens: Callable[[object], bool] | None = None  # the page's own condition beyond the roles, where it has one


def _e(section: str, label: str, url_name: str, *actions: str, order: int,
       opens: Callable[[object], bool] | None = None) -> NavEntry:
    return NavEntry(section, label, url_name, tuple(actions), order, opens=opens)


def _has_dashboard(user) -> bool:
    """The dashboard opens on the top-most unit whose whole subtree the user sees (a clerk of one office has none)."""
    from taizhang.stats.selectors import default_unit

    return default_unit(user) is not None


_ENTRIES: list[NavEntry] = [
    _e("消息", "消息", "notifications:inbox", order=10),
    _e("消息", "群机器人", "notifications:robot_list", P.CONFIGURE, order=880),
    _e("消息", "发送记录", "notifications:outbox", P.CONFIGURE, order=885),
    _e("统计分析", "统计看板", "stats:dashboard", P.VIEW, order=150, opens=_has_dashboard),
    _e("理论学习", "学习活动", "study:activity_list", P.VIEW, order=200),
    _e("理论学习", "学习书目", "study:reading_list", P.VIEW, order=201),
    _e("理论学习", "我的学习记录", "study:my_record", P.OWN, order=202),
    _e("调查研究", "调研课题", "research:topic_list", P.VIEW, order=300),
    _e("调查研究", "揭榜领题", "research:topic_open", P.LEAD, order=301),
    _e("调查研究", "调研走访", "research:visit_list", P.VIEW, order=302),
    _e("调查研究", "扎堆调研提示", "research:visit_clusters", P.REVIEW, order=303),
    _e("调查研究", "成果转化", "research:transformation_list", P.VIEW, order=304),
    _e("检视整改", "整改台账", "ledger:list", P.VIEW, order=200),
    _e("检视整改", "整改措施", "ledger:measure_list", P.VIEW, order=205),
    _e("检视整改", "我的待办", "ledger:todo", P.CHANGE, P.REVIEW, order=210),
    _e("检视整改", "Excel导入", "imports:index", P.CREATE, P.MANAGE_UNITS, P.MANAGE_USERS, order=220),
    _e("检视整改", "建章立制", "institutions:institution_list", P.VIEW, order=520),
    _e("检视整改", "共性问题", "quality:clusters", P.REVIEW, order=530),
    _e("检视整改", "问题质量", "quality:report", P.REVIEW, order=531),
    _e("为民办实事", "实事清单", "matters:matter_list", P.VIEW, order=400),
    _e("为民办实事", "需求清单", "matters:demand_list", P.VIEW, P.OWN, order=401),
    _e("检视整改", "征求意见", "opinions:round_list", P.VIEW, order=190),
    _e("检视整改", "意见分办", "opinions:queue", P.REPORT, order=191),
    _e("检视整改", "征求意见函", "opinions:letters_received", P.CREATE, order=192),
    _e("督导", "督办单", "supervision:slip_list", P.VIEW, order=600),
    _e("督导", "约谈建议", "supervision:suggestion_list", P.SUPERVISE, order=601),
    _e("督导", "通报", "supervision:circular_list", P.VIEW, order=602),
    _e("督导", "回头看安排", "supervision:lookback_list", P.REVIEW, order=603),
    _e("总结", "报告", "reports:index", P.REPORT, order=690),
    _e("总结", "交流材料", "materials:material_list", P.VIEW, P.OWN, order=700),
    _e("总结", "材料汇编", "materials:compilation_list", P.REPORT, order=701),
    _e("总结", "材料查重", "similarity:check_list", P.REPORT, order=702),
    _e("基础", "专项工作", "campaigns:list", P.VIEW, P.OWN, order=890),
    _e("基础", "全文检索", "search:results", P.VIEW, order=895),
    _e("基础", "检索词典", "search:terms", P.CONFIGURE, order=896),
    _e("基础", "组织架构", "orgs:unit_tree", P.VIEW, P.OWN, P.MANAGE_UNITS, P.MANAGE_ROLES, order=900),
    _e("系统管理", "用户管理", "orgs:user_list", P.MANAGE_USERS, P.MANAGE_ROLES, order=910),
    _e("系统管理", "角色授权", "orgs:assignment_list", P.MANAGE_ROLES, order=920),
    _e("系统管理", "账号安全", "security:account_review", P.MANAGE_ROLES, order=922),
    _e("系统管理", "登录锁定", "security:lockout_list", P.MANAGE_ROLES, order=924),
    _e("系统管理", "双因素认证", "security:otp_policy", P.MANAGE_ROLES, order=926),
    _e("系统管理", "操作留痕", "audit:event_list", P.READ_AUDIT, order=930),
    _e("系统管理", "工作日历", "ledger:calendar", P.MANAGE_UNITS, order=940),
]

# Sections in the order of the campaign's work; entries keep their own order inside a section.
SECTIONS = ["消息", "统计分析", "理论学习", "调查研究", "检视整改", "为民办实事", "督导", "总结", "基础", "系统管理"]


def _section_rank(section: str) -> int:
    return SECTIONS.index(section) if section in SECTIONS else len(SECTIONS)


def entries_for(user) -> list[dict]:
    roles = {a.role for a in user_assignments(user)}
    out = []
    for e in sorted(_ENTRIES, key=lambda e: (_section_rank(e.section), e.order, e.label)):
        if (not e.actions or any(roles & roles_granting(a) for a in e.actions)) and (e.opens is None or e.opens(user)):
            out.append({"section": e.section, "label": e.label, "url": reverse(e.url_name), "name": e.url_name,
                        "icon": e.icon})
    return out
