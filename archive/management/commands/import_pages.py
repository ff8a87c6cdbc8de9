"""``manage.py import_pages``: import newspaper page files into the archive.

Progress and problems go to stderr, one line per file; the summary (and, with --dry-run, the
articles that would be created) goes to stdout. The exit status is non-zero when any file or
argument could not be imported. What a replacement did with old articles and with staff
corrections is always shown, under the file's line.
"""
from __future__ import annotations

from collections.abc import Callable
from typing import TypeVar

from django.core.management.base import BaseCommand, CommandError, CommandParser

from ...ingest.sources import (
    ArgumentProblem, Given, Problem, parse_date, parse_page_number, plan_import,
)
from ...ingest.replacing import DISCARD_FLAG, KEEP_FLAG
from ...ingest.types import ArticleDraft, OnCorrections, PageDraft
from ...models import Article, Credit, Place
from ...services.imports import IssueOutcome, import_issues

T = TypeVar("T")
ROLE_LABELS = dict(Credit.Role.choices)
KIND_LABELS = dict(Article.Kind.choices)


class Command(BaseCommand):
    help = (
        "导入报纸版面文本文件。PATH 可以是文件或目录；目录中的 manifest.csv 给出每个文件的报名、"
        "日期和版次，单独给出的文件用 --publication/--date 等参数说明。manifest 中已填写的值优先，"
        "参数只补充空着的值。同一期的版面一起导入：要么全部写入，要么都不写入。"
        "已导入的版面内容不同时，用 --replace 替换；工作人员改过其中文章的，"
        f"还要用 {KEEP_FLAG} 或 {DISCARD_FLAG} 说明如何处理这些修改。"
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("paths", nargs="+", metavar="PATH", help="版面文件或目录")
        parser.add_argument("--publication", help="报名，如 浙江工人日报")
        parser.add_argument("--date", help="出版日期 YYYY-MM-DD")
        parser.add_argument(
            "--date-estimated", action="store_true", help="日期是推断的，不是版面上印的"
        )
        parser.add_argument("--page", help="版次（正整数），只能用于单个文件")
        parser.add_argument("--page-name", help="版名，如 工会；只能用于单个文件")
        parser.add_argument(
            "--dry-run", action="store_true", help="只显示将要导入的文章，不写入数据库"
        )
        parser.add_argument(
            "--replace", action="store_true",
            help="替换内容不同的同一版面。新旧文章按主题或正文相似度对应：对应上的文章沿用原编号，"
                 "网址不变；对应不上的旧文章移除，原网址跳转到最相近的新文章或本版面。"
                 "若工作人员修改过的内容会被覆盖，默认拒绝替换并列出这些文章",
        )
        parser.add_argument(
            KEEP_FLAG, action="store_true",
            help="与 --replace 一起用：工作人员修改过的部分（主题、正文、地区、工会等）保留修改后的"
                 "内容，其余采用新文件；新文件中没有对应文章的已修改文章原样保留",
        )
        parser.add_argument(
            DISCARD_FLAG, action="store_true",
            help="与 --replace 一起用：放弃工作人员的修改，一律采用新文件，并逐篇列出放弃了哪些修改",
        )

    def handle(self, *args: object, **options: object) -> None:
        given = _given(options)
        on_corrections = _on_corrections(options)
        plan = plan_import(list(options["paths"]), given)
        dry_run = bool(options["dry_run"])
        verbose = int(options["verbosity"]) > 0

        problems: list[Problem] = list(plan.problems)
        for problem in plan.problems:
            self.stderr.write(str(problem))
        for notice in plan.skipped:
            self.stderr.write(f"{notice}（不影响其他文件）")

        totals = _Totals()
        done, total = 0, len(plan.pages)
        outcomes = import_issues(
            plan.pages, replace=bool(options["replace"]), dry_run=dry_run,
            on_corrections=on_corrections,
        )
        for outcome in outcomes:
            problems.extend(outcome.problems)
            totals.add(outcome)
            for line, failed in _file_lines(outcome, dry_run):
                done += 1
                if verbose or failed:
                    self.stderr.write(f"[{done}/{total}] {line}")
            if outcome.result:
                for note in outcome.result.notes:
                    self.stderr.write(f"  {'试运行：' if dry_run else ''}{note}")
            if outcome.result and verbose:
                for warning in outcome.result.warnings:
                    self.stderr.write(f"  注意 {warning}")
            if dry_run and outcome.ok:
                self._show_drafts(outcome.drafts)

        self.stdout.write(totals.summary(dry_run, len(problems), len(plan.skipped)))
        if problems:
            raise CommandError(f"{len(problems)} 个文件或参数有问题，见上", returncode=1)

    def _show_drafts(self, drafts: list[PageDraft]) -> None:
        codes = {
            code
            for draft in drafts for article in draft.articles
            for code in (article.place.city_code, article.place.county_code,
                         article.place.province_code) if code
        }
        names = dict(Place.objects.filter(code__in=codes).values_list("code", "name"))
        for draft in drafts:
            source = draft.source
            page = f"第{source.page_number}版" if source.page_number else "版次不详"
            self.stdout.write(
                f"== {source.publication} {source.date:%Y-%m-%d} {page} {source.page_name}"
                f"（{source.file_name}）：{len(draft.articles)} 篇"
            )
            for order, article in enumerate(draft.articles, start=1):
                for line in _describe(order, article, names):
                    self.stdout.write(line)


def _describe(order: int, article: ArticleDraft, place_names: dict[str, str]) -> list[str]:
    """What a dry run shows of an article: title block, kind, place, unions, people, review."""
    title = " / ".join(text for text in (article.kicker, article.title, article.subtitle) if text)
    place = article.place
    local = [place_names.get(code, code) for code in (place.city_code, place.county_code) if code]
    province = place_names.get(place.province_code or "", place.province_code or "")
    where = " ".join(local) or province or "—"
    unions = "、".join(tag.name for tag in article.unions) or "—"
    people = "、".join(
        f"{credit.name}（{ROLE_LABELS.get(credit.role, credit.role)}）" for credit in article.credits
    ) or "—"
    lines = [
        f"  {order}. 【{KIND_LABELS.get(article.kind, article.kind)}】{title}",
        f"     地区：{where}｜工会：{unions}｜人物：{people}",
    ]
    if article.review_reasons:
        lines.append(f"     待审核：{'；'.join(article.review_reasons)}")
    return lines


def _given(options: dict[str, object]) -> Given:
    """The flags, checked; a bad flag stops the command before any file is read."""
    publication = options["publication"]
    if publication is not None:
        publication = str(publication).strip()
        if not publication:
            raise CommandError("参数错误 --publication: 报名不能为空", returncode=2)
    when = _checked(options["date"], "--date", parse_date)
    page = _checked(options["page"], "--page", parse_page_number)
    page_name = options["page_name"]
    return Given(
        publication=publication,
        date=when,
        date_estimated=bool(options["date_estimated"]),
        page_number=page,
        page_name=str(page_name).strip() if page_name is not None else None,
    )


def _on_corrections(options: dict[str, object]) -> OnCorrections:
    """What to do with staff corrections a replacement would overwrite, from the flags."""
    keep, discard = bool(options["keep_corrections"]), bool(options["discard_corrections"])
    if keep and discard:
        raise CommandError(f"参数错误：{KEEP_FLAG} 和 {DISCARD_FLAG} 只能选一个", returncode=2)
    if (keep or discard) and not options["replace"]:
        flag = KEEP_FLAG if keep else DISCARD_FLAG
        raise CommandError(f"参数错误 {flag}: 只能与 --replace 一起使用", returncode=2)
    if keep:
        return OnCorrections.KEEP
    return OnCorrections.DISCARD if discard else OnCorrections.REFUSE


def _checked(value: object, flag: str, parse: Callable[[str], T]) -> T | None:
    if value is None:
        return None
    try:
        return parse(str(value))
    except ArgumentProblem as exc:
        raise CommandError(f"参数错误 {flag}: {exc}", returncode=2) from None


def _file_lines(outcome: IssueOutcome, dry_run: bool) -> list[tuple[str, bool]]:
    """One progress line per file of the issue, and whether that file failed."""
    lines: list[tuple[str, bool]] = []
    wrong = {p.path: p.message for p in outcome.problems}
    held = {p.path: p.message for p in outcome.held_back}
    result = outcome.result
    counts = {draft.source.file_name: draft for draft in outcome.drafts}
    verb = "将" if dry_run else ""
    for page in outcome.pages:
        path = str(page.path)
        if path in wrong:
            lines.append((f"{path}: {wrong[path]}", True))
        elif path in held:
            lines.append((f"{path}: {held[path]}", True))
        elif result is not None:
            name = page.source.file_name
            draft = counts.get(name)
            articles = len(draft.articles) if draft else 0
            if name in result.unchanged:
                lines.append((f"{path}: 已导入过，内容未变，跳过", False))
            elif name in result.replaced:
                lines.append((f"{path}: {verb}替换，{articles} 篇文章", False))
            else:
                lines.append((f"{path}: {verb}新导入，{articles} 篇文章", False))
    return lines


class _Totals:
    def __init__(self) -> None:
        self.created = self.replaced = self.unchanged = 0
        self.articles = self.flagged = self.warnings = 0
        self.kept = self.removed = 0

    def add(self, outcome: IssueOutcome) -> None:
        result = outcome.result
        if result is None:
            return
        self.created += len(result.created)
        self.replaced += len(result.replaced)
        self.unchanged += len(result.unchanged)
        self.articles += result.articles_created
        self.flagged += result.flagged
        self.warnings += len(result.warnings)
        self.kept += result.articles_kept
        self.removed += result.articles_removed

    def summary(self, dry_run: bool, problems: int, skipped: int) -> str:
        if dry_run:
            head = "试运行，未写入任何内容：将"
        else:
            head = "导入结束：" if problems else "导入完成："
        text = (
            f"{head}新导入 {self.created} 个版面，替换 {self.replaced} 个，"
            f"未变 {self.unchanged} 个；文章 {self.articles} 篇，"
            f"其中待审核 {self.flagged} 篇；警告 {self.warnings} 条"
        )
        if self.replaced:
            text += (f"；替换的版面中 {self.kept} 篇文章沿用原编号，"
                     f"{self.removed} 篇旧文章移除（原网址跳转到新位置）")
        if skipped:
            text += f"；跳过 {skipped} 个未列入 manifest 的文件"
        if problems:
            text += f"；{problems} 个文件或参数有问题"
        return text
