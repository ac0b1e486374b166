"""Permission-matrix entries for the second factor and the security administrator's pages."""

from taizhang.testing import Route

EVERYONE = ("county_office", "village_clerk", "inspector", "sysadmin", "auditor", "member", "secadmin")
NOT_SECADMIN = ("sysadmin", "auditor", "county_office", "village_clerk", "outsider")


def _enrolled(*usernames):
    def setup(w):
        from django_otp.plugins.otp_static.models import StaticDevice
        from django_otp.plugins.otp_totp.models import TOTPDevice

        for name in usernames:
            user = w.user(name)
            TOTPDevice.objects.get_or_create(user=user, confirmed=True, defaults={"name": "身份验证器"})
            StaticDevice.objects.get_or_create(user=user, defaults={"name": "备用码", "confirmed": True})
        return {}

    return setup


def _locked_account(w):
    from axes.models import AccessAttempt
    from django.utils import timezone

    AccessAttempt.objects.create(username="village_clerk", ip_address="10.9.9.9", user_agent="test",
                                 failures_since_start=5, attempt_time=timezone.now(), get_data="", post_data="",
                                 http_accept="", path_info="/login/")
    return {}


def _reset_target(w):
    _enrolled("village_clerk")(w)
    return {"pk": w.user("village_clerk").pk}


def _no_attempts_left(w, sent):
    from axes.models import AccessAttempt

    assert not AccessAttempt.objects.filter(username="village_clerk", ip_address="10.9.9.9").exists()


def _no_device(w, sent):
    from django_otp.plugins.otp_totp.models import TOTPDevice

    assert not TOTPDevice.objects.filter(user=w.user("village_clerk")).exists()


def _sent_to_setup(w, sent):
    assert sent.response["Location"] == "/security/otp/setup/"


MATRIX = [
    Route("security:otp_verify", allowed=EVERYONE),
    Route("security:otp_setup", allowed=EVERYONE),
    # New backup codes need an authenticator: an account without one is sent to bind one (the renewal itself,
    # which needs a session that gave its code, is tested in test_second_factor.py).
    Route("security:otp_backup_codes", method="post", allowed=EVERYONE, effect=_sent_to_setup),
    Route("security:account_review", allowed=("secadmin",), denied=NOT_SECADMIN),
    Route("security:lockout_list", allowed=("secadmin",), denied=NOT_SECADMIN),
    Route("security:lockout_release", method="post", kwargs=_locked_account,
          data=lambda w: {"kind": "account", "ip": "10.9.9.9", "username": "village_clerk"},
          allowed=("secadmin",), denied=NOT_SECADMIN, audit="lockout.release", effect=_no_attempts_left),
    Route("security:otp_policy", allowed=("secadmin",), denied=NOT_SECADMIN),
    Route("security:otp_reset", method="post", kwargs=_reset_target, allowed=("secadmin",),
          denied=("sysadmin", "auditor", "county_office", "outsider"),
          audit="security.otp_reset", effect=_no_device),
]
