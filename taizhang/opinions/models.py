"""征求意见: opinion rounds, the opinions they collect (online, letters, 座谈会, 个别谈话), their triage into the
problem list or the 需求清单, the reply the submitter sees, and the people's ratings (群众满意度).

Nothing here is deleted: a merged opinion points at the one it was merged into, a closed one keeps its reason.
"""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from taizhang.core.models import CreatedByModel
from taizhang.orgs.models import ScopedModel, ScopedRecord


class Audience(models.TextChoices):
    """Whom a round asks, and so who may use its form: anyone with the link (群众); only accounts of the round
    unit's subtree, signed in (干部职工); or nobody online — only the units sent a 征求意见函 (指定单位)."""

    PUBLIC = "public", _("群众")
    CADRES = "cadres", _("干部职工")
    UNITS = "units", _("指定单位")


AUDIENCE_RULES = {
    Audience.PUBLIC: "任何人凭链接或二维码即可提交，无需注册，可匿名",
    Audience.CADRES: "本单位及下级单位干部职工登录后提交，可选择对办公室匿名",
    Audience.UNITS: "不开放网上提交，只向指定单位发征求意见函，由收函单位在系统内反馈",
}


class RoundStatus(models.TextChoices):
    OPEN = "open", _("征求中")
    CLOSED = "closed", _("已结束")


class Channel(models.TextChoices):
    ONLINE = "online", _("网上征求")
    LETTER = "letter", _("征求意见函")
    FORUM = "forum", _("座谈会")
    TALK = "talk", _("个别谈话")
    BOX = "box", _("意见箱")


class OpinionStatus(models.TextChoices):
    PENDING = "pending", _("待处理")
    MERGED = "merged", _("已合并")
    PROBLEM = "problem", _("已列入问题清单")
    MATTER = "matter", _("已转为民办实事")
    CLOSED = "closed", _("已办结")


class Rating(models.TextChoices):
    SATISFIED = "satisfied", _("满意")
    BASIC = "basic", _("基本满意")
    UNSATISFIED = "unsatisfied", _("不满意")


SATISFIED_RATINGS = (Rating.SATISFIED, Rating.BASIC)


class OpinionRound(CreatedByModel, ScopedRecord):
    """One 征求意见 of a unit in a campaign: what it asks about, whom, when; the public link carries `token`."""

    campaign = models.ForeignKey("campaigns.Campaign", on_delete=models.PROTECT, related_name="opinion_rounds",
                                 verbose_name="专项工作")
    unit = models.ForeignKey("orgs.Unit", on_delete=models.PROTECT, related_name="opinion_rounds",
                             verbose_name="征求单位")
    title = models.CharField("名称", max_length=120)
    themes = models.TextField("征求内容", help_text="每行一个主题")
    audience = models.CharField("征求对象", max_length=10, choices=Audience.choices, default=Audience.PUBLIC)
    starts_on = models.DateField("开始日期")
    ends_on = models.DateField("截止日期")
    token = models.CharField("公开链接令牌", max_length=40, unique=True, editable=False)
    status = models.CharField("状态", max_length=10, choices=RoundStatus.choices, default=RoundStatus.OPEN)
    # The newest opinion the office's daily digest has told about (services.opinions_digest).
    digested_at = models.DateTimeField("已汇总提醒至", null=True, blank=True, editable=False)

    class Meta(ScopedRecord.Meta):
        verbose_name = "征求意见"
        verbose_name_plural = "征求意见"

    def __str__(self):
        return self.title

    def theme_list(self) -> list[str]:
        return [t.strip() for t in self.themes.splitlines() if t.strip()]

    @property
    def has_form(self) -> bool:
        """Whether the round has an online form (a link, a QR code and a poster) at all."""
        return self.audience != Audience.UNITS

    @property
    def audience_rule(self) -> str:
        return AUDIENCE_RULES.get(self.audience, "")


