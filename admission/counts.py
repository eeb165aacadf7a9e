"""Counts of party admission the reports quote: one function per figure, each reading through
visible_to(user), over [date_from, date_to]. Letter timeliness is the coordination ledger's own
count (coordination.counts) narrowed to the admission dossiers' verification letters."""

from datetime import date

from django.db.models import Q

from admission.models import AdmissionDossier
from coordination.counts import Tally, timeliness_by_agency, timeliness_total


def admission_verifications(user, date_from: date, date_to: date) -> int:
    """Dossiers whose verification (thẩm tra lý lịch) was sent in the period."""
    return (AdmissionDossier.objects.visible_to(user)
            .filter(verification_sent_on__gte=date_from, verification_sent_on__lte=date_to)
            .count())


def admission_letters(user, date_from: date, date_to: date, *,
                      today: date | None = None) -> Tally:
    """Verification letters of admission dossiers sent in the period: total, answered on time,
    answered late, still waiting, waiting past the due date (``late`` = answered late + overdue)."""
    rows = timeliness_by_agency(user, date_from, date_to, today=today,
                                only=Q(admission_dossier__isnull=False))
    return timeliness_total(rows).sent


def admissions_decided(user, date_from: date, date_to: date) -> int:
    """Admission decisions dated in the period."""
    return (AdmissionDossier.objects.visible_to(user)
            .filter(decided_on__gte=date_from, decided_on__lte=date_to).count())


def full_members_recognised(user, date_from: date, date_to: date) -> int:
    """Probationary members recognised as full members in the period."""
    return (AdmissionDossier.objects.visible_to(user)
            .filter(full_member_on__gte=date_from, full_member_on__lte=date_to).count())
