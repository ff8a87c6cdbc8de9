"""Unions and places: merging duplicates, aliases, parents — each retags its articles."""
from __future__ import annotations

import pytest
from django.core.management import call_command

from archive.models import Article, ArticleUnion, Place, Union
from tests.test_staff_support import Notices, change_form_data, editor_client


@pytest.fixture
def editor(db):
    call_command("load_samples", verbosity=0)
    client, _ = editor_client()
    return client


def ranks(article: Article) -> list[tuple[str, int]]:
    return [(link.union.name, link.rank) for link in article.union_links.order_by("rank")]


def test_merging_a_duplicate_union_relinks_its_articles_and_keeps_its_name(editor):
    keep = Union.objects.get(name="杭州市江干区总工会")
    duplicate = Union.objects.create(name="江干区工会", level=Union.Level.COUNTY,
                                     aliases=["江干工会"])
    child = Union.objects.get(name="江干区彭埠街道总工会")
    child.parent = duplicate
    child.save()
    shared = Article.objects.filter(union_links__union=keep).order_by("pk").first()
    elsewhere = Article.objects.get(title__startswith="买什么服务")
    ArticleUnion.objects.create(article=shared, union=duplicate, rank=5)
    ArticleUnion.objects.create(article=elsewhere, union=duplicate, rank=1)

    with Notices() as notices:
        response = editor.post("/admin/archive/union/", {
            "action": "merge_selected", "_selected_action": [keep.pk, duplicate.pk],
            "confirm": "1", "keep": keep.pk,
        }, follow=True)
    assert "已将 1 个工会并入“杭州市江干区总工会”" in response.content.decode()
    assert not Union.objects.filter(pk=duplicate.pk).exists()
    keep.refresh_from_db()
    assert {"江干区工会", "江干工会"} <= set(keep.aliases)
    assert ranks(elsewhere) == [("杭州市下城区总工会", 0), ("杭州市江干区总工会", 1)]
    assert [rank for _, rank in ranks(shared)] == list(range(len(ranks(shared))))
    assert ranks(shared)[0] == ("杭州市江干区总工会", 0)
    child.refresh_from_db()
    assert child.parent_id == keep.pk
    assert notices.changed == {shared.pk, elsewhere.pk}
    assert "合并工会" in editor.get(f"/admin/archive/union/{keep.pk}/change/").content.decode()


def test_the_merge_asks_which_union_to_keep(editor):
    pair = list(Union.objects.filter(name__in=["温州市总工会", "金华市总工会"]))
    response = editor.post("/admin/archive/union/", {
        "action": "merge_selected", "_selected_action": [u.pk for u in pair],
    })
    page = response.content.decode()
    assert "保留哪一个" in page and "温州市总工会" in page
    assert Union.objects.filter(pk__in=[u.pk for u in pair]).count() == 2


def test_aliases_parent_and_level_are_edited_and_announced(editor):
    union = Union.objects.get(name="湖州市长兴县总工会")
    parent = Union.objects.get(name="湖州市总工会")
    url = f"/admin/archive/union/{union.pk}/change/"
    data = change_form_data(editor.get(url))
    data.update({"aliases": "长兴县总工会\n长兴总工会\n", "parent": parent.pk,
                 "level": Union.Level.COUNTY})
    with Notices() as notices:
        response = editor.post(url, data)
    assert response.status_code == 302
    union.refresh_from_db()
    assert union.aliases == ["长兴县总工会", "长兴总工会"] and union.parent == parent
    assert notices.changed == set(union.article_links.values_list("article_id", flat=True))
    assert notices.changed
    assert "别称" in editor.get(url).content.decode()


def test_a_union_cannot_be_its_own_parent(editor):
    union = Union.objects.get(name="湖州市总工会")
    child = Union.objects.create(name="湖州市吴兴区总工会", level=Union.Level.COUNTY,
                                 parent=union)
    url = f"/admin/archive/union/{union.pk}/change/"
    data = {**change_form_data(editor.get(url)), "parent": child.pk}
    response = editor.post(url, data)
    assert "上级工会不能是它自己或它的下级工会" in response.content.decode()


def test_renaming_a_place_retags_its_articles(editor):
    place = Place.objects.get(name="金华市")
    url = f"/admin/archive/place/{place.pk}/change/"
    data = change_form_data(editor.get(url))
    data["short_names"] = "金华\n婺城"
    with Notices() as notices:
        assert editor.post(url, data).status_code == 302
    place.refresh_from_db()
    assert place.short_names == ["金华", "婺城"]
    tagged = set(Article.objects.filter(city=place).values_list("pk", flat=True))
    assert tagged and notices.changed == tagged
