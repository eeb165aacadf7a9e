from django.conf import settings
from django.urls import reverse


def test_switching_to_english_sets_the_language_cookie(client, db):
    response = client.post(reverse("set_language"),
                           {"language": "en", "next": reverse("accounts:login")})
    assert response.status_code == 302
    assert response.cookies[settings.LANGUAGE_COOKIE_NAME].value == "en"
    assert '<html lang="en">' in client.get(reverse("accounts:login")).content.decode()


def test_signed_in_user_switches_back_to_vietnamese(client, world):
    client.force_login(world.officer_a)
    client.post(reverse("set_language"), {"language": "en", "next": "/"})
    client.post(reverse("set_language"), {"language": "vi", "next": "/"})
    assert '<html lang="vi">' in client.get(reverse("core:home")).content.decode()


def test_navbar_offers_both_languages(client, db):
    body = client.get(reverse("accounts:login")).content.decode()
    assert 'name="language" value="vi"' in body and 'name="language" value="en"' in body
    # The page's own submit button is the first <button> (browser tests click it).
    assert body.index("<button") > body.index('value="en"')