class OpinionLetter(ScopedRecord):
    """征求意见函: sent by the round's unit to `recipient`, answered inside taizhang by that unit."""

    round = models.ForeignKey(OpinionRound, on_delete=models.PROTECT, related_name="letters",
                              verbose_name="征求意见")
    campaign = models.ForeignKey("campaigns.Campaign", on_delete=models.PROTECT, related_name="+",
                                 verbose_name="专项工作")
    unit = models.ForeignKey("orgs.Unit", on_delete=models.PROTECT, related_name="+", verbose_name="发函单位")
    recipient = models.ForeignKey("orgs.Unit", on_delete=models.PROTECT, related_name="opinion_letters",
                                  verbose_name="收函单位")
    deadline = models.DateField("反馈时限")
    sent_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+",
                                verbose_name="发函人")
    answered_at = models.DateTimeField("反馈时间", null=True, blank=True)
    answered_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
                                    related_name="+", verbose_name="反馈人")
    answer_note = models.TextField("反馈说明", blank=True)

    class Meta(ScopedRecord.Meta):
        verbose_name = "征求意见函"
        verbose_name_plural = "征求意见函"
        constraints = [models.UniqueConstraint(fields=["round", "recipient"], name="uniq_opinion_letter")]

    def __str__(self):
        return f"致{self.recipient.name}的征求意见函"


class MeetingKind(models.TextChoices):
    FORUM = "forum", _("座谈会")
    TALK = "talk", _("个别谈话")


class OpinionMeeting(CreatedByModel, ScopedRecord):
    """A 座谈会 (one 场次 with its 人次) or a batch of 个别谈话 (场次 talks, 人次 people), with what it produced."""

    round = models.ForeignKey(OpinionRound, on_delete=models.PROTECT, related_name="meetings",
                              verbose_name="征求意见")
    campaign = models.ForeignKey("campaigns.Campaign", on_delete=models.PROTECT, related_name="+",
                                 verbose_name="专项工作")
    unit = models.ForeignKey("orgs.Unit", on_delete=models.PROTECT, related_name="+", verbose_name="组织单位")
    kind = models.CharField("形式", max_length=8, choices=MeetingKind.choices)
    held_on = models.DateField("日期")
    place = models.CharField("地点/对象", max_length=120, blank=True)
    sessions = models.PositiveIntegerField("场次", default=1)
    attendance = models.PositiveIntegerField("人次")
    notes = models.TextField("情况说明", blank=True)

    class Meta(ScopedRecord.Meta):
        verbose_name = "座谈会和个别谈话"
        verbose_name_plural = "座谈会和个别谈话"

    def __str__(self):
        return f"{self.get_kind_display()} {self.held_on:%Y-%m-%d}"


