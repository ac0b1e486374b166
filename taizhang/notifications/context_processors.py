from django.utils.functional import SimpleLazyObject


def unread(request):
    """`nav_unread`: the user's unread message count for the navbar badge (counted only when rendered)."""
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {}

    def count():
        from taizhang.notifications.selectors import unread_count

        return unread_count(user)

    return {"nav_unread": SimpleLazyObject(count)}
