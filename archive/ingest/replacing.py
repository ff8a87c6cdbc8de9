"""Replacing a page the archive already holds: articles keep their ids, work is not lost.

Each article of the new page is paired with the old article it is (``matching``). A paired
article is updated in place, so its id and address stay. Staff corrections of the old
articles (``selectors.corrections``) that the new page would overwrite stop the replacement
unless the caller says what to do with them (``OnCorrections``): keep the corrected parts, or
discard them. An old article left unpaired is removed, and its address leads to the new
article holding most of its text, or to the page (``services.redirects``); one carrying
corrections is kept as staff left it when corrections are kept. A new article that staff had
merged into an old one is not created again, or takes back the merged article's address, as
``remerged`` describes.

Everything here runs inside the store's transaction, which locks the page and its articles
before reading them (``plan_page``).
"""
from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field

from django.db.models import F

from ..models import Article, ArticleReimport, ArticleUnion, Credit, Page
from ..selectors.corrections import CORRECTABLE, corrections_in_effect, labels
from ..services import redirects
from .matching import Text, best_home, match_articles
from .remerged import Remerged, find_remerged, holds
from .rows import PageRows, Row
from .types import IngestError, OnCorrections

_PARTS = {part.name: part for part in CORRECTABLE}
_UPDATED_FIELDS = [
    f.name for f in Article._meta.concrete_fields if not f.primary_key and f.name != "page"
]
KEEP_FLAG = "--keep-corrections"
DISCARD_FLAG = "--discard-corrections"


class CorrectionsInTheWay(IngestError):
    """Replacing would overwrite staff corrections, and the caller did not say what to do."""


@dataclass
class Loss:
    """Corrected parts of one old article that the new page would overwrite or remove."""

    article: Article
    parts: set[str]
    unpaired: bool  # the new page has no article for it: it would be removed

    def describe(self) -> str:
        text = f"文章 {self.article.pk}《{self.article.title}》：{labels(self.parts)}"
        return text + ("；新文件中没有对应的文章" if self.unpaired else "")


@dataclass
class PagePlan:
    """What replacing one page does to each of its old articles."""

    page_rows: PageRows
    paired: dict[int, Article] = field(default_factory=dict)  # row index → old article
    kept: dict[int, set[str]] = field(default_factory=dict)  # row index → parts kept
    discarded: dict[int, set[str]] = field(default_factory=dict)
    kept_whole: list[Article] = field(default_factory=list)  # unpaired, corrected, kept
    kept_whole_parts: dict[int, set[str]] = field(default_factory=dict)  # by article id
    old_top: int = 0  # the highest page order of the old articles
    removed: list[tuple[Article, int | None]] = field(default_factory=list)  # and its home
    losses: list[Loss] = field(default_factory=list)
    remerged: list[Remerged] = field(default_factory=list)  # rows staff had merged away
    skipped: set[int] = field(default_factory=set)  # row indexes not stored (merge kept)
    restored: list[Remerged] = field(default_factory=list)  # merges undone (discarded)
    notes: list[str] = field(default_factory=list)

    @property
    def file_name(self) -> str:
        return self.page_rows.draft.source.file_name

    def new_rows(self) -> list[Row]:
        """The rows stored as new articles: neither paired nor skipped."""
        return [row for n, row in enumerate(self.page_rows.rows)
                if n not in self.paired and n not in self.skipped]

    def stored_rows(self) -> list[Row]:
        return [row for n, row in enumerate(self.page_rows.rows) if n not in self.skipped]


