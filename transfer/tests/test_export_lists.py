"""Every list's export holds the rows of its page: same filters, all of them, only visible ones.

The records are those of the access matrix: each module's records of province B (Hải Phòng) and
a Mật record of province A (Hà Nội), besides the shared world's people.
"""

import pytest
from django.urls import reverse

from audit.choices import AuditAction
from audit.models import AuditEvent
from core.tests.test_access_matrix import (
    b_markers,
    records_above_clearance,
    records_of_b,
    secret_markers,
)
from transfer.exporting.registry import REGISTRY
from transfer.tests.export_utils import column, csv_table, download, xlsx_table

pytestmark = pytest.mark.django_db


def paginated(ctx):
    return ctx["page"].paginator.count


# list → (its page's URL name, the number of rows the page shows, all pages).
PAGES = {
    "people": ("people:list", lambda ctx: len(ctx["people"])),
    "vetting_cases": ("vetting:list", paginated),
    "admission_dossiers": ("admission:list", paginated),
    "coordination_requests": ("coordination:list", paginated),
    "coordination_overdue": ("coordination:overdue", paginated),
    "documents": ("documents:list", paginated),
    "inspections": ("inspections:list", paginated),
    "programmes": ("inspections:programme_list", paginated),
    "remediation_overdue": ("inspections:remediation_overdue", paginated),
    "position_catalogues": ("positions:catalogues", lambda ctx: len(ctx["catalogues"])),
    "position_unfit_holders": ("positions:compliance", lambda ctx: len(ctx["flags"])),
    "position_vacancies": ("positions:compliance", lambda ctx: len(ctx["vacant"])),
    "trips": ("travel:list", paginated),
    "incoming_visits": ("travel:visit_list", lambda ctx: len(ctx["rows"])),
    "contact_reports": ("travel:contact_list", lambda ctx: len(ctx["rows"])),
    "foreign_elements": ("travel:element_list", lambda ctx: len(ctx["rows"])),
    "org_units": ("orgs:tree", lambda ctx: len(ctx["results"])),
    "audit_events": ("audit:list", lambda ctx: len(ctx["events"])),
}
# A filter of each list that the test applies to page and file alike.
FILTERS = {
    "people": {"q": "huy"},
    "vetting_cases": {"status": "CONCLUDED"},
    "admission_dossiers": {"status": "COLLECTING"},
    "coordination_requests": {"direction": "RECEIVED"},
    "coordination_overdue": {},
    "documents": {"classification": "1"},
    "inspections": {"kind": "GIAM_SAT"},
    "programmes": {},
    "remediation_overdue": {},
    "position_catalogues": {"all": "1"},
    "position_unfit_holders": {"level": "CO_MAT"},
    "position_vacancies": {"level": "TRONG_YEU"},
    "trips": {"status": "APPROVED"},
    "incoming_visits": {},
    "contact_reports": {},
    "foreign_elements": {},
    "org_units": {"q": "phường ba"},
    "audit_events": {"action": "CREATE"},
}


def _plain_records_of_a(world) -> None:
    """Unclassified records of province A in each module: what viewer_a does see."""
    from admission.tests.factories import make_candidate, matrix_dossier
    from coordination.tests.factories import matrix_request
    from documents.tests.factories import matrix_records as document_records
    from inspections.tests.factories import matrix_records as inspection_records
    from positions.tests.factories import matrix_records as position_records
    from travel.tests.factories import matrix_records as travel_records
    from vetting.tests.factories import matrix_records as vetting_records

    admin, hn = world.admin, world.hn
    inspection_records(admin, hn, world.hn_ward, world.person_a)
    matrix_request(admin, hn, world.hn_ward, world.person_a)
    document_records(admin, hn)
    matrix_dossier(admin, world.hn_cell, make_candidate(admin, world.hn_cell, "Ngô Thị Mai"))
    vetting_records(admin, hn, world.person_a)
    position_records(admin, world.hn_ward, world.person_a)
    travel_records(admin, hn, world.person_a)


@pytest.fixture
def records(world):
    """The world with every module's records of province B, classified and plain ones of A."""
    records_of_b(world)
    records_above_clearance(world)
    _plain_records_of_a(world)
    return world


def _reader(world, name):
    return world.auditor if REGISTRY[name].roles else world.officer_a


