"""Streaming generator and bulk loader of demo people.

Rows are generated in chunks and written with the engine's fast path (COPY on PostgreSQL,
executemany in one transaction on SQLite), never holding the whole set in memory. Each row
carries the same derived fields as people.services sets (name keys, encrypted CCCD, blind index);
the syllable dictionary (people.NameSyllable) is filled from the same names.
"""

import multiprocessing
import random
from collections import Counter, deque
from collections.abc import Iterator
from datetime import date, timedelta
from itertools import accumulate

from django.db.models import F
from django.utils import timezone

from core.cccd import blind_index, encrypt_value
from core.choices import Classification
from core.demo import names
from core.demo.tree import Province, former_provinces, province_label
from core.textfold import exact_key, fold
from people.choices import PartyStatus, Sex
from people.models import NameSyllable

CHUNK = 20_000
COLUMNS = [
    "full_name", "name_folded", "name_sorted", "name_exact", "birth_day", "birth_month",
    "birth_year", "sex", "cccd_encrypted", "cccd_index", "party_card_number", "hometown",
    "hometown_former", "birthplace", "birthplace_former", "party_status", "party_admitted_on",
    "party_official_on", "org_unit_id", "post", "classification", "version", "created_at",
    "updated_at",
]
# Shares of the demo population (rough, plausible; not statistics of the real register).
YEAR_ONLY_SHARE = 0.06
OLD_TONE_SHARE = 0.4
TWO_MIDDLE_NAMES_SHARE = 0.12
SECRET_SHARE, TOP_SECRET_SHARE = 0.04, 0.01
BORN_ELSEWHERE_SHARE = 0.15
TODAY = date(2026, 11, 1)
# Plain strings, not enum members: the database drivers adapt them without a lookup.
MALE, FEMALE = Sex.NAM.value, Sex.NU.value
THUONG, MAT, TOI_MAT = (int(Classification.THUONG), int(Classification.MAT),
                         int(Classification.TOI_MAT))
QUAN_CHUNG, DU_BI, CHINH_THUC = (PartyStatus.QUAN_CHUNG.value, PartyStatus.DU_BI.value,
                                 PartyStatus.CHINH_THUC.value)


class _Pool:
    """Weighted pool sampled a chunk at a time (random.choices with cumulative weights)."""

    def __init__(self, pairs):
        self.values = [value for value, _ in pairs]
        self.cum = list(accumulate(weight for _, weight in pairs))

    def sample(self, rng: random.Random, k: int) -> list:
        return rng.choices(self.values, cum_weights=self.cum, k=k)


class _Keys:
    """Per-syllable cache of the textfold keys: names repeat, so each syllable is folded once."""

    def __init__(self):
        self.cache: dict[str, tuple[str, str]] = {}

    def of(self, syllable: str) -> tuple[str, str]:
        keys = self.cache.get(syllable)
        if keys is None:
            keys = self.cache[syllable] = (fold(syllable), exact_key(syllable))
        return keys


def _lower_first(text: str) -> str:
    """'Tỉnh Nghệ An' → 'tỉnh Nghệ An', as inside an address."""
    return text[:1].lower() + text[1:]


def _birth_years():
    # More members born 1960–1995 than at the edges; years 1945–2006.
    return _Pool([(year, 3 if 1960 <= year <= 1995 else 1) for year in range(1945, 2007)])


def _pick(rng: random.Random, seq):
    # Faster than rng.choice for the hot loop; same uniform distribution.
    return seq[int(rng.random() * len(seq))]


