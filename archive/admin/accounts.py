"""Staff accounts in the admin: Django's user admin with its last English help text in Chinese.

The password page's warning ("If disabled, the current password for this user will be lost.")
is glued to the help text as a plain string, so no catalogue translates it; the rest of the
user and group pages are translated by Django's zh_Hans catalogue and ``config/chinese/locale``.
"""
from __future__ import annotations

from django.contrib import admin
from django.contrib.auth.admin import UserAdmin
from django.contrib.auth.forms import AdminPasswordChangeForm
from django.contrib.auth.models import User


class PasswordChangeForm(AdminPasswordChangeForm):
    usable_password_help_text = (
        "用户能否用密码登录。关闭后，仍可能通过其他方式（例如单点登录）登录。"
        '<ul id="id_unusable_warning" class="messagelist"><li class="warning">'
        "关闭后，该用户现有的密码将失效。</li></ul>"
    )


admin.site.unregister(User)


@admin.register(User)
class StaffUserAdmin(UserAdmin):
    change_password_form = PasswordChangeForm
