"""The demo org tree: TW root, the 34 provinces (with their merged predecessors), communes and
wards, grassroots units and cells, inserted in bulk with precomputed paths."""

import csv
import random
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

from django.core.management.color import no_style
from django.db import connection

from core.demo import names
from core.textfold import fold, nfc
from orgs.choices import OrgKind
from orgs.models import OrgUnit

DATA_DIR = Path(__file__).resolve().parent.parent.parent / "orgs" / "data"
MERGER_DAY = date(2025, 7, 1)
LAST_DAY_BEFORE_MERGER = date(2025, 6, 30)
ROOT_CODE = "TW"
# Below this many people the tree is scaled down (fewer communes and cells).
FULL_SCALE_PEOPLE = 200_000
PEOPLE_PER_CELL = 80

GRASSROOTS = [
    "Sở Y tế", "Sở Giáo dục và Đào tạo", "Sở Tài chính", "Bệnh viện Đa khoa {p}",
    "Trường Chính trị {p}", "Báo {p}",
]
CELL_NAMES = [
    "Chi bộ thôn {n}", "Chi bộ khu phố {n}", "Chi bộ Trường Tiểu học {c}",
    "Chi bộ Trường Trung học cơ sở {c}", "Chi bộ Trạm Y tế {c}", "Chi bộ Công an {c}",
    "Chi bộ Quân sự {c}", "Chi bộ tổ dân phố {n}",
]


@dataclass
class Province:
    """One of the 34 provinces, with what the loader needs to place people in it."""

    index: int
    name: str
    is_city: bool
    predecessors: list[str]
    wards: int
    communes: int
    special_zones: int
    cccd_codes: list[str]
    unit_id: int = 0
    label: str = ""
    people_unit_ids: list[int] = field(default_factory=list)
    commune_names: list[str] = field(default_factory=list)

    @property
    def size(self) -> int:
        return self.wards + self.communes + self.special_zones


def _read_csv(name: str) -> list[dict]:
    with open(DATA_DIR / name, encoding="utf-8", newline="") as handle:
        return [{k: nfc(v) for k, v in row.items()} for row in csv.DictReader(handle)]


def former_provinces() -> dict[str, dict]:
    """The 63 former provinces by name: kind and CCCD code."""
    return {row["name"]: row for row in _read_csv("former_provinces.csv")}


def load_provinces() -> list[Province]:
    """The 34 provinces from orgs/data, in file order."""
    sizes = {row["name"]: row for row in _read_csv("province_units.csv")}
    former = former_provinces()
    provinces = []
    for index, row in enumerate(_read_csv("provinces.csv"), start=1):
        preds = [p for p in row["predecessors"].split(";") if p]
        size = sizes[row["name"]]
        provinces.append(Province(
            index=index, name=row["name"], is_city=row["kind"].startswith("thành phố"),
            predecessors=preds, wards=int(size["wards"]), communes=int(size["communes"]),
            special_zones=int(size["special_zones"]),
            cccd_codes=[former[p]["cccd_code"] for p in (preds or [row["name"]])],
        ))
    return provinces


def province_label(name: str, is_city: bool) -> str:
    return ("Thành phố " if is_city else "Tỉnh ") + name


def scale_for(people: int) -> float:
    return min(1.0, max(people, 1) / FULL_SCALE_PEOPLE)


class _Builder:
    """Collects OrgUnit rows with ids assigned up front, so paths are known before insert."""

    def __init__(self, first_id: int):
        self.next_id = first_id
        self.units: list[OrgUnit] = []
        self.links: list[tuple[int, int]] = []

    def add(self, code, name, kind, parent=None, valid_from=None, valid_to=None) -> OrgUnit:
        name = nfc(name)
        unit_id = self.next_id
        self.next_id += 1
        path = (parent.path if parent else "") + f"{unit_id}/"
        unit = OrgUnit(id=unit_id, code=code, name=name, name_folded=fold(name), kind=kind,
                       parent_id=parent.id if parent else None, path=path,
                       depth=path.count("/") - 1, valid_from=valid_from, valid_to=valid_to)
        self.units.append(unit)
        return unit

    def save(self) -> None:
        OrgUnit.objects.bulk_create(self.units, batch_size=2000)
        through = OrgUnit.predecessors.through
        through.objects.bulk_create(
            [through(from_orgunit_id=a, to_orgunit_id=b) for a, b in self.links], batch_size=2000
        )
        # Explicit ids leave PostgreSQL's sequence behind: move it past them.
        sql = connection.ops.sequence_reset_sql(no_style(), [OrgUnit])
        with connection.cursor() as cursor:
            for statement in sql:
                cursor.execute(statement)


