from django.urls import reverse

from audit.choices import AuditAction
from audit.models import AuditEvent
from core.choices import Classification
from orgs.models import OrgUnit


def test_admin_lists_users_and_units(client, world):
    client.force_login(world.admin)
    assert client.get(reverse("admin:accounts_user_changelist")).status_code == 200
    assert client.get(reverse("admin:orgs_orgunit_changelist")).status_code == 200
    assert client.get(reverse("admin:accounts_user_change", args=[world.officer_a.pk])
                      ).status_code == 200


def test_changing_a_users_clearance_in_admin_is_audited(client, world):
    client.force_login(world.admin)
    url = reverse("admin:accounts_user_change", args=[world.viewer_a.pk])
    form = client.get(url).context["adminform"].form
    data = {name: value for name, value in form.initial.items() if value is not None}
    data.update(clearance=Classification.MAT, org_unit=world.hn.pk, role=world.viewer_a.role,
                last_login="", date_joined_0="01/01/2025", date_joined_1="08:00:00")
    data.pop("password", None)
    data = {k: v for k, v in data.items() if not isinstance(v, list | bool) or v}
    response = client.post(url, data)
    assert response.status_code == 302, response.context["adminform"].form.errors
    world.viewer_a.refresh_from_db()
    assert world.viewer_a.clearance == Classification.MAT
    event = AuditEvent.objects.filter(action=AuditAction.UPDATE, target_id=str(world.viewer_a.pk),
                                      target_type="accounts.user").get()
    assert event.after["clearance"] == Classification.MAT and event.actor_id == world.admin.pk


def test_adding_a_unit_in_admin_goes_through_the_service(client, world):
    client.force_login(world.admin)
    response = client.post(reverse("admin:orgs_orgunit_add"), {
        "code": "HN-X1", "name": "Chi bộ  mới", "kind": "CHI_BO", "parent": world.hn_ward.pk,
    })
    assert response.status_code == 302
    unit = OrgUnit.objects.get(code="HN-X1")
    assert unit.path == f"{world.hn_ward.path}{unit.pk}/" and unit.name == "Chi bộ mới"
    assert AuditEvent.objects.filter(action=AuditAction.CREATE, target_id=str(unit.pk)).exists()
