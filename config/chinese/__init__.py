"""Chinese for what Django and its add-ons say to staff in English.

Listed first in ``INSTALLED_APPS`` so that its translations (``locale/``) win over those of
django.contrib.admin, auth and axes, and its ``createsuperuser`` over django.contrib.auth's.
"""
