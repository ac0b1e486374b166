"""全文检索: one index row per searchable record, and the office's additions to the tokeniser's dictionary.

`SearchEntry` keeps, for each problem, measure, progress report, research topic and visit, practical matter,
institution and material, the columns a search is scoped and filtered on (kind, campaign, owning unit, status,
confidentiality) beside the record's text and its jieba tokens joined by spaces. The full-text index over
`tokens` is the database's own (docs/performance.md): an FTS5 table kept by triggers on SQLite, a GIN index on
to_tsvector('simple', tokens) stored in a generated column on PostgreSQL, and the `SearchToken` table on MariaDB, whose FULLTEXT parser
drops the two-character words most Chinese terms are.
"""

from django.conf import settings
from django.db import models

from taizhang.orgs.models import ScopedModel


class SearchKind(models.TextChoices):
    PROBLEM = "problem", "问题"
    MEASURE = "measure", "整改措施"
    PROGRESS = "progress", "整改进展"
    TOPIC = "topic", "调研课题"
    VISIT = "visit", "调研走访"
    MATTER = "matter", "为民办实事"
    INSTITUTION = "institution", "制度"
    MATERIAL = "material", "交流材料"


class SearchEntry(ScopedModel):
    """The index row of one record (kind, object_id); written only by taizhang.search.index."""

    scope_unit_field = "unit"

    kind = models.CharField("类型", max_length=16, choices=SearchKind.choices)
    object_id = models.PositiveBigIntegerField("记录")
    # The record a measure, progress report or visit belongs to (its problem, its topic): where a result opens.
    parent_id = models.PositiveBigIntegerField("所属记录", null=True, blank=True)
    campaign = models.ForeignKey("campaigns.Campaign", null=True, blank=True, on_delete=models.CASCADE,
                                 related_name="+", verbose_name="专项工作")
    unit = models.ForeignKey("orgs.Unit", on_delete=models.CASCADE, related_name="+", verbose_name="单位")
    status = models.CharField("状态", max_length=16, blank=True)
    # Confidential materials are found only by those materials_visible lets read them.
    confidential = models.BooleanField("保密", default=False)
    title = models.CharField("标题", max_length=200)
    text = models.TextField("正文", blank=True)
    tokens = models.TextField("分词")
    updated_at = models.DateTimeField("索引时间", auto_now=True)

    class Meta:
        verbose_name = "检索索引"
        verbose_name_plural = "检索索引"
        constraints = [models.UniqueConstraint(fields=["kind", "object_id"], name="uniq_search_entry")]
        indexes = [
            models.Index(fields=["campaign", "kind"], name="search_entry_c_k"),
            # The columns a search filters, counts and sorts its matches on, so that thousands of matches are
            # counted and ordered without reading each row's text (taizhang.search.selectors.rows).
            models.Index(fields=["id", "confidential", "kind", "object_id", "unit", "campaign", "status"],
                         name="search_entry_cover"),
        ]

    def __str__(self):
        return f"{self.kind}#{self.object_id} {self.title}"


class SearchToken(models.Model):
    """One distinct token of an entry: the index MariaDB answers a search from (kept on MariaDB only)."""

    entry = models.ForeignKey(SearchEntry, on_delete=models.CASCADE, related_name="+")
    token = models.CharField(max_length=64)

    class Meta:
        indexes = [models.Index(fields=["token", "entry"], name="search_token_t_e")]


class SearchTerm(models.Model):
    """A word the office adds to the tokeniser's dictionary (beside the shipped search/data/userdict.txt), so a
    campaign's own vocabulary stays one token. Applies to the next tokenisation; `taizhang search reindex`
    then brings the stored records in line."""

    word = models.CharField("词语", max_length=40, unique=True)
    note = models.CharField("说明", max_length=120, blank=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
                                   related_name="+", verbose_name="添加人")
    created_at = models.DateTimeField("添加时间", auto_now_add=True)

    class Meta:
        verbose_name = "检索词典词语"
        verbose_name_plural = "检索词典"
        ordering = ["word"]

    def __str__(self):
        return self.word
