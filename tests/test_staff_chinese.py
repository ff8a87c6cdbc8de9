"""Every string staff read is Chinese: the admin's pages (index, each archive model's list, add
and change pages, users and groups), permission names, help texts, the 403 page and the
createsuperuser prompts.

The check reads the visible text of a page — tags, scripts, styles and attribute values
stripped — and looks for runs of three or more ASCII letters, leaving out a short allow-list
(formats and names that are not English prose) and the object's own data."""
from __future__ import annotations

import re
from html.parser import HTMLParser
from io import StringIO

import pytest
from django.contrib import admin
from django.contrib.auth.models import Group, User
from django.core.management import call_command
from django.test import Client

from archive.models import Article, Issue, Page, Person, Place, Publication, Union

# Names of formats and standards, not English prose.
ALLOWED = {"ID", "Markdown", "UTF", "GB18030", "YYYY", "MM", "DD", "BOM", "OCR", "URL", "CSV",
           "SHA", "Atom"}
WORD = re.compile(r"[A-Za-z]{3,}")
# Addresses, e-mail addresses, file names and hex digests are data whatever their letters.
URLISH = re.compile(r"https?://\S+|/[\w./?=&%-]*|[\w.+-]+@[\w.-]+|[\w-]+\.(?:txt|md|csv)\b"
                    r"|\b[0-9a-f]{8,}\b")


class VisibleText(HTMLParser):
    """The text a reader sees: text nodes outside script, style and template elements."""

    HIDDEN = {"script", "style", "template", "noscript"}

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.depth = 0
        self.parts: list[str] = []

    def handle_starttag(self, tag: str, attrs: list) -> None:
        if tag in self.HIDDEN:
            self.depth += 1

    def handle_endtag(self, tag: str) -> None:
        if tag in self.HIDDEN and self.depth:
            self.depth -= 1

    def handle_data(self, data: str) -> None:
        if not self.depth:
            self.parts.append(data)


def visible_text(html: str) -> str:
    parser = VisibleText()
    parser.feed(html)
    parser.close()
    return "\n".join(parser.parts)


def english_words(text: str, data: tuple[str, ...] = ()) -> set[str]:
    """Words of ASCII letters in ``text`` that are neither allowed nor the object's data."""
    # The page may show the data reworked (an article's text re-punctuated), so its words are
    # left out wherever they stand rather than the values as they are stored.
    theirs = {word for value in data for word in WORD.findall(URLISH.sub(" ", value))}
    text = URLISH.sub(" ", text)
    return {word for word in WORD.findall(text) if word not in ALLOWED | theirs}


def assert_chinese(response, data: tuple[str, ...] = ()) -> None:
    assert response.status_code in (200, 403), (response.request["PATH_INFO"], response.status_code)
    data = (*data, STAFF_NAME)  # "欢迎，boss" on every page
    words = english_words(visible_text(response.content.decode()), data)
    assert not words, f"{response.request['PATH_INFO']}: {sorted(words)}"


STAFF_NAME = "boss"


@pytest.fixture
def boss(db):
    call_command("load_samples", verbosity=0)
    user = User.objects.create_superuser(STAFF_NAME, "boss@example.org", "x")
    client = Client()
    client.force_login(user)
    return client, user


def archive_objects() -> list:
    return [Article.objects.first(), Issue.objects.first(), Page.objects.first(),
            Union.objects.filter(article_links__isnull=False).first(),
            Place.objects.filter(city_articles__isnull=False).first(),
            Person.objects.filter(credits__isnull=False).first(), Publication.objects.first()]


def own_data(obj, depth: int = 1) -> tuple[str, ...]:
    """The object's field values as text, and those of the objects it points to (an article's
    page, whose original text its change page shows): what was imported, not the admin's words."""
    values = []
    for field in obj._meta.concrete_fields:
        value = getattr(obj, field.attname)
        if field.is_relation and depth and value is not None:
            values.extend(own_data(getattr(obj, field.name), depth - 1))
        elif value not in (None, ""):
            values.append(str(value))
    return tuple(values)


