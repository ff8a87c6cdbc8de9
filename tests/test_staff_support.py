"""Shared pieces of the staff tests (no tests here): an editor account, a notice recorder."""
from __future__ import annotations

from dataclasses import dataclass, field

from django.contrib.auth.models import Group, User
from django.test import Client

from archive.models import Article
from archive.signals import articles_changed

EDITOR_GROUP = "档案编辑"


def editor_client(username: str = "editor") -> tuple[Client, User]:
    """A signed-in staff member in the archive editor group, and nothing more."""
    user = User.objects.create_user(username, password="x", is_staff=True)
    user.groups.add(Group.objects.get(name=EDITOR_GROUP))
    client = Client()
    client.force_login(user)
    return client, user


@dataclass
class Notices:
    """Every ``articles_changed`` sent while connected."""

    sent: list[tuple[list[int], list[int]]] = field(default_factory=list)

    def receive(self, sender: object, changed_ids: list[int], removed_ids: list[int],
                **kwargs: object) -> None:
        self.sent.append((list(changed_ids), list(removed_ids)))

    @property
    def changed(self) -> set[int]:
        return {pk for changed, _ in self.sent for pk in changed}

    @property
    def removed(self) -> set[int]:
        return {pk for _, removed in self.sent for pk in removed}

    def __enter__(self) -> Notices:
        articles_changed.connect(self.receive, sender=Article, weak=False)
        return self

    def __exit__(self, *exc: object) -> None:
        articles_changed.disconnect(self.receive, sender=Article)


def change_form_data(response: object) -> dict[str, object]:
    """An admin change form's fields as a browser would post them untouched."""
    data: dict[str, object] = {}

    def add(form: object) -> None:
        for name in form.fields:
            value = form[name].value()
            if isinstance(value, bool):
                if value:
                    data[form.add_prefix(name)] = "on"
            elif value is not None:
                data[form.add_prefix(name)] = value

    add(response.context["adminform"].form)
    for inline in response.context["inline_admin_formsets"]:
        formset = inline.formset
        for name, value in formset.management_form.initial.items():
            data[f"{formset.prefix}-{name}"] = value
        for form in formset.forms:
            add(form)
    return data
