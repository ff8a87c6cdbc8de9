"""The store stage on hand-built page drafts: what ends up in the archive, and what never does."""
from __future__ import annotations

import hashlib
from datetime import date

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from archive.ingest.store import store_issue
from archive.signals import articles_changed
from archive.ingest.types import (
    ArticleDraft, Continuation, Credit, IngestError, Kind, PageDraft, PageSource, PlaceTag, Role,
    UnionTag,
)
from archive.models import Article, ArticleUnion, Issue, Page, Person, Publication, Union

pytestmark = pytest.mark.django_db

ZJ = "浙江工人日报"
JINHUA_LEAD = (
    "本报讯 记者羊荣江 报道 金华市总工会党组把开展“不忘初心、牢记使命”主题教育作为当前重要政治任务，"
    "聚焦“守初心、担使命，找差距、抓落实”的总要求。"
)
KEQIAO_LEAD = "近日,绍兴柯桥区总工会、区中纺CBD管理中心在绍兴龙之梦大厦建筑工地举行“职工之家”揭牌仪式。"


def jinhua_article(**changes: object) -> ArticleDraft:
    values: dict[str, object] = dict(
        paragraphs=[JINHUA_LEAD, "金华市总工会成立了以主要领导为组长的主题教育工作领导小组。"],
        start=4,
        end=400,
        title="金华市总工会： 坚持高站位 坚持学思用 坚持动真格",
        byline="本报讯 记者羊荣江 报道",
        credits=[Credit("羊荣江", Role.REPORTER)],
        place=PlaceTag(city_code="330700"),
        unions=[UnionTag("金华市总工会", "city", "330700", "浙江省总工会", ("金华市总工会",))],
    )
    values.update(changes)
    return ArticleDraft(**values)  # type: ignore[arg-type]


def keqiao_article(**changes: object) -> ArticleDraft:
    values: dict[str, object] = dict(
        paragraphs=[KEQIAO_LEAD],
        start=500,
        end=560,
        title="工地上建起“职工之家”",
        kind=Kind.BRIEF,
        place=PlaceTag(county_code="330603"),
        unions=[
            UnionTag("绍兴市柯桥区总工会", "county", "330603", "绍兴市总工会",
                     ("绍兴柯桥区总工会", "区总工会")),
        ],
        continuations=[Continuation("from", 1)],
        review_reasons=["标题取自导语"],
        title_derived=True,
    )
    values.update(changes)
    return ArticleDraft(**values)  # type: ignore[arg-type]


def page(
    file_name: str,
    articles: list[ArticleDraft],
    *,
    number: int | None = 2,
    publication: str = ZJ,
    day: date = date(2019, 11, 21),
    estimated: bool = False,
    text: str | None = None,
) -> PageDraft:
    original = text if text is not None else "\n\n".join(a.body for a in articles) + file_name
    return PageDraft(
        source=PageSource(file_name, publication, day, estimated, number, "工会" if number else ""),
        original_text=original,
        sha256=hashlib.sha256(original.encode("utf-8")).hexdigest(),
        articles=articles,
    )


def test_article_fields_as_a_reader_sees_them() -> None:
    result = store_issue([page("a.txt", [jinhua_article(), keqiao_article()])])

    assert (result.created, result.articles_created, result.flagged) == (["a.txt"], 2, 1)
    first, second = Article.objects.order_by("order")
    assert (first.order, second.order) == (1, 2)
    assert first.title == "金华市总工会： 坚持高站位 坚持学思用 坚持动真格"
    assert first.body.startswith("本报讯 记者羊荣江 报道 金华市总工会党组")
    assert first.body.count("\n") == 1
    assert (first.city.name, first.province.name, first.county) == ("金华市", "浙江省", None)
    assert [c.person.name for c in first.credits.all()] == ["羊荣江"]
    assert first.credits.get().role == "reporter"
    assert not first.needs_review
    # A county alone is enough: its city and province come from the gazetteer.
    assert (second.county.name, second.city.name, second.province.name) == (
        "柯桥区", "绍兴市", "浙江省"
    )
    assert second.kind == "brief" and second.title_derived
    assert second.needs_review and second.review_reasons == ["标题取自导语"]
    assert second.continuations == [{"direction": "from", "page": 1}]
    assert (second.span_start, second.span_end) == (500, 560)


def test_publication_issue_and_page_rows() -> None:
    store_issue([page("a.txt", [jinhua_article()], estimated=True)])
    store_issue([page("b.txt", [jinhua_article()], publication="工人日报", number=None)])

    provincial = Publication.objects.get(name=ZJ)
    assert provincial.home_province.name == "浙江省"
    assert provincial.slug == ZJ
    assert Publication.objects.get(name="工人日报").home_province is None
    issue = Issue.objects.get(publication=provincial)
    assert issue.date == date(2019, 11, 21) and issue.date_estimated
    stored = Page.objects.get(source_file="a.txt")
    assert (stored.number, stored.name, stored.issue) == (2, "工会", issue)
    assert stored.original_text.startswith("本报讯 记者羊荣江")


