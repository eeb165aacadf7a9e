"""Builders for catalogues, holdings and (decided) conclusions in tests."""

from datetime import date

from positions.choices import Level
from positions.services import do_create_catalogue
from vetting.choices import Status
from vetting.models import Conclusion, VettingCase
from vetting.tests.factories import make_case

POSITIONS = [("Văn phòng", "Chánh Văn phòng", Level.TRONG_YEU),
             ("Văn phòng", "Cán bộ văn thư, lưu trữ mật", Level.CO_MAT)]


def make_catalogue(actor, unit, *, number="01-QĐ/TU", valid_from=date(2026, 1, 1),
                   positions=POSITIONS, classification=0):
    return do_create_catalogue(actor=actor, positions=positions, data={
        "org_unit": unit, "decision_number": number, "decided_on": valid_from,
        "valid_from": valid_from, "classification": classification})


def decided_conclusion(actor, person, outcome, *, ceiling="", decided_on=date(2025, 12, 1),
                       recheck_on=None, status=Status.CONCLUDED):
    """A decided conclusion about ``person`` (the vetting workflow is tested in vetting/)."""
    case = make_case(actor, person.org_unit, person)
    VettingCase.objects.filter(pk=case.pk).update(status=status, concluded_on=decided_on)
    return Conclusion.objects.create(case=case, outcome=outcome, ceiling=ceiling,
                                     reasons="Theo hồ sơ.", proposed_on=decided_on,
                                     decided_on=decided_on, recheck_on=recheck_on)


def matrix_records(actor, unit, person, classification=0) -> dict:
    """A catalogue, a position and a holding of ``unit`` (access matrix): URL kwargs → ids."""
    from positions.services import do_assign_holder

    catalogue = make_catalogue(actor, unit, classification=classification)
    position = catalogue.positions.first()
    holding = do_assign_holder(actor=actor, position=position, person=person,
                               started_on=date(2026, 1, 2), override=True,
                               override_reason="Bố trí tạm thời (kiểm thử phạm vi)")
    return {"catalogue_id": catalogue.pk, "position_id": position.pk, "holding_id": holding.pk}
