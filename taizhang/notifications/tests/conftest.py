"""Shared fixtures: a fixed Shanghai morning, a settable clock and sample messages (texts are ours)."""

from __future__ import annotations

from datetime import datetime

import pytest

from taizhang.notifications.channels import SHANGHAI, Message
from taizhang.notifications.tests.fakes import FakeClock

# a Friday morning in Shanghai, outside any sensible quiet hours
MORNING = datetime(2025, 3, 14, 9, 30, tzinfo=SHANGHAI)

REMINDER_TITLE = "整改进展催报"
REMINDER_TEXT = (
    "城东街道党工委：问题清单第 12 项时限为 3 月 20 日，尚未报送进展，请今日 17:00 前在台账中更新。"
)
CLERK_MOBILE = "13800000001"
LEADER_MOBILE = "13900000002"


@pytest.fixture
def clock() -> FakeClock:
    return FakeClock(MORNING)


@pytest.fixture
def reminder() -> Message:
    return Message(title=REMINDER_TITLE, text=REMINDER_TEXT)


@pytest.fixture
def reminder_with_mentions() -> Message:
    return Message(title=REMINDER_TITLE, text=REMINDER_TEXT, mention_mobiles=(CLERK_MOBILE, LEADER_MOBILE))


@pytest.fixture
def markdown_notice() -> Message:
    return Message(
        title="本周督办通报",
        text="- 已销号：**8** 项\n- 逾期未整改：**2** 项\n\n请相关单位对照清单抓紧落实。",
        format="markdown",
    )
