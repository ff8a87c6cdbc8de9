"""Staff corrections to articles: split, merge with the next, mark reviewed, edit, delete.

Each function changes the articles in one transaction, records the change in the history and
sends ``articles_changed`` inside that transaction, so the search index follows every edit.
The page's original text is never touched: corrections live on the articles only.
"""
from __future__ import annotations

from collections.abc import Iterable

from django.db import transaction
from django.db.models import F, Max

from ..models import Article, ArticleUnion, Credit, Page, Place
from ..signals import articles_changed
from ..models import Revision
from . import history, redirects
from .snapshots import Watch


PLACE_LEVELS = ("province", "city", "county")  # an article's place fields, widest first


class EditError(ValueError):
    """A correction that cannot be made; the message says why, in the staff's words."""


def announce(changed_ids: Iterable[int] = (), removed_ids: Iterable[int] = ()) -> None:
    """Tell the index which articles changed or went; call inside the writing transaction."""
    changed, removed = sorted(set(changed_ids)), sorted(set(removed_ids))
    if changed or removed:
        articles_changed.send(sender=Article, changed_ids=changed, removed_ids=removed)


def paragraphs_of(article: Article) -> list[str]:
    """The body's paragraphs, one a line, blank lines left out."""
    return [line for line in article.body.split("\n") if line.strip()]


def next_on_page(article: Article) -> Article | None:
    """The article that follows ``article`` on its page, if any."""
    return (
        Article.objects.filter(page_id=article.page_id, order__gt=article.order)
        .order_by("order")
        .first()
    )


def split_article(
    article: Article, at: int, title: str, user: object, *, promote: bool = False
) -> Article:
    """Cut ``article`` before paragraph ``at`` (0-based); the rest becomes a new article.

    The new article follows the original on the page, takes the given title, and keeps the
    original's kind, places and unions (staff correct them afterwards if they differ); the
    byline and credits stay with the first part, where the importer found them. With
    ``promote`` the chosen paragraph is the new article's headline, left inside the body by
    the importer: it becomes the title and leaves the body.
    """
    paragraphs = paragraphs_of(article)
    if not 1 <= at < len(paragraphs):
        raise EditError("请选择第二段或之后的段落作为新文章的开头（拆分后两篇都至少要有一段）")
    if promote:
        if at + 1 >= len(paragraphs):
            raise EditError("所选的一段是最后一段，用作标题后新文章就没有正文了")
        title = paragraphs[at].strip()
        limit = Article._meta.get_field("title").max_length
        if len(title) > limit:
            raise EditError(f"所选的一段有 {len(title)} 字，超过主题的上限 {limit} 字，不像标题；"
                            "请取消勾选，另填主题")
    title = title.strip()
    if not title:
        raise EditError("请填写新文章的主题")
    if len(title) > Article._meta.get_field("title").max_length:
        raise EditError("新文章的主题过长")
    with transaction.atomic():
        article = _locked(article)
        paragraphs = paragraphs_of(article)
        watch = _watch_page(article)
        _make_room_after(article)
        cut = _span_at(article, paragraphs[at])
        new = Article.objects.create(
            page_id=article.page_id,
            order=article.order + 1,
            title=title,
            body="\n".join(paragraphs[at + 1 if promote else at:]),
            kind=article.kind,
            province_id=article.province_id,
            city_id=article.city_id,
            county_id=article.county_id,
            span_start=cut,
            span_end=article.span_end,
            needs_review=article.needs_review,
            review_reasons=list(article.review_reasons),
        )
        ArticleUnion.objects.bulk_create(
            ArticleUnion(article=new, union_id=link.union_id, rank=link.rank)
            for link in article.union_links.all()
        )
        article.body = "\n".join(paragraphs[:at])
        article.span_end = max(article.span_start, cut)
        article.save(update_fields=["body", "span_end"])
        watch.created(new)
        history.record(
            user, article,
            f"在第 {at + 1} 段处拆分，第 {at + 1}–{len(paragraphs)} 段成为新文章《{new.title}》",
            fields=["body"], watch=watch, kind=Revision.Kind.SPLIT,
        )
        history.record(user, new, f"由《{article.title}》拆分产生", history.ADDED)
        announce(changed_ids=[article.pk, new.pk])
    return new


def merge_with_next(article: Article, user: object) -> Article:
    """Join the next article on the page onto ``article``; the next one is removed.

    The body, unions, credits and continuation lines of both are kept; the title block is the
    first article's, and the merged article needs review if either did. The next article's
    address leads to the merged one from now on.
    """
    with transaction.atomic():
        article = _locked(article)
        following = next_on_page(article)
        if following is None:
            raise EditError("这是本版最后一篇文章，后面没有可合并的文章")
        watch = Watch().add(article).add(following)
        article.body = "\n".join(filter(None, [article.body, following.body]))
        article.span_start = min(article.span_start, following.span_start)
        article.span_end = max(article.span_end, following.span_end)
        article.continuations = _unique(article.continuations + following.continuations)
        article.review_reasons = _unique(article.review_reasons + following.review_reasons)
        article.needs_review = article.needs_review or following.needs_review
        changed = ["body", "continuations", "needs_review", "review_reasons"]
        for level in ("province", "city", "county"):
            if getattr(article, f"{level}_id") is None and getattr(following, f"{level}_id"):
                setattr(article, f"{level}_id", getattr(following, f"{level}_id"))
                changed.append(level)
        article.save()
        changed += _take_links(article, following)
        removed_id = following.pk
        history.record(
            user, following, f"并入上一篇《{article.title}》（文章 {article.pk}）",
            history.DELETED,
        )
        redirects.article_merged(following, article)
        following.delete()
        history.record(
            user, article, f"与下一篇《{following.title}》合并，正文接在后面", fields=changed,
            watch=watch, kind=Revision.Kind.MERGE,
        )
        announce(changed_ids=[article.pk], removed_ids=[removed_id])
    return article


