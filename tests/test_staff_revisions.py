"""Revisions: every staff change keeps its values before and after and can be taken back.

A real sample page imported and indexed, an editor signed in with Django's test client, the
index written when each change commits: a revert must show in the site's search as well.
"""
from __future__ import annotations

import re

import pytest
from django.contrib.admin.models import LogEntry
from django.contrib.contenttypes.models import ContentType
from haystack import connections

from archive.models import Article, ArticleRedirect, Issue, Page, Place, Revision, Union
from tests.test_replace_and_redirects import (
    CORRECTED, DANCE, HUZHOU, found, importing,
)
from tests.test_staff_support import change_form_data, editor_client


@pytest.fixture
def indexing(django_capture_on_commit_callbacks):
    return lambda: django_capture_on_commit_callbacks(execute=True)


@pytest.fixture
def archive(db, copy_seed, indexing):
    connections["default"].get_backend().clear()
    with indexing():
        status, _, err = importing(copy_seed("001_1b9d941f03bec160.txt"))
    assert status == 0, err


@pytest.fixture
def editor(archive):
    client, _ = editor_client()
    return client


def url(obj, action: str = "change") -> str:
    return f"/admin/archive/{obj._meta.model_name}/{obj.pk}/{action}/"


def save(editor, obj, indexing, **fields) -> None:
    data = change_form_data(editor.get(url(obj)))
    data.update(fields)
    with indexing():
        response = editor.post(url(obj), data)
    assert response.status_code == 302, response.context["adminform"].form.errors


def entries(obj) -> list[LogEntry]:
    return list(LogEntry.objects.filter(
        content_type=ContentType.objects.get_for_model(obj), object_id=str(obj.pk)
    ).order_by("-pk"))


def revert_button(html: str) -> str:
    """The address of the newest revert button in a change page's history."""
    match = re.search(r'formaction="([^"]+/revert/\d+/)"', html)
    assert match, "no revert button"
    return match.group(1)


def revert_newest(editor, obj, indexing):
    page = editor.get(url(obj)).content.decode()
    with indexing():
        return editor.post(revert_button(page), follow=True)


def test_the_history_shows_before_and_after_and_a_revert_restores_and_reindexes(
    editor, indexing, client,
):
    article = Article.objects.get(title=HUZHOU)
    save(editor, article, indexing, title=CORRECTED)
    assert article.pk in found(client, "直通车")

    page = editor.get(url(article)).content.decode()
    assert "查看修改前后" in page and "修改前" in page
    assert HUZHOU in page and CORRECTED in page  # both values, in the diff
    response = revert_newest(editor, article, indexing)

    article.refresh_from_db()
    assert article.title == HUZHOU
    assert "已撤销" in response.content.decode()
    assert article.pk not in found(client, "直通车")
    assert article.pk in found(client, "微心愿")
    assert entries(article)[0].revision.kind == Revision.Kind.REVERT


def test_saving_an_untouched_form_records_nothing(editor, indexing):
    article = Article.objects.get(title=HUZHOU)
    before = len(entries(article))
    save(editor, article, indexing)
    assert len(entries(article)) == before
    union = Union.objects.filter(article_links__isnull=False).first()
    save(editor, union, indexing)
    assert entries(union) == []


def test_windows_line_endings_in_a_pasted_body_are_stored_as_line_feeds(editor, indexing):
    article = Article.objects.get(title=HUZHOU)
    paragraphs = article.body.split("\n")
    save(editor, article, indexing, body="\r\n".join(paragraphs))
    article.refresh_from_db()
    assert "\r" not in article.body
    assert article.body.split("\n") == paragraphs
    assert len(entries(article)) == 0  # the same text: nothing changed


