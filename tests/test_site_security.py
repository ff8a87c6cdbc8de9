"""Sign-in throttling, the request-body limit and the security headers, as a browser meets
them."""
from __future__ import annotations

import pytest
from django.contrib.auth.models import User
from django.test import Client

PASSWORD = "正确的口令-2024"


@pytest.fixture
def editor(db) -> User:  # noqa: ANN001
    return User.objects.create_user("editor", password=PASSWORD, is_staff=True)


def sign_in(client: Client, password: str, address: str = "10.0.0.1", username: str = "editor"):
    return client.post("/admin/login/?next=/admin/",
                       {"username": username, "password": password}, REMOTE_ADDR=address)


def test_five_wrong_passwords_lock_that_account_on_that_address(editor):
    client = Client()
    for _ in range(4):
        assert sign_in(client, "wrong").status_code == 200  # the form again, with its error
    assert sign_in(client, "wrong").status_code == 429  # the fifth locks
    locked = sign_in(client, PASSWORD)
    assert locked.status_code == 429
    assert "登录已暂停" in locked.content.decode()
    assert "_auth_user_id" not in client.session

    elsewhere = Client()
    assert sign_in(elsewhere, PASSWORD, address="10.0.0.2").status_code == 302


def test_a_right_password_resets_the_count(editor):
    client = Client()
    for _ in range(4):
        sign_in(client, "wrong")
    assert sign_in(client, PASSWORD).status_code == 302
    client.logout()
    for _ in range(4):
        sign_in(client, "wrong")
    assert sign_in(client, PASSWORD).status_code == 302


def test_an_oversized_request_is_refused_from_its_declared_length(db):  # noqa: ANN001
    response = Client().post("/admin/login/", data=b"x", content_type="text/plain",
                             CONTENT_LENGTH=str(200 * 1024 * 1024))
    assert response.status_code == 413
    assert "提交的数据超过了 40 MB 的上限" in response.content.decode()


def test_pages_carry_the_security_headers(db):  # noqa: ANN001
    response = Client().get("/")
    assert "script-src 'self'" in response["Content-Security-Policy"]
    assert response["X-Frame-Options"] == "DENY"
    assert response["X-Content-Type-Options"] == "nosniff"


def test_a_get_to_a_button_that_only_posts_gets_a_chinese_page(editor):
    client = Client()
    client.force_login(editor)
    response = client.get("/admin/logout/")
    assert response.status_code == 405
    assert "无法这样访问" in response.content.decode()
    assert "POST" in response["Allow"]


def test_behind_the_proxy_each_client_address_counts_on_its_own(editor):
    """Every request comes from the proxy (127.0.0.1); the address it saw is the last hop
    of X-Forwarded-For, and one client's wrong passwords do not lock out another."""
    def through_proxy(password: str, seen: str, claimed: str = "") -> int:
        forwarded = f"{claimed}, {seen}" if claimed else seen
        return Client().post("/admin/login/?next=/admin/",
                             {"username": "editor", "password": password},
                             REMOTE_ADDR="127.0.0.1", HTTP_X_FORWARDED_FOR=forwarded).status_code

    for _ in range(5):
        through_proxy("wrong", "203.0.113.7", claimed="198.51.100.1")
    assert through_proxy(PASSWORD, "203.0.113.7") == 429
    assert through_proxy(PASSWORD, "203.0.113.8", claimed="203.0.113.7") == 302
