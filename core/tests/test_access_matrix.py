"""The access matrix: proof that every URL of hoso is closed by default.

It walks ALL URL patterns of the URLconf (through every include, the REST API's too), so a view
added later is checked without anyone writing a test for it:

- anonymous: every UI URL redirects to the sign-in page, every API operation answers 401,
  except the short public allow-list below;
- officer_a (Hà Nội) with URL kwargs pointing at Hải Phòng's records: 403/404 for GET and for
  writes, no Hải Phòng data in any answer, nothing changed; no page or API list leaks Hải Phòng
  records through ?q=, ?unit=, … either;
- viewer_a (clearance Thường) never sees the classified person of its own province: not in a list,
  a search, a count, nor a detail (404);
- meta-checks: every UI view declares its access rule, every API operation requires auth.

URL kwargs are filled by name (the convention in STYLE.md): a kwarg this file does not know makes
the test fail and says what to add, so a new model cannot slip past.
"""

import json
import re
from dataclasses import dataclass, field
from urllib.parse import urlencode

import pytest
from django.urls import URLPattern, URLResolver, get_resolver, reverse
from django.urls.resolvers import RegexPattern, RoutePattern

from accounts.models import ApiToken
from admission.tests.factories import make_candidate, matrix_dossier
from audit.models import AuditEvent
from coordination.tests.factories import matrix_records as coordination_records
from core.access import ACCESS_ATTR, PUBLIC, SELF_GUARDED_NAMESPACES, _rule_of
from core.choices import Classification
from documents.tests.factories import matrix_records as document_records
from inspections.tests.factories import matrix_records
from people.models import Person
from people.tests.factories import make_person
from vetting.tests.factories import matrix_records as vetting_records

# Namespaces not walked here: the admin site has its own login and is checked separately below
# (test_admin_site_is_closed_to_officers). Nothing else may be skipped.
SKIPPED_NAMESPACES = {"admin"}

# Views anyone may open. Adding a public view means adding it here, on purpose, with a reason.
PUBLIC_URL_NAMES = {
    "accounts:login",  # the sign-in form itself
    "accounts:logout",  # POST only; signing out needs no session
    "set_language",  # the language switch on the sign-in page
    "core:health",  # liveness probe for the process supervisor
}
# API URLs that answer the same to everyone without reading any record.
API_ALWAYS_404 = {"api:api-root"}  # ninja's root: raises 404, exists only to reverse paths

# Fixed requests that change the session rather than records: sent, but each persona signs in
# again afterwards (signing out must not make the rest of the matrix test an anonymous user).
SESSION_CHANGING = {"accounts:logout", "accounts:login"}

KWARG_HELP = (
    "URL kwarg {kwarg!r} of {name!r} ({route}) is not in the access matrix. Name URL kwargs after "
    "the model they identify (unit_id, person_id, event_id, …) and add the new one to "
    "core/tests/test_access_matrix.py: RECORDS_OF_B (a record of province B for officer_a) and "
    "RECORDS_ABOVE_CLEARANCE (a record viewer_a must not see)."
)

SAFE_STATUSES = {403, 404, 405}
WRITE_STATUSES = SAFE_STATUSES | {400}


@dataclass
class Route:
    """One URL pattern reached from the root URLconf."""

    route: str
    name: str
    namespaces: tuple[str, ...]
    callback: object
    kwargs: list[str] = field(default_factory=list)

    @property
    def is_api(self) -> bool:
        return bool(self.namespaces) and self.namespaces[0] == "api"

    def url(self, values: dict) -> str:
        """The URL with each ``<conv:kwarg>`` replaced by ``values[kwarg]``."""
        return "/" + re.sub(r"<(?:\w+:)?(\w+)>", lambda m: str(values[m.group(1)]), self.route)