def plan_page(
    page_rows: PageRows, on_corrections: OnCorrections,
    per_article: Mapping[int, OnCorrections] | None = None,
) -> PagePlan:
    """Pair the page's old articles with the new rows and decide what each becomes.

    Sets the final page order of every row and kept article; writes nothing. The page and
    its articles are locked first, until the import commits: read unlocked, a staff save
    committed between this plan and the writes (PostgreSQL's READ COMMITTED) would be
    overwritten without being counted as a correction. The corrections are read after the
    lock, so they include any save it waited for. (SQLite has one writer at a time: the
    import's transaction already excludes every other write.) ``per_article`` gives the
    choice for single corrected articles (article id → keep or discard), as staff make it
    article by article when replacing a page in the browser.
    """
    chosen = per_article or {}
    plan = PagePlan(page_rows)
    rows = page_rows.rows
    list(Page.objects.select_for_update().filter(pk=page_rows.page.pk).values_list("pk"))
    old = list(
        Article.objects.select_for_update().filter(page=page_rows.page)
        .prefetch_related("union_links", "credits").order_by("order")
    )
    plan.old_top = max((article.order for article in old), default=0)
    corrected = corrections_in_effect(article.pk for article in old)
    pairs = match_articles(
        [Text(article.title, article.body) for article in old],
        [Text(row.article.title, row.article.body) for row in rows],
    )
    for n, o in sorted(pairs.items()):
        before, row = old[o], rows[n]
        plan.paired[n] = before
        lost = {part for part in corrected.get(before.pk, ()) if _differs(part, before, row)}
        if not lost:
            continue
        plan.losses.append(Loss(before, lost, unpaired=False))
        choice = chosen.get(before.pk, on_corrections)
        if choice is OnCorrections.KEEP:
            plan.kept[n] = lost
            _keep(row, before, lost)
            plan.notes.append(f"文章 {before.pk}《{before.title}》保留了人工修改的{labels(lost)}")
        elif choice is OnCorrections.DISCARD:
            plan.discarded[n] = lost
            plan.notes.append(
                f"文章 {before.pk}《{before.title}》放弃了人工修改的{labels(lost)}，已采用新文件"
            )
    paired_old = set(pairs.values())
    gone: list[tuple[Article, set[str]]] = []
    for o, before in enumerate(old):
        if o in paired_old:
            continue
        parts = corrected.get(before.pk, set())
        if parts:
            plan.losses.append(Loss(before, parts, unpaired=True))
        if parts and chosen.get(before.pk, on_corrections) is OnCorrections.KEEP:
            plan.kept_whole.append(before)
            plan.kept_whole_parts[before.pk] = parts
            plan.notes.append(
                f"文章 {before.pk}《{before.title}》有人工修改（{labels(parts)}），"
                "新文件中没有对应的文章，原样保留"
            )
            continue
        gone.append((before, parts))
    _plan_remerged(plan, old, pairs, on_corrections)
    texts = [Text(row.article.title, row.article.body) if n not in plan.skipped else Text("", "")
             for n, row in enumerate(rows)]
    for before, parts in gone:
        home = best_home(Text(before.title, before.body), texts)
        plan.removed.append((before, home))
        where = (f"文章《{rows[home].article.title}》" if home is not None else "本版面")
        dropped = f"连同人工修改（{labels(parts)}）" if parts else ""
        plan.notes.append(
            f"文章 {before.pk}《{before.title}》在新文件中没有对应的文章，{dropped}已移除，"
            f"原地址跳转到{where}"
        )
    _set_orders(plan, old, pairs)
    return plan


def _plan_remerged(
    plan: PagePlan, old: list[Article], pairs: dict[int, int], on_corrections: OnCorrections
) -> None:
    """New rows printing again an article staff merged into an old one: when the merge is
    kept (and the old article still holds the text) the row is not stored; when it is
    discarded, the merged article's address will lead to the row."""
    rows = plan.page_rows.rows
    plan.remerged = find_remerged(old, rows, pairs)
    final = {old[o].pk: rows[n].article for n, o in pairs.items()}  # as the plan leaves them
    final.update({article.pk: article for article in plan.kept_whole})
    for item in plan.remerged:
        if on_corrections is OnCorrections.KEEP:
            now = final.get(item.into.pk)
            if now is not None and holds(now, rows[item.row]):
                plan.skipped.add(item.row)
                plan.notes.append(f"{item.describe()}：保留合并，未重复导入"
                                  f"（它的正文在文章 {item.into.pk} 中）")
        elif on_corrections is OnCorrections.DISCARD:
            plan.restored.append(item)
            plan.notes.append(f"{item.describe()}：放弃合并，已导入为新文章，"
                              f"文章 {item.merged_id} 的原地址改为跳转到它")


def refuse_losses(plans: list[PagePlan]) -> None:
    """Stop the replacement, naming every correction it would lose and every merge the new
    file undoes (the caller did not say what to do with them)."""
    blocks = []
    for plan in plans:
        if plan.losses:
            lines = "\n".join(f"  {loss.describe()}" for loss in plan.losses)
            blocks.append(
                f"{plan.file_name}: 替换会丢失工作人员对 {len(plan.losses)} 篇文章的修改：\n{lines}"
            )
        if plan.remerged:
            lines = "\n".join(f"  {item.describe()}" for item in plan.remerged)
            blocks.append(
                f"{plan.file_name}: 新文件把工作人员合并过的 {len(plan.remerged)} 篇文章又分开印出"
                f"（{KEEP_FLAG} 保留合并、不再导入它们；{DISCARD_FLAG} 把它们导入为新文章，"
                f"原地址跳转到新文章）：\n{lines}"
            )
    if blocks:
        raise CorrectionsInTheWay(
            "\n".join(blocks) + f"\n  要保留这些修改，请加 {KEEP_FLAG}（修改过的部分保留工作人员"
            f"的版本，其余采用新文件）；要放弃这些修改，请加 {DISCARD_FLAG}。未写入任何内容。"
        )


def make_room(plan: PagePlan) -> None:
    """Move the old articles out of the orders the new rows take (orders stay unique)."""
    top = max(plan.old_top, len(plan.page_rows.rows) + len(plan.kept_whole))
    Article.objects.filter(page=plan.page_rows.page).update(order=F("order") + top)


