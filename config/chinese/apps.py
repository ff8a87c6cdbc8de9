from axes.apps import AppConfig as BaseAxesConfig
from django.apps import AppConfig


class ChineseConfig(AppConfig):
    name = "config.chinese"
    label = "chinese"
    verbose_name = "中文界面"


class AxesConfig(BaseAxesConfig):
    """django-axes with a Chinese name in the admin (its own is the label, "Axes")."""

    verbose_name = "登录保护"
