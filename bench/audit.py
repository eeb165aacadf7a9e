"""Audit overhead per request: the same person page read with and without an audit write
(a Mật record logs a READ event; a Thường one does not), through Django's test client, against
the bare audit write and a raw primary-key SELECT in the same run.

Usage: bench/audit.py --engine sqlite|postgres [--runs 3] [--requests 200]
"""

from common import (
    bench_user,
    ensure_loaded,
    median,
    parse_args,
    print_table,
    setup_django,
    timed,
)


def _client_for(user, secret_id: int):
    from django.test import Client

    from core.need_to_know import SESSION_KEY

    client = Client()
    client.force_login(user)
    session = client.session
    session[SESSION_KEY] = {f"people.person:{secret_id}": "Đo hiệu năng (bench)"}
    session.save()
    return client


def main() -> None:
    args = parse_args(__doc__, lambda p: p.add_argument("--requests", type=int, default=200))
    setup_django(args.engine)
    ensure_loaded(args.people)
    from django.db import connection
    from django.urls import reverse

    from audit.choices import AuditAction
    from audit.models import AuditEvent
    from audit.services import record_event
    from people.models import Person

    user = bench_user("OFFICER", "Hà Nội", 1)
    visible = Person.objects.visible_to(user)
    plain = visible.filter(classification=0).order_by("id").first()
    secret = visible.filter(classification=1).order_by("id").first()
    client = _client_for(user, secret.pk)
    urls = {"plain": reverse("people:detail", args=[plain.pk]),
            "secret": reverse("people:detail", args=[secret.pk])}
    for url in urls.values():  # warm-up, and check the pages answer 200
        assert client.get(url).status_code == 200, url
    before = AuditEvent.objects.count()
    results = {key: [] for key in ("plain", "secret", "record_event", "raw_select")}
    for _ in range(args.runs):
        samples = {key: [] for key in results}
        for _ in range(args.requests):
            samples["plain"].append(timed(client.get, urls["plain"])[0])
            samples["secret"].append(timed(client.get, urls["secret"])[0])
            samples["record_event"].append(timed(
                record_event, actor=user, action=AuditAction.READ, target=secret,
                reason="Đo hiệu năng (bench)")[0])
            with connection.cursor() as cursor:
                samples["raw_select"].append(timed(
                    cursor.execute, "SELECT * FROM people_person WHERE id = %s", [secret.pk])[0])
        for key, values in samples.items():
            results[key].append(median(values))
    written = AuditEvent.objects.count() - before
    stats = {key: median(values) for key, values in results.items()}
    print_table(
        f"Audit overhead per request ({args.engine}, {Person.objects.count():,} people; ms, "
        f"median of {args.runs} runs × {args.requests} requests; {written:,} events written)",
        ["measure", "ms"],
        [["trang hồ sơ Thường (không ghi nhật ký)", stats["plain"]],
         ["trang hồ sơ Mật (ghi 1 sự kiện READ)", stats["secret"]],
         ["chênh lệch = chi phí ghi nhật ký / yêu cầu", stats["secret"] - stats["plain"]],
         ["record_event() riêng", stats["record_event"]],
         ["SELECT theo khóa chính (engine thô)", stats["raw_select"]]],
    )


if __name__ == "__main__":
    main()
