from datetime import date

import pytest

from audit.models import AuditEvent
from core.errors import EditConflict, NotAllowed
from positions import counts
from positions.choices import Fitness, Level
from positions.compliance import unfit_holders, vacant_positions
from positions.fitness import conclusion_fit_for
from positions.models import Catalogue, Holding
from positions.services import (
    OverrideRequired,
    RuleBroken,
    do_assign_holder,
    do_create_catalogue,
    do_end_holding,
)
from positions.tests.factories import decided_conclusion, make_catalogue
from vetting.choices import Outcome, Status

ON = date(2026, 3, 1)


@pytest.fixture
def catalogue_a(world):
    return make_catalogue(world.officer_a, world.hn)


def _position(catalogue, level):
    return catalogue.positions.get(level=level)


# --- catalogue versioning ----------------------------------------------------------------------


def test_new_catalogue_closes_the_old_one_the_day_before_and_keeps_it(world, catalogue_a):
    new = do_create_catalogue(actor=world.officer_a, positions=None, data={
        "org_unit": world.hn, "decision_number": "05-QĐ/TU", "decided_on": date(2026, 5, 20),
        "valid_from": date(2026, 6, 1)})
    catalogue_a.refresh_from_db()
    assert catalogue_a.valid_to == date(2026, 5, 31)
    assert new.supersedes == catalogue_a and new.valid_to is None
    assert catalogue_a.positions.count() == 2 and new.positions.count() == 2
    in_force = Catalogue.objects.visible_to(world.officer_a).in_force
    assert list(in_force(date(2026, 5, 31))) == [catalogue_a]
    assert list(in_force(date(2026, 6, 1))) == [new]
    assert AuditEvent.objects.filter(target_type="positions.catalogue",
                                     target_id=str(catalogue_a.pk), action="UPDATE").exists()


def test_new_catalogue_carries_open_holdings_of_the_same_position(world, catalogue_a):
    decided_conclusion(world.admin, world.person_a, Outcome.DU_TIEU_CHUAN)
    old = _position(catalogue_a, Level.TRONG_YEU)
    do_assign_holder(actor=world.officer_a, position=old, person=world.person_a, started_on=ON)
    new = make_catalogue(world.officer_a, world.hn, number="05-QĐ/TU",
                         valid_from=date(2026, 6, 1))
    first, carried = Holding.objects.filter(person=world.person_a).order_by("id")
    assert first.ended_on == date(2026, 5, 31)
    assert carried.position.catalogue == new and carried.started_on == date(2026, 6, 1)
    assert carried.ended_on is None and carried.carried_from == first


def test_new_catalogue_must_start_after_the_one_in_force(world, catalogue_a):
    with pytest.raises(RuleBroken):
        make_catalogue(world.officer_a, world.hn, number="02", valid_from=date(2025, 12, 1))
    assert Catalogue.objects.count() == 1


def test_officer_cannot_write_catalogue_of_other_province(world):
    with pytest.raises(NotAllowed):
        make_catalogue(world.officer_a, world.hp)


# --- fitness: one function, each case ----------------------------------------------------------


def _fit(world, catalogue, level=Level.TRONG_YEU, person=None):
    return conclusion_fit_for(person or world.person_a, _position(catalogue, level), ON)


def test_no_conclusion_is_not_fit(world, catalogue_a):
    assert _fit(world, catalogue_a)[:2] == (False, Fitness.NONE)


@pytest.mark.parametrize("outcome", [Outcome.KHONG_CO_VAN_DE, Outcome.DU_TIEU_CHUAN])
def test_clear_outcomes_are_fit(world, catalogue_a, outcome):
    decided_conclusion(world.admin, world.person_a, outcome)
    assert _fit(world, catalogue_a, Level.CO_MAT)[:2] == (True, Fitness.FIT)


def test_adverse_outcome_is_not_fit(world, catalogue_a):
    decided_conclusion(world.admin, world.person_a, Outcome.KHONG_DU_TIEU_CHUAN)
    assert _fit(world, catalogue_a)[:2] == (False, Fitness.ADVERSE)


def test_conclusion_past_its_recheck_date_is_expired(world, catalogue_a):
    decided_conclusion(world.admin, world.person_a, Outcome.DU_TIEU_CHUAN,
                       recheck_on=date(2026, 2, 28))
    ok, code, message = _fit(world, catalogue_a)
    assert (ok, code) == (False, Fitness.EXPIRED) and "01/12/2025" in message


def test_case_marked_for_recheck_is_expired(world, catalogue_a):
    decided_conclusion(world.admin, world.person_a, Outcome.DU_TIEU_CHUAN,
                       status=Status.NEEDS_RECHECK)
    assert _fit(world, catalogue_a)[:2] == (False, Fitness.EXPIRED)


def test_limited_conclusion_fits_only_levels_its_ceiling_covers(world, catalogue_a):
    decided_conclusion(world.admin, world.person_a, Outcome.DU_CO_GIOI_HAN,
                       ceiling="Chỉ bố trí đến vị trí trọng yếu")
    assert _fit(world, catalogue_a, Level.TRONG_YEU)[:2] == (True, Fitness.FIT)
    assert _fit(world, catalogue_a, Level.CO_MAT)[:2] == (False, Fitness.CEILING_BELOW)


def test_limited_conclusion_up_to_secret_covers_both_levels(world, catalogue_a):
    decided_conclusion(world.admin, world.person_a, Outcome.DU_CO_GIOI_HAN,
                       ceiling="Đến vị trí cơ mật")
    assert _fit(world, catalogue_a, Level.CO_MAT)[0] and _fit(world, catalogue_a)[0]