def _pattern_route(pattern, name: str) -> str:
    if isinstance(pattern, RoutePattern):
        return str(pattern._route)
    if isinstance(pattern, RegexPattern):
        regex = pattern._regex.lstrip("^").rstrip("$").replace("\\Z", "")
        if re.fullmatch(r"[\w\-/.]*", regex):
            return regex
    raise AssertionError(
        f"URL pattern {pattern!r} ({name}) is a regex the access matrix cannot fill: use path()."
    )


def walk(resolver=None, prefix: str = "", namespaces: tuple[str, ...] = ()):
    """Every URLPattern under ``resolver`` (the root URLconf by default), includes flattened."""
    resolver = resolver or get_resolver()
    for entry in resolver.url_patterns:
        if isinstance(entry, URLResolver):
            spaces = namespaces + ((entry.namespace,) if entry.namespace else ())
            if spaces and spaces[0] in SKIPPED_NAMESPACES:
                continue
            yield from walk(entry, prefix + _pattern_route(entry.pattern, str(entry)), spaces)
        elif isinstance(entry, URLPattern):
            name = ":".join(namespaces + (entry.name or "<unnamed>",))
            route = prefix + _pattern_route(entry.pattern, name)
            kwargs = re.findall(r"<(?:\w+:)?(\w+)>", route)
            yield Route(route, name, namespaces, entry.callback, kwargs)


def _unique(routes):
    """One entry per URL: ninja lists a path once per operation (GET and POST /people)."""
    seen: dict[str, Route] = {}
    for route in routes:
        seen.setdefault(route.route, route)
    return list(seen.values())


ROUTES = _unique(walk())
UI_ROUTES = [r for r in ROUTES if not r.is_api]
API_ROUTES = [r for r in ROUTES if r.is_api]


def api_methods(route: Route) -> list[str]:
    """HTTP methods a ninja URL serves (read from its PathView); GET for plain API views."""
    from ninja.operation import PathView

    for cell in getattr(route.callback, "__closure__", None) or ():
        if isinstance(cell.cell_contents, PathView):
            return sorted({m for op in cell.cell_contents.operations for m in op.methods})
    return ["GET"]


def api_operations(route: Route) -> list:
    from ninja.operation import PathView

    for cell in getattr(route.callback, "__closure__", None) or ():
        if isinstance(cell.cell_contents, PathView):
            return list(cell.cell_contents.operations)
    return []


# --- what each persona is pointed at -----------------------------------------------------------


def records_of_b(world) -> dict:
    """URL kwarg → id of a record of province B (Hải Phòng), which officer_a must never reach."""
    event = AuditEvent.objects.filter(org_path__startswith=world.hp.path).order_by("id").first()
    return {"unit_id": world.hp_cell.pk, "person_id": world.person_b.pk, "event_id": event.pk,
            **_inspections_of(world, "b"), **_coordination_of(world, "b"),
            **_documents_of(world, "b"), **_admission_of(world, "b"),
            **_vetting_of(world, "b"), **_positions_of(world, "b"), **_travel_of(world, "b"),
            **_jobs_of(world, "b"), **_reports_of(world, "b"), **_transfer_of(world, "b")}


def records_above_clearance(world) -> dict:
    """URL kwarg → id viewer_a (clearance Thường) may reach only for in-scope, unclassified data."""
    event = AuditEvent.objects.filter(target_id=str(world.person_a_secret.pk),
                                      target_type="people.person").order_by("id").first()
    return {"unit_id": world.hn_cell.pk, "person_id": world.person_a_secret.pk,
            "event_id": event.pk, **_inspections_of(world, "secret"),
            **_coordination_of(world, "secret"), **_documents_of(world, "secret"),
            **_admission_of(world, "secret"), **_vetting_of(world, "secret"),
            **_positions_of(world, "secret"), **_travel_of(world, "secret"),
            **_jobs_of(world, "secret"), **_reports_of(world, "secret"),
            **_transfer_of(world, "secret")}


