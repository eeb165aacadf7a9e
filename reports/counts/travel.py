"""Trips abroad counts (đi nước ngoài). Periods:

- trips (đoàn) and person-trips (lượt người): trips whose planned departure falls in the period,
  cancelled ones aside, by purpose, funding, country (a trip to two countries counts in both),
  month and unit; a person-trip is one traveller of such a trip (travellers above the reader's
  clearance are left out);
- approved / refused: those trips by their decision, unless a decision came after the period's end;
- post-trip reports: trips whose actual return falls in the period: filed on time, filed late,
  missing (due and not filed by the period's end), pending (not yet due);
- incoming visits and contact reports dated in the period, by country.
The "as of" rule is in reports.counts.base.
"""

from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _

from reports.counts.base import Breakdown, CountDef, choice_labels, month_labels

PATH = "org_unit__path"


def country_labels(scope, seen):
    from travel.models import COUNTRY_CHOICES

    names = dict(COUNTRY_CHOICES)
    return sorted(((code, str(names.get(code, code))) for code in seen), key=lambda x: x[1])


def _trip_filter(scope, prefix=""):
    """The trips of the period (cancelled ones aside), on the trip or, with ``prefix``
    ("trip__"), on a record of the trip: the members are filtered on their own join to the trip
    rather than through ``trip IN (the trips)``, which PostgreSQL ran as one more look-up of the
    trip and its unit per member (seconds at national scale)."""
    from travel.choices import Status

    return (scope.created_by(f"{prefix}created_at")
            & scope.in_period(f"{prefix}planned_departure_on")
            & ~Q(**{f"{prefix}status": Status.CANCELLED}))


def _trips(scope):
    from travel.models import Trip

    return Trip.objects.visible_to(scope.user).filter(_trip_filter(scope))


def _members(scope):
    """Travellers of the period's trips, those above the reader's clearance left out.
    TripMember.visible_to is the trip's own visible_to (its unit's path and classification); the
    travellers above the clearance are a NOT IN the (few) such people rather than a join to
    every traveller's person (a second of index look-ups at national scale)."""
    from people.models import Person
    from travel.models import TripMember

    hidden = Person.objects.filter(classification__gt=scope.user.clearance).values("pk")
    return TripMember.objects.visible_to(scope.user).filter(
        _trip_filter(scope, "trip__"), ~Q(person_id__in=hidden))


def _late_decisions(scope, prefix=""):
    """Not trips with a decision after the period's end."""
    from travel.models import Approval

    late = Approval.objects.filter(decided_on__gt=scope.end).values("trip_id")
    return ~Q(**{f"{prefix}id__in": late})


def _approved_filter(scope, prefix=""):
    from travel.choices import Status

    path = (Status.APPROVED, Status.DEPARTED, Status.RETURNED, Status.REPORT_DUE,
            Status.REPORTED, Status.REVIEWED, Status.CLOSED)
    return Q(**{f"{prefix}status__in": path}) & _late_decisions(scope, prefix)


def _refused_filter(scope, prefix=""):
    from travel.choices import Status

    return Q(**{f"{prefix}status": Status.REFUSED}) & _late_decisions(scope, prefix)


def _approved(scope):
    return _trips(scope).filter(_approved_filter(scope))


def _refused(scope):
    return _trips(scope).filter(_refused_filter(scope))


def _members_of(trip_filter):
    def rows(scope):
        return _members(scope).filter(trip_filter(scope, "trip__"))

    return rows


def _returned(scope):
    from travel.models import Trip

    return Trip.objects.visible_to(scope.user).filter(
        scope.created_by(), scope.in_period("actual_return_on"), report_due_on__isnull=False)


def _reports_on_time(scope):
    return _returned(scope).filter(scope.done_by("reported_on"),
                                   reported_on__lte=F("report_due_on"))


def _reports_late(scope):
    return _returned(scope).filter(scope.done_by("reported_on"),
                                   reported_on__gt=F("report_due_on"))


def _reports_missing(scope):
    return _returned(scope).filter(scope.not_done_by("reported_on"),
                                   report_due_on__lt=scope.end)


def _reports_pending(scope):
    return _returned(scope).filter(scope.not_done_by("reported_on"),
                                   report_due_on__gte=scope.end)


def _visits(scope):
    from travel.models import IncomingVisit

    return IncomingVisit.objects.visible_to(scope.user).filter(
        scope.created_by(), scope.in_period("arrived_on"))


def _contacts(scope):
    from travel.models import ContactReport

    return ContactReport.objects.visible_to(scope.user).filter(
        scope.created_by(), scope.in_period("contacted_on"))


def counts() -> list[CountDef]:
    from travel.choices import Funding, Purpose

    def trip_breakdowns(prefix=""):
        return (
            Breakdown("purpose", f"{prefix}purpose", labels=choice_labels(Purpose)),
            Breakdown("funding", f"{prefix}funding", labels=choice_labels(Funding)),
            Breakdown("country", f"{prefix}trip_countries__country", labels=country_labels,
                      join=Q(**{f"{prefix}trip_countries__planned": True})),
            Breakdown("month", f"{prefix}planned_departure_on", kind="month",
                      labels=month_labels),
            Breakdown("unit", kind="unit"),
        )

    country = (Breakdown("country", "country", labels=country_labels),)
    trip = "travel.trip"
    return [
        CountDef("travel.trips", _("Đoàn đi nước ngoài"), _trips, PATH,
                 breakdowns=trip_breakdowns(), detail=trip),
        CountDef("travel.person_trips", _("Lượt cán bộ, đảng viên đi nước ngoài"), _members,
                 "trip__org_unit__path", breakdowns=trip_breakdowns("trip__"),
                 detail="travel.member"),
        CountDef("travel.approved", _("Đoàn được đồng ý"), _approved, PATH, detail=trip),
        CountDef("travel.refused", _("Đoàn không được đồng ý"), _refused, PATH, detail=trip),
        CountDef("travel.approved_person_trips", _("Lượt người được đồng ý"),
                 _members_of(_approved_filter), "trip__org_unit__path", detail="travel.member"),
        CountDef("travel.refused_person_trips", _("Lượt người không được đồng ý"),
                 _members_of(_refused_filter), "trip__org_unit__path", detail="travel.member"),
        CountDef("travel.reports_on_time", _("Báo cáo sau chuyến đi đúng hạn"), _reports_on_time,
                 PATH, detail=trip),
        CountDef("travel.reports_late", _("Báo cáo sau chuyến đi muộn"), _reports_late, PATH,
                 detail=trip),
        CountDef("travel.reports_missing", _("Chưa nộp báo cáo sau chuyến đi (quá hạn)"),
                 _reports_missing, PATH, detail=trip),
        CountDef("travel.reports_pending", _("Báo cáo sau chuyến đi chưa đến hạn"),
                 _reports_pending, PATH, detail=trip),
        CountDef("travel.incoming_visits", _("Đoàn nước ngoài vào làm việc"), _visits, PATH,
                 breakdowns=country, detail="travel.visit"),
        CountDef("travel.contact_reports", _("Báo cáo làm việc với nước ngoài"), _contacts, PATH,
                 breakdowns=country, detail="travel.contact"),
    ]
