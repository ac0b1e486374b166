"""Exceptions that services raise and every front end (web, API, CLI) turns into a message.

Services speak Chinese to users through these: the message is what the clerk or the office reads.
"""


class TaizhangError(Exception):
    """Base of every error a user may see. `message` is Chinese and names the field or value."""

    status_code = 400

    def __init__(self, message: str, *, field: str | None = None):
        super().__init__(message)
        self.message = message
        self.field = field


class ValidationFailed(TaizhangError):
    """Input that cannot be stored as given. `errors` maps field names to messages."""

    def __init__(self, message: str, *, field: str | None = None, errors: dict | None = None):
        super().__init__(message, field=field)
        self.errors = errors or ({field: [message]} if field else {})


class PermissionDenied(TaizhangError):
    """The actor may see the object but may not do this to it. A refusal is an audit event of the request
    (taizhang.security.middleware.DenialAuditMiddleware), whichever front end shows the message."""

    status_code = 403

    def __init__(self, message: str, *, field: str | None = None):
        super().__init__(message, field=field)
        from taizhang.security.middleware import note_refusal

        note_refusal(message)


class NotFound(TaizhangError):
    """The object does not exist or lies outside the actor's scope; both look the same."""

    status_code = 404


class Conflict(TaizhangError):
    """The record changed since the actor loaded it (optimistic lock) or the action raced another."""

    status_code = 409


class TransitionRefused(TaizhangError):
    """A lifecycle action whose guard failed; the message says which condition is unmet."""

    status_code = 400
