"""The review desk: a queue filtered by issue, paper and union, the reasons and the page's text
beside the article form, "保存并审核下一篇", a split that promotes a headline, bulk actions."""
from __future__ import annotations

import html
import re

import pytest
from django.contrib.auth.models import User
from django.core.management import call_command

from archive.models import Article, Issue, Place, Revision, Union
from archive.services import revisions
from tests.test_staff_review import change_url, first_on_page
from tests.test_staff_support import Notices, change_form_data, editor_client

QUEUE = "/admin/archive/article/"


@pytest.fixture
def editor(db):
    call_command("load_samples", verbosity=0)
    client, _ = editor_client()
    return client


def test_the_queue_is_filtered_by_issue_and_lists_only_unions_it_names(editor):
    issue = Issue.objects.filter(pages__articles__needs_review=True).distinct().first()
    flagged = Article.objects.filter(needs_review=True, page__issue=issue)
    elsewhere = Article.objects.filter(needs_review=True).exclude(page__issue=issue)
    page = html.unescape(editor.get(f"{QUEUE}?needs_review__exact=1&issue={issue.pk}")
                         .content.decode())
    rows = re.findall(r'<tr>.*?</tr>', page[page.index('id="result_list"'):], re.S)
    assert len(rows) - 1 == flagged.count()  # the header row and one row per flagged article
    for article in elsewhere:
        assert f"/article/{article.pk}/change/" not in page
    assert "期次" in page and f"{issue}（待审" in page
    # The union filter offers the unions these articles name, not every union there is.
    named = set(Union.objects.filter(articles__in=flagged).values_list("name", flat=True))
    others = Union.objects.exclude(name__in=named).exclude(articles__in=Article.objects.filter(
        needs_review=True, page__issue=issue))
    filter_column = page[page.index('id="changelist-filter"'):]
    for union in others[:5]:
        assert f"?union={union.pk}" not in filter_column and f"&amp;union={union.pk}" not in filter_column


def test_a_bad_issue_filter_lists_everything_instead_of_failing(editor):
    response = editor.get(f"{QUEUE}?issue=abc")
    assert response.status_code == 200


def test_the_issue_page_links_to_its_queue(editor):
    issue = Issue.objects.first()
    page = editor.get(f"/admin/archive/issue/{issue.pk}/change/").content.decode()
    assert f"?issue={issue.pk}&amp;needs_review__exact=1" in page and "审核本期文章" in page


def test_the_queue_shows_titles_and_reasons_in_few_columns(editor):
    page = editor.get(f"{QUEUE}?needs_review__exact=1").content.decode()
    headers = re.findall(r'<th scope="col"[^>]*class="([^"]*)"', page)
    assert len(headers) <= 7  # the checkbox and six columns
    assert any("column-headline" in h for h in headers)
    assert any("column-reasons" in h for h in headers)
    article = Article.objects.filter(needs_review=True).first()
    assert html.escape(article.review_reasons[0]) in page


def test_reasons_and_original_text_stand_beside_the_form(editor):
    article = Article.objects.filter(needs_review=True).first()
    page = editor.get(change_url(article)).content.decode()
    aside = page[page.index('class="archive-desk-aside"'):]
    aside = aside[:aside.index("</aside>")]
    assert html.escape(article.review_reasons[0]) in aside
    original = article.page.original_text[article.span_start:article.span_end]
    assert html.escape(original.strip()[:15]) in aside
    assert 'name="_review_next"' in page


def test_save_and_review_next_marks_this_one_and_opens_the_next_of_the_issue(editor):
    flagged = list(Article.objects.filter(needs_review=True).order_by("page__issue__date",
                                                                       "page__number", "order"))
    article = flagged[0]
    data = change_form_data(editor.get(change_url(article)))
    data["title"] = article.title + "（核）"
    data["_review_next"] = "保存并审核下一篇"
    with Notices() as notices:
        response = editor.post(change_url(article), data)
    article.refresh_from_db()
    assert article.title.endswith("（核）") and not article.needs_review
    assert article.pk in notices.changed
    following = Article.objects.get(pk=re.search(r"/article/(\d+)/change/",
                                                 response["Location"]).group(1))
    assert following.needs_review and following.pk != article.pk
    same_issue = [a for a in flagged[1:] if a.page.issue_id == article.page.issue_id]
    if same_issue:
        assert following.page.issue_id == article.page.issue_id
    assert Revision.objects.filter(kind=Revision.Kind.REVIEW,
                                   entry__object_id=str(article.pk)).exists()


