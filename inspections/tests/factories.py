"""Builders for inspections in tests (through inspections.services, as the pages do)."""

from datetime import date

from inspections import services
from inspections.choices import DocType, InspectionType, Kind, Status, TeamRole

STEPS = [Status.DECIDED, Status.ANNOUNCED, Status.SELF_REPORT, Status.VERIFYING,
         Status.DRAFT_REPORT]
DOCS_BEFORE = {Status.DECIDED: [DocType.QD], Status.ANNOUNCED: [DocType.KH, DocType.DC],
               Status.VERIFYING: [DocType.BC], Status.CONCLUDED: [DocType.KL]}


def make_programme(actor, unit, year=2025, classification=0):
    return services.do_create_programme(actor=actor, data={
        "year": year, "org_unit": unit, "title": f"Chương trình kiểm tra, giám sát năm {year}",
        "number": "12-KH/TU", "issued_on": date(year - 1, 12, 29), "place": "Hà Nội",
        "classification": classification})


def make_inspection(actor, unit, *, kind=Kind.KIEM_TRA, type=InspectionType.CHUYEN_DE,
                    classification=0, programme=None, **extra):
    programme = programme or make_programme(actor, unit, classification=classification)
    data = {"kind": kind, "type": type, "title": extra.pop("title", "Kiểm tra công tác BVCTNB"),
            "look_back_from": date(2022, 1, 1), "look_back_to": date(2024, 12, 31),
            "planned_month": 3, "classification": classification, **extra}
    return services.do_create_inspection(actor=actor, programme=programme, data=data)


def add_doc(actor, inspection, doc_type, on):
    return services.do_add_document(actor=actor, inspection=inspection, data={
        "doc_type": doc_type, "number": f"{inspection.pk}-{doc_type}", "issued_on": on,
        "title": f"Văn bản {doc_type}"})


def step(actor, inspection, target, on):
    for doc_type in DOCS_BEFORE.get(target, []):
        add_doc(actor, inspection, doc_type, on)
    inspection.refresh_from_db()
    return services.do_transition_inspection(actor=actor, inspection=inspection, target=target,
                                             on=on, reason="", expected_version=inspection.version)


def run_to_draft(actor, inspection, *, units=(), people=(), start=date(2025, 3, 3), leader=None):
    """Subjects, a team leader, then the steps up to DRAFT_REPORT, a few days apart."""
    for unit in units:
        services.do_add_subject(actor=actor, inspection=inspection, data={"org_unit": unit})
    for person in people:
        services.do_add_subject(actor=actor, inspection=inspection, data={"person": person})
    services.do_add_team_member(actor=actor, inspection=inspection,
                                data={"user": leader or actor, "role": TeamRole.TRUONG_DOAN})
    for offset, target in enumerate(STEPS):
        step(actor, inspection, target, date.fromordinal(start.toordinal() + 2 * offset))
    return inspection


def conclude(actor, inspection, on, verdicts: dict):
    """Record each subject's conclusion (verdicts: subject → data) and conclude."""
    for subject, data in verdicts.items():
        services.do_record_conclusion(actor=actor, subject=subject, data=data)
    return step(actor, inspection, Status.CONCLUDED, on)


def matrix_records(actor, unit, subject_unit, person, classification=0) -> dict:
    """One of each record with a URL (programme, inspection, subject, appeal, remediation item,
    document), built through the services, for the access matrix: URL kwarg → id."""
    inspection = make_inspection(actor, unit, classification=classification,
                                 title="Kiểm tra ma trận quyền")
    run_to_draft(actor, inspection, units=[subject_unit], people=[person])
    unit_subject, person_subject = list(inspection.subjects.order_by("pk"))
    conclude(actor, inspection, date(2025, 3, 20), {
        unit_subject: {"violation": False},
        person_subject: {"violation": True, "findings": ["Kê khai chưa đầy đủ"],
                         "recommended_discipline": "KHIEN_TRACH",
                         "applied_discipline": "KHIEN_TRACH", "discipline_decision": "5-QĐ/UBKT",
                         "discipline_decided_on": date(2025, 3, 25)}})
    appeal = services.do_file_appeal(actor=actor, conclusion=person_subject.conclusion, data={
        "filed_on": date(2025, 4, 10), "content": "Đề nghị xem xét lại"})
    inspection.refresh_from_db()
    item = services.do_add_remediation(actor=actor, inspection=inspection, data={
        "content": "Bổ sung hồ sơ", "owner_text": "Chi bộ", "deadline": date(2025, 6, 30)})
    document = services.do_add_document(actor=actor, inspection=inspection, data={
        "doc_type": "KL", "number": "9-KL/UBKT", "issued_on": date(2025, 3, 20),
        "title": "Kết luận kiểm tra", "subject": None})
    return {"programme_id": inspection.programme_id, "inspection_id": inspection.pk,
            "subject_id": person_subject.pk, "appeal_id": appeal.pk,
            "remediation_item_id": item.pk, "inspection_document_id": document.pk}
