"""Two editors open the same record: the second save is refused, nothing of it is stored."""

from django.test import Client
from django.urls import reverse

from accounts.choices import Role
from accounts.tests.factories import make_user
from audit.choices import AuditAction
from audit.models import AuditEvent
from core.errors import EditConflict
from people.models import Person


def loaded_form(client, person) -> dict:
    """The edit form's initial values as the editor's browser got them."""
    response = client.get(reverse("people:edit", kwargs={"person_id": person.pk}))
    assert response.status_code == 200
    form = response.context["form"]
    data = {name: form[name].value() for name in form.fields}
    return {name: ("" if value is None else value) for name, value in data.items()}


def test_second_editor_of_stale_version_gets_conflict_and_nothing_is_saved(world):
    first, second = Client(), Client()
    first.force_login(world.officer_a)
    second.force_login(make_user("officer_a2", world.hn, Role.OFFICER))
    url = reverse("people:edit", kwargs={"person_id": world.person_a.pk})
    form_1, form_2 = loaded_form(first, world.person_a), loaded_form(second, world.person_a)
    assert form_1["version"] == form_2["version"] == 1

    saved = first.post(url, {**form_1, "post": "Bí thư chi bộ", "change_reason": "Bầu mới"})
    assert saved.status_code == 302
    refused = second.post(
        url,
        {**form_2, "post": "Phó bí thư", "hometown": "Nam Định", "full_name": "Nguyễn Văn Hùng"},
    )

    assert refused.status_code == 200
    html = refused.content.decode()
    assert str(EditConflict.message) in refused.context["form"].non_field_errors()
    assert str(EditConflict.message) in html
    # The second editor's typed values are kept in the form to copy from.
    assert 'value="Phó bí thư"' in html and 'value="Nam Định"' in html
    assert 'value="Nguyễn Văn Hùng"' in html
    person = Person.objects.get(pk=world.person_a.pk)
    assert (person.full_name, person.post, person.hometown, person.version) == (
        "Nguyễn Văn Huy",
        "Bí thư chi bộ",
        "",
        2,
    )
    updates = AuditEvent.objects.filter(
        action=AuditAction.UPDATE, target_type="people.person", target_id=str(person.pk)
    )
    assert updates.count() == 1


def test_editor_saves_again_after_reloading_the_new_version(world, client):
    client.force_login(world.officer_a)
    url = reverse("people:edit", kwargs={"person_id": world.person_a.pk})
    stale = loaded_form(client, world.person_a)
    client.post(url, {**stale, "post": "Bí thư chi bộ"})
    assert client.post(url, {**stale, "post": "Phó bí thư"}).status_code == 200
    fresh = loaded_form(client, world.person_a)
    assert fresh["version"] == 2
    assert client.post(url, {**fresh, "post": "Phó bí thư"}).status_code == 302
    assert Person.objects.get(pk=world.person_a.pk).post == "Phó bí thư"


def test_missing_version_is_treated_as_stale(world, client):
    client.force_login(world.officer_a)
    url = reverse("people:edit", kwargs={"person_id": world.person_a.pk})
    form = loaded_form(client, world.person_a)
    response = client.post(url, {**form, "version": "", "post": "Bí thư"})
    assert str(EditConflict.message) in response.content.decode()
    assert Person.objects.get(pk=world.person_a.pk).post == ""
