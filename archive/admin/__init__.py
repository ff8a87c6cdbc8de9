"""The Django admin for archive staff: import issues, review and correct what the importer
made, and keep unions and places tidy. Every write announces the articles it touched."""
from django.contrib import admin

from . import articles, catalog, unions  # noqa: F401 - registering the model admins
from . import accounts  # noqa: F401 - the user admin with Chinese help texts
from .changelist import use_date_safe_lists
from .site_links import use_site_links

admin.site.site_header = "工会报刊档案库 · 管理"
admin.site.site_title = "工会报刊档案库"
admin.site.index_title = "档案管理"
use_date_safe_lists(admin.site)
use_site_links(admin.site)
