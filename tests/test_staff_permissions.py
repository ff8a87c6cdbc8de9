"""Who may do what: the admin needs a login, editing needs the archive editor permissions."""
from __future__ import annotations

import pytest
from django.contrib.auth.models import Group, Permission, User
from django.core.management import call_command
from django.test import Client

from archive.models import Article, Union
from tests.test_staff_support import EDITOR_GROUP, editor_client


@pytest.fixture
def archive(db):
    call_command("load_samples", verbosity=0)


@pytest.fixture
def plain_staff(archive) -> Client:
    """Staff who may sign in to the admin but were given no archive permissions."""
    user = User.objects.create_user("visitor", password="x", is_staff=True)
    client = Client()
    client.force_login(user)
    return client


def test_the_editor_group_holds_the_import_and_editing_permissions(db):
    codenames = set(
        Group.objects.get(name=EDITOR_GROUP).permissions.values_list("codename", flat=True)
    )
    assert {"import_issue", "change_article", "delete_article", "change_union",
            "delete_union", "change_place"} <= codenames
    assert "delete_issue" not in codenames and "delete_place" not in codenames


def test_staff_pages_need_a_login(archive):
    client = Client()
    article = Article.objects.first()
    for url in ["/admin/archive/issue/import/", f"/admin/archive/article/{article.pk}/split/"]:
        response = client.get(url)
        assert response.status_code == 302 and "/admin/login/" in response["Location"]


def test_staff_without_the_permissions_are_refused(plain_staff):
    article = Article.objects.filter(needs_review=True).first()
    assert plain_staff.get("/admin/archive/issue/import/").status_code == 403
    assert plain_staff.post(f"/admin/archive/article/{article.pk}/split/",
                            {"at": "1", "title": "x"}).status_code == 403
    assert plain_staff.post(f"/admin/archive/article/{article.pk}/merge/").status_code == 403
    assert plain_staff.post(f"/admin/archive/article/{article.pk}/reviewed/").status_code == 403
    article.refresh_from_db()
    assert article.needs_review and Article.objects.count() == 34


def test_the_permission_alone_is_enough_without_the_group(archive):
    user = User.objects.create_user("importer", password="x", is_staff=True)
    user.user_permissions.add(Permission.objects.get(codename="import_issue"))
    client = Client()
    client.force_login(user)
    assert client.get("/admin/archive/issue/import/").status_code == 200


def test_an_editor_sees_the_import_link(archive):
    client, _ = editor_client()
    page = client.get("/admin/archive/issue/").content.decode()
    assert "导入新一期" in page


def test_posts_without_the_csrf_token_are_refused(archive):
    user = User.objects.create_superuser("chief", password="x")
    client = Client(enforce_csrf_checks=True)
    client.force_login(user)
    article = Article.objects.filter(needs_review=True).first()
    assert client.post(f"/admin/archive/article/{article.pk}/reviewed/").status_code == 403
    union = Union.objects.first()
    response = client.post("/admin/archive/union/", {
        "action": "merge_selected", "_selected_action": [union.pk], "confirm": "1",
    })
    assert response.status_code == 403
    article.refresh_from_db()
    assert article.needs_review