def test_admin_index_and_each_archive_list_add_and_change_page(boss):
    client, user = boss
    assert_chinese(client.get("/admin/"))
    for obj in archive_objects():
        meta = obj._meta
        base = f"/admin/{meta.app_label}/{meta.model_name}/"
        assert_chinese(client.get(base))
        add = client.get(base + "add/")
        if add.status_code != 403:  # some objects are only made by the importer
            assert_chinese(add)
        assert_chinese(client.get(f"{base}{obj.pk}/change/"), own_data(obj))
        assert_chinese(client.get(f"{base}{obj.pk}/history/"), own_data(obj))


def test_user_and_group_pages(boss):
    client, user = boss
    group = Group.objects.first()
    assert_chinese(client.get("/admin/auth/user/"))
    assert_chinese(client.get("/admin/auth/user/add/"))
    algorithm, _, salt, digest = user.password.split("$")
    hashed = (algorithm, salt[:6], digest[:6])  # the password summary shows their beginnings
    assert_chinese(client.get(f"/admin/auth/user/{user.pk}/change/"), ("boss@example.org", *hashed))
    assert_chinese(client.get(f"/admin/auth/user/{user.pk}/password/"))
    assert_chinese(client.get("/admin/auth/group/"))
    assert_chinese(client.get("/admin/auth/group/add/"))
    assert_chinese(client.get(f"/admin/auth/group/{group.pk}/change/"), (group.name,))


def test_forbidden_page(boss):
    staff = User.objects.create_user("clerk", password="x", is_staff=True)
    client = Client()
    client.force_login(staff)
    response = client.get(f"/admin/archive/article/{Article.objects.first().pk}/change/")
    assert response.status_code == 403
    assert_chinese(response)
    assert "没有权限" in response.content.decode()


def test_the_check_reads_visible_text_only():
    html = ('<p title="Change me">修改 <a href="/admin/x/">Add link</a></p>'
            '<script>var Hidden = 1;</script><style>.Style {}</style><input value="Save">')
    assert " ".join(visible_text(html).split()) == "修改 Add link"
    assert english_words(visible_text(html)) == {"Add", "link"}
    assert english_words("UTF-8 或 GB18030 的 Markdown，日期 YYYY-MM-DD，见 /admin/auth/ 与 a.txt") == set()
    assert english_words("张三 wrote PPT", data=("张三用 PPT 演讲",)) == {"wrote"}


def test_hidden_headers_and_user_help_texts(boss):
    client, user = boss
    index = client.get("/admin/").content.decode()
    assert '<th scope="col">模型名称</th>' in index and "修改或查看列表的链接" in index
    assert "登录保护" in index and "登录尝试" in index  # django-axes, named in Chinese
    assert "创建用户之后" in client.get("/admin/auth/user/add/").content.decode()
    page = client.get(f"/admin/auth/user/{user.pk}/password/").content.decode()
    assert "该用户现有的密码将失效" in page


def test_permission_names_name_the_models_in_chinese(boss):
    from django.contrib.auth.models import Permission

    names = set(Permission.objects.values_list("name", flat=True))
    assert {"可添加 用户", "可修改 组", "可查看 登录尝试", "可删除 文章"} <= names
    assert not [name for name in names if WORD.search(name)]


def test_createsuperuser_speaks_chinese(db, monkeypatch):
    import builtins
    import getpass

    class Terminal(StringIO):
        def isatty(self) -> bool:
            return True

    prompts: list[str] = []
    answers = iter(["root", "boss2", "a@example.org", "1", "2", "123", "123", "n",
                    "Zhe-jiang-2026!", "Zhe-jiang-2026!"])

    def answer(prompt: str = "", stream: object = None) -> str:
        prompts.append(prompt)
        return next(answers)

    monkeypatch.setattr(getpass, "getpass", answer)
    monkeypatch.setattr(builtins, "input", answer)
    User.objects.create_user("root", password="x")
    out, err = StringIO(), StringIO()
    call_command("createsuperuser", stdin=Terminal(), stdout=out, stderr=err,
                 username=None, email=None)
    said = "\n".join(prompts) + out.getvalue() + err.getvalue()
    assert "用户名已被占用" in said and "密码（再输一次）：" in said and "超级用户已创建。" in said, said
    assert "两次输入的密码不一致" in said and "密码太短" in said, said
    assert not english_words(said, data=("root", "boss2", "a@example.org")), said
    assert User.objects.filter(is_superuser=True).exists()
