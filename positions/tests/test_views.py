from datetime import date

import pytest
from django.urls import reverse

from audit.models import AuditEvent
from positions.choices import Level
from positions.models import Catalogue, Holding
from positions.services import do_assign_holder
from positions.tests.factories import decided_conclusion, make_catalogue
from vetting.choices import Outcome


@pytest.fixture
def catalogue_a(world):
    return make_catalogue(world.officer_a, world.hn, valid_from=date(2025, 1, 1))


@pytest.fixture
def officer(client, world):
    client.force_login(world.officer_a)
    return client


def _assign_url(catalogue, level=Level.CO_MAT):
    return reverse("positions:assign", kwargs={"position_id": catalogue.positions.get(
        level=level).pk})


def test_officer_creates_a_catalogue_from_lines(officer, world):
    response = officer.post(reverse("positions:catalogue_create"), {
        "org_unit": world.hn_ward.pk, "decision_number": "12-QĐ/ĐU", "decided_on": "02/01/2025",
        "valid_from": "05/01/2025", "classification": "0",
        "positions": "Văn phòng | Chánh Văn phòng | trọng yếu\nTổ chức | Cán bộ hồ sơ | cơ mật"})
    catalogue = Catalogue.objects.get(decision_number="12-QĐ/ĐU")
    assert response.status_code == 302
    assert sorted(catalogue.positions.values_list("level", flat=True)) == ["CO_MAT", "TRONG_YEU"]


def test_bad_catalogue_input_gets_vietnamese_errors_and_nothing_saved(officer, world):
    response = officer.post(reverse("positions:catalogue_create"), {
        "org_unit": world.hp.pk, "decision_number": "1", "decided_on": "31/02/2025",
        "valid_from": "01/01/2025", "classification": "0", "positions": "chỉ một ô"})
    text = response.content.decode()
    assert response.status_code == 200 and not Catalogue.objects.exists()
    assert "Dòng 1 chưa đúng mẫu" in text and "phạm vi" in text


def test_catalogue_detail_shows_versions(officer, world, catalogue_a):
    new = make_catalogue(world.officer_a, world.hn, number="09-QĐ/TU",
                         valid_from=date(2025, 6, 1))
    text = officer.get(reverse("positions:catalogue", kwargs={"catalogue_id": catalogue_a.pk})
                       ).content.decode()
    assert "09-QĐ/TU" in text and "Đã được thay thế" in text
    assert new.supersedes_id == catalogue_a.pk


def test_assign_unfit_without_override_shows_fitness_and_saves_nothing(officer, world,
                                                                       catalogue_a):
    response = officer.post(_assign_url(catalogue_a), {
        "person": world.person_a.pk, "started_on": "01/03/2025"})
    text = response.content.decode()
    assert "Chưa có kết luận thẩm định" in text and "vẫn bố trí" in text
    assert not Holding.objects.exists()


def test_override_without_reason_is_refused(officer, world, catalogue_a):
    response = officer.post(_assign_url(catalogue_a), {
        "person": world.person_a.pk, "started_on": "01/03/2025", "override": "on",
        "override_reason": "vì"})
    assert "ít nhất 10 ký tự" in response.content.decode()
    assert not Holding.objects.exists()


def test_override_with_reason_assigns_and_logs(officer, world, catalogue_a):
    response = officer.post(_assign_url(catalogue_a), {
        "person": world.person_a.pk, "started_on": "01/03/2025", "override": "on",
        "override_reason": "Chờ kết luận, cần người trực ngay"})
    holding = Holding.objects.get()
    assert response.status_code == 302 and holding.override_by == world.officer_a
    assert AuditEvent.objects.get(target_type="positions.holding").reason.startswith("Chờ")


def test_fit_person_is_assigned_without_override(officer, world, catalogue_a):
    decided_conclusion(world.admin, world.person_a, Outcome.DU_TIEU_CHUAN,
                       decided_on=date(2024, 12, 1))
    response = officer.post(_assign_url(catalogue_a), {
        "person": world.person_a.pk, "started_on": "01/03/2025"})
    assert response.status_code == 302 and Holding.objects.get().override_by is None


def test_forged_person_of_other_province_is_refused(officer, world, catalogue_a):
    response = officer.post(_assign_url(catalogue_a), {
        "person": world.person_b.pk, "started_on": "01/03/2025", "override": "on",
        "override_reason": "Lý do đủ dài để qua kiểm tra"})
    assert "Không tìm thấy người có mã này" in response.content.decode()
    assert not Holding.objects.exists()


def test_officer_cannot_open_positions_of_other_province(officer, world):
    other = make_catalogue(world.admin, world.hp)
    position = other.positions.first()
    for url in (reverse("positions:catalogue", kwargs={"catalogue_id": other.pk}),
                reverse("positions:position", kwargs={"position_id": position.pk}),
                reverse("positions:assign", kwargs={"position_id": position.pk})):
        assert officer.get(url).status_code == 404


def test_viewer_cannot_assign(client, world, catalogue_a):
    client.force_login(world.viewer_a)
    assert client.get(_assign_url(catalogue_a)).status_code == 403


def test_second_editor_ending_a_holding_sees_a_conflict(officer, world, catalogue_a):
    holding = do_assign_holder(actor=world.officer_a, position=catalogue_a.positions.first(),
                               person=world.person_a, started_on=date(2025, 3, 1),
                               override=True, override_reason="Lý do đủ dài để bố trí")
    url = reverse("positions:end", kwargs={"holding_id": holding.pk})
    assert officer.post(url, {"ended_on": "01/04/2025", "version": 1}).status_code == 302
    response = officer.post(url, {"ended_on": "05/04/2025", "version": 1})
    assert "vừa được người khác cập nhật" in response.content.decode()
    holding.refresh_from_db()
    assert holding.ended_on == date(2025, 4, 1)


def test_compliance_page_lists_unfit_holders_and_vacant_positions_with_filters(officer, world,
                                                                            catalogue_a):
    do_assign_holder(actor=world.officer_a, position=catalogue_a.positions.get(
        level=Level.TRONG_YEU), person=world.person_a, started_on=date(2025, 3, 1),
        override=True, override_reason="Lý do đủ dài để bố trí")
    url = reverse("positions:compliance")
    text = officer.get(url, {"on": "01/04/2025"}).content.decode()
    assert world.person_a.full_name in text and "Cán bộ văn thư, lưu trữ mật" in text
    text = officer.get(url, {"on": "01/04/2025", "level": "CO_MAT"}).content.decode()
    assert world.person_a.full_name not in text
    response = officer.get(url, {"on": "32/13/2025"})
    assert "Bộ lọc có giá trị không hợp lệ" in response.content.decode()


def test_secret_catalogue_asks_a_reason_before_showing(officer, world):
    secret = make_catalogue(world.officer_a, world.hn, classification=1)
    url = reverse("positions:catalogue", kwargs={"catalogue_id": secret.pk})
    assert "Lý do xem hồ sơ" in officer.get(url).content.decode()


def test_dashboard_flags_unfit_holders(officer, world, catalogue_a):
    do_assign_holder(actor=world.officer_a, position=catalogue_a.positions.first(),
                     person=world.person_a, started_on=date(2025, 3, 1),
                     override=True, override_reason="Lý do đủ dài để bố trí")
    text = officer.get(reverse("core:home")).content.decode()
    assert 'id="home-positions-unfit">1<' in text and "1 vị trí chưa có người" in text
