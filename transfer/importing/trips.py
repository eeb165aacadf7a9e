"""Trips abroad (đi nước ngoài): one row = one person's trip, opened as a request (DRAFT) with
its planned dates and countries; approvals and the rest follow on the trip's page.

The traveller is found by CCCD in the user's scope; the unit keeping the file defaults to the
traveller's. The same traveller, planned departure and title again is UNCHANGED.
"""

import datetime as dt

from django.utils.translation import gettext as _

from core.cccd import blind_index
from core.textfold import fold
from orgs.models import OrgUnit
from people.models import Person
from transfer.importing.base import Column, Importer, RowResult, choice_map
from transfer.importing.values import CellError, parse_cccd, parse_choice, parse_date, text
from transfer.models import ImportKind, Verdict
from travel.choices import COUNTRIES, Funding, MemberRole, PrivateKind, Purpose
from travel.models import Trip
from travel.services import do_create_trip

PURPOSES = choice_map(Purpose)
PRIVATE_KINDS = choice_map(PrivateKind)
FUNDINGS = {**choice_map(Funding), "ngan sach": Funding.NGAN_SACH, "doi tac": Funding.DOI_TAC}
COUNTRY_KEYS = {**{fold(name): code for code, name in COUNTRIES.items()},
                **{code.lower(): code for code in COUNTRIES}, "nga": "RU", "my": "US",
                "hoa ky": "US", "anh": "GB", "han quoc": "KR", "nhat": "JP", "trung quoc": "CN"}


class TripImporter(Importer):
    kind = ImportKind.TRIPS

    def __init__(self, actor):
        super().__init__(actor)
        self.columns = [
            Column("cccd", _("Số CCCD"), ("CCCD", "Số định danh", "Số CCCD người đi"),
                   required=True, sensitive=True),
            Column("full_name", _("Họ và tên"), ("Họ tên", "Người đi")),
            Column("title", _("Tên đoàn, chuyến đi"), ("Nội dung", "Tên chuyến đi", "Tên đoàn"),
                   required=True),
            Column("purpose", _("Mục đích"), ("Mục đích chuyến đi",), required=True),
            Column("private_kind", _("Loại việc riêng"), ()),
            Column("countries", _("Nước đến"), ("Nước", "Các nước đến", "Quốc gia"),
                   required=True),
            Column("inviter", _("Cơ quan mời"), ("Nơi mời", "Cơ quan, tổ chức mời")),
            Column("funding", _("Kinh phí"), ("Nguồn kinh phí",), required=True),
            Column("planned_departure_on", _("Ngày đi"), ("Ngày đi dự kiến", "Từ ngày"),
                   required=True),
            Column("planned_return_on", _("Ngày về"), ("Ngày về dự kiến", "Đến ngày"),
                   required=True),
            Column("org_unit", _("Đơn vị quản lý"), ("Đơn vị",)),
        ]

    def parse_cccd(self, value) -> str:
        return parse_cccd(value)

    def parse_title(self, value) -> str:
        result = text(value)
        if len(result) > 255:
            raise CellError(_("Dài quá 255 ký tự."))
        return result

    def parse_inviter(self, value) -> str:
        return self.parse_title(value)

    def parse_purpose(self, value) -> str:
        return parse_choice(value, PURPOSES, _("Mục đích"))

    def parse_private_kind(self, value) -> str:
        return parse_choice(value, PRIVATE_KINDS, _("Loại việc riêng"))

    def parse_funding(self, value) -> str:
        return parse_choice(value, FUNDINGS, _("Kinh phí"))

    def parse_countries(self, value) -> list[str]:
        codes = []
        for part in text(value).replace(";", ",").split(","):
            if not part.strip():
                continue
            code = COUNTRY_KEYS.get(fold(part))
            if code is None:
                raise CellError(_("Không nhận ra nước “%(name)s”: ghi tên nước hoặc mã hai chữ "
                                  "(ví dụ “Nhật Bản” hoặc “JP”).") % {"name": part.strip()[:40]})
            codes.append(code)
        if not codes:
            raise CellError(_("Hãy ghi ít nhất một nước đến."))
        return sorted(set(codes))

    def parse_planned_departure_on(self, value) -> str:
        return parse_date(value).isoformat()

    def parse_planned_return_on(self, value) -> str:
        return parse_date(value).isoformat()

    def parse_org_unit(self, value) -> int:
        return self.units.resolve(value)

    def match(self, result: RowResult) -> None:
        data = result.data
        if data["planned_return_on"] < data["planned_departure_on"]:
            result.reject(_("Ngày về"), _("Ngày về trước ngày đi."))
            return
        if data["purpose"] == Purpose.VIEC_RIENG and not data.get("private_kind"):
            result.reject(_("Loại việc riêng"), _("Đi việc riêng: ghi loại (du lịch, thăm thân, "
                                                  "chữa bệnh, khác)."))
            return
        if data["purpose"] != Purpose.VIEC_RIENG and data.get("private_kind"):
            result.reject(_("Loại việc riêng"), _("Chỉ ghi loại việc riêng khi mục đích là việc "
                                                  "riêng."))
            return
        key = (data["cccd"], data["planned_departure_on"], fold(data["title"]))
        if self.duplicate_in_file(result, key, _("Số CCCD")):
            return
        person = Person.objects.visible_to(self.actor).filter(
            cccd_index=blind_index(data["cccd"])).first()
        if person is None:
            result.reject(_("Số CCCD"), _("Không có người mang số CCCD này trong phạm vi của bạn."))
            return
        trips = Trip.objects.visible_to(self.actor).filter(
            members__person=person,
            planned_departure_on=dt.date.fromisoformat(data["planned_departure_on"]))
        if any(fold(trip.title) == key[2] for trip in trips):
            result.verdict = Verdict.UNCHANGED
            result.reasons.append(["", _("Đã có chuyến đi này của người này.")])
            return
        result.verdict = Verdict.CREATE
        result.reasons.append(["", _("Mở hồ sơ chuyến đi (dự thảo) cho %(name)s.")
                               % {"name": person.full_name}])

    def apply(self, row, data: dict, reason: str) -> str:
        person = Person.objects.visible_to(self.actor).get(cccd_index=blind_index(data["cccd"]))
        unit = (OrgUnit.objects.visible_to(self.actor).get(pk=data["org_unit"])
                if data.get("org_unit") else person.org_unit)
        values = {"org_unit": unit, "title": data["title"], "purpose": data["purpose"],
                  "private_kind": data.get("private_kind", ""), "inviter": data.get("inviter", ""),
                  "funding": data["funding"],
                  "planned_departure_on": dt.date.fromisoformat(data["planned_departure_on"]),
                  "planned_return_on": dt.date.fromisoformat(data["planned_return_on"]),
                  "classification": person.classification}
        do_create_trip(actor=self.actor, data=values, countries=data["countries"],
                       members=[{"person": person, "role": MemberRole.TRUONG_DOAN}], reason=reason)
        return "CREATED"
