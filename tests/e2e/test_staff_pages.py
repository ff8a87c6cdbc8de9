"""Staff pages in a real browser, under the site's Content-Security-Policy: signing in, the
lists, an article's form and the import page work and nothing on them is blocked."""
from __future__ import annotations

from playwright.sync_api import Page, expect

from tests.e2e.conftest import STAFF


def test_staff_sign_in_and_edit_pages_work_under_the_policy(page: Page, site: str) -> None:
    page.goto(f"{site}/admin/login/")
    page.fill("#id_username", STAFF[0])
    page.fill("#id_password", STAFF[1])
    page.click("input[type=submit]")
    expect(page.locator("#site-name")).to_be_visible()

    page.goto(f"{site}/admin/archive/article/")
    expect(page.locator("#result_list")).to_be_visible()
    page.locator("#result_list tbody tr a").first.click()
    expect(page.locator("#article_form")).to_be_visible()
    # The admin's own scripts run: the inline formsets get their "add another" links.
    assert page.evaluate("typeof window.django !== 'undefined'")

    page.goto(f"{site}/admin/archive/issue/import/")
    expect(page.locator("input[type=file]")).to_be_attached()
