"""Model validation turned into taizhang's own error, naming the field in Chinese."""

from __future__ import annotations

from django.db import models

from taizhang.core.exceptions import ValidationFailed


def full_clean_or_raise(obj: models.Model, exclude: list[str] | None = None) -> None:
    """Model validation with the errors turned into a ValidationFailed that names the field in Chinese."""
    from django.core.exceptions import ValidationError

    try:
        obj.full_clean(exclude=exclude, validate_unique=True)
    except ValidationError as exc:
        errors = exc.message_dict if hasattr(exc, "error_dict") else {"__all__": exc.messages}
        field, messages = next(iter(errors.items()))
        label = ""
        if field != "__all__":
            try:
                label = f"「{obj._meta.get_field(field).verbose_name}」"
            except Exception:
                label = f"「{field}」"
        raise ValidationFailed(f"{label}{messages[0]}", field=None if field == "__all__" else field, errors=errors)