class PeopleGenerator:
    """Stream of person rows for the given provinces, deterministic for one seed.

    Each chunk draws from its own Random(seed, chunk index), so chunks can be generated in any
    order or in parallel processes and still give the same data.
    """

    def __init__(self, seed: int, provinces: list[Province], total: int):
        self.seed = seed
        self.total = total
        self.plan = [(first, min(CHUNK, total - first)) for first in range(0, total, CHUNK)]
        self.provinces = [p for p in provinces if p.people_unit_ids]
        self.province_pool = _Pool([(p, p.size) for p in self.provinces])
        self.surnames = _Pool(names.SURNAMES)
        self.middle = {MALE: _Pool(names.MIDDLE_MALE), FEMALE: _Pool(names.MIDDLE_FEMALE)}
        self.given = {MALE: _Pool(names.GIVEN_MALE), FEMALE: _Pool(names.GIVEN_FEMALE)}
        self.posts = _Pool(names.POSTS)
        self.years = _birth_years()
        self.keys = _Keys()
        self.all_codes = [row["cccd_code"] for row in former_provinces().values()]
        self.former_labels = {
            row["cccd_code"]: _lower_first(province_label(name, row["kind"] == "thành phố"))
            for name, row in former_provinces().items()
        }
        self.now = timezone.now()

    def _spell(self, rng, syllable: str) -> str:
        old = names.OLD_STYLE.get(syllable)
        return old if old and rng.random() < OLD_TONE_SHARE else syllable

    def _name(self, rng, surname: str, sex: str) -> list[str]:
        middle = self.middle[sex].sample(rng, 2 if rng.random() < TWO_MIDDLE_NAMES_SHARE else 1)
        if len(middle) == 2 and middle[0] == middle[1]:
            middle = middle[:1]
        given = self.given[sex].sample(rng, 1)[0]
        return [surname] + [self._spell(rng, m) for m in middle] + [self._spell(rng, given)]

    def _cccd(self, serials: Counter, chunk_index: int, code: str, sex: str, year: int) -> str:
        """Province code, sex/century digit, year, then a serial unique across all chunks."""
        century = 0 if year < 2000 else 2
        group = f"{code}{century + (1 if sex == FEMALE else 0)}{year % 100:02d}"
        serial = serials[group] * len(self.plan) + chunk_index
        serials[group] += 1
        if serial >= 1_000_000:
            raise ValueError("too many demo people in one CCCD group")
        # A multiplier coprime with 10^6 spreads the serials while keeping them distinct.
        return f"{group}{(serial * 7919 + 104_729) % 1_000_000:06d}"

    def _party(self, rng, year: int) -> tuple[str, str | None, str | None]:
        roll = rng.random()
        if year > 2008 or roll < 0.19:
            return QUAN_CHUNG, None, None
        if roll < 0.25:
            admitted = TODAY - timedelta(days=int(rng.random() * 340) + 20)
            return DU_BI, admitted.isoformat(), None
        start = date(year + 18, 1, 1)
        span = max(30, (TODAY - timedelta(days=400) - start).days)
        admitted = start + timedelta(days=int(rng.random() * span))
        official = admitted + timedelta(days=365 + int(rng.random() * 20))
        return CHINH_THUC, admitted.isoformat(), official.isoformat()

    def _place(self, rng, province: Province) -> tuple[str, str]:
        """(current place name, former place name) somewhere in ``province``."""
        commune = _pick(rng, province.commune_names)
        current = f"{commune}, {_lower_first(province.label)}"
        former = self.former_labels[_pick(rng, province.cccd_codes)]
        if former == _lower_first(province.label):
            return current, ""  # an unmerged province: the place kept its name
        return current, f"{_lower_first(commune)}, {former}"

    def chunk(self, chunk_index: int) -> tuple[list[tuple], Counter]:
        """Rows of chunk ``chunk_index`` in COLUMNS order, and the syllable counts of its names."""
        first, count = self.plan[chunk_index]
        rng = random.Random(f"{self.seed}-{chunk_index}")
        keys = self.keys
        syllables: Counter = Counter()
        serials: Counter = Counter()
        surnames = self.surnames.sample(rng, count)
        provinces = self.province_pool.sample(rng, count)
        posts = self.posts.sample(rng, count)
        years = self.years.sample(rng, count)
        rows = []
        for number, (surname, province, post, year) in enumerate(
            zip(surnames, provinces, posts, years, strict=True), start=first + 1
        ):
            sex = MALE if rng.random() < 0.52 else FEMALE
            words = self._name(rng, surname, sex)
            pairs = [keys.of(w) for w in words]
            folded = [p[0] for p in pairs]
            syllables.update(set(folded))
            if rng.random() < YEAR_ONLY_SHARE:
                day = month = None
            else:
                day, month = int(rng.random() * 28) + 1, int(rng.random() * 12) + 1
            born_elsewhere = rng.random() < BORN_ELSEWHERE_SHARE
            code = _pick(rng, self.all_codes if born_elsewhere else province.cccd_codes)
            cccd = self._cccd(serials, chunk_index, code, sex, year)
            status, admitted, official = self._party(rng, year)
            card = f"{province.index:02d}{number:07d}" if status == CHINH_THUC else ""
            hometown, hometown_former = self._place(rng, province)
            if born_elsewhere or rng.random() < 0.3:
                birthplace, birthplace_former = self._place(rng, _pick(rng, self.provinces))
            else:
                birthplace, birthplace_former = hometown, hometown_former
            roll = rng.random()
            level = (TOI_MAT if roll < TOP_SECRET_SHARE else
                     MAT if roll < TOP_SECRET_SHARE + SECRET_SHARE else THUONG)
            rows.append((
                " ".join(words), " ".join(folded)[:120], " ".join(sorted(folded))[:120],
                " ".join(p[1] for p in pairs)[:160], day, month, year, sex,
                encrypt_value(cccd), blind_index(cccd), card, hometown, hometown_former,
                birthplace, birthplace_former, status, admitted, official,
                _pick(rng, province.people_unit_ids), post, level, 1, self.now, self.now,
            ))
        return rows, syllables

    def stream(self, workers: int = 1) -> Iterator[tuple[list[tuple], Counter]]:
        """All chunks in order; with ``workers`` > 1, generated by forked worker processes."""
        if workers <= 1 or len(self.plan) < 3:
            for index in range(len(self.plan)):
                yield self.chunk(index)
            return
        global _WORKER_GENERATOR
        _WORKER_GENERATOR = self  # inherited by the forked workers, never pickled
        context = multiprocessing.get_context("fork")
        with context.Pool(workers) as pool:
            pending: deque = deque()
            for index in range(len(self.plan)):
                pending.append(pool.apply_async(_chunk_in_worker, (index,)))
                # A bounded window: at most a few chunks wait in memory at any time.
                if len(pending) >= workers + 1:
                    yield pending.popleft().get()
            while pending:
                yield pending.popleft().get()


_WORKER_GENERATOR: PeopleGenerator | None = None


def _chunk_in_worker(index: int):
    return _WORKER_GENERATOR.chunk(index)


def save_syllables(counts: Counter) -> None:
    """Add the loaded names' syllables to people.NameSyllable (as remember_syllables would)."""
    existing = set(NameSyllable.objects.filter(text__in=list(counts)).values_list("text", flat=True))
    for text in existing:
        NameSyllable.objects.filter(text=text).update(count=F("count") + counts[text])
    NameSyllable.objects.bulk_create(
        [NameSyllable(text=text, count=n) for text, n in counts.items() if text not in existing],
        batch_size=1000,
    )