def _jobs_of(world, which: str) -> dict:
    """A background job with a result: officer_b's (which="b"), or officer_a's ("secret": a job
    belongs to its owner alone, so viewer_a of the same province must not reach it either)."""
    from jobs.services import start_job

    key = f"_jobs_{which}"
    if not hasattr(world, key):
        owner = world.officer_b if which == "b" else world.officer_a
        job = start_job(owner=owner, kind="test", label="Kết quả riêng", params={"text": "riêng"},
                        task="jobs.tests.sample_tasks.write_report")
        setattr(world, key, {"job_id": job.pk})
    return getattr(world, key)


def _transfer_of(world, which: str) -> dict:
    """An import (owner only): officer_b's (which="b"), or officer_a's ("secret")."""
    from transfer.tests.importfiles import matrix_records as import_records

    key = f"_transfer_{which}"
    if not hasattr(world, key):
        setattr(world, key, import_records(world.officer_b if which == "b" else world.officer_a))
    return getattr(world, key)


def _positions_of(world, which: str) -> dict:
    """Key-position records: province B's (which="b"), or a Mật one of province A ("secret")."""
    from positions.tests.factories import matrix_records as positions_records

    key = f"_positions_{which}"
    if not hasattr(world, key):
        if which == "b":
            records = positions_records(world.admin, world.hp, world.person_b)
        else:
            records = positions_records(world.admin, world.hn, world.person_a, classification=1)
        setattr(world, key, records)
    return getattr(world, key)


def _travel_of(world, which: str) -> dict:
    """Trip records: province B's (which="b"), or a Mật one of province A ("secret")."""
    from travel.tests.factories import matrix_records as travel_records

    key = f"_travel_{which}"
    if not hasattr(world, key):
        if which == "b":
            records = travel_records(world.admin, world.hp, world.person_b)
        else:
            records = travel_records(world.admin, world.hn, world.person_a_secret,
                                     classification=1)
        setattr(world, key, records)
    return getattr(world, key)


def _reports_of(world, which: str) -> dict:
    """An issued report: province B's (which="b"), or a Mật one of province A ("secret")."""
    from reports.tests.issue_factories import matrix_records as report_records

    key = f"_reports_{which}"
    if not hasattr(world, key):
        if which == "b":
            records = report_records(world.admin, world.hp)
        else:
            records = report_records(world.admin, world.hn, classification=1)
        setattr(world, key, records)
    return getattr(world, key)


def _inspections_of(world, which: str) -> dict:
    """Inspection records (built once per world): province B's, or a Mật one of province A."""
    key = f"_inspections_{which}"
    if not hasattr(world, key):
        if which == "b":
            records = matrix_records(world.admin, world.hp, world.hp_ward, world.person_b)
        else:
            records = matrix_records(world.admin, world.hn, world.hn_ward, world.person_a_secret,
                                     classification=Classification.MAT)
        setattr(world, key, records)
    return getattr(world, key)


def _coordination_of(world, which: str) -> dict:
    """A coordination request with a chaser and a reply (built once per world): province B's,
    or a Mật one of province A."""
    key = f"_coordination_{which}"
    if not hasattr(world, key):
        if which == "b":
            records = coordination_records(world.admin, world.hp, world.hp_ward, world.person_b)
        else:
            records = coordination_records(world.admin, world.hn, world.hn_ward,
                                           world.person_a_secret,
                                           classification=Classification.MAT)
        setattr(world, key, records)
    return getattr(world, key)


def _vetting_of(world, which: str) -> dict:
    """A vetting case with a relative and a finding: province B's, or a Mật one of province A."""
    key = f"_vetting_{which}"
    if not hasattr(world, key):
        if which == "b":
            records = vetting_records(world.admin, world.hp, world.person_b)
        else:
            records = vetting_records(world.admin, world.hn, world.person_a_secret,
                                      classification=Classification.MAT)
        setattr(world, key, records)
    return getattr(world, key)


