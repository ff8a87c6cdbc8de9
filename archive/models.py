"""The archive's data: publications, their issues and pages, the articles cut out of them,
and the places, union organisations and people the articles are about."""
from __future__ import annotations

from django.db import models
from django.db.models import Q


class Place(models.Model):
    """A province, prefecture-level city or county-level unit from GB/T 2260.

    Former units (江干区, merged into 上城区 in 2021) stay as rows with ``is_current`` off:
    older articles name them, and they still belong to their city.
    """

    class Level(models.TextChoices):
        PROVINCE = "province", "省级"
        CITY = "city", "地级"
        COUNTY = "county", "县级"

    code = models.CharField("区划代码", max_length=6, unique=True)
    name = models.CharField("名称", max_length=40, db_index=True)
    level = models.CharField("级别", max_length=10, choices=Level.choices)
    parent = models.ForeignKey(
        "self", verbose_name="上级", null=True, blank=True, on_delete=models.PROTECT,
        related_name="children",
    )
    short_names = models.JSONField("简称", default=list, blank=True)
    former_names = models.JSONField("曾用名", default=list, blank=True)
    is_current = models.BooleanField("现行", default=True)
    source = models.CharField("数据来源", max_length=200, blank=True)
    # When the row last changed, by staff or by ``load_places``: the importer rebuilds its
    # gazetteer when the newest of these moves (``selectors.gazetteer``).
    updated = models.DateTimeField("更新时间", auto_now=True)

    class Meta:
        verbose_name = verbose_name_plural = "地区"
        ordering = ["code"]

    def __str__(self) -> str:
        return self.name if self.is_current else f"{self.name}（已撤销）"


class Publication(models.Model):
    name = models.CharField("报名", max_length=50, unique=True)
    short_name = models.CharField("简称", max_length=20, blank=True)
    slug = models.SlugField("标识", max_length=50, unique=True)
    home_province = models.ForeignKey(
        Place, verbose_name="所在省份", null=True, blank=True, on_delete=models.SET_NULL,
        help_text="地方报纸所在省份；地名有歧义时优先取该省。全国性报纸留空。",
    )

    class Meta:
        verbose_name = verbose_name_plural = "报纸"
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


class PublicationTitle(models.Model):
    """A name a paper was published under, and when: its title history (浙江工人报 became
    浙江工人日报). Either end may be unknown."""

    publication = models.ForeignKey(
        Publication, verbose_name="报纸", on_delete=models.CASCADE, related_name="titles"
    )
    name = models.CharField("报名", max_length=50)
    first_date = models.DateField("启用日期", null=True, blank=True)
    last_date = models.DateField("停用日期", null=True, blank=True)
    note = models.CharField("说明", max_length=200, blank=True)

    class Meta:
        verbose_name = verbose_name_plural = "报名沿革"
        ordering = ["publication", "first_date", "id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(first_date__isnull=True) | Q(last_date__isnull=True)
                | Q(first_date__lte=models.F("last_date")),
                name="title_dates_in_order",
                violation_error_message="启用日期不能晚于停用日期",
            ),
        ]

    def __str__(self) -> str:
        return self.name


class Issue(models.Model):
    publication = models.ForeignKey(
        Publication, verbose_name="报纸", on_delete=models.PROTECT, related_name="issues"
    )
    date = models.DateField("出版日期", db_index=True)
    date_estimated = models.BooleanField("日期为推断", default=False)
    number = models.PositiveIntegerField("期号", null=True, blank=True)

    class Meta:
        verbose_name = verbose_name_plural = "期"
        ordering = ["-date", "publication"]
        permissions = [("import_issue", "可通过网页导入新一期")]
        constraints = [
            models.UniqueConstraint(fields=["publication", "date"], name="issue_unique_date"),
        ]

    def __str__(self) -> str:
        prefix = "约" if self.date_estimated else ""
        return f"{self.publication} {prefix}{self.date:%Y-%m-%d}"


class Page(models.Model):
    issue = models.ForeignKey(
        Issue, verbose_name="期", on_delete=models.CASCADE, related_name="pages"
    )
    number = models.PositiveIntegerField("版次", null=True, blank=True)
    name = models.CharField("版名", max_length=50, blank=True)
    original_text = models.TextField("原始文本")
    source_file = models.CharField("源文件", max_length=255)
    sha256 = models.CharField("SHA-256", max_length=64, unique=True)
    imported_at = models.DateTimeField("导入时间", auto_now_add=True)

    class Meta:
        verbose_name = verbose_name_plural = "版面"
        ordering = ["issue", "number", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["issue", "number"], condition=Q(number__isnull=False),
                name="page_unique_number",
            ),
        ]

    def __str__(self) -> str:
        number = f"第{self.number}版" if self.number else "版次不详"
        return f"{self.issue} {number}"


