"""Counts of inspection and supervision work: defined once in reports.counts.inspections (the
reports, dashboard and API read them there); these are the same counts for the user's own unit,
in the shapes the inspections API returns. Periods: see reports.counts.inspections."""

from datetime import date

from inspections.choices import DisciplineForm, InspectionType
from reports.counts.base import grouped, user_scope, value


def _by_type(user, date_from, date_to, prefix: str, suffix: str = "") -> dict:
    """{type: {"units": n, "members": n}} for every type, zeros included, plus "total"."""
    scope = user_scope(user, date_from, date_to)
    keys = {name: f"inspections.{prefix}_{name}{suffix}" for name in ("units", "members")}
    split = {name: grouped(key, scope, "type") for name, key in keys.items()}
    result = {t: {name: split[name].get((t,), 0) for name in keys}
              for t in InspectionType.values}
    result["total"] = {name: value(key, scope) for name, key in keys.items()}
    return result


def inspected(user, date_from: date, date_to: date) -> dict:
    """Units and members inspected (kiểm tra), by type: {type: {"units", "members"}, "total"}."""
    return _by_type(user, date_from, date_to, "inspected")


def supervised(user, date_from: date, date_to: date) -> dict:
    """Units and members supervised (giám sát), by type."""
    return _by_type(user, date_from, date_to, "supervised")


def inspected_with_violations(user, date_from: date, date_to: date) -> dict:
    """Units and members an inspection concluded in the period found in violation, by type."""
    return _by_type(user, date_from, date_to, "inspected", "_violating")


def supervised_with_violations(user, date_from: date, date_to: date) -> dict:
    """Units and members a supervision concluded in the period found in violation, by type."""
    return _by_type(user, date_from, date_to, "supervised", "_violating")


def discipline_by_form(user, date_from: date, date_to: date) -> dict:
    """Disciplines applied in the period by form, for units and members apart."""
    scope = user_scope(user, date_from, date_to)
    units = grouped("inspections.discipline_units", scope, "form")
    members = grouped("inspections.discipline_members", scope, "form")
    return {form: {"units": units.get((form,), 0), "members": members.get((form,), 0)}
            for form in DisciplineForm.values}


def remediation(user, date_from: date, date_to: date) -> dict:
    """Remediation items: done in the period, pending and overdue on ``date_to``."""
    scope = user_scope(user, date_from, date_to)
    return {name: value(f"inspections.remediation_{name}", scope)
            for name in ("done", "pending", "overdue")}
