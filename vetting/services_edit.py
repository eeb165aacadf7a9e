"""Corrections of a case's lines: relatives, findings, explanations, complaints. The same
rules as adding them (vetting.services: role, scope, clearance, conflict of interest, the case
still open where that matters); each is compare-and-set on the line's version and audited on the
case (before/after, so the case timeline shows it)."""

from django.db import transaction
from django.db.models import F

from core.cccd import blind_index, encrypt_value
from core.errors import EditConflict, NotAllowed
from vetting.models import Complaint, Explanation, Finding, Relative, VettingCase
from vetting.services import _check_editable, _event, _locked, check_can_act

RELATIVE_FIELDS = ["relation", "full_name", "birth_year", "residence", "occupation"]
FINDING_FIELDS = ["category", "relative", "summary", "source", "recorded_on"]


def _line_snapshot(row, names: list[str]) -> dict:
    """A relative's or a finding's audited values (ids for foreign keys)."""
    values = {}
    for name in names:
        value = getattr(row, name)
        values[name] = value.pk if hasattr(value, "pk") else value
    return values


def _locked_line(model, row, case_pk: int):
    """The row re-read under a lock, and still a line of ``case_pk`` (else NotAllowed)."""
    current = model.objects.select_for_update(of=("self",)).get(pk=row.pk)
    if current.case_id != case_pk:
        raise NotAllowed("row of another case")
    return current


@transaction.atomic
def do_update_relative(*, actor, relative: Relative, data: dict, expected_version: int,
                       reason: str = "") -> Relative:
    """Correct a line of the declaration while the case is open (EditConflict when stale).

    ``data`` is vetting.forms.RelativeForm.cleaned_data; an empty CCCD keeps the one on file.
    """
    case = relative.case
    check_can_act(actor, case)
    current_case = _locked(case)
    _check_editable(current_case)
    current = _locked_line(Relative, relative, current_case.pk)
    if current.version != expected_version:
        raise EditConflict()
    names = list(RELATIVE_FIELDS) + ["cccd_index"]
    before = {"relative_id": current.pk, **_line_snapshot(current, names)}
    for name in RELATIVE_FIELDS:
        if name in data:
            setattr(current, name, data[name])
    cccd = data.get("cccd", "")
    if cccd:
        current.cccd_encrypted, current.cccd_index = encrypt_value(cccd), blind_index(cccd)
    current.version = F("version") + 1
    current.save()
    current.refresh_from_db()
    VettingCase.objects.filter(pk=current_case.pk).update(version=F("version") + 1)
    _event(actor, current_case, reason, before,
           {"relative_id": current.pk, **_line_snapshot(current, names)})
    return current


@transaction.atomic
def do_update_finding(*, actor, finding: Finding, data: dict, expected_version: int,
                      reason: str = "") -> Finding:
    """Correct a finding (category, about whom, summary, source, date) while the case is open.

    Evidence documents stay linked as they are (documents are linked, not edited here).
    """
    case = finding.case
    check_can_act(actor, case)
    current_case = _locked(case)
    _check_editable(current_case)
    current = _locked_line(Finding, finding, current_case.pk)
    if current.version != expected_version:
        raise EditConflict()
    relative = data.get("relative", current.relative)
    if relative is not None and relative.case_id != current_case.pk:
        raise NotAllowed("relative of another case")
    before = {"finding_id": current.pk, **_line_snapshot(current, FINDING_FIELDS)}
    for name in FINDING_FIELDS:
        if name in data:
            setattr(current, name, data[name])
    current.version = F("version") + 1
    current.save()
    current.refresh_from_db()
    VettingCase.objects.filter(pk=current_case.pk).update(version=F("version") + 1)
    _event(actor, current_case, reason, before,
           {"finding_id": current.pk, **_line_snapshot(current, FINDING_FIELDS)})
    return current


@transaction.atomic
def do_update_explanation(*, actor, explanation: Explanation, data: dict,
                          expected_version: int, reason: str = "") -> Explanation:
    """Correct what the subject was asked (``points``) and, once it arrived, the summary of the
    explanation, while the case is open. Its dates stay: they set the deadline and what an
    adverse proposal relies on."""
    case = explanation.case
    check_can_act(actor, case)
    current_case = _locked(case)
    _check_editable(current_case)
    current = _locked_line(Explanation, explanation, current_case.pk)
    if current.version != expected_version:
        raise EditConflict()
    names = ["points"] + (["summary"] if current.received_on is not None else [])
    before = {"explanation_id": current.pk, **_line_snapshot(current, names)}
    for name in names:
        if name in data:
            setattr(current, name, data[name])
    current.version = F("version") + 1
    current.save(update_fields=[*names, "version"])
    current.refresh_from_db()
    _event(actor, current_case, reason, before,
           {"explanation_id": current.pk, **_line_snapshot(current, names)})
    return current


@transaction.atomic
def do_update_complaint(*, actor, complaint: Complaint, data: dict, expected_version: int,
                        reason: str = "") -> Complaint:
    """Correct a complaint's content and, once settled, the summary of its settlement. Its
    dates and result stay (the deadline follows the filing date; the result is a decision)."""
    case = complaint.case
    check_can_act(actor, case)
    current_case = _locked(case)
    current = _locked_line(Complaint, complaint, current_case.pk)
    if current.version != expected_version:
        raise EditConflict()
    names = ["summary"] + (["result_summary"] if current.result else [])
    before = {"complaint_id": current.pk, **_line_snapshot(current, names)}
    for name in names:
        if name in data:
            setattr(current, name, data[name])
    current.version = F("version") + 1
    current.save(update_fields=[*names, "version"])
    current.refresh_from_db()
    _event(actor, current_case, reason, before,
           {"complaint_id": current.pk, **_line_snapshot(current, names)})
    return current
