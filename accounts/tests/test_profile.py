from django.urls import reverse


def test_profile_shows_role_scope_clearance_and_2fa(client, world):
    client.force_login(world.officer_a)
    body = client.get(reverse("accounts:profile")).content.decode()
    assert "Cán bộ nghiệp vụ" in body
    assert "Thành phố Hà Nội" in body and "gồm các đơn vị trực thuộc" in body
    assert "Mật" in body and "Chưa bật" in body and "Tiếng Việt" in body


def test_profile_shows_2fa_on(client, world, device_a):
    from accounts.tests.conftest import current_code, post_login

    post_login(client, "officer_a", otp_token=current_code(device_a))
    assert "Đã bật" in client.get(reverse("accounts:profile")).content.decode()


def test_footer_shows_scope_and_clearance(client, world):
    client.force_login(world.viewer_a)
    body = client.get(reverse("core:home")).content.decode()
    assert "Phạm vi" in body and "Thành phố Hà Nội" in body and "Thường" in body


def test_navbar_shows_audit_log_to_auditor_only(client, world):
    audit_url = reverse("audit:list")
    client.force_login(world.auditor)
    assert f'href="{audit_url}"' in client.get(reverse("core:home")).content.decode()
    client.force_login(world.officer_a)
    assert f'href="{audit_url}"' not in client.get(reverse("core:home")).content.decode()


def test_navbar_search_box_goes_to_people_list(client, world):
    client.force_login(world.officer_a)
    body = client.get(reverse("core:home")).content.decode()
    assert f'action="{reverse("people:list")}"' in body and 'name="q"' in body


def test_home_counts_only_what_the_user_may_see(client, world):
    client.force_login(world.officer_a)
    response = client.get(reverse("core:home"))
    # Hà Nội, its ward and its cell; Hà Nội's people up to Mật (not the Tối mật one).
    assert response.context["unit_count"] == 3
    assert response.context["person_count"] == 2
    client.force_login(world.viewer_a)
    assert client.get(reverse("core:home")).context["person_count"] == 1


def test_anonymous_is_sent_to_sign_in(client, db):
    for name in ("accounts:profile", "core:home"):
        response = client.get(reverse(name))
        assert response.status_code == 302
        assert response["Location"].startswith(reverse("accounts:login"))


def test_home_and_profile_queries_are_constant(client, world, django_assert_num_queries):
    client.force_login(world.officer_a)
    client.get(reverse("core:home"))
    # 7 for every signed-in page (session, user, 2FA check, scope unit, session save x3).
    # The first visit counted units and people; they are cached (core.counting).
    with django_assert_num_queries(7):
        client.get(reverse("core:home"))
    with django_assert_num_queries(8):  # + the 2FA status
        client.get(reverse("accounts:profile"))
