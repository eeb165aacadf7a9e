"""Counts the reports quote, each ONE function (user, date_from, date_to) reading through
visible_to(user). Periods: documents by their issue date; register lines by their date;
downloads by the audit event's time (the audit log is the record of each download)."""

from datetime import date, datetime, time

from django.db.models import Count, Sum
from django.utils import timezone

from audit.choices import AuditAction
from audit.models import AuditEvent
from documents.choices import Direction, RegisterKind
from documents.models import Document, SecretRegisterEntry


def _documents(user, date_from: date, date_to: date):
    return Document.objects.visible_to(user).filter(issued_on__range=(date_from, date_to))


def documents_by_direction(user, date_from: date, date_to: date) -> dict:
    """{direction: n} (received, sent, internal), zeros included, plus "total"."""
    result = dict.fromkeys(Direction.values, 0)
    for row in _documents(user, date_from, date_to).values("direction").annotate(n=Count("pk")):
        result[row["direction"]] = row["n"]
    result["total"] = sum(result.values())
    return result


def documents_by_type(user, date_from: date, date_to: date) -> dict:
    """{type code: n} of the documents issued in the period (types with none left out)."""
    rows = (_documents(user, date_from, date_to).values("doc_type__code")
            .annotate(n=Count("pk")).order_by("doc_type__code"))
    return {row["doc_type__code"]: row["n"] for row in rows}


def classified_documents(user, date_from: date, date_to: date) -> dict:
    """{classification level: n} of the documents issued in the period, classified ones only."""
    rows = (_documents(user, date_from, date_to).filter(classification__gt=0)
            .values("classification").annotate(n=Count("pk")))
    return {row["classification"]: row["n"] for row in rows}


def register_copies(user, date_from: date, date_to: date) -> dict:
    """{register kind: {"entries": n, "copies": n}} (in, out, copy, destroy), zeros included."""
    result = {kind: {"entries": 0, "copies": 0} for kind in RegisterKind.values}
    rows = (SecretRegisterEntry.objects.visible_to(user).filter(on__range=(date_from, date_to))
            .values("kind").annotate(entries=Count("pk"), copies=Sum("count")))
    for row in rows:
        result[row["kind"]] = {"entries": row["entries"], "copies": row["copies"] or 0}
    return result


def downloads(user, date_from: date, date_to: date) -> int:
    """Attachment downloads logged in the period, in the user's scope and clearance."""
    start = timezone.make_aware(datetime.combine(date_from, time.min))
    end = timezone.make_aware(datetime.combine(date_to, time.max))
    return (AuditEvent.objects.visible_to(user)
            .filter(action=AuditAction.EXPORT, target_type="documents.attachment",
                    at__range=(start, end), classification__lte=user.clearance).count())