def mark_reviewed(articles: Iterable[Article], user: object) -> int:
    """Clear the review flag; the reasons it had go into the history. Returns how many."""
    count = 0
    with transaction.atomic():
        for article in articles:
            if not article.needs_review:
                continue
            reasons = "；".join(article.review_reasons) or "无"
            watch = Watch().add(article, parts=["needs_review", "review_reasons"])
            article.needs_review = False
            article.review_reasons = []
            article.save(update_fields=["needs_review", "review_reasons"])
            history.record(user, article, f"标为已审核（原审核原因：{reasons}）",
                           fields=["needs_review", "review_reasons"], watch=watch,
                           kind=Revision.Kind.REVIEW)
            announce(changed_ids=[article.pk])
            count += 1
    return count


def set_for_articles(
    articles: Iterable[Article], user: object, *, kind: str | None = None,
    place: Place | None = None,
) -> int:
    """Give many articles one kind or one place (with the places above it), as staff do for
    a whole page of briefs; each changed article gets its own revision. Returns how many."""
    values: dict[str, object] = {}
    if kind is not None:
        values["kind"] = kind
    if place is not None:
        chain = place_chain(place)
        values.update({f"{level}_id": chain.get(level) for level in PLACE_LEVELS})
    fields = sorted({name.removesuffix("_id") for name in values})
    count = 0
    with transaction.atomic():
        for article in articles:
            if all(getattr(article, name) == value for name, value in values.items()):
                continue
            watch = Watch().add(article, parts=fields)
            for name, value in values.items():
                setattr(article, name, value)
            article.save(update_fields=fields)
            history.record(user, article, "批量修改", fields=fields, watch=watch)
            announce(changed_ids=[article.pk])
            count += 1
    return count


def place_chain(place: Place) -> dict[str, int]:
    """``place`` and the places above it, by level: {"province": id, "city": id, …}."""
    chain: dict[str, int] = {}
    node, seen = place, set()
    while node is not None and node.pk not in seen:
        seen.add(node.pk)
        chain.setdefault(node.level, node.pk)
        node = node.parent
    return chain


def delete_articles(articles: Iterable[Article]) -> list[int]:
    """Delete articles (and their links), announcing them; history is the caller's."""
    ids = [article.pk for article in articles]
    with transaction.atomic():
        Article.objects.filter(pk__in=ids).delete()
        announce(removed_ids=ids)
    return ids


def articles_of_pages(pages: Iterable[Page]) -> list[int]:
    """Ids of the articles on these pages, for announcing them before the pages go."""
    return list(Article.objects.filter(page__in=list(pages)).values_list("pk", flat=True))


def _locked(article: Article) -> Article:
    """The article read again under a lock of its page and of itself, page first.

    A split adds an article to the page and a merge removes one; a replacement of the page
    locks the page before reading its articles, so either waits for the other to commit and
    then sees the page whole.
    """
    list(Page.objects.select_for_update().filter(pk=article.page_id).values_list("pk"))
    return Article.objects.select_for_update().get(pk=article.pk)


def _watch_page(article: Article) -> Watch:
    """Watch ``article`` whole and where every other article of its page stands."""
    watch = Watch().add(article)
    for pk in Article.objects.filter(page_id=article.page_id).exclude(pk=article.pk) \
            .values_list("pk", flat=True):
        watch.add(model=Article, pk=pk, parts=["order"])
    return watch


def _make_room_after(article: Article) -> None:
    """Move the articles after ``article`` one place down, keeping orders unique throughout."""
    later = Article.objects.filter(page_id=article.page_id, order__gt=article.order)
    top = Article.objects.filter(page_id=article.page_id).aggregate(Max("order"))["order__max"]
    # Two steps, so no intermediate state repeats an order on the page.
    later.update(order=F("order") + top + 1)
    Article.objects.filter(page_id=article.page_id, order__gt=top).update(
        order=F("order") - top
    )


def _span_at(article: Article, paragraph: str) -> int:
    """Where ``paragraph`` starts in the page's original text, within the article's span.

    The cleaned paragraph may differ from the original (rejoined column breaks), so its first
    few characters are looked for; failing that, the split point is the span's end.
    """
    text = article.page.original_text
    for length in (20, 8, 4):
        probe = paragraph[:length]
        found = text.find(probe, article.span_start, article.span_end) if probe else -1
        if found >= 0:
            return found
    return article.span_end


def _take_links(article: Article, following: Article) -> list[str]:
    """Give ``article`` the unions and credits of ``following`` it does not have yet.

    Returns which of the two it changed ("unions", "people"), for the history.
    """
    have = set(article.union_links.values_list("union_id", flat=True))
    first_new_rank = rank = len(have)
    for link in following.union_links.order_by("rank"):
        if link.union_id not in have:
            ArticleUnion.objects.create(article=article, union_id=link.union_id, rank=rank)
            have.add(link.union_id)
            rank += 1
    credited = set(article.credits.values_list("person_id", "role"))
    first_new_order = order = article.credits.count()
    for credit in following.credits.order_by("order"):
        if (credit.person_id, credit.role) not in credited:
            Credit.objects.create(
                article=article, person_id=credit.person_id, role=credit.role, order=order
            )
            credited.add((credit.person_id, credit.role))
            order += 1
    return [name for name, added in (("unions", rank > first_new_rank),
                                     ("people", order > first_new_order)) if added]


def _unique(items: list) -> list:
    seen: list = []
    for item in items:
        if item not in seen:
            seen.append(item)
    return seen
