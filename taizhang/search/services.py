"""Writes of the search app: the office's dictionary words (each audited) and rebuilding the index."""

from __future__ import annotations

from taizhang.audit.services import audit_record
from taizhang.core.exceptions import ValidationFailed
from taizhang.orgs import permissions as P
from taizhang.orgs.scope import has_any_role
from taizhang.search.models import SearchTerm
from taizhang.search.tokenize import dictionary_changed

__all__ = ["SearchTerm", "term_add", "term_delete"]


def _require_office(actor) -> None:
    from taizhang.core.exceptions import PermissionDenied

    if actor is not None and not has_any_role(actor, P.OFFICE):
        raise PermissionDenied("只有主题教育办公室可以维护检索词典")


def term_add(*, actor, word: str, note: str = "") -> SearchTerm:
    """Add `word` to the tokeniser's dictionary; it applies to the next tokenisation in every process."""
    _require_office(actor)
    word = (word or "").strip()
    if not word:
        raise ValidationFailed("「词语」不能为空", field="word")
    if len(word) > 40 or any(c.isspace() for c in word):
        raise ValidationFailed(f"「词语」「{word[:40]}」须是不含空格的一个词，最多 40 个字", field="word")
    if SearchTerm.objects.filter(word=word).exists():
        raise ValidationFailed(f"「词语」「{word}」已在检索词典中", field="word")
    term = SearchTerm.objects.create(word=word, note=(note or "").strip()[:120],
                                     created_by=actor if getattr(actor, "pk", None) else None)
    audit_record(actor=actor, action="searchterm.add", obj=term, changes={"word": word, "note": term.note})
    dictionary_changed()
    return term


def term_delete(*, actor, term: SearchTerm) -> None:
    _require_office(actor)
    word = term.word
    audit_record(actor=actor, action="searchterm.delete", obj=term, changes={"word": word})
    term.delete()
    dictionary_changed()