def test_latest_conclusion_wins(world, catalogue_a):
    decided_conclusion(world.admin, world.person_a, Outcome.DU_TIEU_CHUAN,
                       decided_on=date(2025, 1, 1))
    decided_conclusion(world.admin, world.person_a, Outcome.KHONG_DU_TIEU_CHUAN,
                       decided_on=date(2026, 1, 1))
    assert _fit(world, catalogue_a)[1] == Fitness.ADVERSE


# --- assigning: override required and logged ---------------------------------------------------


def test_assigning_unfit_holder_without_override_is_refused(world, catalogue_a):
    with pytest.raises(OverrideRequired):
        do_assign_holder(actor=world.officer_a, position=_position(catalogue_a, Level.CO_MAT),
                         person=world.person_a, started_on=ON)
    with pytest.raises(OverrideRequired):
        do_assign_holder(actor=world.officer_a, position=_position(catalogue_a, Level.CO_MAT),
                         person=world.person_a, started_on=ON, override=True,
                         override_reason="   ")
    assert not Holding.objects.exists()


def test_override_is_kept_with_reason_and_name_and_logged(world, catalogue_a):
    holding = do_assign_holder(
        actor=world.officer_a, position=_position(catalogue_a, Level.CO_MAT),
        person=world.person_a, started_on=ON, override=True,
        override_reason="Bố trí tạm thời chờ kết luận thẩm định")
    assert holding.fitness_at_start == Fitness.NONE
    assert holding.override_by == world.officer_a and holding.override_at is not None
    event = AuditEvent.objects.get(target_type="positions.holding", target_id=str(holding.pk))
    assert event.reason == "Bố trí tạm thời chờ kết luận thẩm định"
    assert event.after["override_by_id"] == world.officer_a.pk


def test_fit_holder_needs_no_override(world, catalogue_a):
    decided_conclusion(world.admin, world.person_a, Outcome.KHONG_CO_VAN_DE)
    holding = do_assign_holder(actor=world.officer_a, position=_position(catalogue_a,
                               Level.CO_MAT), person=world.person_a, started_on=ON)
    assert holding.override_by is None and holding.fitness_at_start == Fitness.FIT


def test_holding_must_start_while_the_catalogue_is_in_force(world, catalogue_a):
    with pytest.raises(RuleBroken):
        do_assign_holder(actor=world.officer_a, position=_position(catalogue_a, Level.CO_MAT),
                         person=world.person_a, started_on=date(2025, 6, 1), override=True,
                         override_reason="Lý do đầy đủ")


def test_second_editor_ending_a_holding_gets_a_conflict(world, catalogue_a):
    decided_conclusion(world.admin, world.person_a, Outcome.KHONG_CO_VAN_DE)
    holding = do_assign_holder(actor=world.officer_a, position=_position(catalogue_a,
                               Level.CO_MAT), person=world.person_a, started_on=ON)
    do_end_holding(actor=world.officer_a, holding=holding, ended_on=date(2026, 4, 1),
                   expected_version=1)
    with pytest.raises(EditConflict):
        do_end_holding(actor=world.officer_a, holding=holding, ended_on=date(2026, 4, 5),
                       expected_version=1)
    holding.refresh_from_db()
    assert holding.ended_on == date(2026, 4, 1)


def test_end_before_start_is_refused(world, catalogue_a):
    decided_conclusion(world.admin, world.person_a, Outcome.KHONG_CO_VAN_DE)
    holding = do_assign_holder(actor=world.officer_a, position=_position(catalogue_a,
                               Level.CO_MAT), person=world.person_a, started_on=ON)
    with pytest.raises(RuleBroken):
        do_end_holding(actor=world.officer_a, holding=holding, ended_on=date(2026, 2, 1),
                       expected_version=holding.version)


# --- compliance list and counts ----------------------------------------------------------------


def test_compliance_flags_unfit_holders_and_vacant_positions_and_counts_agree(world,
                                                                             catalogue_a):
    decided_conclusion(world.admin, world.person_a, Outcome.KHONG_CO_VAN_DE)
    fit = do_assign_holder(actor=world.officer_a, position=_position(catalogue_a,
                           Level.TRONG_YEU), person=world.person_a, started_on=ON)
    unfit = do_assign_holder(actor=world.officer_a, position=_position(catalogue_a,
                             Level.TRONG_YEU), person=world.person_a_secret, started_on=ON,
                             override=True, override_reason="Cần người ngay, chờ kết luận")
    flags = unfit_holders(world.officer_a, ON)
    assert [f.holding for f in flags] == [unfit] and fit not in [f.holding for f in flags]
    assert list(vacant_positions(world.officer_a, ON)) == [_position(catalogue_a, Level.CO_MAT)]
    assert counts.positions_by_level(world.officer_a, ON) == {"TRONG_YEU": 1, "CO_MAT": 1}
    assert counts.holders(world.officer_a, ON) == 2
    assert counts.holders_without_valid_conclusion(world.officer_a, ON) == 1
    assert counts.positions_without_holder(world.officer_a, ON) == 1
    # Scoped: the other province sees none of it; viewer_a does not see the Mật holder.
    assert counts.holders(world.officer_b, ON) == 0
    assert counts.positions_by_level(world.officer_b, ON) == {}
    assert counts.holders_without_valid_conclusion(world.viewer_a, ON) == 0


def test_superseded_catalogue_takes_no_new_position(world, catalogue_a):
    from positions.services import do_add_position

    make_catalogue(world.officer_a, world.hn, number="05", valid_from=date(2026, 6, 1))
    catalogue_a.refresh_from_db()
    with pytest.raises(RuleBroken):
        do_add_position(actor=world.officer_a, catalogue=catalogue_a,
                        data={"department": "Văn phòng", "title": "Lái xe", "level": "TRONG_YEU"})
    assert catalogue_a.positions.count() == 2
