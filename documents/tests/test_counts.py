"""Report counts: scoped, within clearance, for the period only."""

from datetime import date

from django.test import Client
from django.urls import reverse

from core.choices import Classification
from documents import counts, services
from documents.choices import RegisterKind
from documents.tests.factories import attach, make_document

YEAR = (date(2025, 1, 1), date(2025, 12, 31))


def test_counts_by_direction_type_and_level_stay_in_scope(world):
    make_document(world.officer_a, world.hn, code="BC")
    make_document(world.officer_a, world.hn, code="KH", classification=Classification.MAT)
    make_document(world.officer_a, world.hn, code="BC", issued_on=date(2024, 6, 1))
    make_document(world.officer_b, world.hp, code="BC")
    assert counts.documents_by_direction(world.officer_a, *YEAR) == {
        "IN": 0, "OUT": 2, "INTERNAL": 0, "total": 2}
    assert counts.documents_by_type(world.officer_a, *YEAR) == {"BC": 1, "KH": 1}
    assert counts.documents_by_type(world.viewer_a, *YEAR) == {"BC": 1}
    assert counts.classified_documents(world.officer_a, *YEAR) == {Classification.MAT: 1}


def test_register_copies_and_downloads(world, leader_a):
    secret = make_document(world.officer_a, world.hn, classification=Classification.MAT)
    services.do_record_register_entry(actor=world.officer_a, document=secret, data={
        "kind": RegisterKind.DESTROY, "on": date(2025, 5, 5), "count": 2, "approver": leader_a})
    result = counts.register_copies(world.officer_a, *YEAR)
    assert result["DESTROY"] == {"entries": 1, "copies": 2} and result["COPY"]["copies"] == 0
    assert counts.register_copies(world.officer_b, *YEAR)["DESTROY"]["entries"] == 0
    attachment = attach(world.officer_a, secret)
    client = Client()
    client.force_login(world.officer_a)
    url = reverse("api:download_attachment", kwargs={"attachment_id": attachment.pk})
    client.get(url, {"reason": "Kiểm tra sổ tiêu hủy tài liệu"})
    today = date.today()  # noqa: DTZ011
    assert counts.downloads(world.officer_a, today, today) == 1
    assert counts.downloads(world.viewer_a, today, today) == 0
    assert counts.downloads(world.officer_b, today, today) == 0