def _documents_of(world, which: str) -> dict:
    """A document with a file (built once per world): province B's, or a Mật one of province A."""
    key = f"_documents_{which}"
    if not hasattr(world, key):
        if which == "b":
            records = document_records(world.admin, world.hp)
        else:
            records = document_records(world.admin, world.hn, classification=Classification.MAT)
        setattr(world, key, records)
    return getattr(world, key)


def _admission_of(world, which: str) -> dict:
    """An admission dossier and one of its papers (built once per world): province B's, or a Mật
    one of province A."""
    key = f"_admission_{which}"
    if not hasattr(world, key):
        if which == "b":
            person = make_candidate(world.admin, world.hp_cell, world.person_b.full_name)
            dossier = matrix_dossier(world.admin, world.hp_cell, person)
        else:
            person = make_candidate(world.admin, world.hn_cell, world.person_a_secret.full_name,
                                    classification=Classification.MAT)
            dossier = matrix_dossier(world.admin, world.hn_cell, person,
                                     classification=Classification.MAT)
        paper = dossier.documents.order_by("id").first()
        setattr(world, key, {"admission_dossier_id": dossier.pk,
                             "admission_document_id": paper.pk})
    return getattr(world, key)


def check_kwargs_known(values: dict) -> list[str]:
    return [KWARG_HELP.format(kwarg=k, name=r.name, route=r.route)
            for r in ROUTES for k in r.kwargs if k not in values]


def b_markers(world) -> list[str]:
    """Text that only appears in an answer that shows province B's records."""
    return [world.person_b.full_name, world.hp.name, world.hp_ward.name, world.hp_cell.name,
            world.person_b.cccd]


def secret_markers(world) -> list[str]:
    return [world.person_a_secret.full_name, world.person_a_top.full_name,
            world.person_a_secret.cccd, world.person_a_top.cccd]


def body_text(response) -> str:
    """The answer as text, JSON decoded (ninja escapes non-ASCII letters as \\uXXXX)."""
    raw = b"".join(response.streaming_content) if response.streaming else response.content
    text = raw.decode("utf-8", "replace")
    if "json" in response.get("Content-Type", ""):
        try:
            return json.dumps(json.loads(text), ensure_ascii=False)
        except ValueError:
            return text
    return text


def leaked(response, markers: list[str]) -> list[str]:
    text = body_text(response)
    return [m for m in markers if m and m in text]


# --- requests ----------------------------------------------------------------------------------


class Caller:
    """Sends requests as one persona: session for pages, bearer token for the API."""

    def __init__(self, client, user):
        # A view that crashes is an answer to record (a 500), not an exception that stops the walk.
        client.raise_request_exception = False
        self.client, self.user = client, user
        self.token = ApiToken.issue(user, name="matrix")[1] if user else None

    def send(self, route: Route, method: str, url: str, body: dict | None = None,
             extra_headers: dict | None = None):
        headers = dict(extra_headers or {})
        if self.user is not None and route.is_api:
            headers["Authorization"] = f"Bearer {self.token}"
        elif self.user is not None:
            self.client.force_login(self.user)
        else:
            self.client.logout()
        send = getattr(self.client, method.lower())
        if route.is_api and body is not None:
            return send(url, data=json.dumps(body), content_type="application/json",
                        headers=headers)
        if body is not None:
            return send(url, data=body, headers=headers)
        return send(url, headers=headers)


def write_body(world, values: dict) -> dict:
    """A plausible form/JSON body aimed at province B (forged foreign keys included)."""
    return {
        "full_name": "Người Lạ Mặt", "sex": "NAM", "party_status": "CHINH_THUC",
        "classification": 0, "version": world.person_b.version, "post": "Bị sửa",
        "org_unit": values["unit_id"], "unit": values["unit_id"], "parent": world.hp.pk,
        "person": values["person_id"], "reason": "Kiểm tra ma trận quyền truy cập",
        "change_reason": "Kiểm tra ma trận quyền truy cập", "cccd": "031099000777",
    }


