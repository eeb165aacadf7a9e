"""People search as Vietnamese users type: by name (any spelling, order, one slip) or by CCCD.

Every query starts from ``Person.objects.visible_to(user)``: nothing outside the user's scope or
above their clearance is returned or counted. Results come in tiers, best first, each tier an
indexed lookup with a LIMIT (tiers 1–3 sort one name's namesakes, never a larger set):

1. name_exact equal (same accents, same order; tone placement ignored)   mode "name"
2. name_folded equal (no accents, same order)                            mode "name"
3. name_sorted equal (any word order)                                    mode "name"
4. every typed syllable present as a whole syllable, any order           mode "partial"
5. name_folded starts with the query ("nguyen van h")                    mode "partial"
6. every syllable present, the last one as a prefix, any order           mode "partial"
7. one slipped letter corrected against the syllable dictionary          mode "corrected"

Tiers 4 and 6 are skipped once tiers 1–3 found the name. Tiers 1–3 and 5 use B-tree indexes
on the folded keys; 4 and 6 the token index of migration 0002 (SQLite FTS5, PostgreSQL GIN over
to_tsvector('simple', name_folded)); 7 looks up a few corrected names exactly by name_sorted
(STYLE.md: no whole-name trigram similarity at millions). Small scopes (a ward) are ranked in
Python from the scope's own rows, by the same tiers.
"""

import re
import string
from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.db import connection
from django.db.models import Case, IntegerField, Value, When

from core.cccd import blind_index, normalize_cccd
from core.textfold import exact_key, fold, nfc, sorted_key
from orgs.models import OrgUnit
from people.models import NameSyllable, Person, units_hold_at_most

MODE_CCCD = "cccd"
MODE_NAME = "name"
MODE_PARTIAL = "partial"
MODE_CORRECTED = "corrected"
MODE_EMPTY = "empty"

MAX_LIMIT = 500
# Scopes of up to this many units (a province, not the whole country) are handed to the
# database as a list of unit ids, which lets it start from the org_unit index.
LISTED_SCOPE_UNITS = 2000
# Scopes of up to this many people (a ward) are ranked in Python (see _small_scope_rows).
SMALL_SCOPE_PEOPLE = 5000
# Correction: syllables longer than this are not Vietnamese; more candidates than this are noise.
MAX_SYLLABLE_LENGTH = 12
MAX_CORRECTIONS = 60
_ALPHABET = string.ascii_lowercase
_CCCD_SHAPE = re.compile(r"[\d\s.\-_]+")


@dataclass
class SearchResult:
    people: list[Person]
    mode: str
    corrected_query: str | None = None


def search_people(user, query: str, limit: int = 50) -> SearchResult:
    """Find people visible to ``user`` by name or CCCD, best matches first, at most ``limit``."""
    text = nfc(query)
    limit = max(0, min(limit, MAX_LIMIT))
    if not fold(text) or limit == 0:
        return SearchResult([], MODE_EMPTY)
    visible = Person.objects.visible_to(user).select_related("org_unit")
    if _CCCD_SHAPE.fullmatch(text) and any(ch.isdigit() for ch in text):
        return SearchResult(_by_cccd(visible, text), MODE_CCCD)
    return _by_name(user, visible, text, limit)


def _by_cccd(visible, text: str) -> list[Person]:
    """Exact lookup through the blind index; lost leading zeros are padded by normalize_cccd."""
    try:
        normalized = normalize_cccd(text)
    except ValidationError:
        return []
    return list(visible.filter(cccd_index=blind_index(normalized))[:1])


class _Tiers:
    """Collects people tier by tier until ``limit`` is reached, never twice the same person."""

    def __init__(self, visible, limit: int, units: list[int] | None = None):
        self.visible = visible
        self.limit = limit
        self.units = units
        self.people: list[Person] = []
        self.mode: str | None = None

    @property
    def full(self) -> bool:
        return len(self.people) >= self.limit

    def add(self, mode: str, queryset, *, in_name_order: bool = False) -> int:
        """Append up to the remaining slots from ``queryset``; return how many were new.

        ``in_name_order``: the rows are put in name order (then id) here. The prefix range is
        read through the name index, so its rows come in that order already; but PostgreSQL may
        scan a small table instead, and then the order was the heap's (an updated row last).
        """
        if self.full:
            return 0
        if self.people:
            queryset = queryset.exclude(pk__in=[p.pk for p in self.people])
        found = list(queryset[: self.limit - len(self.people)])
        if in_name_order:
            found.sort(key=lambda person: (person.name_folded, person.pk))
        if found and self.mode is None:
            self.mode = mode
        self.people.extend(found)
        return len(found)


@dataclass(frozen=True)
class _Query:
    """The typed name under its three keys."""

    folded: str
    exact: str
    sorted: str

    @classmethod
    def of(cls, text: str) -> "_Query":
        folded = fold(text)
        return cls(folded, exact_key(text), sorted_key(folded))

    @property
    def syllables(self) -> list[str]:
        return self.folded.split()


