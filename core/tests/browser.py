"""Playwright driving Debian's chromium (never a downloaded browser) for browser tests."""

import os
import shutil
from pathlib import Path

import pytest

ARTIFACTS = Path(__file__).resolve().parents[2] / "test-artifacts"
CHROMIUM_FLAGS = [
    "--no-sandbox", "--disable-gpu", "--disable-background-networking",
    "--disable-component-update", "--disable-sync", "--no-first-run", "--disable-quic",
]


def chromium_path() -> str:
    path = os.environ.get("HOSO_CHROMIUM") or shutil.which("chromium")
    if not path:
        pytest.fail("Debian chromium is missing: run `make setup` (it installs it).")
    return path


@pytest.fixture
def page():
    """A fresh headless chromium page; Django's ORM is used from the test thread meanwhile."""
    # Playwright's sync API runs an event loop in this thread; the ORM calls the test makes
    # around it are still synchronous, so Django's async-safety guard is relaxed here only.
    os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"
    from playwright.sync_api import sync_playwright

    ARTIFACTS.mkdir(exist_ok=True)
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=chromium_path(), headless=True, args=CHROMIUM_FLAGS
        )
        context = browser.new_context(locale="vi-VN", viewport={"width": 1280, "height": 900})
        try:
            yield context.new_page()
        finally:
            context.close()
            browser.close()
            os.environ.pop("DJANGO_ALLOW_ASYNC_UNSAFE", None)


def sign_in(page, server: str, username: str) -> None:
    """Sign in through the login page as ``username`` (test password) and land on the home page."""
    from accounts.tests.factories import PASSWORD

    page.context.clear_cookies()
    page.goto(f"{server}/tai-khoan/dang-nhap/")
    page.fill("input[name=username]", username)
    page.fill("input[name=password]", PASSWORD)
    page.click("button[type=submit]")
    page.wait_for_url(f"{server}/")
