"""Builders for vetting cases in tests (through vetting.services, as the pages do)."""

from datetime import date

from vetting import workflow
from vetting.choices import Outcome, Relation
from vetting.models import FindingCategory, Purpose
from vetting.services import (
    do_add_finding,
    do_add_relative,
    do_assign_case,
    do_create_case,
    do_decide_conclusion,
    do_file_complaint,
    do_propose_conclusion,
    do_request_explanation,
    do_transition_case,
)


def purpose(code: str) -> Purpose:
    return Purpose.objects.filter(code=code).order_by("-valid_from").first()


def make_case(actor, unit, subject, *, purpose_code="BO_NHIEM", competent_body=None,
              classification=0, submit_on: date | None = None, **fields):
    """A case of ``unit`` about ``subject``; with ``submit_on`` it is submitted that day."""
    data = {"org_unit": unit, "subject": subject, "purpose": purpose(purpose_code),
            "requesting_unit": unit, "competent_body": competent_body or unit,
            "classification": max(classification, subject.classification),
            "position": fields.pop("position", "Phó Trưởng ban")}
    data.update(fields)
    case = do_create_case(actor=actor, data=data)
    if submit_on is not None:
        case = do_transition_case(actor=actor, case=case, action=workflow.Action.SUBMIT,
                                  on=submit_on)
    return case


def to_appraising(case, leader, officer, on=date(2026, 1, 5)):
    """Submit, assign, verify, appraise: a case ready for its proposal."""
    act = workflow.Action
    case = do_transition_case(actor=officer, case=case, action=act.SUBMIT, on=on)
    case = do_assign_case(actor=leader, case=case, officer=officer, team=[officer],
                          expected_version=case.version)
    case = do_transition_case(actor=officer, case=case, action=act.START)
    return do_transition_case(actor=officer, case=case, action=act.APPRAISE)


def add_relative(actor, case, cccd="", relation=Relation.CHA, name="Nguyễn Văn Cha"):
    return do_add_relative(actor=actor, case=case, data={
        "relation": relation, "full_name": name, "birth_year": 1950, "residence": "Hà Nội",
        "occupation": "Hưu trí", "cccd": cccd})


def add_finding(actor, case, code="LICH_SU_CHINH_TRI", relative=None):
    return do_add_finding(actor=actor, case=case, data={
        "category": FindingCategory.objects.get(code=code), "relative": relative,
        "summary": "Lý lịch rõ ràng, khai đúng.", "recorded_on": date(2026, 1, 20)})


def conclude(case, officer, leader, outcome=Outcome.DU_TIEU_CHUAN):
    """Propose and decide a non-adverse outcome."""
    do_propose_conclusion(actor=officer, case=case,
                          data={"outcome": outcome, "reasons": "Đủ tiêu chuẩn theo quy định."})
    return do_decide_conclusion(actor=leader, case=case, data={"decided_on": date(2026, 2, 2)})


def ask_explanation(actor, case, on=date(2026, 1, 26)):
    return do_request_explanation(actor=actor, case=case, data={
        "points": "Giải trình việc khai thiếu quá trình công tác.", "requested_on": on})


def file_complaint(actor, case, on=date(2026, 2, 10)):
    return do_file_complaint(actor=actor, case=case, data={
        "filed_on": on, "summary": "Không đồng ý với kết luận."})


def matrix_records(actor, unit, subject, classification=0) -> dict:
    """A case with a relative, a finding and an explanation asked, and a concluded case (the
    actor's own unit as competent body) with a complaint (access matrix): URL kwargs → ids."""
    case = make_case(actor, unit, subject, classification=classification)
    relative = add_relative(actor, case)
    finding = add_finding(actor, case, relative=relative)
    explanation = ask_explanation(actor, case)
    concluded = make_case(actor, unit, subject, classification=classification,
                          competent_body=actor.org_unit)
    conclude(to_appraising(concluded, actor, actor), actor, actor)
    complaint = file_complaint(actor, concluded)
    return {"vetting_case_id": case.pk, "relative_id": relative.pk, "finding_id": finding.pk,
            "explanation_id": explanation.pk, "complaint_id": complaint.pk}
