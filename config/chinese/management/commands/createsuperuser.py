"""``createsuperuser`` in Chinese: the prompts, errors and result of django.contrib.auth's.

Django writes them as fixed English strings; this command runs Django's own and puts each of
them in Chinese on the way out (prompts through getpass/input, messages through stdout and
stderr, refusals as CommandError). The field names and password-validation messages come
translated already.
"""
from __future__ import annotations

import getpass as getpass_module
import re
from collections.abc import Callable

from django.conf import settings
from django.contrib.auth.management.commands import createsuperuser as base
from django.core.management.base import CommandError, OutputWrapper
from django.utils import translation
from django.utils.text import capfirst

PROMPTS = {
    "Password: ": "密码：",
    "Password (again): ": "密码（再输一次）：",
    "Bypass password validation and create user anyway? [y/N]: ":
        "不管密码检查，仍然创建这个用户吗？[y/N]：",
}

MESSAGES: list[tuple[re.Pattern[str], str]] = [
    (re.compile(pattern, re.S), chinese) for pattern, chinese in [
        (r"Superuser created successfully\.", "超级用户已创建。"),
        (r"Error: Your passwords didn't match\.", "错误：两次输入的密码不一致。"),
        (r"Error: Blank passwords aren't allowed\.", "错误：密码不能为空。"),
        (r"Error: This field cannot be blank\.", "错误：此项不能为空。"),
        (r"Error: That (.+) is already taken\.", r"错误：这个\1已被占用。"),
        (r"(.+) cannot be blank\.", r"\1不能为空。"),
        (r"You must use --(\S+) with --noinput\.", r"使用 --noinput 时必须同时给出 --\1。"),
        (r"\nOperation cancelled\.", "\n已取消。"),
        (r"Superuser creation skipped due to not running in a TTY\..*",
         "没有在终端里运行，未创建超级用户。请在终端里运行 manage.py createsuperuser。"),
        (r"Error: (.*)", r"错误：\1"),
    ]
]


def chinese(message: str) -> str:
    for pattern, replacement in MESSAGES:
        if pattern.fullmatch(message):
            return pattern.sub(replacement, message)
    return message


class ChineseOutput(OutputWrapper):
    def write(self, msg: str = "", style_func: Callable | None = None, ending: str | None = None) -> None:
        super().write(chinese(msg), style_func, ending)


def chinese_output(wrapper: OutputWrapper) -> ChineseOutput:
    """The same stream and style as ``wrapper``, writing Chinese."""
    output = ChineseOutput(wrapper._out, wrapper.ending)
    output._style_func = wrapper._style_func
    return output


class ChineseGetpass:
    """Stands in for the ``getpass`` module inside Django's command while it runs."""

    @staticmethod
    def getpass(prompt: str = "Password: ", stream: object = None) -> str:
        return getpass_module.getpass(PROMPTS.get(prompt, prompt), stream)


def chinese_input(prompt: str = "") -> str:
    return input(PROMPTS.get(prompt, prompt))


class Command(base.Command):
    help = "创建一个超级用户（可登录管理后台、拥有全部权限）。"

    def execute(self, *args: object, **options: object) -> object:
        with translation.override(settings.LANGUAGE_CODE):
            try:
                return super().execute(*args, **options)
            except CommandError as error:
                raise CommandError(chinese(str(error)), returncode=error.returncode) from error

    def handle(self, *args: object, **options: object) -> None:
        self.stdout, self.stderr = chinese_output(self.stdout), chinese_output(self.stderr)
        saved = base.getpass
        base.getpass = ChineseGetpass
        base.input = chinese_input  # shadows the builtin in Django's module
        try:
            super().handle(*args, **options)
        finally:
            base.getpass = saved
            del base.input

    def _get_input_message(self, field: object, default: str | None = None) -> str:
        message = capfirst(field.verbose_name)
        if default:
            message += f"（留空则用“{default}”）"
        if field.remote_field:
            message += f"（{field.remote_field.model._meta.verbose_name}的编号）"
        return message + "："