class Union(models.Model):
    """A union organisation (工会), under its normalized full name."""

    class Level(models.TextChoices):
        NATIONAL = "national", "全国总工会"
        PROVINCIAL = "provincial", "省总工会"
        CITY = "city", "市总工会"
        COUNTY = "county", "县/区总工会"
        TOWNSHIP = "township", "乡镇/街道总工会"
        INDUSTRY = "industry", "产业工会"
        ENTERPRISE = "enterprise", "企业工会"
        JOINT = "joint", "联合工会"

    name = models.CharField("全称", max_length=100, unique=True)
    aliases = models.JSONField("别称", default=list, blank=True)
    level = models.CharField("级别", max_length=12, choices=Level.choices)
    place = models.ForeignKey(
        Place, verbose_name="地区", null=True, blank=True, on_delete=models.SET_NULL,
        related_name="unions",
    )
    parent = models.ForeignKey(
        "self", verbose_name="上级工会", null=True, blank=True, on_delete=models.SET_NULL,
        related_name="children",
    )

    class Meta:
        verbose_name = verbose_name_plural = "工会组织"
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


class Person(models.Model):
    name = models.CharField("姓名", max_length=30, unique=True)

    class Meta:
        verbose_name = verbose_name_plural = "人物"
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


class Article(models.Model):
    class Kind(models.TextChoices):
        NEWS = "news", "消息"
        PHOTO = "photo", "图片"
        COMMENTARY = "commentary", "评论"
        FEATURE = "feature", "通讯"
        BRIEF = "brief", "简讯"

    page = models.ForeignKey(
        Page, verbose_name="版面", on_delete=models.CASCADE, related_name="articles"
    )
    order = models.PositiveIntegerField("版内顺序")
    kicker = models.CharField("引题", max_length=200, blank=True)
    title = models.CharField("主题", max_length=200)
    subtitle = models.CharField("副题", max_length=200, blank=True)
    title_derived = models.BooleanField(
        "标题取自导语", default=False, help_text="原文缺标题，标题由导语生成。"
    )
    byline = models.CharField("署名", max_length=200, blank=True)
    body = models.TextField("正文", help_text="清理后的正文，每行一段。")
    kind = models.CharField("体裁", max_length=12, choices=Kind.choices, default=Kind.NEWS)
    province = models.ForeignKey(
        Place, verbose_name="省份", null=True, blank=True, on_delete=models.SET_NULL,
        related_name="+",
    )
    city = models.ForeignKey(
        Place, verbose_name="城市", null=True, blank=True, on_delete=models.SET_NULL,
        related_name="city_articles",
    )
    county = models.ForeignKey(
        Place, verbose_name="区县", null=True, blank=True, on_delete=models.SET_NULL,
        related_name="county_articles",
    )
    unions = models.ManyToManyField(
        Union, verbose_name="工会组织", through="ArticleUnion", related_name="articles",
        blank=True,
    )
    people = models.ManyToManyField(
        Person, verbose_name="人物", through="Credit", related_name="articles", blank=True
    )
    continuations = models.JSONField(
        "转版", default=list, blank=True,
        help_text='如 [{"direction": "from", "page": 1}] 表示“上接第1版”。',
    )
    span_start = models.PositiveIntegerField("原文起点")
    span_end = models.PositiveIntegerField("原文终点")
    needs_review = models.BooleanField("待审核", default=False, db_index=True)
    review_reasons = models.JSONField("审核原因", default=list, blank=True)

    class Meta:
        verbose_name = verbose_name_plural = "文章"
        ordering = ["page", "order"]
        constraints = [
            models.UniqueConstraint(fields=["page", "order"], name="article_unique_order"),
        ]
        indexes = [
            models.Index(fields=["city", "page"], name="article_city_idx"),
            models.Index(fields=["county", "page"], name="article_county_idx"),
            models.Index(fields=["kind"], name="article_kind_idx"),
        ]

    def __str__(self) -> str:
        return self.title

    @property
    def issue(self) -> Issue:
        return self.page.issue


class ArticleUnion(models.Model):
    """Links an article to a union it is about; rank 0 is the primary union."""

    article = models.ForeignKey(
        Article, verbose_name="文章", on_delete=models.CASCADE, related_name="union_links"
    )
    union = models.ForeignKey(
        Union, verbose_name="工会组织", on_delete=models.CASCADE, related_name="article_links"
    )
    rank = models.PositiveSmallIntegerField("顺位", default=0)

    class Meta:
        verbose_name = verbose_name_plural = "文章工会"
        ordering = ["article", "rank"]
        constraints = [
            models.UniqueConstraint(fields=["article", "union"], name="article_union_unique"),
        ]
        indexes = [models.Index(fields=["union", "article"], name="union_article_idx")]

    def __str__(self) -> str:
        return f"{self.union}（顺位 {self.rank}）"


