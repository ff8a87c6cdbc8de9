"""The review queue: mark reviewed, edit, split and merge — each announced and recorded."""
from __future__ import annotations

import pytest
from django.contrib.admin.models import LogEntry
from django.core.management import call_command

from archive.models import Article, Page
from tests.test_staff_support import Notices, change_form_data, editor_client


@pytest.fixture
def editor(db):
    call_command("load_samples", verbosity=0)
    client, _ = editor_client()
    return client


def change_url(article: Article) -> str:
    return f"/admin/archive/article/{article.pk}/change/"


def first_on_page(number_of_paragraphs: int) -> Article:
    return next(
        article for article in Article.objects.filter(order=1)
        if len(article.body.split("\n")) >= number_of_paragraphs
    )


def test_the_review_queue_lists_flagged_articles_with_their_reasons(editor):
    flagged = list(Article.objects.filter(needs_review=True))
    page = editor.get("/admin/archive/article/?needs_review__exact=1").content.decode()
    assert flagged
    for article in flagged:
        assert article.title[:10] in page
        assert article.review_reasons[0][:8] in page


def test_marking_reviewed_clears_the_flag_and_records_the_reasons(editor):
    article = Article.objects.filter(needs_review=True).first()
    reason = article.review_reasons[0]
    with Notices() as notices:
        response = editor.post(f"/admin/archive/article/{article.pk}/reviewed/")
    assert response.status_code == 302
    article.refresh_from_db()
    assert not article.needs_review and article.review_reasons == []
    assert notices.changed == {article.pk} and not notices.removed
    page = editor.get(change_url(article)).content.decode()
    assert "标为已审核" in page and reason in page and "editor" in page


def test_editing_an_article_announces_it_and_keeps_the_page_text(editor):
    article = Article.objects.get(title__startswith="金华市总工会")
    original = article.page.original_text
    data = change_form_data(editor.get(change_url(article)))
    data["title"] = "金华市总工会推进主题教育"
    data["kind"] = "feature"
    data["union_links-0-DELETE"] = "on"
    with Notices() as notices:
        response = editor.post(change_url(article), data)
    assert response.status_code == 302, response.context["adminform"].form.errors
    article.refresh_from_db()
    assert article.title == "金华市总工会推进主题教育" and article.kind == "feature"
    assert not article.unions.exists()
    assert notices.changed == {article.pk}
    assert Page.objects.get(pk=article.page_id).original_text == original
    page = editor.get(change_url(article)).content.decode()
    assert "修改记录" in page and "主题" in page and "editor" in page


def test_splitting_at_a_paragraph_makes_a_new_article_after_it(editor):
    article = first_on_page(5)
    page = article.page
    original = page.original_text
    paragraphs = article.body.split("\n")
    orders_before = list(page.articles.values_list("pk", "order"))
    with Notices() as notices:
        response = editor.post(f"/admin/archive/article/{article.pk}/split/",
                               {"at": "3", "title": "后半篇"})
    new = Article.objects.get(title="后半篇")
    assert response.status_code == 302 and response["Location"] == change_url(new)
    article.refresh_from_db()
    assert article.body.split("\n") == paragraphs[:3]
    assert new.body.split("\n") == paragraphs[3:]
    assert new.page_id == page.pk and new.order == article.order + 1
    assert set(new.unions.all()) == set(article.unions.all())
    for pk, order in orders_before:
        if pk != article.pk:
            assert Article.objects.get(pk=pk).order == order + 1
    assert notices.changed == {article.pk, new.pk} and not notices.removed
    assert Page.objects.get(pk=page.pk).original_text == original
    assert "拆分" in editor.get(change_url(article)).content.decode()
    assert "拆分产生" in editor.get(change_url(new)).content.decode()


def test_splitting_needs_a_paragraph_and_a_title(editor):
    article = first_on_page(5)
    response = editor.post(f"/admin/archive/article/{article.pk}/split/", {"at": "2"})
    assert "请填写新文章的主题" in response.content.decode()
    response = editor.post(f"/admin/archive/article/{article.pk}/split/", {"title": "x"})
    assert "请选择新文章开头的那一段" in response.content.decode()
    assert Article.objects.count() == 34


def test_merging_with_the_next_article_keeps_both_texts_and_unions(editor):
    article = Article.objects.get(page__source_file__startswith="000_", order=1)
    following = Article.objects.get(page=article.page, order=2)
    body, extra = article.body, following.body
    unions = set(article.unions.all()) | set(following.unions.all())
    original = article.page.original_text
    assert editor.get(f"/admin/archive/article/{article.pk}/merge/").status_code == 200
    with Notices() as notices:
        response = editor.post(f"/admin/archive/article/{article.pk}/merge/")
    assert response.status_code == 302
    article.refresh_from_db()
    assert article.body == f"{body}\n{extra}"
    assert set(article.unions.all()) == unions
    assert not Article.objects.filter(pk=following.pk).exists()
    assert notices.changed == {article.pk} and notices.removed == {following.pk}
    assert Page.objects.get(pk=article.page_id).original_text == original
    assert "合并" in editor.get(change_url(article)).content.decode()
    assert LogEntry.objects.filter(object_id=str(following.pk), action_flag=3).exists()


def test_the_last_article_on_a_page_has_nothing_to_merge_with(editor):
    article = Article.objects.filter(page__source_file__startswith="000_").order_by("-order")[0]
    response = editor.post(f"/admin/archive/article/{article.pk}/merge/", follow=True)
    assert "后面没有可合并的文章" in response.content.decode()
    assert Article.objects.count() == 34


def test_deleting_an_article_announces_its_removal(editor):
    article = Article.objects.first()
    with Notices() as notices:
        editor.post(f"/admin/archive/article/{article.pk}/delete/", {"post": "yes"})
    assert not Article.objects.filter(pk=article.pk).exists()
    assert notices.removed == {article.pk}