def methods_of(route: Route) -> list[str]:
    """Methods to try: what a ninja path serves; on a page about one record, writes of every kind."""
    if route.is_api:
        return api_methods(route)
    return ["GET", "POST", "PATCH", "DELETE"] if route.kwargs else ["GET", "POST"]


# --- meta-checks -------------------------------------------------------------------------------


def test_the_walk_reaches_every_app_and_the_api():
    names = {r.name for r in ROUTES}
    assert {"core:home", "api:openapi-json"} <= names
    assert any(r.name.startswith("api:") and "person_id" in r.kwargs for r in ROUTES)
    assert len(UI_ROUTES) >= 5 and len(API_ROUTES) >= 5


def test_every_ui_view_declares_its_access_rule():
    undeclared = [f"{r.name} ({r.route})" for r in UI_ROUTES
                  if r.namespaces[:1] not in {(ns,) for ns in SELF_GUARDED_NAMESPACES}
                  and _rule_of(r.callback) is None]
    assert not undeclared, (
        f"Views without an access decorator (core.access; attribute {ACCESS_ATTR!r}): "
        f"{undeclared}"
    )


def test_public_views_are_exactly_the_allow_list():
    public = {r.name for r in UI_ROUTES if _rule_of(r.callback) == PUBLIC}
    assert public == PUBLIC_URL_NAMES, (
        "A view marked access.public must be listed in PUBLIC_URL_NAMES (and one listed there "
        f"must exist and be public). Public now: {sorted(public)}"
    )


def test_every_api_operation_requires_authentication():
    open_ops = [f"{r.name} {op.methods}" for r in API_ROUTES for op in api_operations(r)
                if not op.auth_callbacks]
    assert not open_ops, f"API operations without auth: {open_ops}"


def test_every_url_kwarg_is_known_to_the_matrix(world):
    problems = check_kwargs_known(records_of_b(world))
    problems += check_kwargs_known(records_above_clearance(world))
    assert not problems, "\n".join(problems)


# --- anonymous ---------------------------------------------------------------------------------


def test_anonymous_is_sent_to_sign_in_or_refused_everywhere(client, world):
    login = reverse("accounts:login")
    values = records_of_b(world)
    caller = Caller(client, None)
    problems = []
    for route in ROUTES:
        if route.name in PUBLIC_URL_NAMES or any(k not in values for k in route.kwargs):
            continue
        url = route.url(values)
        for method in methods_of(route):
            response = caller.send(route, method, url, {} if method != "GET" else None)
            status = response.status_code
            if route.name in API_ALWAYS_404:
                ok = status == 404
            elif route.is_api:
                ok = status == 401 and "json" in response.get("Content-Type", "")
            else:
                ok = status == 302 and response.url.startswith(login)
            if not ok:
                problems.append(f"{method} {url} ({route.name}) → {status}")
    assert not problems, "Anonymous requests not refused:\n" + "\n".join(problems)


def test_public_views_answer_anonymous_without_error(client, world):
    caller = Caller(client, None)
    for route in UI_ROUTES:
        if route.name in PUBLIC_URL_NAMES:
            response = caller.send(route, "GET", route.url({}))
            assert response.status_code < 500, route.name
            assert not leaked(response, b_markers(world) + secret_markers(world))


# --- officer of province A against province B's records ----------------------------------------


def _state_of_b(world) -> tuple:
    """What a successful write against province B would change."""
    person = Person.objects.get(pk=world.person_b.pk)
    return (
        AuditEvent.objects.filter(org_path__startswith=world.hp.path).count(),
        Person.objects.filter(org_unit__path__startswith=world.hp.path).count(),
        person.version, person.updated_at, person.post, person.full_name,
    )