def test_a_confirmed_page_makes_the_issue_date_firm() -> None:
    store_issue([page("a.txt", [jinhua_article()], estimated=True)])
    store_issue([page("b.txt", [keqiao_article()], number=3, estimated=False)])
    assert Issue.objects.get().date_estimated is False


def test_unions_primary_first_with_aliases_and_parents() -> None:
    shared = UnionTag("绍兴市柯桥区总工会", "county", "330603", "绍兴市总工会", ("柯桥区总工会",))
    store_issue([page("a.txt", [keqiao_article(unions=[keqiao_article().unions[0], shared])])])
    store_issue([page("b.txt", [jinhua_article(unions=[
        UnionTag("金华市总工会", "city", "330700"), shared,
    ])], number=3)])

    keqiao = Union.objects.get(name="绍兴市柯桥区总工会")
    # 区总工会 says only a level: read by place, never kept as an alias.
    assert keqiao.aliases == ["柯桥区总工会", "绍兴柯桥区总工会"]
    assert (keqiao.level, keqiao.place.name) == ("county", "柯桥区")
    # The parent the pipeline named did not exist yet: created one level up.
    assert (keqiao.parent.name, keqiao.parent.level) == ("绍兴市总工会", "city")
    linked = Article.objects.get(title="金华市总工会： 坚持高站位 坚持学思用 坚持动真格")
    ranks = list(linked.union_links.values_list("union__name", "rank"))
    assert ranks == [("金华市总工会", 0), ("绍兴市柯桥区总工会", 1)]
    assert Union.objects.filter(name="绍兴市柯桥区总工会").count() == 1


def test_what_the_archive_knows_about_a_union_is_completed_never_overwritten() -> None:
    store_issue([page("a.txt", [jinhua_article(unions=[UnionTag("金华市总工会", "city")])])])
    assert Union.objects.get(name="金华市总工会").place is None
    store_issue([page("b.txt", [jinhua_article()], number=3)])
    store_issue([page("c.txt", [jinhua_article(unions=[
        UnionTag("金华市总工会", "county", "330603", "别的总工会"),
    ])], number=4)])
    union = Union.objects.get(name="金华市总工会")
    assert (union.level, union.place.name, union.parent.name) == ("city", "金华市", "浙江省总工会")


def test_people_are_shared_between_articles() -> None:
    store_issue([page("a.txt", [
        jinhua_article(),
        keqiao_article(credits=[Credit("羊荣江", Role.REPORTER), Credit("陈超刚", Role.CORRESPONDENT)]),
    ])])
    assert sorted(Person.objects.values_list("name", flat=True)) == ["羊荣江", "陈超刚"]
    assert Person.objects.get(name="羊荣江").articles.count() == 2


def test_the_same_file_again_writes_nothing() -> None:
    draft = page("a.txt", [jinhua_article(), keqiao_article()])
    store_issue([draft])
    before = list(Page.objects.values_list("pk", "imported_at"))

    result = store_issue([draft])

    assert (result.unchanged, result.created, result.articles_created) == (["a.txt"], [], 0)
    assert list(Page.objects.values_list("pk", "imported_at")) == before
    assert Article.objects.count() == 2


def test_the_same_file_described_differently_is_kept_once_with_a_warning() -> None:
    store_issue([page("a.txt", [jinhua_article()], text="同一版面")])

    result = store_issue([page("a.txt", [jinhua_article()], text="同一版面", number=5)])

    assert result.unchanged == ["a.txt"]
    assert result.warnings == [
        "a.txt: 内容与已导入的 a.txt（浙江工人日报 2019-11-21 第2版）相同，未重复导入"
    ]
    assert list(Page.objects.values_list("number", flat=True)) == [2]


def test_a_stored_file_under_another_date_leaves_no_empty_issue() -> None:
    store_issue([page("a.txt", [jinhua_article()], text="同一版面")])

    result = store_issue([page("a.txt", [jinhua_article()], text="同一版面",
                               day=date(2019, 11, 22), publication="工人日报")])

    assert result.unchanged == ["a.txt"] and len(result.warnings) == 1
    assert Issue.objects.count() == 1 and Publication.objects.count() == 1


def test_a_different_file_for_a_stored_page_is_refused_and_changes_nothing() -> None:
    store_issue([page("a.txt", [jinhua_article()])])
    other = page("a-corrected.txt", [keqiao_article()])

    with pytest.raises(IngestError, match=r"^a-corrected\.txt: .*第 2 版已导入"):
        store_issue([other])

    assert list(Article.objects.values_list("title", flat=True)) == [jinhua_article().title]
    assert Page.objects.get().source_file == "a.txt"


