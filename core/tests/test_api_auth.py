"""The API admits bearer tokens and signed-in sessions only."""

from io import StringIO

import pytest
from django.core.management import call_command

from accounts.models import ApiToken, hash_token
from core.tests.api_client import API, call, token_for


def test_valid_token_is_accepted(client, world):
    response = call(client, "GET", "/people", world.officer_a)
    assert response.status_code == 200


def test_token_use_is_recorded(client, world):
    token = token_for(world.officer_a)
    client.get(API + "/people", headers={"Authorization": f"Bearer {token}"})
    assert ApiToken.objects.get(key_hash=hash_token(token)).last_used_at is not None


def test_request_without_credentials_is_401_json(client, world):
    response = client.get(API + "/people")
    assert response.status_code == 401
    assert "đăng nhập" in response.json()["detail"]


def test_unknown_token_is_401(client, world):
    response = client.get(API + "/people", headers={"Authorization": "Bearer hoso_forged"})
    assert response.status_code == 401


def test_revoked_token_is_401(client, world):
    token = token_for(world.officer_a)
    ApiToken.objects.filter(key_hash=hash_token(token)).update(revoked=True)
    response = client.get(API + "/people", headers={"Authorization": f"Bearer {token}"})
    assert response.status_code == 401


def test_token_of_deactivated_user_is_401(client, world):
    token = token_for(world.officer_a)
    world.officer_a.is_active = False
    world.officer_a.save()
    response = client.get(API + "/people", headers={"Authorization": f"Bearer {token}"})
    assert response.status_code == 401


def test_bad_token_is_refused_even_with_a_session(client, world):
    client.force_login(world.officer_a)
    response = client.get(API + "/people", headers={"Authorization": "Bearer hoso_forged"})
    assert response.status_code == 401


def test_browser_session_is_accepted(client, world):
    client.force_login(world.officer_a)
    assert client.get(API + "/people").status_code == 200


def test_session_write_needs_csrf_token(world):
    from django.test import Client

    browser = Client(enforce_csrf_checks=True)
    browser.force_login(world.officer_a)
    response = browser.post(API + "/people", data="{}", content_type="application/json")
    assert response.status_code == 403


def test_only_the_hash_of_a_token_is_stored(world):
    row, clear = ApiToken.issue(world.officer_a)
    assert clear not in row.key_hash and row.key_hash == hash_token(clear)


def test_openapi_schema_is_served_to_authenticated_clients(client, world):
    response = call(client, "GET", "/openapi.json", world.viewer_a)
    assert response.status_code == 200
    assert "/api/v1/people/{person_id}" in response.json()["paths"]
    assert "cccd_encrypted" not in response.content.decode()
    assert "cccd_index" not in response.content.decode()


def test_openapi_schema_needs_authentication(client, world):
    assert client.get(API + "/openapi.json").status_code == 401


def test_no_docs_page_that_would_load_a_cdn(client, world):
    response = call(client, "GET", "/docs", world.admin)
    assert response.status_code == 404
    assert b"cdn" not in response.content.lower()


def test_api_token_command_prints_a_working_token(client, world):
    out = StringIO()
    call_command("api_token", "officer_a", "--name", "báo cáo", stdout=out, stderr=StringIO())
    token = out.getvalue().strip()
    assert ApiToken.objects.get(key_hash=hash_token(token)).name == "báo cáo"
    response = client.get(API + "/people", headers={"Authorization": f"Bearer {token}"})
    assert response.status_code == 200


def test_api_token_command_refuses_unknown_user(world):
    from django.core.management.base import CommandError

    with pytest.raises(CommandError):
        call_command("api_token", "nobody", stdout=StringIO(), stderr=StringIO())