def _place_names(rng: random.Random, count: int, taken: set[str]) -> list[str]:
    """``count`` made-up two-syllable place names ("Tân Lập") not in ``taken`` (updated)."""
    chosen = []
    while len(chosen) < count:
        first, second = rng.choice(names.PLACE_FIRST), rng.choice(names.PLACE_SECOND)
        if first == second:
            continue
        candidate = f"{first} {second}"
        number = 2
        while candidate in taken:
            # Large provinces run out of pairs: number them as real places do ("Tân Lập 2").
            candidate = f"{first} {second} {number}"
            number += 1
        taken.add(candidate)
        chosen.append(candidate)
    return chosen


def _communes(rng, province: Province, scale: float) -> list[tuple[str, str]]:
    """(prefix, place name) of the province's wards, communes and special zones at ``scale``."""
    total = max(2, round(province.size * scale))
    wards = max(1, round(total * province.wards / province.size))
    zones = round(province.special_zones * scale)
    communes = max(0, total - wards - zones)
    preset = {"Hà Nội": names.HANOI_WARDS, "Hải Phòng": names.HAIPHONG_WARDS}.get(province.name, [])
    ward_names = preset[:wards]
    taken = set(ward_names)
    ward_names += _place_names(rng, wards - len(ward_names), taken)
    others = _place_names(rng, communes + zones, taken)
    return ([("Phường", n) for n in ward_names] + [("Xã", n) for n in others[:communes]]
            + [("Đặc khu", n) for n in others[communes:]])


def build_tree(rng: random.Random, people: int) -> list[Province]:
    """Insert the whole demo tree; return the provinces with the units people go into."""
    scale = scale_for(people)
    provinces = load_provinces()
    former = former_provinces()
    total_communes = sum(max(2, round(p.size * scale)) for p in provinces)
    cells_per_commune = min(6, max(1, round(people / (total_communes * PEOPLE_PER_CELL))))
    first_id = (OrgUnit.objects.order_by("-id").values_list("id", flat=True).first() or 0) + 1
    builder = _Builder(first_id)
    root = builder.add(ROOT_CODE, "Trung ương", OrgKind.TW)
    for province in provinces:
        _build_province(builder, rng, root, province, former, scale, cells_per_commune)
    builder.save()
    return provinces


def _build_province(builder, rng, root, province, former, scale, cells_per_commune) -> None:
    code = f"TT{province.index:02d}"
    label = province_label(province.name, province.is_city)
    merged = bool(province.predecessors)
    unit = builder.add(code, label, OrgKind.TINH_THANH, root,
                       valid_from=MERGER_DAY if merged else None)
    province.unit_id, province.label = unit.id, label
    for old_name in province.predecessors:
        old = former[old_name]
        old_label = province_label(old_name, old["kind"] == "thành phố")
        if old_name == province.name:
            old_label += " (trước 01/7/2025)"
        old_unit = builder.add(f"CU{old['cccd_code']}", old_label, OrgKind.TINH_THANH, root,
                               valid_to=LAST_DAY_BEFORE_MERGER)
        builder.links.append((unit.id, old_unit.id))
    for number, (prefix, place) in enumerate(_communes(rng, province, scale), start=1):
        commune = builder.add(f"{code}.X{number:03d}", f"{prefix} {place}", OrgKind.XA_PHUONG, unit)
        province.commune_names.append(commune.name)
        for cell_no in range(1, cells_per_commune + 1):
            pattern = CELL_NAMES[(number + cell_no) % len(CELL_NAMES)]
            cell_name = pattern.format(n=cell_no, c=f"{prefix.lower()} {place}")
            cell = builder.add(f"{code}.X{number:03d}.C{cell_no}", cell_name, OrgKind.CHI_BO, commune)
            province.people_unit_ids.append(cell.id)
    grassroots = 2 if scale < 0.5 else 4
    for number, pattern in enumerate(GRASSROOTS[:grassroots], start=1):
        unit_name = "Đảng bộ " + pattern.format(p=label[0].lower() + label[1:])
        base = builder.add(f"{code}.CS{number}", unit_name, OrgKind.CO_SO, unit)
        for cell_no in range(1, 3):
            cell = builder.add(f"{code}.CS{number}.C{cell_no}", f"Chi bộ phòng {cell_no}",
                               OrgKind.CHI_BO, base)
            province.people_unit_ids.append(cell.id)


def load_existing_tree() -> list[Province] | None:
    """The provinces of a demo tree already in the database, or None when there is none."""
    if not OrgUnit.objects.filter(code=ROOT_CODE).exists():
        return None
    provinces = load_provinces()
    for province in provinces:
        code = f"TT{province.index:02d}"
        unit = OrgUnit.objects.get(code=code)
        province.unit_id, province.label = unit.id, unit.name
        cells = OrgUnit.objects.filter(path__startswith=unit.path, kind=OrgKind.CHI_BO)
        province.people_unit_ids = list(cells.order_by("id").values_list("id", flat=True))
        communes = OrgUnit.objects.filter(parent=unit, kind=OrgKind.XA_PHUONG).order_by("id")
        province.commune_names = list(communes.values_list("name", flat=True))
    return provinces
