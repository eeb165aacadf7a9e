"""Due dates: the rule in force counted in working days on the holiday calendar (data)."""

from datetime import date

from coordination.choices import Direction, RequestKind
from coordination.deadlines import compute_due, rule_in_force
from coordination.forms import RequestForm
from coordination.models import ResponseRule
from coordination.services import do_update_request
from coordination.tests.factories import agency, make_request


def test_due_date_skips_tet_2026(world):
    # Sent Thu 12/02/2026; Tết 16–20/02 and two weekends: 15 working days end Thu 12/03.
    request = make_request(world.officer_a, world.hn, opened=date(2026, 2, 12))
    assert request.due_on == date(2026, 3, 12)
    assert request.rule.answer_days == 15


def test_swapped_saturday_counts_as_a_working_day(world):
    # Mon 05/01/2026 + 15 working days: Saturday 10/01 is worked (swap for 02/01) → Fri 23/01.
    request = make_request(world.officer_a, world.hn, opened=date(2026, 1, 5))
    assert request.due_on == date(2026, 1, 23)


def test_received_request_counts_from_the_day_it_arrived(world):
    request = make_request(world.officer_a, world.hn, direction=Direction.RECEIVED,
                           sent_on=date(2026, 2, 2), received_on=date(2026, 2, 12),
                           opened=date(2026, 2, 12))
    assert request.opened_on == date(2026, 2, 12)
    assert request.due_on == date(2026, 3, 12)


def test_the_rule_in_force_on_the_start_date_applies(world):
    ResponseRule.objects.create(kind=RequestKind.PHOI_HOP, answer_days=5, valid_from=date(2026, 3, 1))
    before = make_request(world.officer_a, world.hn, opened=date(2026, 2, 27))
    after = make_request(world.officer_a, world.hn, opened=date(2026, 3, 2))
    assert before.rule.answer_days == 15
    assert after.rule.answer_days == 5 and after.due_on == date(2026, 3, 9)


def test_an_agency_rule_wins_over_the_general_rule(world):
    ResponseRule.objects.create(kind=RequestKind.XAC_MINH, agency=agency("QD"), answer_days=30,
                                valid_from=date(2025, 1, 1))
    army = rule_in_force(RequestKind.XAC_MINH, agency("QD"), date(2026, 5, 4))
    police = rule_in_force(RequestKind.XAC_MINH, agency("CA"), date(2026, 5, 4))
    assert (army.answer_days, police.answer_days) == (30, 15)


def test_an_ended_rule_no_longer_applies(world):
    ResponseRule.objects.filter(kind=RequestKind.LAY_Y_KIEN).update(valid_to=date(2025, 12, 31))
    assert compute_due(RequestKind.LAY_Y_KIEN, None, date(2026, 1, 5)) == (None, None)
    assert compute_due(RequestKind.LAY_Y_KIEN, None, date(2025, 12, 1))[0] == date(2025, 12, 10)


def _form_data(world, **extra) -> dict:
    data = {"direction": "SENT", "kind": "PHOI_HOP", "org_unit": world.hn.pk,
            "agency": agency("CA").pk, "subject": "Đề nghị phối hợp", "classification": 0,
            "sent_on": "12/02/2026"}
    data.update(extra)
    return data


def test_a_changed_due_date_needs_a_reason(world):
    form = RequestForm(_form_data(world, due_on="20/03/2026"), user=world.officer_a)
    assert not form.is_valid()
    assert "12/03/2026" in form.errors["due_changed_reason"][0]


def test_a_due_date_changed_with_a_reason_is_kept_and_survives_an_edit(world):
    form = RequestForm(_form_data(world, due_on="20/03/2026",
                                  due_changed_reason="Công an đề nghị gia hạn bằng văn bản"),
                       user=world.officer_a)
    assert form.is_valid(), form.errors
    request = make_request(world.officer_a, world.hn, **{
        k: form.cleaned_data[k] for k in ("sent_on", "due_on", "due_changed_reason")})
    assert request.due_on == date(2026, 3, 20)
    request = do_update_request(actor=world.officer_a, request=request,
                                data={"subject": "Đề nghị phối hợp (bổ sung)"},
                                expected_version=request.version)
    assert request.due_on == date(2026, 3, 20)


def test_a_due_date_typed_equal_to_the_rule_needs_no_reason(world):
    form = RequestForm(_form_data(world, due_on="12/03/2026"), user=world.officer_a)
    assert form.is_valid(), form.errors
    assert form.cleaned_data["due_on"] is None  # computed by the service, not frozen


def test_changing_the_sent_date_moves_a_computed_due_date(world):
    request = make_request(world.officer_a, world.hn, opened=date(2026, 1, 5))
    request = do_update_request(actor=world.officer_a, request=request,
                                data={"sent_on": date(2026, 2, 12)},
                                expected_version=request.version)
    assert request.due_on == date(2026, 3, 12)