def _page_rows(client, name, params) -> int:
    """The rows the page shows with ``params``, all pages (the audit list pages without a count)."""
    url_name, count = PAGES[name]
    total, page = 0, 1
    while True:
        response = client.get(reverse(url_name), {**params, "page": page})
        assert response.status_code == 200, name
        total += count(response.context)
        if not response.context.get("has_next"):
            return total
        page += 1


def test_every_list_is_exported_and_tested():
    assert set(PAGES) == set(REGISTRY) == set(FILTERS)


# Lists whose filter widens the list (the default shows the catalogues in force only).
WIDENING = {"position_catalogues"}


def test_export_has_the_rows_of_the_page_with_its_filter(client, records):
    # One test walks every list: the records take seconds to build, the checks milliseconds.
    for name in sorted(REGISTRY):
        client.force_login(_reader(records, name))
        params = FILTERS[name]
        expected = _page_rows(client, name, params)
        for fmt, table in (("csv", csv_table), ("xlsx", xlsx_table)):
            response = download(client, name, fmt, **params)
            assert response.status_code == 200, name
            assert response.streaming, name
            headers, rows = table(response)
            assert headers == REGISTRY[name].headers(), name
            assert len(rows) == expected == int(response["X-Export-Rows"]), (name, fmt)
        if params:  # the filter is applied, not ignored
            everything = len(csv_table(download(client, name))[1])
            assert expected >= everything if name in WIDENING else expected < everything, name


def test_officer_export_shows_nothing_of_other_province(client, records):
    client.force_login(records.officer_a)
    for name in sorted(set(REGISTRY) - {"audit_events", "org_units"}):
        expected = _page_rows(client, name, {})
        response = download(client, name)
        text = response.body.decode("utf-8")
        assert [m for m in b_markers(records) if m and m in text] == [], name
        assert len(csv_table(response)[1]) == expected, name


def test_viewer_export_has_no_classified_row(client, records):
    client.force_login(records.viewer_a)
    for name in sorted(set(REGISTRY) - {"audit_events"}):
        response = download(client, name)
        text = response.body.decode("utf-8")
        assert [m for m in secret_markers(records) if m and m in text] == [], name
        table = csv_table(response)
        assert table[1], f"{name}: viewer_a sees unclassified rows, the file must hold them"
        if "Độ mật" in table[0]:
            assert set(column(table, "Độ mật")) == {"Thường"}, name


def test_officer_sees_the_classified_rows_the_viewer_does_not(client, records):
    client.force_login(records.officer_a)
    levels = column(csv_table(download(client, "vetting_cases")), "Độ mật")
    assert "Mật" in levels


def test_org_unit_export_is_the_visible_tree(client, records):
    client.force_login(records.officer_a)
    names = column(csv_table(download(client, "org_units")), "Tên")
    assert names[0] == records.hn.name and records.hn_cell.name in names
    assert records.hp.name not in names and records.tw.name not in names


def test_audit_export_is_for_auditors_only(client, records):
    client.force_login(records.officer_a)
    assert download(client, "audit_events").status_code == 403


def test_audit_export_masks_records_above_the_readers_clearance(client, records):
    records.auditor.clearance = 0
    records.auditor.save()
    client.force_login(records.auditor)
    text = download(client, "audit_events").body.decode("utf-8")
    assert records.person_a_secret.full_name not in text
    assert f"#{records.person_a_secret.pk}" in text


def test_classified_coordination_subject_is_hidden_as_on_the_page(client, records):
    client.force_login(records.officer_a)
    table = csv_table(download(client, "coordination_requests"))
    subjects = column(table, "Trích yếu")
    assert any(s.startswith("(Yêu cầu có độ mật)") for s in subjects)


def test_each_list_export_writes_one_audit_event(client, records):
    client.force_login(records.officer_a)
    before = AuditEvent.objects.filter(action=AuditAction.EXPORT).count()
    download(client, "trips", "xlsx", status="DRAFT")
    event = AuditEvent.objects.filter(action=AuditAction.EXPORT).latest("id")
    assert AuditEvent.objects.filter(action=AuditAction.EXPORT).count() == before + 1
    assert event.target_id == "trips" and event.after["filters"] == {"Trạng thái": "DRAFT"}
