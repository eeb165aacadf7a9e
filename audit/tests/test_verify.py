"""manage.py verify_audit: passes on an untouched chain, names the first broken event otherwise."""

import pytest
from django.core.management import call_command

from audit.models import AuditEvent
from audit.services import event_digest, record_read
from audit.verify import DELETED_OR_INSERTED, EDITED, REORDERED, TRUNCATED, verify_chain

CONTENT_FIELDS = [f.attname for f in AuditEvent._meta.concrete_fields if f.attname != "id"]


@pytest.fixture
def chain(world):
    """Ten events or more: the world's creations plus classified reads; ids in order."""
    for number in range(6):
        record_read(actor=world.officer_a, target=world.person_a_secret, reason=f"Đọc lần {number}")
    return list(AuditEvent.objects.order_by("id").values_list("id", flat=True))


def run_verify(capsys, *args):
    """Run the command; return (exit code, stdout, stderr)."""
    try:
        call_command("verify_audit", *args)
        code = 0
    except SystemExit as exit_:
        code = exit_.code
    out, err = capsys.readouterr()
    return code, out, err


def test_untouched_chain_passes(chain, capsys):
    code, out, _err = run_verify(capsys)
    assert code == 0
    assert f"Chuỗi nhật ký nguyên vẹn: {len(chain)} sự kiện" in out


def test_empty_chain_passes(db, capsys):
    code, out, _err = run_verify(capsys)
    assert (code, out.strip()) == (0, "Chuỗi nhật ký nguyên vẹn: 0 sự kiện")


def test_edited_row_is_named(chain, tampering, capsys):
    victim = chain[4]
    with tampering():
        AuditEvent.objects.filter(pk=victim).update(reason="Sửa lén")
    code, _out, err = run_verify(capsys)
    assert code == 1
    assert f"sự kiện #{victim} ({EDITED})" in err
    assert verify_chain().first_broken_id == victim


def test_deleted_row_breaks_the_chain_at_the_next_one(chain, tampering, capsys):
    with tampering():
        AuditEvent.objects.filter(pk=chain[4]).delete()
    code, _out, err = run_verify(capsys)
    assert code == 1
    assert f"sự kiện #{chain[5]} ({DELETED_OR_INSERTED})" in err
    assert f"#{chain[3]}" in err  # the last good event is named too


def test_deleting_the_first_rows_is_caught(chain, tampering):
    with tampering():
        AuditEvent.objects.filter(pk__in=chain[:2]).delete()
    result = verify_chain()
    assert (result.ok, result.first_broken_id, result.problem) == (
        False, chain[2], DELETED_OR_INSERTED)


def test_swapped_pair_is_named_at_the_first_of_the_two(chain, tampering, capsys):
    first, second = chain[4], chain[5]
    rows = {pk: AuditEvent.objects.filter(pk=pk).values(*CONTENT_FIELDS).get()
            for pk in (first, second)}
    with tampering():
        AuditEvent.objects.filter(pk=first).update(hash="x" * 64)  # free the unique hash
        AuditEvent.objects.filter(pk=second).update(**rows[first])
        AuditEvent.objects.filter(pk=first).update(**rows[second])
    code, _out, err = run_verify(capsys)
    assert code == 1
    assert f"sự kiện #{first} ({REORDERED})" in err


def test_edit_with_recomputed_hash_is_caught_at_the_next_row(chain, tampering):
    victim = AuditEvent.objects.get(pk=chain[4])
    victim.reason = "Sửa lén rồi tính lại mã"
    with tampering():
        AuditEvent.objects.filter(pk=victim.pk).update(reason=victim.reason,
                                                       hash=event_digest(victim))
    result = verify_chain()
    assert (result.first_broken_id, result.problem) == (chain[5], DELETED_OR_INSERTED)


def test_head_written_down_detects_a_truncated_tail(chain, tampering, capsys):
    code, out, _err = run_verify(capsys)
    head = AuditEvent.objects.get(pk=chain[-1]).hash
    assert code == 0 and head in out  # the command prints the head to write down
    with tampering():
        AuditEvent.objects.filter(pk__in=chain[-2:]).delete()
    assert run_verify(capsys)[0] == 0  # the rest is a valid chain: only the head can tell
    code, _out, err = run_verify(capsys, "--expect-head", head)
    assert code == 1
    assert f"({TRUNCATED})" in err and head in err


def test_head_written_down_still_passes_after_new_events(chain, world, capsys):
    head = AuditEvent.objects.get(pk=chain[-1]).hash
    record_read(actor=world.officer_a, target=world.person_a_secret, reason="Đọc thêm")
    code, out, _err = run_verify(capsys, "--expect-head", head)
    assert code == 0
    assert f"Chuỗi nhật ký nguyên vẹn: {len(chain) + 1} sự kiện" in out


def test_verify_streams_in_small_chunks(chain):
    result = verify_chain(chunk_size=3)
    assert (result.ok, result.checked) == (True, len(chain))
