"""Session stores whose refresh of an existing session tolerates a database that cannot be written.

SESSION_SAVE_EVERY_REQUEST makes every request a write (the idle timeout moves on). When the disk under the
database is full — or the database refuses writes for a moment — that write failed and every signed-in page
answered 500, reading pages included. Here a failed save of an existing session is logged and the request
answers as usual; the idle timeout simply is not extended this time. Creating a session (logging in) is not
tolerated: there is no session without it, so the request fails with the fault page.

    SESSION_ENGINE = "taizhang.core.sessions"              # the database (default)
    SESSION_ENGINE = "taizhang.core.sessions.cached"       # with Redis
"""

import logging

from django.contrib.sessions.backends import db
from django.contrib.sessions.backends.base import UpdateError
from django.db import DatabaseError, InterfaceError, OperationalError

log = logging.getLogger("taizhang.faults")


class TolerantSave:
    def save(self, must_create=False):
        if must_create or self.session_key is None:
            return super().save(must_create=must_create)
        try:
            return super().save(must_create=must_create)
        except (DatabaseError, UpdateError) as exc:
            # Django turns any DatabaseError of an update into UpdateError, also "no such row" (the session was
            # ended elsewhere), which must still end this request's session: only a failing database is tolerated.
            cause = exc if isinstance(exc, DatabaseError) else exc.__context__
            if not isinstance(cause, OperationalError | InterfaceError):
                raise
            log.warning("session %s… not saved: %s", (self.session_key or "")[:6], cause)
            return None


class SessionStore(TolerantSave, db.SessionStore):
    pass
