"""The transition table (pure Python) and its enforcement by the service."""

from datetime import date

import pytest

from accounts.choices import Role
from core.errors import EditConflict, NotAllowed
from inspections import workflow
from inspections.choices import DocType, Status, TeamRole
from inspections.services import WorkflowError, do_add_team_member, do_transition_inspection
from inspections.tests.factories import add_doc, make_inspection, run_to_draft, step


def test_the_table_is_the_linear_chain_plus_closing_without_remediation():
    pairs = {(t.source, t.target) for t in workflow.TRANSITIONS}
    chain = list(Status.values)
    assert {(a, b) for a, b in zip(chain, chain[1:], strict=False)} <= pairs
    assert pairs - {(a, b) for a, b in zip(chain, chain[1:], strict=False)} == {
        (Status.CONCLUDED, Status.CLOSED)}


def test_only_leaders_record_decision_and_conclusion():
    assert not workflow.is_allowed(Status.PLANNED, Status.DECIDED, Role.OFFICER)
    assert workflow.is_allowed(Status.PLANNED, Status.DECIDED, Role.LEADER)
    assert not workflow.is_allowed(Status.DRAFT_REPORT, Status.CONCLUDED, Role.OFFICER)
    assert workflow.is_allowed(Status.VERIFYING, Status.DRAFT_REPORT, Role.OFFICER)
    assert not workflow.is_allowed(Status.PLANNED, Status.DECIDED, Role.VIEWER)


def test_steps_cannot_be_skipped():
    assert workflow.find(Status.PLANNED, Status.ANNOUNCED) is None
    assert workflow.find(Status.CLOSED, Status.PLANNED) is None


def _ready_to_decide(actor, world):
    inspection = make_inspection(actor, world.hn)
    from inspections.services import do_add_subject

    do_add_subject(actor=actor, inspection=inspection, data={"org_unit": world.hn_ward})
    do_add_team_member(actor=actor, inspection=inspection,
                       data={"user": actor, "role": TeamRole.TRUONG_DOAN})
    inspection.refresh_from_db()
    return inspection


def test_service_refuses_a_skipped_step(world, leader_a):
    inspection = _ready_to_decide(leader_a, world)
    with pytest.raises(WorkflowError):
        do_transition_inspection(actor=leader_a, inspection=inspection, target=Status.ANNOUNCED,
                                 on=date(2025, 3, 1), expected_version=inspection.version)


def test_officer_cannot_record_the_decision(world):
    inspection = _ready_to_decide(world.officer_a, world)
    add_doc(world.officer_a, inspection, DocType.QD, date(2025, 3, 1))
    inspection.refresh_from_db()
    with pytest.raises(NotAllowed):
        do_transition_inspection(actor=world.officer_a, inspection=inspection,
                                 target=Status.DECIDED, on=date(2025, 3, 1),
                                 expected_version=inspection.version)


def test_decision_needs_the_decision_document(world, leader_a):
    inspection = _ready_to_decide(leader_a, world)
    with pytest.raises(WorkflowError, match="Quyết định"):
        do_transition_inspection(actor=leader_a, inspection=inspection, target=Status.DECIDED,
                                 on=date(2025, 3, 1), expected_version=inspection.version)
    assert inspection.status == Status.PLANNED


def test_decision_needs_subjects_and_a_team_leader(world, leader_a):
    inspection = make_inspection(leader_a, world.hn)
    add_doc(leader_a, inspection, DocType.QD, date(2025, 3, 1))
    inspection.refresh_from_db()
    with pytest.raises(WorkflowError, match="đối tượng"):
        do_transition_inspection(actor=leader_a, inspection=inspection, target=Status.DECIDED,
                                 on=date(2025, 3, 1), expected_version=inspection.version)


def test_conclusion_needs_every_subject_concluded(world, leader_a):
    inspection = run_to_draft(leader_a, make_inspection(leader_a, world.hn),
                              units=[world.hn_ward], people=[world.person_a])
    with pytest.raises(WorkflowError, match="từng đối tượng"):
        step(leader_a, inspection, Status.CONCLUDED, date(2025, 4, 1))


def test_a_step_dated_before_the_previous_one_is_refused(world, leader_a):
    inspection = _ready_to_decide(leader_a, world)
    step(leader_a, inspection, Status.DECIDED, date(2025, 3, 10))
    with pytest.raises(WorkflowError, match="trước ngày"):
        step(leader_a, inspection, Status.ANNOUNCED, date(2025, 3, 9))


def test_second_editor_with_a_stale_version_gets_a_conflict(world, leader_a):
    inspection = _ready_to_decide(leader_a, world)
    add_doc(leader_a, inspection, DocType.QD, date(2025, 3, 1))
    inspection.refresh_from_db()
    stale = inspection.version
    do_transition_inspection(actor=leader_a, inspection=inspection, target=Status.DECIDED,
                             on=date(2025, 3, 1), expected_version=stale)
    with pytest.raises(EditConflict):
        do_transition_inspection(actor=leader_a, inspection=inspection, target=Status.ANNOUNCED,
                                 on=date(2025, 3, 2), expected_version=stale)
    inspection.refresh_from_db()
    assert inspection.status == Status.DECIDED


def test_every_transition_is_audited_with_who_and_why(world, leader_a):
    from audit.models import AuditEvent

    inspection = _ready_to_decide(leader_a, world)
    add_doc(leader_a, inspection, DocType.QD, date(2025, 3, 1))
    inspection.refresh_from_db()
    do_transition_inspection(actor=leader_a, inspection=inspection, target=Status.DECIDED,
                             on=date(2025, 3, 1), reason="Theo chương trình năm",
                             expected_version=inspection.version)
    event = AuditEvent.objects.filter(action="TRANSITION", target_id=str(inspection.pk)).get()
    assert event.actor_name == "leader_a"
    assert event.reason == "Theo chương trình năm"
    assert event.before == {"status": "PLANNED"} and event.after["status"] == "DECIDED"
    assert event.org_path == world.hn.path


def test_officer_of_other_province_cannot_move_it(world, leader_a):
    inspection = _ready_to_decide(leader_a, world)
    with pytest.raises(NotAllowed):
        do_transition_inspection(actor=world.officer_b, inspection=inspection,
                                 target=Status.DECIDED, on=date(2025, 3, 1),
                                 expected_version=inspection.version)
