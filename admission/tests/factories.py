"""Builders for admission dossiers in tests (through admission.services, as the pages do)."""

from datetime import date

from admission.models import AdmissionDocumentKind
from admission.services import do_add_document, do_create_dossier, do_transition_dossier
from admission.workflow import Action
from people.choices import PartyStatus
from people.tests.factories import make_person

# The moves up to each state, with the date of each (the first ones do not depend on papers).
PATH = [
    (Action.SEND_VERIFICATION, date(2025, 10, 1)),
    (Action.RECORD_RESULTS, date(2025, 11, 3)),
    (Action.CELL_RESOLVE, date(2026, 1, 30)),
    (Action.DECIDE, date(2026, 3, 2)),
    (Action.ADMIT, date(2026, 3, 20)),
    (Action.START_PROBATION, date(2026, 3, 20)),
    (Action.CONFIRM, date(2027, 3, 22)),
]


def kind(code: str) -> AdmissionDocumentKind:
    return AdmissionDocumentKind.objects.get(code=code)


def expired_course(actor, dossier, issued_on=date(2020, 12, 1)):
    """The dossier's course certificate replaced by one issued on ``issued_on`` (test set-up)."""
    dossier.documents.filter(kind__code="GIAY_CHUNG_NHAN_LOP_BOI_DUONG").delete()
    return do_add_document(actor=actor, dossier=dossier, data={
        "kind": kind("GIAY_CHUNG_NHAN_LOP_BOI_DUONG"), "issued_on": issued_on})


def make_candidate(actor, unit, full_name="Phạm Thị Lan", **fields):
    return make_person(actor, unit, full_name, party_status=PartyStatus.QUAN_CHUNG, **fields)


def make_dossier(actor, unit, person, *, papers_issued=date(2025, 9, 1), classification=0,
                 moves=0, special_case=False, **fields):
    """A dossier of ``person`` in cell ``unit`` with every paper issued on ``papers_issued``,
    moved along PATH ``moves`` steps."""
    data = {"person": person, "org_unit": unit, "classification": classification,
            "opened_on": date(2025, 9, 15), "special_case": special_case,
            "special_case_reason": "Vùng sâu, vùng xa" if special_case else ""}
    data.update(fields)
    dossier = do_create_dossier(actor=actor, data=data)
    if papers_issued is not None:
        for paper in AdmissionDocumentKind.objects.all():
            do_add_document(actor=actor, dossier=dossier,
                            data={"kind": paper, "issued_on": papers_issued})
    for action, on in PATH[:moves]:
        dossier = do_transition_dossier(actor=actor, dossier=dossier, action=action, on=on)
    dossier.refresh_from_db()
    return dossier


def matrix_dossier(actor, cell, person, classification=0):
    """A dossier at the cell's resolution with a linked letter (access matrix)."""
    return make_dossier(actor, cell, person, classification=classification, moves=3)
