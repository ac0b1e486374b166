"""The side menu. Each app declares its entries as `menu` data on a MenuAppConfig, registered when the app is
ready; the menu shows an entry when the user holds a role granting one of its actions anywhere."""

from __future__ import annotations

from dataclasses import dataclass

from django.apps import AppConfig
from django.urls import reverse

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


_ENTRIES: list[NavEntry] = []

# Sections in the order of the campaign's work; entries keep their own order inside a section.
SECTIONS = ["消息", "统计分析", "理论学习", "调查研究", "检视整改", "为民办实事", "督导", "总结", "基础", "系统管理"]


def _section_rank(section: str) -> int:
    return SECTIONS.index(section) if section in SECTIONS else len(SECTIONS)


def register(section: str, label: str, url_name: str, *actions: str, order: int = 100, icon: str = "") -> None:
    entry = NavEntry(section, label, url_name, tuple(actions), order, icon)
    if entry not in _ENTRIES:
        _ENTRIES.append(entry)


def entry(section: str, label: str, url_name: str, *actions: str, order: int = 100, icon: str = "") -> NavEntry:
    """One menu entry: shown to holders of a role granting one of `actions` (to everyone without actions)."""
    return NavEntry(section, label, url_name, tuple(actions), order, icon)


class MenuAppConfig(AppConfig):
    """An app whose `menu` entries join the side menu when it is ready."""

    menu: tuple[NavEntry, ...] = ()

    def ready(self):
        for e in self.menu:
            register(e.section, e.label, e.url_name, *e.actions, order=e.order, icon=e.icon)


def entries_for(user) -> list[dict]:
    roles = {a.role for a in user_assignments(user)}
    out = []
    for e in sorted(_ENTRIES, key=lambda e: (_section_rank(e.section), e.order, e.label)):
        if not e.actions or any(roles & roles_granting(a) for a in e.actions):
            out.append({"section": e.section, "label": e.label, "url": reverse(e.url_name), "name": e.url_name,
                        "icon": e.icon})
    return out