class Opinion(ScopedModel):
    """One opinion (意见建议) as it was given, with where it went. The public sees only `status` and the approved
    `reply`; name, phone and the address it came from never leave the office's pages."""

    round = models.ForeignKey(OpinionRound, on_delete=models.PROTECT, related_name="opinions",
                              verbose_name="征求意见")
    campaign = models.ForeignKey("campaigns.Campaign", on_delete=models.PROTECT, related_name="+",
                                 verbose_name="专项工作")
    unit = models.ForeignKey("orgs.Unit", on_delete=models.PROTECT, related_name="+", verbose_name="征求单位")
    channel = models.CharField("渠道", max_length=8, choices=Channel.choices)
    letter = models.ForeignKey(OpinionLetter, null=True, blank=True, on_delete=models.PROTECT,
                               related_name="opinions", verbose_name="征求意见函")
    meeting = models.ForeignKey(OpinionMeeting, null=True, blank=True, on_delete=models.PROTECT,
                                related_name="opinions", verbose_name="座谈会/谈话")
    content = models.TextField("意见建议")
    name = models.CharField("姓名", max_length=30, blank=True)
    phone = models.CharField("联系电话", max_length=20, blank=True)
    receipt_code = models.CharField("查询码", max_length=16, unique=True, editable=False)
    address_hash = models.CharField("来源地址摘要", max_length=64, blank=True, editable=False)
    image_sha256 = models.CharField("图片", max_length=64, blank=True)
    image_type = models.CharField("图片类型", max_length=20, blank=True)
    status = models.CharField("状态", max_length=10, choices=OpinionStatus.choices, default=OpinionStatus.PENDING,
                              db_index=True)
    merged_into = models.ForeignKey("self", null=True, blank=True, on_delete=models.PROTECT,
                                    related_name="merged", verbose_name="合并到")
    problem = models.ForeignKey("ledger.Problem", null=True, blank=True, on_delete=models.PROTECT,
                                related_name="opinions", verbose_name="问题")
    matter = models.ForeignKey("matters.PracticalMatter", null=True, blank=True, on_delete=models.PROTECT,
                               related_name="opinions", verbose_name="实事")
    reply = models.TextField("答复（公开）", blank=True)
    replied_at = models.DateTimeField("答复时间", null=True, blank=True)
    replied_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
                                   related_name="+", verbose_name="答复审定人")
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
                                   related_name="+", verbose_name="录入人")
    created_at = models.DateTimeField("提交时间", auto_now_add=True)

    class Meta:
        verbose_name = "意见建议"
        verbose_name_plural = "意见建议"
        ordering = ["-created_at", "-id"]
        indexes = [models.Index(fields=["campaign", "unit", "status"], name="opinions_c_u_s")]

    def __str__(self):
        text = self.content.strip().replace("\n", " ")
        return text[:30] + ("…" if len(text) > 30 else "")


class OpinionRating(ScopedModel):
    """群众评价 of a result: by the submitter on the status page, or by the people concerned at a 回头看.
    A 不满意 waits in the office's review queue until the office records what it decided (`reviewed_at`)."""

    class Source(models.TextChoices):
        SUBMITTER = "submitter", _("提交人评价")
        LOOKBACK = "lookback", _("回头看走访")

    campaign = models.ForeignKey("campaigns.Campaign", on_delete=models.PROTECT, related_name="+",
                                 verbose_name="专项工作")
    unit = models.ForeignKey("orgs.Unit", on_delete=models.PROTECT, related_name="+", verbose_name="单位")
    opinion = models.ForeignKey(Opinion, null=True, blank=True, on_delete=models.PROTECT, related_name="ratings",
                                verbose_name="意见建议")
    problem = models.ForeignKey("ledger.Problem", null=True, blank=True, on_delete=models.PROTECT,
                                related_name="opinion_ratings", verbose_name="问题")
    lookback = models.ForeignKey("ledger.LookBack", null=True, blank=True, on_delete=models.PROTECT,
                                 related_name="+", verbose_name="回头看")
    source = models.CharField("来源", max_length=10, choices=Source.choices)
    value = models.CharField("评价", max_length=12, choices=Rating.choices)
    person = models.CharField("评价人", max_length=30, blank=True)
    comment = models.CharField("意见", max_length=300, blank=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
                                   related_name="+", verbose_name="录入人")
    created_at = models.DateTimeField("评价时间", auto_now_add=True)
    reviewed_at = models.DateTimeField("处理时间", null=True, blank=True)
    reviewed_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
                                    related_name="+", verbose_name="处理人")
    review_note = models.CharField("处理意见", max_length=300, blank=True)

    class Meta:
        verbose_name = "群众评价"
        verbose_name_plural = "群众评价"
        ordering = ["-created_at", "-id"]

    def __str__(self):
        return self.get_value_display()


class PublicHit(models.Model):
    """A counter of the public door (per address or per round, per hour): the rate limits live in the database
    so every app process sees the same counts."""

    key = models.CharField(max_length=100)
    window = models.DateTimeField()
    count = models.PositiveIntegerField(default=0)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["key", "window"], name="uniq_public_hit")]


class UsedChallenge(models.Model):
    """A solved challenge, kept until it expires so one answer cannot be replayed."""

    nonce = models.CharField(max_length=40, unique=True)
    used_at = models.DateTimeField(auto_now_add=True)
