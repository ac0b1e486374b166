"""API: the caller's own inbox."""

from datetime import datetime

from ninja import Router, Schema

from taizhang.notifications import selectors, services

ROUTER_PREFIX = "/notifications"
router = Router(tags=["消息"])


class NotificationOut(Schema):
    id: int
    title: str
    body: str
    link: str
    kind: str
    object_type: str
    object_id: str
    created_at: datetime
    read_at: datetime | None


class InboxOut(Schema):
    unread: int
    items: list[NotificationOut]


@router.get("", response=InboxOut, url_name="notification_list", summary="我的消息")
def notification_list(request, unread: bool = False, limit: int = 50):
    limit = max(1, min(limit, 200))
    items = list(selectors.inbox(request.user, unread_only=unread)[:limit])
    return {"unread": selectors.unread_count(request.user), "items": items}


@router.post("/{int:pk}/read", response=NotificationOut, url_name="notification_read", summary="标记已读")
def notification_read(request, pk: int):
    note = selectors.notification_get(request.user, pk)
    services.inbox_mark_read(actor=request.user, notification=note)
    note.refresh_from_db()
    return note
