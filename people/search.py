"""People search as Vietnamese users type: by name (any spelling, order, one slip) or by CCCD.

Every query starts from ``Person.objects.visible_to(user)``: nothing outside the user's scope or
above their clearance is returned or counted. Results come in tiers, best first, each tier an
indexed lookup with a LIMIT (never a sort over a large set):

1. name_exact equal (same accents, same order; tone placement ignored)   mode "name"
2. name_folded equal (no accents, same order)                            mode "name"
3. name_sorted equal (any word order)                                    mode "name"
4. every typed syllable present as a whole syllable, any order           mode "partial"
5. name_folded starts with the query ("nguyen van h")                    mode "partial"
6. every syllable present, the last one as a prefix, any order           mode "partial"
7. one slipped letter corrected against the syllable dictionary          mode "corrected"

Tiers 1–3 and 5 use B-tree indexes on the folded keys; 4 and 6 the token index of migration
0002 (SQLite FTS5, PostgreSQL GIN over to_tsvector('simple', name_folded)); 7 looks up a few
corrected names exactly by name_sorted (STYLE.md: no whole-name trigram similarity at millions).
"""

import re
import string
from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.db import connection
from django.db.models import Case, IntegerField, Value, When

from core.cccd import blind_index, normalize_cccd
from core.textfold import exact_key, fold, nfc, sorted_key
from people.models import NameSyllable, Person

MODE_CCCD = "cccd"
MODE_NAME = "name"
MODE_PARTIAL = "partial"
MODE_CORRECTED = "corrected"
MODE_EMPTY = "empty"

MAX_LIMIT = 500
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
    return _by_name(visible, text, limit)


def _by_cccd(visible, text: str) -> list[Person]:
    """Exact lookup through the blind index; lost leading zeros are padded by normalize_cccd."""
    try:
        normalized = normalize_cccd(text)
    except ValidationError:
        return []
    return list(visible.filter(cccd_index=blind_index(normalized))[:1])


class _Tiers:
    """Collects people tier by tier until ``limit`` is reached, never twice the same person."""

    def __init__(self, visible, limit: int):
        self.visible = visible
        self.limit = limit
        self.people: list[Person] = []
        self.mode: str | None = None

    @property
    def full(self) -> bool:
        return len(self.people) >= self.limit

    def add(self, mode: str, queryset) -> int:
        """Append up to the remaining slots from ``queryset``; return how many were new."""
        if self.full:
            return 0
        if self.people:
            queryset = queryset.exclude(pk__in=[p.pk for p in self.people])
        found = list(queryset[: self.limit - len(self.people)])
        if found and self.mode is None:
            self.mode = mode
        self.people.extend(found)
        return len(found)


def _by_name(visible, text: str, limit: int) -> SearchResult:
    folded = fold(text)
    syllables = folded.split()
    tiers = _Tiers(visible, limit)
    tiers.add(MODE_NAME, visible.filter(name_folded=folded, name_exact=exact_key(text)).order_by("pk"))
    tiers.add(MODE_NAME, visible.filter(name_folded=folded).order_by("pk"))
    tiers.add(MODE_NAME, visible.filter(name_sorted=sorted_key(folded)).order_by("pk"))
    tiers.add(MODE_PARTIAL, _with_tokens(visible, syllables, last_is_prefix=False))
    tiers.add(MODE_PARTIAL, _with_prefix(visible, folded))
    tiers.add(MODE_PARTIAL, _with_tokens(visible, syllables, last_is_prefix=True))
    # Correction only when nothing at all matched: a slip is the likeliest reason then.
    corrected = _add_corrected(tiers, syllables) if not tiers.people else None
    return SearchResult(tiers.people, tiers.mode or MODE_NAME, corrected)


def _with_prefix(visible, folded: str):
    """Names starting with the typed text: one B-tree range, read in index order."""
    if connection.vendor == "sqlite":
        # SQLite's LIKE cannot use the (binary) index; a half-open range can.
        upper = folded[:-1] + chr(ord(folded[-1]) + 1)
        return visible.filter(name_folded__gte=folded, name_folded__lt=upper)
    # PostgreSQL: Django's varchar_pattern_ops index on name_folded serves LIKE 'x%' under any
    # collation (a >=/< range would follow the collation, which may ignore spaces).
    return visible.filter(name_folded__startswith=folded)


def _with_tokens(visible, syllables: list[str], *, last_is_prefix: bool):
    """Names holding every syllable (the last one possibly as a prefix), in any order."""
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
    if tiers.add(MODE_CORRECTED, _with_tokens(tiers.visible, candidates[0].split(),
                                              last_is_prefix=False)):
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
