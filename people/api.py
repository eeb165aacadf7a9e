"""REST API for people: list and search, detail (classified reads need a reason), create, edit.

Reads go through Person.objects.visible_to(user); writes through people.forms.PersonForm (the one
validation path) and people.services. The CCCD leaves the server masked only: a client that
knows a number finds the person with ?cccd= (matched on the blind index), never the reverse.
"""

from datetime import date, datetime

from django.core.exceptions import PermissionDenied, ValidationError
from django.utils.translation import gettext as _
from ninja import Field, Query, Router, Schema, Status

from accounts.choices import WRITER_ROLES
from audit.services import record_read
from core.access import get_visible_or_404
from core.cccd import blind_index, mask_cccd, normalize_cccd
from core.choices import Classification
from orgs.models import OrgUnit
from people.forms import PersonForm
from people.models import Person
from people.services import do_create_person, do_update_person

router = Router(tags=["people"])

PAGE_SIZE = 50
MAX_PAGE = 100_000  # beyond it an offset overflows the database's integer
# Search results are ranked, not counted: a client pages through at most this many.
MAX_SEARCH_RESULTS = 500
MIN_REASON_LENGTH = 5


class UnitRef(Schema):
    id: int
    name: str


class PersonSummary(Schema):
    id: int
    full_name: str
    birth: str
    sex: str
    party_status: str
    org_unit: UnitRef
    post: str
    classification: int
    classification_label: str

    @staticmethod
    def resolve_birth(obj) -> str:
        return obj.birth_display

    @staticmethod
    def resolve_classification_label(obj) -> str:
        return str(Classification(obj.classification).label)


class PersonDetail(PersonSummary):
    birth_day: int | None
    birth_month: int | None
    birth_year: int | None
    cccd_masked: str
    party_card_number: str
    hometown: str
    hometown_former: str
    birthplace: str
    birthplace_former: str
    party_admitted_on: date | None
    party_official_on: date | None
    version: int
    created_at: datetime
    updated_at: datetime

    @staticmethod
    def resolve_cccd_masked(obj) -> str:
        return mask_cccd(obj.cccd)


class SearchInfo(Schema):
    mode: str
    corrected_query: str | None


class PersonPage(Schema):
    # A ranked search is not counted to the end (that would defeat its LIMITs).
    count: int = Field(description="Tổng số người khi duyệt danh sách; khi tìm kiếm (q): số kết "
                                   "quả đã tìm tới trang này (tối đa 500).")
    page: int
    page_size: int
    has_next: bool
    search: SearchInfo | None = None
    results: list[PersonSummary]


class PersonFilters(Schema):
    q: str = ""
    unit: int | None = None
    cccd: str = ""
    page: int = 1


class PersonIn(Schema):
    """A person as the form takes it; dates as dd/mm/yyyy or yyyy-mm-dd."""

    full_name: str
    sex: str
    org_unit: int
    birth_day: int | None = None
    birth_month: int | None = None
    birth_year: int | None = None
    # None keeps the stored number on PUT; "" clears it.
    cccd: str | None = None
    party_card_number: str = ""
    hometown: str = ""
    hometown_former: str = ""
    birthplace: str = ""
    birthplace_former: str = ""
    party_status: str = "QUAN_CHUNG"
    party_admitted_on: str | None = None
    party_official_on: str | None = None
    post: str = ""
    classification: int = Classification.THUONG
    reason: str = ""


class PersonUpdate(PersonIn):
    version: int


class PersonPatch(Schema):
    """Only the fields sent change; ``version`` is the one the client read."""

    version: int
    full_name: str | None = None
    sex: str | None = None
    org_unit: int | None = None
    birth_day: int | None = None
    birth_month: int | None = None
    birth_year: int | None = None
    cccd: str | None = None
    party_card_number: str | None = None
    hometown: str | None = None
    hometown_former: str | None = None
    birthplace: str | None = None
    birthplace_former: str | None = None
    party_status: str | None = None
    party_admitted_on: str | None = None
    party_official_on: str | None = None
    post: str | None = None
    classification: int | None = None
    reason: str = ""


class ErrorOut(Schema):
    detail: str


class FieldErrorsOut(Schema):
    errors: dict[str, list[str]]


def _visible(user):
    return Person.objects.visible_to(user).select_related("org_unit")


def _search(user, queryset, query: str, limit: int):
    """Ranked search (people.search) kept inside ``queryset`` (already scoped)."""
    from people.search import search_people  # imported late: the search module is optional

    result = search_people(user, query, limit=limit)
    ids = [p.pk for p in result.people]
    # Defence in depth: whatever the search returns is re-read through visible_to.
    allowed = {p.pk: p for p in queryset.filter(pk__in=ids)}
    people = [allowed[pk] for pk in ids if pk in allowed]
    info = SearchInfo(mode=result.mode, corrected_query=result.corrected_query)
    return people, info


@router.get("", summary="Danh sách, tìm kiếm người trong phạm vi",
            response={200: PersonPage, 400: FieldErrorsOut, 404: ErrorOut})