def test_the_last_one_reviewed_returns_to_the_queue(editor):
    last = Article.objects.filter(needs_review=True).first()
    Article.objects.filter(needs_review=True).exclude(pk=last.pk).update(needs_review=False)
    data = change_form_data(editor.get(change_url(last)))
    data["_review_next"] = "保存并审核下一篇"
    response = editor.post(change_url(last), data, follow=True)
    assert "待审核的文章都已审完" in response.content.decode()
    assert not Article.objects.filter(needs_review=True).exists()


def test_split_promotes_the_chosen_paragraph_to_the_title(editor):
    article = first_on_page(5)
    paragraphs = article.body.split("\n")
    response = editor.post(f"/admin/archive/article/{article.pk}/split/",
                           {"at": "3", "promote": "on"})
    assert response.status_code == 302
    new = Article.objects.get(pk=re.search(r"/article/(\d+)/change/",
                                           response["Location"]).group(1))
    assert new.title == paragraphs[3].strip()
    assert new.body.split("\n") == paragraphs[4:]  # the headline left the body
    article.refresh_from_db()
    assert article.body.split("\n") == paragraphs[:3]


def test_split_without_title_or_promotion_says_what_to_do(editor):
    article = first_on_page(5)
    page = editor.post(f"/admin/archive/article/{article.pk}/split/", {"at": "2"}).content.decode()
    assert "请填写新文章的主题，或勾选“所选的这一段就是新文章的标题”" in html.unescape(page)
    last = len(article.body.split("\n")) - 1
    page = editor.post(f"/admin/archive/article/{article.pk}/split/",
                       {"at": str(last), "promote": "on"}).content.decode()
    assert "所选的一段是最后一段" in page


def test_bulk_kind_and_place_are_recorded_and_can_be_reverted(editor):
    chosen = list(Article.objects.order_by("pk")[:3])
    with Notices() as notices:
        response = editor.post(QUEUE, {"action": "set_selected_kind", "kind": "brief",
                                       "_selected_action": [a.pk for a in chosen]}, follow=True)
    assert "已将 3 篇文章的体裁改为" in response.content.decode()
    assert {a.kind for a in Article.objects.filter(pk__in=[a.pk for a in chosen])} == {"brief"}
    assert notices.changed >= {a.pk for a in chosen}

    jinhua = Place.objects.get(name="金华市")
    response = editor.post(QUEUE, {"action": "set_selected_place", "place": "金华市",
                                   "_selected_action": [a.pk for a in chosen]}, follow=True)
    assert "的地区设为金华市" in response.content.decode()
    for article in Article.objects.filter(pk__in=[a.pk for a in chosen]):
        assert article.city_id == jinhua.pk and article.province_id == jinhua.parent_id
        assert article.county_id is None

    # Each change is a revision of its own: taking one back restores that article's kind.
    first = chosen[0]
    revision = Revision.objects.filter(entry__object_id=str(first.pk)).earliest("pk")
    assert [change["before"] for change in revision.changes] == [{"kind": first.kind}]
    revisions.revert(revision.pk, user=User.objects.get(username="editor"))
    first.refresh_from_db()
    assert first.kind == chosen[0].kind


def test_bulk_actions_name_a_missing_value_or_an_unknown_place(editor):
    chosen = [a.pk for a in Article.objects.order_by("pk")[:2]]
    page = editor.post(QUEUE, {"action": "set_selected_kind", "kind": "",
                               "_selected_action": chosen}, follow=True).content.decode()
    assert "请先在操作栏的“体裁”中选择" in html.unescape(page)
    page = editor.post(QUEUE, {"action": "set_selected_place", "place": "火星市",
                               "_selected_action": chosen}, follow=True).content.decode()
    assert "没有名为“火星市”的地区" in html.unescape(page)