def test_a_merge_of_two_articles_can_be_undone(editor, indexing, client):
    first = Article.objects.get(title=HUZHOU)
    second = Article.objects.get(page=first.page, order=first.order + 1)
    first_body, second_id, second_body = first.body, second.pk, second.body
    with indexing():
        editor.post(url(first, "merge"))
    assert not Article.objects.filter(pk=second_id).exists()
    assert ArticleRedirect.objects.filter(old_id=second_id).exists()

    response = revert_newest(editor, first, indexing)
    assert "已撤销" in response.content.decode()
    first.refresh_from_db()
    restored = Article.objects.get(pk=second_id)
    assert (first.body, restored.body) == (first_body, second_body)
    assert not ArticleRedirect.objects.filter(old_id=second_id).exists()
    assert client.get(f"/articles/{second_id}/").status_code == 200
    assert second_id in found(client, second.title[:4])


def test_a_split_can_be_undone(editor, indexing):
    article = Article.objects.filter(body__contains="\n").first()
    body, orders = article.body, dict(
        Article.objects.filter(page=article.page).values_list("pk", "order"))
    with indexing():
        response = editor.post(url(article, "split"), {"at": 1, "title": "拆出来的一篇"})
    assert response.status_code == 302
    new = Article.objects.get(title="拆出来的一篇")

    revert_newest(editor, article, indexing)
    article.refresh_from_db()
    assert article.body == body
    assert not Article.objects.filter(pk=new.pk).exists()
    assert dict(Article.objects.filter(page=article.page)
                .values_list("pk", "order")) == orders


def test_a_union_merge_can_be_undone(editor, indexing):
    unions = list(Union.objects.filter(article_links__isnull=False).distinct()[:2])
    keep, other = unions
    links = {u.pk: sorted(u.article_links.values_list("article_id", "rank")) for u in unions}
    other_name = other.name
    with indexing():
        editor.post("/admin/archive/union/", {
            "action": "merge_selected", "_selected_action": [keep.pk, other.pk],
            "confirm": "1", "keep": keep.pk,
        })
    assert not Union.objects.filter(pk=other.pk).exists()

    revert_newest(editor, keep, indexing)
    restored = Union.objects.get(pk=other.pk)
    keep.refresh_from_db()
    assert restored.name == other_name
    assert other_name not in keep.aliases
    assert {u.pk: sorted(u.article_links.values_list("article_id", "rank"))
            for u in (keep, restored)} == links


def test_place_page_and_issue_edits_can_be_reverted(editor, indexing):
    place = Place.objects.get(name="湖州市")
    save(editor, place, indexing, short_names="湖州\n湖城")
    page = Page.objects.get()
    save(editor, page, indexing, name="要闻")
    for obj, field, old in ((place, "short_names", list(place.short_names)),
                            (page, "name", page.name)):
        assert "查看修改前后" in editor.get(url(obj)).content.decode()
        revert_newest(editor, obj, indexing)
        obj.refresh_from_db()
        assert getattr(obj, field) == old
    issue = Issue.objects.get()
    number = issue.number
    data = change_form_data(editor.get(url(issue)))
    data["number"] = "321"
    with indexing():
        assert editor.post(url(issue), data).status_code == 302
    revert_newest(editor, issue, indexing)
    issue.refresh_from_db()
    assert issue.number == number


def test_a_change_made_again_later_is_not_reverted_over(editor, indexing):
    article = Article.objects.get(title=HUZHOU)
    save(editor, article, indexing, title=CORRECTED)
    first = editor.get(url(article)).content.decode()
    save(editor, article, indexing, title="湖州的第三个标题")
    with indexing():
        response = editor.post(revert_button(first), follow=True)
    article.refresh_from_db()
    assert article.title == "湖州的第三个标题"
    assert "又有改动" in response.content.decode()


def test_reverting_needs_the_right_to_change(editor, indexing):
    from django.contrib.auth.models import User
    from django.test import Client

    article = Article.objects.get(title=DANCE)
    save(editor, article, indexing, title="舞出新时代")
    target = revert_button(editor.get(url(article)).content.decode())
    plain = Client()
    plain.force_login(User.objects.create_user("plain", password="x", is_staff=True))
    assert plain.post(target).status_code == 403
    article.refresh_from_db()
    assert article.title == "舞出新时代"
