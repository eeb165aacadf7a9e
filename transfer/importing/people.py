"""People (cán bộ, đảng viên) from the office's sheets, e.g. exports of the party-member database.

Matching: the CCCD (blind index) first; else folded name + date of birth + unit. A name and date
of birth found in another unit, or more than one candidate, go to the review list.
"""

import datetime as dt
import json
import re

from django.db import connection
from django.db.models import Q
from django.utils.translation import gettext as _

from core.cccd import blind_index
from core.textfold import fold, nfc
from orgs.models import OrgUnit
from people.choices import PartyStatus, Sex
from people.models import Person
from people.services import do_create_person, do_update_person
from transfer.importing.base import Column, Importer, RowResult, name_keys
from transfer.importing.values import (
    CellError,
    parse_birth,
    parse_cccd,
    parse_choice,
    parse_date,
    text,
)
from transfer.models import ImportKind, Verdict

SEX = {"nam": Sex.NAM, "n": Sex.NAM, "male": Sex.NAM, "m": Sex.NAM,
       "nu": Sex.NU, "female": Sex.NU, "f": Sex.NU}
PARTY_STATUS = {
    "quan chung": PartyStatus.QUAN_CHUNG, "chua vao dang": PartyStatus.QUAN_CHUNG,
    "du bi": PartyStatus.DU_BI, "dang vien du bi": PartyStatus.DU_BI,
    "chinh thuc": PartyStatus.CHINH_THUC, "dang vien chinh thuc": PartyStatus.CHINH_THUC,
    **{fold(code): code for code in PartyStatus.values},
}
# The usual spellings, read without folding.
SEX_CELLS = {"Nam": Sex.NAM, "Nữ": Sex.NU, "nam": Sex.NAM, "nữ": Sex.NU, "NAM": Sex.NAM,
             "NỮ": Sex.NU}
STATUS_CELLS = {"Chính thức": PartyStatus.CHINH_THUC, "Dự bị": PartyStatus.DU_BI,
                "Quần chúng": PartyStatus.QUAN_CHUNG}
_DIGIT = re.compile(r"\d")
# Model fields the file may set, in the order the dry-run table shows changes.
FIELDS = ["full_name", "birth", "sex", "cccd", "party_card_number", "org_unit", "post",
          "party_status", "party_admitted_on", "party_official_on", "hometown", "birthplace"]


def columns() -> list[Column]:
    return [
        Column("full_name", _("Họ và tên"), ("Họ tên", "Họ và tên khai sinh", "Tên cán bộ",
                                            "Họ tên đảng viên", "Họ và tên đảng viên"), required=True),
        Column("birth", _("Ngày sinh"), ("Ngày tháng năm sinh", "Sinh ngày", "Năm sinh",
                                         "Ngày, tháng, năm sinh")),
        Column("sex", _("Giới tính"), ("Nam/Nữ", "Giới", "Phái")),
        Column("cccd", _("Số CCCD"), ("CCCD", "Số định danh", "Số định danh cá nhân",
                                      "Căn cước công dân", "Số căn cước công dân", "Số căn cước",
                                      "CMND/CCCD", "Số CMND/CCCD", "Số CCCD/Định danh"),
               sensitive=True),
        Column("party_card_number", _("Số thẻ đảng viên"), ("Số thẻ đảng", "Số thẻ", "Thẻ đảng")),
        Column("org_unit", _("Đơn vị"), ("Chi bộ", "Tổ chức đảng", "Đảng bộ", "Mã đơn vị",
                                         "Đơn vị sinh hoạt", "Nơi sinh hoạt", "Đơn vị công tác"),
               required=True),
        Column("post", _("Chức vụ"), ("Chức vụ hiện nay", "Chức danh")),
        Column("party_status", _("Tình trạng đảng viên"), ("Loại đảng viên", "Đảng viên",
                                                          "Tình trạng")),
        Column("party_admitted_on", _("Ngày vào Đảng"), ("Ngày kết nạp", "Ngày kết nạp Đảng")),
        Column("party_official_on", _("Ngày chính thức"), ("Ngày chuyển chính thức",)),
        Column("hometown", _("Quê quán"), ("Quê",)),
        Column("birthplace", _("Nơi sinh"), ()),
    ]


def keeps_spelling(name: str, stored_folded: str) -> bool:
    """A name typed without marks never strips the stored spelling of the same name."""
    return bool(name) and name.isascii() and name_keys(name)[0] == stored_folded


def birth_text(birth) -> str:
    day, month, year = birth or (None, None, None)
    return (f"{day:02d}/" if day else "../") + (f"{month:02d}/" if month else "../") + (
        str(year) if year else "....")


