"""Staff can see what the importer made, in the admin, behind a login."""
from __future__ import annotations

import pytest
from django.core.management import call_command

from archive.models import Article


@pytest.fixture
def imported(db):
    call_command("load_samples", verbosity=0)


@pytest.mark.django_db
def test_the_admin_requires_a_login(client):
    response = client.get("/admin/archive/article/")
    assert response.status_code == 302 and "/admin/login/" in response["Location"]


def test_staff_see_articles_flagged_for_review(imported, admin_client):
    response = admin_client.get("/admin/archive/article/?needs_review__exact=1")
    assert response.status_code == 200
    flagged = Article.objects.filter(needs_review=True)
    assert flagged.count() >= 1
    page = response.content.decode()
    for article in flagged:
        assert article.title[:10] in page


def test_an_article_opens_for_correction_with_its_unions_and_people(imported, admin_client):
    article = Article.objects.get(title__startswith="金华市总工会")
    page = admin_client.get(f"/admin/archive/article/{article.pk}/change/").content.decode()
    assert "金华市总工会" in page and "羊荣江" in page
