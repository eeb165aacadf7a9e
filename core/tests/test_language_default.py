"""The UI opens in Vietnamese whatever the browser asks for; English only when chosen."""

from django.urls import reverse


def test_login_page_is_vietnamese_even_for_an_english_browser(client, db):
    response = client.get(reverse("accounts:login"), HTTP_ACCEPT_LANGUAGE="en-US,en;q=0.9")
    assert response.headers["Content-Language"] == "vi"
    assert "Đăng nhập" in response.content.decode()


def test_chosen_english_is_kept_by_the_language_cookie(client, db, settings):
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    response = client.get(reverse("accounts:login"), HTTP_ACCEPT_LANGUAGE="vi")
    assert response.headers["Content-Language"] == "en"