def known_cccd_indexes(indexes: list[str]) -> list[str]:
    """Those of ``indexes`` (blind indexes: hex digits) that people_person holds, in one query
    with one parameter: a batch of a large file mostly finds none, and 500 parameters bound one
    by one cost more than the lookup itself."""
    if not indexes:
        return []
    table = Person._meta.db_table
    if connection.vendor == "postgresql":
        sql = f"SELECT cccd_index FROM {table} WHERE cccd_index = ANY(string_to_array(%s, ','))"
        value = ",".join(indexes)
    else:
        sql = f"SELECT cccd_index FROM {table} WHERE cccd_index IN (SELECT value FROM json_each(%s))"
        value = json.dumps(indexes)
    with connection.cursor() as cursor:
        cursor.execute(sql, [value])
        return [index for (index,) in cursor.fetchall()]


class PeopleImporter(Importer):
    kind = ImportKind.PEOPLE
    memo_fields = frozenset({"full_name", "birth", "sex", "party_status", "party_admitted_on",
                             "party_official_on", "org_unit", "post", "hometown", "birthplace"})

    def __init__(self, actor):
        super().__init__(actor)
        self.columns = columns()
        self._no_cccd: bool | None = None

    # --- cells -----------------------------------------------------------------------------

    def parse_full_name(self, value) -> str:
        name = text(value)
        if not name_keys(name)[0]:
            raise CellError(_("Họ tên không có chữ cái nào."))
        if len(name) > 120:
            raise CellError(_("Họ tên dài quá 120 ký tự."))
        if _DIGIT.search(name):
            raise CellError(_("Họ tên có chữ số: “%(raw)s”.") % {"raw": name[:60]})
        return name

    def parse_birth(self, value):
        return list(parse_birth(value))

    def parse_sex(self, value) -> str:
        if value in SEX_CELLS:
            return SEX_CELLS[value]
        return parse_choice(value, SEX, _("Giới tính"))

    def parse_cccd(self, value) -> str:
        return parse_cccd(value)

    def parse_party_status(self, value) -> str:
        if value in STATUS_CELLS:
            return STATUS_CELLS[value]
        return parse_choice(value, PARTY_STATUS, _("Tình trạng đảng viên"))

    def parse_party_admitted_on(self, value) -> str:
        return parse_date(value).isoformat()

    def parse_party_official_on(self, value) -> str:
        return parse_date(value).isoformat()

    def parse_org_unit(self, value) -> int:
        return self.units.resolve(value)

    def _short(self, value, limit) -> str:
        result = text(value)
        if len(result) > limit:
            raise CellError(_("Dài quá %(n)d ký tự.") % {"n": limit})
        return result

    def parse_post(self, value) -> str:
        return self._short(value, 255)

    def parse_hometown(self, value) -> str:
        return self._short(value, 255)

    def parse_birthplace(self, value) -> str:
        return self._short(value, 255)

    def parse_party_card_number(self, value) -> str:
        return self._short(value, 20)

    # --- matching --------------------------------------------------------------------------

    def read(self, number, cells) -> RowResult:
        result = super().read(number, cells)
        data = result.data
        if data.get("party_admitted_on") and data.get("party_official_on") and (
                data["party_official_on"] < data["party_admitted_on"]):
            result.reject(_("Ngày chính thức"), _("Ngày chính thức trước ngày vào Đảng."))
        return result

    def key_of(self, data: dict) -> tuple:
        if data.get("cccd"):
            return ("cccd", data["cccd"])
        return ("name", name_keys(data["full_name"])[0], tuple(data.get("birth") or ()), data["org_unit"])

    def match_batch(self, results: list[RowResult]) -> None:
        """Verdicts for a batch of read rows: one query for their CCCDs, one for their names."""
        pending = []
        for result in results:
            if result.rejected:
                continue
            if not self.track_duplicates or not self.duplicate_in_file(
                    result, self.key_of(result.data),
                    lambda data=result.data: _("Số CCCD") if data.get("cccd") else _("Họ và tên")):
                pending.append(result)
        if not pending:
            return
        for result in pending:
            if result.data.get("cccd") and not result.cccd_index:  # staged rows carry it
                result.cccd_index = blind_index(result.data["cccd"])
        indexes = [r.cccd_index for r in pending if r.cccd_index]
        known = known_cccd_indexes(indexes)
        found = {p.cccd_index: p for p in Person.objects.filter(cccd_index__in=known)} if (
            known) else {}
        visible = set(Person.objects.visible_to(self.actor).filter(
            pk__in=[p.pk for p in found.values()]).values_list("pk", flat=True)) if found else set()
        by_name: list[RowResult] = []
        for result in pending:
            person = found.get(result.cccd_index) if result.cccd_index else None
            if person is None:
                by_name.append(result)
            elif person.pk not in visible:
                result.reject(_("Số CCCD"), _(
                    "Số CCCD này đã có trong hồ sơ của một đơn vị ngoài phạm vi của bạn (hoặc "
                    "ở độ mật cao hơn): không nhập được, hãy liên hệ đơn vị quản lý."))
            else:
                self.compare(result, person)
        self._match_by_name(by_name)

    def _without_cccd_exist(self) -> bool:
        if self._no_cccd is None:
            self._no_cccd = Person.objects.visible_to(self.actor).filter(
                cccd_index__isnull=True).exists()
        return self._no_cccd

    def _match_by_name(self, results: list[RowResult]) -> None:
        lookups = [r for r in results if not r.data.get("cccd") or self._without_cccd_exist()]
        groups: dict[tuple, list[Person]] = {}
        if lookups:
            names = {name_keys(r.data["full_name"])[0] for r in lookups}
            years = {(r.data.get("birth") or [None, None, None])[2] for r in lookups}
            query = Person.objects.visible_to(self.actor).filter(name_folded__in=names)
            known_years = [y for y in years if y is not None]
            if None in years:
                query = query.filter(Q(birth_year__in=known_years) | Q(birth_year__isnull=True))
            else:
                query = query.filter(birth_year__in=known_years)
            for person in query.select_related("org_unit").order_by("pk"):
                key = (person.name_folded, person.birth_day, person.birth_month, person.birth_year)
                groups.setdefault(key, []).append(person)
        for result in results:
            data = result.data
            day, month, year = data.get("birth") or (None, None, None)
            candidates = groups.get((name_keys(data["full_name"])[0], day, month, year), [])
            if data.get("cccd"):
                candidates = [p for p in candidates if p.cccd_index is None]
            candidates = candidates[:10]
            same_unit = [p for p in candidates if p.org_unit_id == data["org_unit"]]
            if len(candidates) == 1 and same_unit:
                self.compare(result, same_unit[0])
            elif candidates:
                result.verdict = Verdict.REVIEW
                result.candidates = [[p.pk, f"{p.full_name} — {p.birth_display} — {p.org_unit.name}"]
                                     for p in candidates]
                result.reasons.append(["", _(
                    "Có %(n)d người cùng họ tên và ngày sinh (khác đơn vị hoặc nhiều người): hãy "
                    "chọn người đã có hoặc thêm mới.") % {"n": len(candidates)}])
            elif not data.get("sex"):
                result.reject(_("Giới tính"), _("Bắt buộc khi thêm người mới."))
            else:
                result.verdict = Verdict.CREATE

    def compare(self, result: RowResult, person: Person) -> None:
        changed = [label for name, label in self.changes(result.data, person, result.cccd_index)]
        result.target_id, result.target_version = person.pk, person.version
        if changed:
            result.verdict = Verdict.UPDATE
            result.reasons.append(["", _("Đã có (%(how)s); thay đổi: %(fields)s.") % {
                "how": self._how(result.data, person), "fields": ", ".join(changed)}])
        else:
            result.verdict = Verdict.UNCHANGED
            result.reasons.append(["", _("Đã có (%(how)s), không có gì khác.")
                                   % {"how": self._how(result.data, person)}])

    def _how(self, data, person) -> str:
        return _("trùng số CCCD") if data.get("cccd") and person.cccd_index else _(
            "trùng họ tên, ngày sinh, đơn vị")

    def changes(self, data: dict, person: Person, index: str | None = None):
        labels = {column.field: column.label for column in self.columns}
        for name in FIELDS:
            if name not in data:
                continue
            value = data[name]
            if name == "birth":
                current = [person.birth_day, person.birth_month, person.birth_year]
            elif name == "cccd":
                if index is not None and index == person.cccd_index:
                    continue  # matched on it: the same number, no need to decrypt
                current = person.cccd if person.cccd_index else ""
            elif name == "org_unit":
                current = person.org_unit_id
            elif name in ("party_admitted_on", "party_official_on"):
                current = getattr(person, name)
                current = current.isoformat() if current else None
            elif name == "full_name":
                current = nfc(person.full_name)
                if keeps_spelling(value, person.name_folded):
                    continue
            else:
                current = getattr(person, name)
            if value != current:
                yield name, labels[name]

    # --- applying --------------------------------------------------------------------------

    def service_data(self, data: dict) -> dict:
        values = {}
        for name, value in data.items():
            if name == "birth":
                values["birth_day"], values["birth_month"], values["birth_year"] = value
            elif name == "org_unit":
                values["org_unit"] = OrgUnit.objects.get(pk=value)
            elif name in ("party_admitted_on", "party_official_on"):
                values[name] = dt.date.fromisoformat(value) if value else None
            else:
                values[name] = value
        return values

    def apply(self, row, data: dict, reason: str) -> str:
        target = row.target_id
        if row.verdict == Verdict.REVIEW:
            if row.resolution is None:
                return "SKIPPED"
            target = row.resolution or None
        values = self.service_data(data)
        if target is None:
            do_create_person(actor=self.actor, data=values, reason=reason)
            return "CREATED"
        person = Person.objects.visible_to(self.actor).get(pk=target)
        if keeps_spelling(data.get("full_name", ""), person.name_folded):
            values.pop("full_name", None)
        version = row.target_version if row.verdict != Verdict.REVIEW else person.version
        if row.verdict == Verdict.REVIEW:
            keep = {k: v for k, v in values.items() if k != "cccd" or not person.cccd_index}
            values = keep
        do_update_person(actor=self.actor, person=person, data=values, expected_version=version,
                         reason=reason)
        return "UPDATED"