def test_officer_cannot_reach_records_of_other_province(client, world):
    values = records_of_b(world)
    assert not check_kwargs_known(values), "see test_every_url_kwarg_is_known_to_the_matrix"
    caller = Caller(client, world.officer_a)
    markers = b_markers(world)
    before = _state_of_b(world)
    problems = []
    for route in ROUTES:
        if not route.kwargs or route.name in API_ALWAYS_404:
            continue
        url = route.url(values)
        for method in methods_of(route):
            body = None if method == "GET" else write_body(world, values)
            response = caller.send(route, method, url, body)
            allowed = SAFE_STATUSES if method == "GET" else WRITE_STATUSES
            if response.status_code not in allowed or leaked(response, markers):
                problems.append(f"{method} {url} ({route.name}) → {response.status_code}, "
                                f"leaked {leaked(response, markers)}")
    assert not problems, "officer_a reached province B:\n" + "\n".join(problems)
    assert _state_of_b(world) == before, "a request of officer_a changed province B's records"


def _forging_queries(world, values: dict) -> list[str]:
    """Query strings that try to steer a list or search towards province B."""
    return [{}, {"q": "dang van hoa"}, {"unit": values["unit_id"]}, {"parent": world.hp.pk},
            {"person": values["person_id"]}, {"cccd": world.person_b.cccd},
            {"org_unit": values["unit_id"]}, {"q": "hai phong"}, {"q": world.person_b.cccd}]


def with_query(url: str, query: dict) -> str:
    return url + ("?" + urlencode(query) if query else "")


def test_officer_lists_and_searches_never_show_other_province(client, world):
    values = records_of_b(world)
    caller = Caller(client, world.officer_a)
    # The echoed query may contain the CCCD typed in: only names count as a leak here.
    markers = [m for m in b_markers(world) if m != world.person_b.cccd]
    before = _state_of_b(world)
    problems = []
    for route in ROUTES:
        if route.kwargs or route.name in SESSION_CHANGING:
            continue
        for query in _forging_queries(world, values):
            url = with_query(route.url({}), query)
            for method in methods_of(route):
                body = None if method == "GET" else write_body(world, values)
                response = caller.send(route, method, url, body)
                if leaked(response, markers) or response.status_code >= 500:
                    problems.append(f"{method} {url} ({route.name}) → {response.status_code}, "
                                    f"leaked {leaked(response, markers)}")
    assert not problems, "officer_a saw province B:\n" + "\n".join(problems)
    assert _state_of_b(world) == before, "a request of officer_a changed province B's records"


# --- a user below a record's clearance ---------------------------------------------------------


def test_viewer_never_sees_classified_person(client, world):
    values = records_above_clearance(world)
    caller = Caller(client, world.viewer_a)
    markers = secret_markers(world)
    reason = {"reason": "Kiểm tra ma trận quyền truy cập"}
    problems = []
    for route in ROUTES:
        if route.name in SESSION_CHANGING | API_ALWAYS_404:
            continue
        if route.kwargs:
            queries = [{}, reason]
        else:
            queries = [{}, {"q": "tran thi thuy"}, {"q": world.person_a_secret.full_name},
                       {"q": world.person_a_secret.cccd}, {"unit": world.hn_cell.pk},
                       {"person": world.person_a_secret.pk}]
        # Pages answer htmx requests with a fragment: both shapes are checked.
        variants = [{}] if route.is_api else [{}, {"HX-Request": "true"}]
        for query in queries:
            url = with_query(route.url(values), query)
            for extra in variants:
                response = caller.send(route, "GET", url, extra_headers=extra)
                # A query echoed back in the search box is not a leak.
                text_leak = [m for m in leaked(response, markers)
                             if m not in map(str, query.values())]
                wrong_status = ("person_id" in route.kwargs
                                and response.status_code not in SAFE_STATUSES)
                if text_leak or wrong_status or response.status_code >= 500:
                    problems.append(f"GET {url} {extra} ({route.name}) → "
                                    f"{response.status_code}, leaked {text_leak}")
    assert not problems, "viewer_a saw a classified person:\n" + "\n".join(problems)


