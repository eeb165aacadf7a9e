"""Name search at scale: p50/p95 of people.search.search_people over a realistic query mix,
against a raw indexed SQL lookup of the same keys in the same run.

Builds the 1 M bench database if missing (bench/load.py rebuilds it).
Usage: bench/search.py --engine sqlite|postgres [--people 1000000] [--runs 3] [--per-kind 50]
"""

import random

from common import (
    bench_user,
    ensure_loaded,
    median,
    parse_args,
    percentile,
    print_table,
    setup_django,
    timed,
)

KINDS = [
    ("folded", "họ tên không dấu"),
    ("any_order", "không dấu, đảo thứ tự"),
    ("accented", "có dấu"),
    ("cccd", "CCCD"),
    ("one_slip", "gõ sai một chữ"),
    ("partial", "một phần (họ + đầu tên)"),
]


def _slip(word: str, rng: random.Random) -> str:
    position = rng.randrange(len(word))
    letter = rng.choice([c for c in "abcdeghiklmnopqrstuvxy" if c != word[position]])
    return word[:position] + letter + word[position + 1:]


def build_queries(per_kind: int, rng: random.Random) -> list[tuple[str, str]]:
    """(kind, query) pairs drawn from random people of the database."""
    from django.db.models import Max

    from core.cccd import decrypt_value
    from people.models import Person

    top = Person.objects.aggregate(Max("id"))["id__max"]
    ids = rng.sample(range(1, top + 1), per_kind * 3)
    people = list(Person.objects.filter(id__in=ids)[:per_kind])
    queries = []
    for person in people:
        words = person.name_folded.split()
        longest = max(range(len(words)), key=lambda i: len(words[i]))
        slipped = list(words)
        slipped[longest] = _slip(words[longest], rng)
        queries += [
            ("folded", person.name_folded),
            ("any_order", " ".join(reversed(words))),
            ("accented", person.full_name),
            ("cccd", decrypt_value(person.cccd_encrypted)),
            ("one_slip", " ".join(slipped)),
            ("partial", f"{words[0]} {words[-1][:2]}"),
        ]
    return queries


def raw_lookup(query_kind: str, query: str):
    """The engine alone: one indexed equality lookup of the stored key, LIMIT 50."""
    from django.db import connection

    from core.cccd import blind_index
    from core.textfold import fold, sorted_key

    column, value = {
        "cccd": ("cccd_index", blind_index(query)),
        "any_order": ("name_sorted", sorted_key(query)),
    }.get(query_kind, ("name_folded", fold(query)))
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT id, full_name FROM people_person WHERE {column} = %s LIMIT 50",
                       [value])
        return cursor.fetchall()


def measure(user, queries, runs: int):
    """Per kind: median over runs of p50 and p95 (ms), for search_people and the raw lookup."""
    from people.search import search_people

    for _kind, query in queries:  # warm-up: caches, prepared statements, page cache
        search_people(user, query)
    per_run = {kind: {"p50": [], "p95": [], "raw50": [], "raw95": []} for kind, _ in KINDS}
    per_run["all"] = {"p50": [], "p95": [], "raw50": [], "raw95": []}
    for _ in range(runs):
        times: dict[str, list[float]] = {}
        raws: dict[str, list[float]] = {}
        for kind, query in queries:
            ms, _result = timed(search_people, user, query)
            raw_ms, _rows = timed(raw_lookup, kind, query)
            for key in (kind, "all"):
                times.setdefault(key, []).append(ms)
                raws.setdefault(key, []).append(raw_ms)
        for key, values in times.items():
            per_run[key]["p50"].append(percentile(values, 0.5))
            per_run[key]["p95"].append(percentile(values, 0.95))
            per_run[key]["raw50"].append(percentile(raws[key], 0.5))
            per_run[key]["raw95"].append(percentile(raws[key], 0.95))
    return {key: {k: median(v) for k, v in stats.items()} for key, stats in per_run.items()}


def main() -> None:
    args = parse_args(__doc__, lambda p: p.add_argument("--per-kind", type=int, default=50))
    setup_django(args.engine)
    ensure_loaded(args.people)
    from people.models import Person

    rng = random.Random(2026)
    queries = build_queries(args.per_kind, rng)
    rng.shuffle(queries)
    total = Person.objects.count()
    labels = dict(KINDS) | {"all": "tất cả"}
    for title, user in [
        ("quản trị toàn quốc", bench_user("ADMIN", None, 3)),
        ("cán bộ Hà Nội (Mật)", bench_user("OFFICER", "Hà Nội", 1)),
    ]:
        stats = measure(user, queries, args.runs)
        print_table(
            f"search_people, {args.engine}, {total:,} people, {title}: ms, median of "
            f"{args.runs} runs × {len(queries)} queries",
            ["query kind", "p50", "p95", "raw SQL p50", "raw SQL p95"],
            [[labels[key], s["p50"], s["p95"], s["raw50"], s["raw95"]] for key, s in stats.items()],
        )


if __name__ == "__main__":
    main()
