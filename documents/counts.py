"""Counts of documents and secret registers: defined once in reports.counts.documents (the
reports and API read them there); these are the same counts for the user's own unit, in the
shapes the documents pages use. Periods: see reports.counts.documents."""

from datetime import date

from django.db.models import Count, Sum

from documents.choices import Direction, RegisterKind
from reports.counts import get
from reports.counts.base import grouped, user_scope, value


def documents_by_direction(user, date_from: date, date_to: date) -> dict:
    """{direction: n} (received, sent, internal), zeros included, plus "total"."""
    rows = grouped("documents.issued", user_scope(user, date_from, date_to), "direction")
    result = {d: rows.get((d,), 0) for d in Direction.values}
    result["total"] = sum(result.values())
    return result


def documents_by_type(user, date_from: date, date_to: date) -> dict:
    """{type code: n} of the documents issued in the period (types with none left out)."""
    rows = grouped("documents.issued", user_scope(user, date_from, date_to), "type")
    return {key[0]: n for key, n in sorted(rows.items())}


def classified_documents(user, date_from: date, date_to: date) -> dict:
    """{classification level: n} of the documents issued in the period, classified ones only."""
    rows = grouped("documents.classified", user_scope(user, date_from, date_to), "level")
    return {int(key[0]): n for key, n in rows.items()}


def register_copies(user, date_from: date, date_to: date) -> dict:
    """{register kind: {"entries": n, "copies": n}} (in, out, copy, destroy), zeros included."""
    result = {kind: {"entries": 0, "copies": 0} for kind in RegisterKind.values}
    scope = user_scope(user, date_from, date_to)
    if scope is None:
        return result
    rows = (get("documents.register_entries").records(scope).order_by().values("kind")
            .annotate(entries=Count("pk"), copies=Sum("count")))
    for row in rows:
        result[row["kind"]] = {"entries": row["entries"], "copies": row["copies"] or 0}
    return result


def downloads(user, date_from: date, date_to: date) -> int:
    """Attachment downloads logged in the period, in the user's scope and clearance."""
    return value("documents.downloads", user_scope(user, date_from, date_to))
