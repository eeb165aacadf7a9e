"""People API: editing a classified person answers with the record, so it needs a reason."""

import pytest

from audit.models import AuditEvent
from core.tests.api_client import call
from people.models import Person

pytestmark = pytest.mark.django_db


def test_patch_of_a_classified_person_needs_a_reason_and_logs_the_read(client, world):
    person = world.person_a_secret
    url = f"/people/{person.pk}"
    response = call(client, "PATCH", url, world.officer_a, {"post": "Chuyên viên",
                                                            "version": person.version})
    assert response.status_code == 400 and "reason" in response.json()["errors"]
    assert Person.objects.get(pk=person.pk).post != "Chuyên viên"
    response = call(client, "PATCH", url, world.officer_a,
                    {"post": "Chuyên viên", "version": person.version,
                     "reason": "Cập nhật chức vụ"})
    assert response.status_code == 200 and response.json()["post"] == "Chuyên viên"
    assert AuditEvent.objects.filter(action="READ", target_id=str(person.pk),
                                     reason="Cập nhật chức vụ").exists()


def test_patch_of_an_open_person_needs_no_reason(client, world):
    response = call(client, "PATCH", f"/people/{world.person_a.pk}", world.officer_a,
                    {"post": "Phó ban", "version": world.person_a.version})
    assert response.status_code == 200
