"""Counts of trips abroad and foreign contacts: defined once in reports.counts.travel (the
reports, dashboard and API read them there); these are the same counts for the user's own unit,
in the shapes the travel pages use. Periods: see reports.counts.travel."""

from datetime import date

from django.db.models import Count
from django.db.models.functions import ExtractYear

from reports.counts import get
from reports.counts.base import grouped, user_scope, value


def _by(user, date_from, date_to, name: str) -> list[dict]:
    scope = user_scope(user, date_from, date_to)
    trips = grouped("travel.trips", scope, name)
    people = grouped("travel.person_trips", scope, name)
    return [{name: key[0], "trips": n, "person_trips": people.get(key, 0)}
            for key, n in sorted(trips.items())]


def trips_by_purpose(user, date_from: date, date_to: date) -> list[dict]:
    """Trips and person-trips by purpose (cancelled trips left out)."""
    return _by(user, date_from, date_to, "purpose")


def trips_by_funding(user, date_from: date, date_to: date) -> list[dict]:
    """Trips and person-trips by funding source (cancelled trips left out)."""
    return _by(user, date_from, date_to, "funding")


def trips_by_country(user, date_from: date, date_to: date) -> list[dict]:
    """Trips and person-trips by planned country (a trip to two countries counts in both)."""
    return _by(user, date_from, date_to, "country")


def trip_decisions(user, date_from: date, date_to: date) -> dict:
    """Trips approved and refused, with their person-trips."""
    scope = user_scope(user, date_from, date_to)
    return {name: value(f"travel.{name}", scope)
            for name in ("approved", "approved_person_trips", "refused", "refused_person_trips")}


def report_timeliness(user, date_from: date, date_to: date, *,
                      today: date | None = None) -> dict:
    """Post-trip reports of trips returned in the period: on time, late, missing (past due and
    not filed), pending (not yet due), judged on ``today`` (or the period's end if earlier)."""
    scope = user_scope(user, date_from, date_to, today)
    return {name: value(f"travel.reports_{name}", scope)
            for name in ("on_time", "late", "missing", "pending")}


def _grouped(key: str, user, date_from, date_to, day_field: str) -> list[dict]:
    scope = user_scope(user, date_from, date_to)
    if scope is None:
        return []
    rows = (get(key).records(scope).annotate(year=ExtractYear(day_field))
            .values("country", "org_unit__name", "year").annotate(count=Count("id"))
            .order_by("year", "country", "org_unit__name"))
    return [{"country": r["country"], "unit": r["org_unit__name"], "year": r["year"],
             "count": r["count"]} for r in rows]


def incoming_visits(user, date_from: date, date_to: date) -> list[dict]:
    """Incoming visits that began in the period, by country, hosting unit and year."""
    return _grouped("travel.incoming_visits", user, date_from, date_to, "arrived_on")


def contact_reports(user, date_from: date, date_to: date) -> list[dict]:
    """Working-contact reports of contacts in the period, by country, unit and year."""
    return _grouped("travel.contact_reports", user, date_from, date_to, "contacted_on")