def finish(plan: PagePlan) -> tuple[list[int], list[int]]:
    """Write the paired and kept articles, remove the others with their redirects.

    Call after the new rows are saved (redirects may lead to them). Returns the ids of the
    articles changed and removed, for the search index.
    """
    rows = plan.page_rows.rows
    paired = [(rows[n], before) for n, before in sorted(plan.paired.items())]
    for row, before in paired:
        row.article.pk = before.pk
    Article.objects.bulk_update([row.article for row, _ in paired], _UPDATED_FIELDS)
    _relink(plan, paired)
    Article.objects.bulk_update(plan.kept_whole, ["order", "span_start", "span_end"])
    for before, home in plan.removed:
        target = rows[home].article if home is not None else None
        redirects.article_replaced(before, target, plan.page_rows.page)
    for item in plan.restored:
        redirects.merge_undone(item.merged_id, rows[item.row].article)
    removed = [before.pk for before, _ in plan.removed]
    Article.objects.filter(pk__in=removed).delete()
    ArticleReimport.objects.bulk_create(
        [
            ArticleReimport(
                article_id=before.pk,
                kept=_ordered(plan.kept.get(n, ())),
                discarded=_ordered(plan.discarded.get(n, ())),
            )
            for n, before in sorted(plan.paired.items())
        ]
        + [
            ArticleReimport(article_id=article.pk,
                            kept=_ordered(plan.kept_whole_parts[article.pk]))
            for article in plan.kept_whole
        ]
    )
    changed = [before.pk for _, before in paired] + [a.pk for a in plan.kept_whole]
    return changed, removed


def _differs(part: str, before: Article, row: Row) -> bool:
    """Whether the new row's value of a corrected part differs from the article's now."""
    if part == "unions":
        now = [link.union_id for link in sorted(before.union_links.all(), key=_rank)]
        return now != row.union_ids()
    if part == "people":
        now = [(c.person_id, c.role) for c in sorted(before.credits.all(), key=_order)]
        return now != row.credit_keys()
    return any(
        getattr(before, attname) != getattr(row.article, attname)
        for attname in _attnames(part)
    )


def _keep(row: Row, before: Article, parts: set[str]) -> None:
    """The kept parts of ``before`` onto the new row (links are kept by ``_relink``)."""
    for part in parts:
        for attname in _attnames(part):
            setattr(row.article, attname, getattr(before, attname))


def _relink(plan: PagePlan, paired: list[tuple[Row, Article]]) -> None:
    """The paired articles' unions and credits from the new page, except kept ones."""
    kept = {plan.paired[n].pk: parts for n, parts in plan.kept.items()}
    redo_unions = [b.pk for _, b in paired if "unions" not in kept.get(b.pk, ())]
    redo_people = [b.pk for _, b in paired if "people" not in kept.get(b.pk, ())]
    ArticleUnion.objects.filter(article_id__in=redo_unions).delete()
    Credit.objects.filter(article_id__in=redo_people).delete()
    ArticleUnion.objects.bulk_create(
        [link for row, b in paired if b.pk in redo_unions for link in row.links]
    )
    Credit.objects.bulk_create(
        [credit for row, b in paired if b.pk in redo_people for credit in row.credits]
    )


def _set_orders(plan: PagePlan, old: list[Article], pairs: dict[int, int]) -> None:
    """Page order: the new rows as printed; a kept unpaired article after the new row that
    took the old article before it (or first). Spans of kept articles move to the new text."""
    row_of_old = {o: n for n, o in pairs.items()}
    place: list[tuple[tuple[int, int, int], object]] = [
        ((n, 0, 0), row.article) for n, row in enumerate(plan.page_rows.rows)
        if n not in plan.skipped
    ]
    for article in plan.kept_whole:
        earlier = [row_of_old[o] for o, a in enumerate(old)
                   if a.order < article.order and o in row_of_old]
        place.append(((max(earlier, default=-1), 1, article.order), article))
        article.span_start, article.span_end = _locate(
            article.body, plan.page_rows.draft.original_text
        )
    for order, (_, item) in enumerate(sorted(place, key=lambda entry: entry[0]), start=1):
        item.order = order


def _locate(body: str, text: str) -> tuple[int, int]:
    """Where a kept article's first and last paragraphs stand in the new page's text."""
    paragraphs = [line for line in body.split("\n") if line.strip()] or [""]
    start = _find(paragraphs[0], text, 0)
    if start is None:
        return 0, 0
    last = paragraphs[-1]
    end_at = _find(last, text, start)
    end = end_at + len(last) if end_at is not None else start + len(paragraphs[0])
    return start, min(max(end, start), len(text))


def _find(paragraph: str, text: str, start: int) -> int | None:
    for length in (20, 8, 4):
        probe = paragraph[:length].strip()
        found = text.find(probe, start) if probe else -1
        if found >= 0:
            return found
    return None


def _attnames(part: str) -> list[str]:
    return [Article._meta.get_field(name).attname for name in _PARTS[part].columns]


def _ordered(parts: object) -> list[str]:
    chosen = set(parts)  # type: ignore[arg-type]
    return [part.name for part in CORRECTABLE if part.name in chosen]


def _rank(link: ArticleUnion) -> int:
    return link.rank


def _order(credit: Credit) -> int:
    return credit.order
