"""The tolerant session store over Redis and the database (taizhang.core.sessions)."""

from django.contrib.sessions.backends import cached_db

from taizhang.core.sessions import TolerantSave


class SessionStore(TolerantSave, cached_db.SessionStore):
    pass
