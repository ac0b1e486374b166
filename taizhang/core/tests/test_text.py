"""Quotations nest as Chinese typesetting nests them."""

from taizhang.core.text import quoted


def test_a_quotation_inside_a_quotation_takes_the_inner_brackets():
    assert quoted("关于问题「会议偏多」的督办") == "「关于问题『会议偏多』的督办」"
    assert quoted("会议偏多") == "「会议偏多」"


def test_a_slip_about_a_quoted_problem_never_nests_corner_brackets(world):
    from taizhang.notifications.models import Notification
    from taizhang.supervision import services

    services.slip_issue(actor=world.county_office, kind="notice", target_unit=world.unit("T1"),
                        title="关于问题「会议偏多」的督办", content="请抓紧整改")
    body = Notification.objects.order_by("-pk").values_list("body", flat=True).first()
    assert "「关于问题『会议偏多』的督办」" in body and "「会议偏多」" not in body