def test_a_page_without_number_is_known_by_its_file_name() -> None:
    store_issue([page("p.txt", [jinhua_article()], number=None)])
    with pytest.raises(IngestError, match="同名版面"):
        store_issue([page("p.txt", [keqiao_article()], number=None)])
    result = store_issue([page("q.txt", [keqiao_article()], number=None)])
    assert result.created == ["q.txt"] and Page.objects.count() == 2


def test_replace_swaps_the_page_text_and_articles() -> None:
    store_issue([page("a.txt", [jinhua_article()])])
    old_ids = set(Article.objects.values_list("pk", flat=True))
    page_id = Page.objects.get().pk

    result = store_issue([page("a.txt", [keqiao_article(), jinhua_article()], text="新版")],
                         replace=True)

    assert (result.replaced, result.articles_created) == (["a.txt"], 2)
    stored = Page.objects.get()
    assert (stored.pk, stored.original_text) == (page_id, "新版")
    assert stored.sha256 == hashlib.sha256("新版".encode()).hexdigest()
    titles = list(stored.articles.order_by("order").values_list("title", flat=True))
    assert titles == ["工地上建起“职工之家”", jinhua_article().title]
    # The article both versions hold keeps its id (and address); the other one is new.
    assert Article.objects.get(title=jinhua_article().title).pk in old_ids
    assert len(old_ids & set(Article.objects.values_list("pk", flat=True))) == 1


def test_one_conflicting_page_keeps_the_whole_issue_out() -> None:
    store_issue([page("a.txt", [jinhua_article()])])
    fresh = page("b.txt", [keqiao_article()], number=3)
    conflicting = page("c.txt", [keqiao_article()], number=2)

    with pytest.raises(IngestError, match="^c.txt"):
        store_issue([fresh, conflicting])

    assert list(Page.objects.values_list("source_file", flat=True)) == ["a.txt"]
    assert not Union.objects.filter(name="绍兴市柯桥区总工会").exists()


def test_two_pages_with_one_number_in_one_issue_are_refused() -> None:
    with pytest.raises(IngestError, match="都标为第 2 版"):
        store_issue([page("a.txt", [jinhua_article()]), page("b.txt", [keqiao_article()])])
    assert not Publication.objects.exists()


def test_pages_of_different_issues_are_refused() -> None:
    with pytest.raises(IngestError, match="不属于同一期"):
        store_issue([
            page("a.txt", [jinhua_article()]),
            page("b.txt", [keqiao_article()], day=date(2019, 11, 22)),
        ])


def test_unknown_place_code_is_a_warning_not_a_failure() -> None:
    result = store_issue([page("a.txt", [jinhua_article(place=PlaceTag(city_code="999900"))])])
    assert result.warnings == ["a.txt: 地区代码 999900 不在地区表中"]
    assert Article.objects.get().city is None


def test_the_search_index_hook_hears_of_new_and_removed_articles() -> None:
    heard: list[dict[str, list[int]]] = []

    def receiver(sender: object, changed_ids: list[int], removed_ids: list[int], **kw: object):
        heard.append({"created": changed_ids, "removed": removed_ids})

    articles_changed.connect(receiver)
    try:
        store_issue([page("a.txt", [jinhua_article()])])
        first_ids = list(Article.objects.values_list("pk", flat=True))
        store_issue([page("a.txt", [keqiao_article()], text="新版")], replace=True)
    finally:
        articles_changed.disconnect(receiver)

    assert heard[0] == {"created": first_ids, "removed": []}
    assert heard[1] == {
        "created": list(Article.objects.values_list("pk", flat=True)), "removed": first_ids,
    }


def test_query_count_does_not_grow_with_pages(django_assert_max_num_queries) -> None:
    def issue(pages: int, day: date) -> list[PageDraft]:
        return [
            page(f"{day}-{n}.txt", [jinhua_article(), keqiao_article(), jinhua_article()],
                 number=n, day=day)
            for n in range(1, pages + 1)
        ]

    store_issue(issue(1, date(2019, 11, 1)))  # the publication, unions and people now exist
    with CaptureQueriesContext(connection) as small:
        store_issue(issue(2, date(2019, 11, 2)))
    # Ten times the pages: the same statements, bar a few more batches of a bulk insert
    # (SQLite caps the parameters of one statement); one query per page or article would
    # add dozens.
    with django_assert_max_num_queries(len(small.captured_queries) + 4):
        result = store_issue(issue(20, date(2019, 11, 3)))

    assert result.articles_created == 60
    big = Article.objects.filter(page__issue__date=date(2019, 11, 3))
    assert ArticleUnion.objects.filter(article__in=big).count() == 60
