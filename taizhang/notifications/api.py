"""API: the caller's own inbox."""

from datetime import datetime

from ninja import Query, Router, Schema

from taizhang.api.pagination import paged
from taizhang.notifications import selectors, services

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


class InboxQuery(Schema):
    """The 消息 page's filter: only unread messages (the page's count of them is this list's `count`)."""

    unread: bool = False


@router.get("", response=list[NotificationOut], url_name="notification_list", summary="我的消息")
@paged
def notification_list(request, filters: Query[InboxQuery]):
    return selectors.inbox(request.user, unread_only=filters.unread)


@router.post("/{int:pk}/read", response=NotificationOut, url_name="notification_read", summary="标记已读")
def notification_read(request, pk: int):
    note = selectors.notification_get(request.user, pk)
    services.inbox_mark_read(actor=request.user, notification=note)
    note.refresh_from_db()
    return note
