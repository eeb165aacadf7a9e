"""Counts of trips abroad and foreign contacts the reports quote: one function per figure, each
reading through visible_to(user), over [date_from, date_to].

A trip belongs to the period of its planned departure; person-trips (lượt người) count each
traveller of it. Reports belong to the period of the actual return.
"""

from collections import Counter
from datetime import date

from django.db.models import Count, F, Q
from django.db.models.functions import ExtractYear
from django.utils import timezone

from travel.choices import Status
from travel.models import ContactReport, IncomingVisit, Trip, TripCountry, TripMember

APPROVED_PATH = (Status.APPROVED, Status.DEPARTED, Status.RETURNED, Status.REPORT_DUE,
                 Status.REPORTED, Status.REVIEWED, Status.CLOSED)


def _trips(user, date_from: date, date_to: date):
    return Trip.objects.visible_to(user).filter(planned_departure_on__gte=date_from,
                                                planned_departure_on__lte=date_to)


def _by(user, date_from, date_to, field: str) -> list[dict]:
    trips = _trips(user, date_from, date_to).exclude(status=Status.CANCELLED)
    people = Counter(dict(TripMember.objects.filter(trip__in=trips)
                          .values_list(f"trip__{field}").annotate(n=Count("id"))))
    rows = trips.values(field).annotate(trips=Count("id")).order_by(field)
    return [{field: row[field], "trips": row["trips"], "person_trips": people[row[field]]}
            for row in rows]


def trips_by_purpose(user, date_from: date, date_to: date) -> list[dict]:
    """Trips and person-trips by purpose (cancelled trips left out)."""
    return _by(user, date_from, date_to, "purpose")


def trips_by_funding(user, date_from: date, date_to: date) -> list[dict]:
    """Trips and person-trips by funding source (cancelled trips left out)."""
    return _by(user, date_from, date_to, "funding")


def trips_by_country(user, date_from: date, date_to: date) -> list[dict]:
    """Trips and person-trips by planned country (a trip to two countries counts in both)."""
    trips = _trips(user, date_from, date_to).exclude(status=Status.CANCELLED)
    countries = TripCountry.objects.filter(trip__in=trips, planned=True)
    sizes = dict(TripMember.objects.filter(trip__in=trips).values_list("trip")
                 .annotate(n=Count("id")))
    result: dict[str, dict] = {}
    for trip_id, country in countries.values_list("trip_id", "country"):
        row = result.setdefault(country, {"country": country, "trips": 0, "person_trips": 0})
        row["trips"] += 1
        row["person_trips"] += sizes.get(trip_id, 0)
    return [result[code] for code in sorted(result)]


def trip_decisions(user, date_from: date, date_to: date) -> dict:
    """Trips approved and refused (by their state now), with their person-trips."""
    trips = _trips(user, date_from, date_to)
    result = {}
    for name, condition in (("approved", Q(status__in=APPROVED_PATH)),
                            ("refused", Q(status=Status.REFUSED))):
        chosen = trips.filter(condition)
        result[name] = chosen.count()
        result[f"{name}_person_trips"] = TripMember.objects.filter(trip__in=chosen).count()
    return result


def report_timeliness(user, date_from: date, date_to: date, *,
                      today: date | None = None) -> dict:
    """Post-trip reports of trips returned in the period: on time, late, missing (past due and
    not filed), pending (not yet due)."""
    today = today or timezone.localdate()
    trips = Trip.objects.visible_to(user).filter(
        actual_return_on__gte=date_from, actual_return_on__lte=date_to,
        report_due_on__isnull=False)
    filed = trips.filter(reported_on__isnull=False)
    waiting = trips.filter(reported_on__isnull=True)
    return {
        "on_time": filed.filter(reported_on__lte=F("report_due_on")).count(),
        "late": filed.filter(reported_on__gt=F("report_due_on")).count(),
        "missing": waiting.filter(report_due_on__lt=today).count(),
        "pending": waiting.filter(report_due_on__gte=today).count(),
    }


def _grouped(queryset, day_field: str) -> list[dict]:
    rows = (queryset.annotate(year=ExtractYear(day_field))
            .values("country", "org_unit__name", "year").annotate(count=Count("id"))
            .order_by("year", "country", "org_unit__name"))
    return [{"country": r["country"], "unit": r["org_unit__name"], "year": r["year"],
             "count": r["count"]} for r in rows]


def incoming_visits(user, date_from: date, date_to: date) -> list[dict]:
    """Incoming visits that began in the period, by country, hosting unit and year."""
    visits = IncomingVisit.objects.visible_to(user).filter(arrived_on__gte=date_from,
                                                           arrived_on__lte=date_to)
    return _grouped(visits, "arrived_on")


def contact_reports(user, date_from: date, date_to: date) -> list[dict]:
    """Working-contact reports of contacts in the period, by country, unit and year."""
    reports = ContactReport.objects.visible_to(user).filter(contacted_on__gte=date_from,
                                                            contacted_on__lte=date_to)
    return _grouped(reports, "contacted_on")
