"""Admin and site linked both ways: 在站点上查看 on change pages, 编辑 on public pages for
staff only, and pages served to staff kept out of shared caches."""
from __future__ import annotations

import re

import pytest
from django.core.management import call_command
from django.test import Client

from archive.models import Article, Issue, Page, Person, Place, Publication, Union
from tests.test_staff_support import editor_client


@pytest.fixture
def editor(db):
    call_command("load_samples", verbosity=0)
    client, _ = editor_client()
    return client


def objects() -> list[tuple[str, object]]:
    union = Union.objects.filter(article_links__isnull=False).first()
    place = Place.objects.filter(city_articles__isnull=False).first()
    person = Person.objects.filter(credits__isnull=False).first()
    return [("article", Article.objects.first()), ("issue", Issue.objects.first()),
            ("page", Page.objects.first()), ("union", union), ("place", place),
            ("person", person), ("publication", Publication.objects.first())]


def site_link(admin_page: str) -> str:
    return re.search(r'<a href="([^"]+)" class="viewsitelink"', admin_page).group(1)


def test_each_change_page_links_to_the_public_page_and_back(editor):
    for model, obj in objects():
        admin_url = f"/admin/archive/{model}/{obj.pk}/change/"
        page = editor.get(admin_url).content.decode()
        assert "在站点上查看" in page, model
        public = editor.get(site_link(page), follow=True)
        assert public.status_code == 200, model
        public_page = public.content.decode()
        assert admin_url in public_page and "编辑（管理后台）" in public_page, model
        assert "private" in public["Cache-Control"], model
        assert "Cookie" in public["Vary"], model  # a cache must not give it to a reader


def test_readers_see_no_edit_link(editor):
    reader = Client()
    for model, obj in objects():
        url = site_link(editor.get(f"/admin/archive/{model}/{obj.pk}/change/").content.decode())
        response = reader.get(url)
        assert response.status_code == 200, url
        assert "编辑（管理后台）" not in response.content.decode(), url
        assert "/admin/" not in response.content.decode(), url
        assert "private" not in response.get("Cache-Control", ""), url


def test_permission_names_are_chinese(editor):
    from django.contrib.auth.models import Permission

    assert not Permission.objects.filter(name__startswith="Can ").exists()
    assert Permission.objects.filter(name="可添加 文章").exists()
    client, user = editor_client("boss")
    user.is_superuser = True
    user.save()
    page = client.get(f"/admin/auth/user/{user.pk}/change/").content.decode()
    assert "可修改 文章" in page and "Can change" not in page


def test_staff_without_change_permission_see_no_edit_link(editor):
    from django.contrib.auth.models import User

    user = User.objects.create_user("guest-staff", password="x", is_staff=True)
    client = Client()
    client.force_login(user)
    for model, obj in objects():
        url = site_link(editor.get(f"/admin/archive/{model}/{obj.pk}/change/").content.decode())
        response = client.get(url)
        assert response.status_code == 200, url
        assert "编辑（管理后台）" not in response.content.decode(), url
        assert "private" in response["Cache-Control"], url