def list_people(request, filters: PersonFilters = Query(...)):  # noqa: B008
    """People the caller may see: ?q= searches names, ?unit= keeps a subtree, ?cccd= finds one."""
    queryset = _visible(request.user)
    if not 1 <= filters.page <= MAX_PAGE:
        raise ValidationError({"page": [_("Số trang từ 1 đến %(n)d.") % {"n": MAX_PAGE}]})
    if filters.unit is not None:
        unit = get_visible_or_404(OrgUnit, request.user, pk=filters.unit)
        queryset = queryset.filter(org_unit__path__startswith=unit.path)
    if filters.cccd:
        try:
            number = normalize_cccd(filters.cccd)
        except ValidationError as exc:
            raise ValidationError({"cccd": exc.messages}) from exc
        queryset = queryset.filter(cccd_index=blind_index(number))
    start = (filters.page - 1) * PAGE_SIZE
    search = None
    if filters.q.strip():
        limit = min(start + PAGE_SIZE + 1, MAX_SEARCH_RESULTS)
        people, search = _search(request.user, queryset, filters.q, limit)
        count = len(people)
        window = people[start:start + PAGE_SIZE + 1]
    else:
        queryset = queryset.order_by("name_sorted", "pk")
        count = queryset.count()
        window = list(queryset[start:start + PAGE_SIZE + 1])
    return {"count": count, "page": filters.page, "page_size": PAGE_SIZE,
            "has_next": len(window) > PAGE_SIZE, "search": search,
            "results": window[:PAGE_SIZE]}


@router.get("/{person_id}", summary="Xem hồ sơ một người",
            response={200: PersonDetail, 400: FieldErrorsOut, 404: ErrorOut})
def get_person(request, person_id: int, reason: str = ""):
    """One person; a classified one needs ?reason= and the read is logged."""
    person = get_visible_or_404(_visible(request.user), request.user, pk=person_id)
    _read(request, person, reason)
    return person


def _read(request, person: Person, reason: str) -> None:
    """A classified person is read with a reason (logged); an edit answers with the record, so
    it needs one too."""
    if person.classification > Classification.THUONG:
        reason = reason.strip()
        if len(reason) < MIN_REASON_LENGTH:
            raise ValidationError({"reason": [_(
                "Hồ sơ này có độ mật: cần ghi lý do xem (tham số reason, ít nhất %(n)d ký tự), "
                "ví dụ ?reason=Thẩm định hồ sơ bổ nhiệm."
            ) % {"n": MIN_REASON_LENGTH}]})
        record_read(actor=request.user, target=person, reason=reason)


def _require_writer(user) -> None:
    if user.role not in WRITER_ROLES:
        raise PermissionDenied("role")


def _form_data(values: dict) -> dict:
    """Form data from API values: None means "not given" to a form, so it is left out."""
    data = {key: value for key, value in values.items() if value is not None}
    data.pop("reason", None)
    data.pop("version", None)
    return data


def _stored_values(person: Person) -> dict:
    """The person's current values in the form's shape (the base a PATCH changes)."""
    values = {name: getattr(person, name) for name in PersonForm.Meta.fields
              if name not in ("org_unit", "cccd")}
    values["org_unit"] = person.org_unit_id
    values["cccd"] = person.cccd
    return values


def _validated(data: dict, user, instance: Person | None = None) -> dict:
    """cleaned_data of PersonForm, or ValidationError with the form's field messages."""
    form = PersonForm(data, user=user, instance=instance)
    if not form.is_valid():
        raise ValidationError({field: list(messages) for field, messages in form.errors.items()})
    cleaned = form.cleaned_data
    if cleaned.get("cccd"):
        _check_cccd_free(cleaned["cccd"], instance)
    return cleaned


def _check_cccd_free(number: str, instance: Person | None) -> None:
    # Checked across all records (the index is unique): the message names nobody.
    others = Person.objects.filter(cccd_index=blind_index(number))
    if instance is not None:
        others = others.exclude(pk=instance.pk)
    if others.exists():
        raise ValidationError({"cccd": [_(
            "Số CCCD này đã có trong hệ thống. Hãy tìm người đó (?cccd=…) thay vì tạo mới."
        )]})


@router.post("", summary="Thêm người",
             response={201: PersonDetail, 400: FieldErrorsOut, 403: ErrorOut})
def create_person(request, payload: PersonIn):
    """Create a person (officers, leaders, admins, inside their scope and clearance)."""
    _require_writer(request.user)
    values = payload.dict()
    cleaned = _validated(_form_data(values), request.user)
    person = do_create_person(actor=request.user, data=cleaned, reason=payload.reason)
    return Status(201, _visible(request.user).get(pk=person.pk))


def _update(request, person_id: int, values: dict, version: int, reason: str):
    _require_writer(request.user)
    person = get_visible_or_404(_visible(request.user), request.user, pk=person_id)
    _read(request, person, reason)
    data = _stored_values(person)
    # An explicit null clears a field: it is left out of the form data below.
    data.update({key: value for key, value in values.items() if key not in ("reason", "version")})
    cleaned = _validated(_form_data(data), request.user, instance=person)
    person = do_update_person(actor=request.user, person=person, data=cleaned,
                              expected_version=version, reason=reason)
    return _visible(request.user).get(pk=person.pk)


@router.patch("/{person_id}", summary="Sửa một số trường của hồ sơ người",
              response={200: PersonDetail, 400: FieldErrorsOut, 403: ErrorOut, 404: ErrorOut,
                        409: ErrorOut})
def patch_person(request, person_id: int, payload: PersonPatch):
    """Change the fields sent; 409 when someone saved after ``version`` was read."""
    values = payload.dict(exclude_unset=True)
    return _update(request, person_id, values, payload.version, payload.reason)


@router.put("/{person_id}", summary="Thay toàn bộ hồ sơ người",
            response={200: PersonDetail, 400: FieldErrorsOut, 403: ErrorOut, 404: ErrorOut,
                      409: ErrorOut})
def put_person(request, person_id: int, payload: PersonUpdate):
    """Replace the person's fields (cccd omitted = kept); 409 on a stale ``version``."""
    values = payload.dict()
    if values["cccd"] is None:
        values.pop("cccd")
    return _update(request, person_id, values, payload.version, payload.reason)