def _by_name(user, visible, text: str, limit: int) -> SearchResult:
    query = _Query.of(text)
    units = _scope_units(user)
    rows = _small_scope_rows(visible, units)
    if rows is not None:
        return _rank_rows(visible, rows, query, limit)
    tiers = _Tiers(visible, limit, units)
    whole = tiers.add(MODE_NAME, _whole_names(visible, query))
    # Once the whole name matched, only longer names typed so far follow (the cheap prefix
    # range): names merely containing the syllables somewhere are noise then.
    if not whole:
        tiers.add(MODE_PARTIAL, _with_tokens(visible, query.syllables, False, units))
    tiers.add(MODE_PARTIAL, _with_prefix(visible, query.folded), in_name_order=True)
    if not whole:
        tiers.add(MODE_PARTIAL, _with_tokens(visible, query.syllables, True, units))
    # Correction only when nothing at all matched: a slip is the likeliest reason then.
    corrected = _add_corrected(tiers, query.syllables) if not tiers.people else None
    return SearchResult(tiers.people, tiers.mode or MODE_NAME, corrected)


# --- Small scopes (a ward, a cell): rank the scope's few names in Python -------------------
# An index on the name cannot know the scope: for a ward officer typing "nguyen" it would walk
# 380,000 Nguyễn to find the ward's hundred. Below these sizes the scope itself is read instead
# (its org units through the org_unit index), which costs a few milliseconds.


def _scope_units(user) -> list[int] | None:
    """Ids of the units in the user's scope, None when there are too many to list."""
    units = list(OrgUnit.objects.visible_to(user).values_list("pk", flat=True)[: LISTED_SCOPE_UNITS + 1])
    return units if len(units) <= LISTED_SCOPE_UNITS else None


def _small_scope_rows(visible, units: list[int] | None) -> list[tuple] | None:
    """(pk, folded, sorted, exact) of every visible person when the scope is small, else None."""
    if units is None:
        return None
    # Size check on the org_unit index alone (no row is read, nothing is returned), remembered.
    if not units_hold_at_most(units, SMALL_SCOPE_PEOPLE):
        return None
    # The unit list only narrows visible_to (the same subtree).
    return list(visible.filter(org_unit_id__in=units).values_list(
        "pk", "name_folded", "name_sorted", "name_exact"))


def _tier_of(query: _Query, folded: str, sorted_: str, exact: str) -> int | None:
    """The row's tier (0 best, as in the module docstring), None when it does not match."""
    if folded == query.folded:
        return 0 if exact == query.exact else 1
    if sorted_ == query.sorted:
        return 2
    wanted, have = query.syllables, set(folded.split())
    if set(wanted) <= have:
        return 3
    if folded.startswith(query.folded):
        return 4
    if set(wanted[:-1]) <= have and any(s.startswith(wanted[-1]) for s in have):
        return 5
    return None


def _rank_rows(visible, rows: list[tuple], query: _Query, limit: int) -> SearchResult:
    ranked = []
    for pk, folded, sorted_, exact in rows:
        tier = _tier_of(query, folded, sorted_, exact)
        if tier is not None:
            # Like the index path: prefix matches in name order, the others by pk.
            ranked.append((tier, folded if tier == 4 else "", pk))
    if any(tier <= 2 for tier, *_ in ranked):
        ranked = [row for row in ranked if row[0] not in (3, 5)]
    corrected = None
    if ranked:
        mode = MODE_NAME if min(ranked)[0] <= 2 else MODE_PARTIAL
    else:
        corrected, ranked = _corrected_rows(rows, query)
        mode = MODE_CORRECTED if ranked else MODE_NAME
    pks = [pk for *_, pk in sorted(ranked)[:limit]]
    found = visible.in_bulk(pks)
    return SearchResult([found[pk] for pk in pks if pk in found], mode, corrected)


def _corrected_rows(rows: list[tuple], query: _Query) -> tuple[str | None, list[tuple]]:
    """Rows matching the likeliest one-slip correction, as in the index path."""
    candidates = _corrections(query.syllables)
    if not candidates:
        return None, []
    rank = {}
    for i, candidate in enumerate(candidates):
        rank.setdefault(sorted_key(candidate), i)
    ranked = [(rank[s], "", pk) for pk, _, s, _ in rows if s in rank]
    if ranked:
        best = min(ranked)[0]
        return candidates[best], ranked
    wanted = set(candidates[0].split())
    ranked = [(0, "", pk) for pk, folded, _, _ in rows if wanted <= set(folded.split())]
    return (candidates[0] if ranked else None), ranked


def _whole_names(visible, query: _Query):
    """Tiers 1–3 in one pass over the name_sorted index: the set is one name's namesakes."""
    rank = Case(
        When(name_folded=query.folded, name_exact=query.exact, then=Value(0)),
        When(name_folded=query.folded, then=Value(1)),
        default=Value(2), output_field=IntegerField(),
    )
    return visible.filter(name_sorted=query.sorted).order_by(rank, "pk")