class Credit(models.Model):
    """A person named in an article's byline or photo credit, with the role printed."""

    class Role(models.TextChoices):
        REPORTER = "reporter", "记者"
        CORRESPONDENT = "correspondent", "通讯员"
        PHOTOGRAPHER = "photographer", "摄影"
        AUTHOR = "author", "作者"

    article = models.ForeignKey(
        Article, verbose_name="文章", on_delete=models.CASCADE, related_name="credits"
    )
    person = models.ForeignKey(
        Person, verbose_name="人物", on_delete=models.PROTECT, related_name="credits"
    )
    role = models.CharField("角色", max_length=14, choices=Role.choices)
    order = models.PositiveSmallIntegerField("顺序", default=0)

    class Meta:
        verbose_name = verbose_name_plural = "署名"
        ordering = ["article", "order"]
        constraints = [
            models.UniqueConstraint(
                fields=["article", "person", "role"], name="credit_unique_role"
            ),
        ]
        indexes = [models.Index(fields=["person", "article"], name="person_article_idx")]

    def __str__(self) -> str:
        return f"{self.person}（{self.get_role_display()}）"


class ArticleRedirect(models.Model):
    """Where the address of an article that is no longer in the archive now leads.

    An article merged into another, or removed when its page was imported again, leaves its
    id here, so ``/articles/<id>/`` and the API answer with where it went instead of a dead
    link. ``article`` is always the final article (chains are shortened when written); when
    that article is deleted too, ``page`` still says where the text stood.
    """

    class Reason(models.TextChoices):
        MERGED = "merged", "并入其他文章"
        REPLACED = "replaced", "版面重新导入时替换"

    old_id = models.PositiveBigIntegerField("原文章编号", unique=True)
    old_title = models.CharField("原主题", max_length=200, blank=True)
    article = models.ForeignKey(
        Article, verbose_name="现在的文章", null=True, blank=True, on_delete=models.SET_NULL,
        related_name="+",
    )
    page = models.ForeignKey(
        Page, verbose_name="所在版面", null=True, blank=True, on_delete=models.SET_NULL,
        related_name="+",
    )
    reason = models.CharField("原因", max_length=10, choices=Reason.choices)
    created = models.DateTimeField("时间", auto_now_add=True)

    class Meta:
        verbose_name = verbose_name_plural = "文章跳转"
        ordering = ["old_id"]

    def __str__(self) -> str:
        return f"文章 {self.old_id} → {self.article_id or '—'}"


class UnionRedirect(models.Model):
    """Where the address of a union merged into another now leads (see ArticleRedirect)."""

    old_id = models.PositiveBigIntegerField("原工会编号", unique=True)
    old_name = models.CharField("原名称", max_length=100, blank=True)
    union = models.ForeignKey(
        Union, verbose_name="现在的工会", null=True, blank=True, on_delete=models.SET_NULL,
        related_name="+",
    )
    created = models.DateTimeField("时间", auto_now_add=True)

    class Meta:
        verbose_name = verbose_name_plural = "工会跳转"
        ordering = ["old_id"]

    def __str__(self) -> str:
        return f"工会 {self.old_id} → {self.union_id or '—'}"


class ArticleReimport(models.Model):
    """A re-import of an article's page that updated the article in place.

    Staff corrections are in the admin history, under the staff member who made them; an
    import has no user, so what it did with those corrections (kept or overwrote, by the
    names in ``selectors.corrections.CORRECTABLE``) is recorded here. A correction older than
    an import that overwrote it no longer counts.
    """

    article = models.ForeignKey(
        Article, verbose_name="文章", on_delete=models.CASCADE, related_name="reimports"
    )
    kept = models.JSONField("保留的人工修改", default=list, blank=True)
    discarded = models.JSONField("放弃的人工修改", default=list, blank=True)
    created = models.DateTimeField("时间", auto_now_add=True)

    class Meta:
        verbose_name = verbose_name_plural = "重新导入记录"
        ordering = ["article", "created", "id"]

    def __str__(self) -> str:
        return f"文章 {self.article_id} 重新导入"


class Revision(models.Model):
    """The values one staff action changed, before and after, so it can be shown and undone.

    It belongs to the history line (``LogEntry``) that says who did it and when. ``changes``
    holds, per row touched, its snapshot before and after (``services.snapshots``): None
    before means the action created the row, None after that it removed it. An import keeps
    the ids of what it created instead (``created_rows``), so undoing it removes exactly those.
    """

    class Kind(models.TextChoices):
        EDIT = "edit", "修改"
        SPLIT = "split", "拆分"
        MERGE = "merge", "合并"
        REVIEW = "review", "审核"
        IMPORT = "import", "导入"
        REVERT = "revert", "恢复"

    entry = models.OneToOneField(
        "admin.LogEntry", verbose_name="修改记录", on_delete=models.CASCADE,
        related_name="revision",
    )
    kind = models.CharField("类型", max_length=10, choices=Kind.choices)
    changes = models.JSONField("前后取值", default=list, blank=True)
    created_rows = models.JSONField("导入新建的记录", default=dict, blank=True)
    reverted_by = models.ForeignKey(
        "self", verbose_name="已由此恢复", null=True, blank=True, on_delete=models.SET_NULL,
        related_name="+",
    )

    class Meta:
        verbose_name = verbose_name_plural = "修订"
        ordering = ["-entry__action_time", "-pk"]
        permissions = [("undo_import", "可撤销他人的导入")]

    def __str__(self) -> str:
        return f"{self.get_kind_display()}（记录 {self.entry_id}）"