_CSRF = re.compile(r"(csrfmiddlewaretoken\"? value=\"|csrf[-_]?token\"?\W+)[\w-]+", re.I)
_NONCE = re.compile(r"nonce(=|-)\"?[\w+/=-]+")
# Clock times on pages ("số liệu cập nhật lúc 22:44", last sign-in) move with the minute, not
# with the data: masked so a snapshot taken across a minute boundary still compares equal.
_CLOCK = re.compile(r"\b\d{2}:\d{2}\b")


def _stable(text: str) -> str:
    """Page text without per-request tokens, so two renderings of the same data compare equal."""
    return _CLOCK.sub("hh:mm", _NONCE.sub("nonce", _CSRF.sub(r"\1", text)))


def _snapshot(caller, routes, values) -> dict:
    pages = {}
    for route in routes:
        url = route.url(values)
        response = caller.send(route, "GET", url)
        pages[url] = (response.status_code, _stable(body_text(response)))
    return pages


def _counted_routes(values: dict) -> list[Route]:
    """GET pages whose answer may hold counts: lists, home, a unit's page (no record detail)."""
    return [r for r in ROUTES if r.name not in SESSION_CHANGING | API_ALWAYS_404
            and set(r.kwargs) <= {"unit_id"} and "GET" in methods_of(r)]


def _diff(before: dict, after: dict) -> list[str]:
    return [f"GET {url}: the answer changed ({before[url][0]} → {after[url][0]})"
            for url in before if before[url] != after[url]]


def test_counts_ignore_records_above_clearance(client, world):
    """Adding classified people in viewer_a's own unit changes nothing viewer_a can see."""
    values = records_above_clearance(world)
    caller = Caller(client, world.viewer_a)
    routes = _counted_routes(values)
    before = _snapshot(caller, routes, values)
    for n in range(3):
        make_person(world.admin, world.hn_cell, f"Vũ Thị Mật {'ABC'[n]}",
                    classification=Classification.MAT)
    after = _snapshot(caller, routes, values)
    assert not _diff(before, after), "\n".join(_diff(before, after))


def test_counts_ignore_records_of_other_province(client, world):
    """Adding people in province B changes nothing officer_a can see."""
    values = {"unit_id": world.hn_cell.pk}
    caller = Caller(client, world.officer_a)
    routes = _counted_routes(values)
    before = _snapshot(caller, routes, values)
    for n in range(3):
        make_person(world.admin, world.hp_cell, f"Hoàng Văn Bê {'ABC'[n]}")
    after = _snapshot(caller, routes, values)
    assert not _diff(before, after), "\n".join(_diff(before, after))


def test_counts_do_move_when_visible_records_are_added(client, world):
    """The snapshot comparison is able to see a change (so the two tests above mean something)."""
    values = records_above_clearance(world)
    caller = Caller(client, world.viewer_a)
    routes = [r for r in _counted_routes(values) if r.name in {"core:home", "api:list_people"}]
    assert routes, "core:home / the API people list are expected to exist"
    before = _snapshot(caller, routes, values)
    make_person(world.admin, world.hn_cell, "Vũ Thị Thường")
    assert len(_diff(before, _snapshot(caller, routes, values))) == len(routes)


# --- the admin site ------------------------------------------------------------------------------


@pytest.mark.parametrize("path", ["/quan-tri/", "/quan-tri/people/person/",
                                  "/quan-tri/accounts/user/", "/quan-tri/audit/auditevent/"])
def test_admin_site_is_closed_to_officers(client, world, path):
    client.force_login(world.officer_a)
    response = client.get(path)
    assert response.status_code in {302, 403, 404}
    if response.status_code == 302:
        assert response.url.startswith("/quan-tri/login/")
    assert not leaked(response, b_markers(world) + secret_markers(world))