def _with_prefix(visible, folded: str):
    """Names starting with the typed text: one B-tree range, read in index order."""
    if connection.vendor == "sqlite":
        # SQLite's LIKE cannot use the (binary) index; a half-open range can.
        upper = folded[:-1] + chr(ord(folded[-1]) + 1)
        return visible.filter(name_folded__gte=folded, name_folded__lt=upper)
    # PostgreSQL: Django's varchar_pattern_ops index on name_folded serves LIKE 'x%' under any
    # collation (a >=/< range would follow the collation, which may ignore spaces).
    return visible.filter(name_folded__startswith=folded)


def _with_tokens(visible, syllables: list[str], last_is_prefix: bool, units: list[int] | None):
    """Names holding every syllable (the last one possibly as a prefix), in any order."""
    if connection.vendor == "postgresql" and units is not None:
        return _with_tokens_in_units(visible, syllables, last_is_prefix, units)
    if connection.vendor == "sqlite":
        match = " ".join(f'"{s}"' for s in syllables) + ("*" if last_is_prefix else "")
        # Joining the FTS5 table (not `id IN (subquery)`) lets SQLite stream the matches and
        # stop at the LIMIT instead of materialising every rowid of a common syllable.
        return visible.extra(
            tables=["people_person_fts"],
            where=["people_person_fts.rowid = people_person.id", "people_person_fts MATCH %s"],
            params=[match],
        )
    if connection.vendor == "postgresql":
        terms = [f"'{s}'" for s in syllables]
        if last_is_prefix:
            terms[-1] += ":*"
        return visible.extra(
            where=["to_tsvector('simple'::regconfig, people_person.name_folded)"
                   " @@ to_tsquery('simple'::regconfig, %s)"],
            params=[" & ".join(terms)],
        )
    return visible.none()


def _with_tokens_in_units(visible, syllables: list[str], last_is_prefix: bool, units: list[int]):
    """The GIN match for a listed scope on PostgreSQL, with the unit list as a constant.

    Joined to the scope's units only, the planner re-runs the GIN scan once per unit (a common
    syllable's posting list each time: 300 ms for "van hung" in a province); with the list as a
    constant it ANDs one GIN bitmap with one org_unit bitmap instead.
    """
    return _with_tokens(visible, syllables, last_is_prefix, None).filter(org_unit_id__in=units)


def _add_corrected(tiers: _Tiers, syllables: list[str]) -> str | None:
    """Try names one slipped letter away; return the corrected query when people were found."""
    candidates = _corrections(syllables)
    if not candidates:
        return None
    rank = {sorted_key(c): i for i, c in reversed(list(enumerate(candidates)))}
    ordering = Case(*[When(name_sorted=k, then=Value(i)) for k, i in rank.items()],
                    output_field=IntegerField())
    queryset = tiers.visible.filter(name_sorted__in=list(rank)).order_by(ordering, "pk")
    start = len(tiers.people)
    if tiers.add(MODE_CORRECTED, queryset):
        key = tiers.people[start].name_sorted
        return next(c for c in candidates if sorted_key(c) == key)
    # A partial query ("hyu", "van hyu") rarely is a whole name: look its syllables up instead.
    if tiers.add(MODE_CORRECTED, _with_tokens(tiers.visible, candidates[0].split(), False,
                                              tiers.units)):
        return candidates[0]
    return None


def _corrections(syllables: list[str]) -> list[str]:
    """Queries one Damerau edit away in one syllable, found in the dictionary, likeliest first."""
    if not syllables or any(len(s) > MAX_SYLLABLE_LENGTH for s in syllables):
        return []
    edits = [_edits1(s) for s in syllables]
    wanted = set(syllables).union(*edits)
    counts = dict(NameSyllable.objects.filter(text__in=wanted).values_list("text", "count"))
    unknown = [i for i, s in enumerate(syllables) if s not in counts]
    if len(unknown) > 1:
        return []  # two unknown syllables are more than one slip
    positions = unknown or range(len(syllables))
    scored = []
    for i in positions:
        for text in edits[i] & counts.keys():
            scored.append((-counts[text], " ".join([*syllables[:i], text, *syllables[i + 1:]])))
    return [query for _, query in sorted(scored)[:MAX_CORRECTIONS]]


def _edits1(word: str) -> set[str]:
    """Every string one deletion, transposition, substitution or insertion away from ``word``."""
    splits = [(word[:i], word[i:]) for i in range(len(word) + 1)]
    deletes = {a + b[1:] for a, b in splits if b}
    transposes = {a + b[1] + b[0] + b[2:] for a, b in splits if len(b) > 1}
    replaces = {a + c + b[1:] for a, b in splits if b for c in _ALPHABET}
    inserts = {a + c + b for a, b in splits for c in _ALPHABET}
    return (deletes | transposes | replaces | inserts) - {word, ""}
