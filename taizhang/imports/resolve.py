"""Name → row lookups an import needs: units (by code, full name, short name) and people (accounts or names)."""

from __future__ import annotations

import unicodedata

from taizhang.orgs.scope import has_action


def _norm(text) -> str:
    return "".join(unicodedata.normalize("NFKC", str(text or "")).split())


class UnitResolver:
    """Finds a unit as typed in a sheet: by code, then full name, then short name.

    Several units with the same name are an ambiguity the user resolves by typing the code (the message lists
    them). A unit found outside the importer's scope for `action` is refused like an unknown one would be.
    """

    def __init__(self, actor, action: str, root=None):
        from taizhang.orgs.models import Unit

        self.actor, self.action, self.root = actor, action, root
        qs = Unit.objects.all()
        if root is not None:
            qs = qs.filter(root.subtree_q(""))
        self.by_code: dict[str, object] = {}
        self.by_name: dict[str, list] = {}
        self.by_short: dict[str, list] = {}
        self._found: dict = {}  # text as typed → find()'s answer (sheets name the same units over and over)
        for unit in qs.only("pk", "code", "name", "short_name", "path", "depth"):
            self.add(unit)
        self._allowed: dict[int, bool] = {}

    def add(self, unit) -> None:
        self._found.clear()
        self.by_code[_norm(unit.code)] = unit
        self.by_name.setdefault(_norm(unit.name), []).append(unit)
        if unit.short_name:
            self.by_short.setdefault(_norm(unit.short_name), []).append(unit)

    def allowed(self, unit) -> bool:
        if self.actor is None:
            return True
        if unit.pk not in self._allowed:
            self._allowed[unit.pk] = has_action(self.actor, self.action, unit)
        return self._allowed[unit.pk]

    def find(self, text):
        """(unit, None) or (None, Chinese message)."""
        try:
            return self._found[text]
        except (KeyError, TypeError):
            pass
        found = self._find(text)
        try:
            self._found[text] = found
        except TypeError:  # an unhashable cell value is simply not remembered
            pass
        return found

    def _find(self, text):
        key = _norm(text)
        if not key:
            return None, "单位不能为空"
        unit = self.by_code.get(key)
        if unit is None:
            for table in (self.by_name, self.by_short):
                hits = table.get(key)
                if hits and len(hits) > 1:
                    listed = "、".join(f"{u.name}（编码 {u.code}）" for u in hits[:5])
                    return None, f"「{text}」对应多个单位：{listed}，请改填单位编码"
                if hits:
                    unit = hits[0]
                    break
        if unit is None:
            return None, f"找不到单位「{text}」（请填写单位编码、全称或简称）"
        if not self.allowed(unit):
            return None, f"单位「{text}」不在您的权限范围内"
        return unit, None


class PeopleResolver:
    """People are accounts where the sheet names a username or the name only one active account bears (as the
    exports write them), and names kept as typed otherwise (never an error)."""

    def __init__(self, names):
        from taizhang.orgs.models import User

        wanted = {str(n).strip() for n in names if n}
        self.accounts = {}
        if wanted:
            wanted = list(wanted)
            for i in range(0, len(wanted), 500):
                for user in User.objects.filter(username__in=wanted[i:i + 500], is_active=True):
                    self.accounts[user.username] = user
            by_name: dict[str, list] = {}
            rest = [n for n in wanted if n not in self.accounts]
            for i in range(0, len(rest), 500):
                for user in User.objects.filter(display_name__in=rest[i:i + 500], is_active=True):
                    by_name.setdefault(user.display_name, []).append(user)
            self.accounts.update({name: users[0] for name, users in by_name.items() if len(users) == 1})

    def find(self, text) -> tuple[object | None, str]:
        text = str(text or "").strip()
        if not text:
            return None, ""
        user = self.accounts.get(text)
        return (user, "") if user else (None, text[:60])
