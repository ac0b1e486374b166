"""API authentication: the browser session (with CSRF) or a bearer token from the user's profile."""

import logging

from django.db import DatabaseError, transaction
from django.utils import timezone
from ninja.security import HttpBearer, SessionAuth

from taizhang.orgs.models import ApiToken

log = logging.getLogger("taizhang.faults")


class TokenAuth(HttpBearer):
    def authenticate(self, request, token):
        row = (ApiToken.objects.select_related("user").filter(key_hash=ApiToken.hash_key(token)).first())
        if row is None or not row.is_valid or not row.user.is_active:
            return None
        # Writing last_used_at on every call would turn reads into writes; once a minute is enough.
        now = timezone.now()
        if row.last_used_at is None or (now - row.last_used_at).total_seconds() > 60:
            try:  # a note on the side: a database that cannot be written (disk full) must not refuse the call
                with transaction.atomic():
                    ApiToken.objects.filter(pk=row.pk).update(last_used_at=now)
            except DatabaseError as exc:
                log.warning("token %s last use not recorded: %s", row.prefix, exc)
        request.user = row.user
        return row.user


class ActiveSessionAuth(SessionAuth):
    def authenticate(self, request, key):
        user = super().authenticate(request, key)
        return user if user is not None and user.is_active else None
