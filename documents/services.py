"""The only writers of documents: numbering, attachments (encrypted), registers, links.

Each change is checked (role, scope, clearance) and audited in the same transaction.
"""

import errno

from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import F, Sum
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.choices import WRITER_ROLES
from audit.choices import AuditAction
from audit.services import record_event
from core.errors import EditConflict, NotAllowed
from documents import sniffing, storage
from documents.choices import APPROVED_KINDS, REMOVING_KINDS, Direction, RegisterKind
from documents.models import (
    Attachment,
    Document,
    DocumentLink,
    NumberSequence,
    SecretRegisterEntry,
)
from orgs.models import OrgUnit

# Fields copied from validated data onto the model.
FIELDS = ["org_unit", "direction", "doc_type", "issuer_code", "place", "issued_on", "subject",
          "signer", "recipients", "classification", "urgency", "copies", "protect_until"]
# Fields an edit may change: the number, type, issuer, unit and direction make the identity.
EDITABLE = ["place", "issued_on", "subject", "signer", "recipients", "classification",
            "urgency", "copies", "protect_until"]


def snapshot(document: Document) -> dict:
    values = {name: getattr(document, name) for name in EDITABLE}
    values.update(number=document.number, year=document.year, issuer_code=document.issuer_code,
                  doc_type=document.doc_type.code, direction=document.direction,
                  org_unit_id=document.org_unit_id)
    return values


def check_can_write(actor, unit: OrgUnit, classification: int) -> None:
    """Writers only, inside their scope and clearance (NotAllowed otherwise)."""
    if actor.role not in WRITER_ROLES:
        raise NotAllowed("role")
    if not OrgUnit.objects.visible_to(actor).filter(pk=unit.pk).exists():
        raise NotAllowed("scope")
    if classification > actor.clearance:
        raise NotAllowed("clearance")


def next_number(*, org_unit, issuer_code: str, doc_type, year: int) -> int:
    """The next number of (unit, issuer, type, year): the counter row is locked until commit."""
    key = {"org_unit": org_unit, "issuer_code": issuer_code, "doc_type": doc_type, "year": year}
    # Create the counter if missing without racing: a concurrent insert is simply ignored.
    NumberSequence.objects.bulk_create([NumberSequence(**key)], ignore_conflicts=True)
    sequence = NumberSequence.objects.select_for_update().get(**key)
    own = (Document.objects.exclude(direction=Direction.IN)
           .filter(**key).order_by("-number").values_list("number", flat=True).first() or 0)
    sequence.last = max(sequence.last, own) + 1
    sequence.save(update_fields=["last"])
    return sequence.last


@transaction.atomic
def do_create_document(*, actor, data: dict, reason: str = "") -> Document:
    """Register a document; an own one (out, internal) gets the next number of its series."""
    check_can_write(actor, data["org_unit"], data.get("classification", 0))
    document = Document(**{name: data[name] for name in FIELDS if name in data}, created_by=actor)
    document.issuer_code = document.issuer_code.strip().upper()
    document.year = document.issued_on.year
    if document.direction == Direction.IN:
        document.number = data["number"]
        if Document.objects.filter(org_unit=document.org_unit, direction=Direction.IN,
                                   issuer_code=document.issuer_code, doc_type=document.doc_type,
                                   year=document.year, number=document.number).exists():
            raise ValidationError({"number": [_(
                "Văn bản đến %(n)s đã được vào sổ của đơn vị này.")
                % {"n": document.number_display}]})
    else:
        document.number = next_number(org_unit=document.org_unit, issuer_code=document.issuer_code,
                                      doc_type=document.doc_type, year=document.year)
    document.save()
    record_event(actor=actor, action=AuditAction.CREATE, target=document, reason=reason,
                 after=snapshot(document))
    return document


@transaction.atomic
def do_update_document(*, actor, document: Document, data: dict, expected_version: int,
                       reason: str = "") -> Document:
    """Save changes unless someone saved since ``expected_version`` was read (EditConflict)."""
    check_can_write(actor, document.org_unit, document.classification)
    check_can_write(actor, document.org_unit, data.get("classification", document.classification))
    before = snapshot(document)
    values = {name: data[name] for name in EDITABLE if name in data}
    # Compare-and-set on the version: the second of two editors updates zero rows.
    updated = Document.objects.filter(pk=document.pk, version=expected_version).update(
        version=F("version") + 1, updated_at=timezone.now(), **values)
    if not updated:
        raise EditConflict()
    document.refresh_from_db()
    record_event(actor=actor, action=AuditAction.UPDATE, target=document, reason=reason,
                 before=before, after=snapshot(document))
    return document


# --- attachments --------------------------------------------------------------------------------


def do_attach_file(*, actor, document: Document, upload, name: str = "",
                   reason: str = "") -> Attachment:
    """Check the file by content and size, store it encrypted, then record it (audited).

    Nothing stays behind on refusal or failure: no row and no file.
    """
    check_can_write(actor, document.org_unit, document.classification)
    size = getattr(upload, "size", None)
    if size is not None and size > storage.max_bytes():
        raise storage.too_large_error()
    kind = sniffing.detect(upload)
    try:
        stored = storage.store_encrypted(upload)  # removes its partial file on any failure
    except OSError as exc:
        if exc.errno in (errno.ENOSPC, errno.EDQUOT):
            raise ValidationError(_(
                "Ổ đĩa lưu tệp đã đầy: tệp chưa được lưu. Hãy báo quản trị hệ thống giải phóng "
                "dung lượng rồi gửi lại tệp."), code="disk_full") from exc
        raise
    try:
        with transaction.atomic():
            attachment = Attachment.objects.create(
                document=document, original_name=_clean_name(name or getattr(upload, "name", "")),
                content_type=kind.mime, extension=kind.extension, size=stored.size,
                sha256=stored.sha256, storage_key=stored.storage_key,
                wrapped_key=stored.wrapped_key, key_id=stored.key_id, uploaded_by=actor)
            record_event(actor=actor, action=AuditAction.CREATE, target=attachment,
                         target_repr=f"{document.number_display}: {attachment.original_name}"[:255],
                         reason=reason, after={"document": document.pk, "name": attachment.original_name,
                                               "type": kind.mime, "size": stored.size,
                                               "sha256": stored.sha256})
            transaction.on_commit(lambda: storage.promote(stored.storage_key))
    except BaseException:
        storage.discard(stored.storage_key)
        raise
    return attachment


def _clean_name(name: str) -> str:
    """The file's own name, without folders or control characters."""
    name = name.replace("\\", "/").rsplit("/", 1)[-1]
    name = "".join(ch for ch in name if ch.isprintable()).strip()
    return name[:255] or "tep-dinh-kem"


def record_download(*, actor, attachment: Attachment, reason: str, watermarked: bool):
    """Log a download: who, why, which file (its hash), whether it carried a watermark."""
    return record_event(
        actor=actor, action=AuditAction.EXPORT, target=attachment,
        target_repr=f"{attachment.document.number_display}: {attachment.original_name}"[:255],
        reason=reason,
        after={"document": attachment.document_id, "sha256": attachment.sha256,
               "reader": actor.display_name, "watermarked": watermarked})


# --- secret-document registers ------------------------------------------------------------------


def copies_held(document: Document) -> int:
    """Copies the unit holds: the document's own plus received and copied, minus sent and destroyed."""
    totals = dict(SecretRegisterEntry.objects.filter(document=document).values("kind")
                  .annotate(n=Sum("count")).values_list("kind", "n"))
    added = totals.get(RegisterKind.IN, 0) + totals.get(RegisterKind.COPY, 0)
    removed = totals.get(RegisterKind.OUT, 0) + totals.get(RegisterKind.DESTROY, 0)
    return document.copies + added - removed


@transaction.atomic
def do_record_register_entry(*, actor, document: Document, data: dict) -> SecretRegisterEntry:
    """A line in a secret-document register, checked against the copies held."""
    check_can_write(actor, document.org_unit, document.classification)
    # Lock the document: two entries at once cannot both spend the same copies.
    document = Document.objects.select_for_update().get(pk=document.pk)
    kind, count, approver = data["kind"], data["count"], data.get("approver")
    errors: dict[str, list] = {}
    if not document.classification:
        errors["kind"] = [_("Văn bản này không có độ mật: sổ quản lý văn bản mật chỉ ghi văn "
                            "bản có độ mật.")]
    held = copies_held(document)
    if kind in REMOVING_KINDS and count > held:
        errors["count"] = [_("Chỉ còn %(held)d bản đang quản lý: không thể gửi đi hoặc tiêu hủy "
                             "%(n)d bản.") % {"held": held, "n": count}]
    if kind == RegisterKind.COPY and held < 1:
        errors["count"] = [_("Không còn bản nào đang quản lý để sao, chụp.")]
    if kind in APPROVED_KINDS and approver is None:
        errors["approver"] = [_("Sao, chụp hoặc tiêu hủy tài liệu mật phải có người duyệt.")]
    if kind == RegisterKind.DESTROY and approver is not None and approver.pk == actor.pk:
        errors["approver"] = [_("Người duyệt tiêu hủy phải là người khác với người ghi sổ.")]
    if errors:
        raise ValidationError(errors)
    entry = SecretRegisterEntry.objects.create(
        document=document, kind=kind, on=data["on"], counterpart=data.get("counterpart", ""),
        count=count, approver=approver, note=data.get("note", ""), recorded_by=actor)
    record_event(actor=actor, action=AuditAction.CREATE, target=entry,
                 target_repr=f"{document.number_display}: {entry}"[:255],
                 after={"document": document.pk, "kind": kind, "on": entry.on, "count": count,
                        "approver": approver.pk if approver else None,
                        "held_after": copies_held(document)})
    return entry


# --- links from other records -------------------------------------------------------------------


@transaction.atomic
def do_link_document(*, actor, document: Document, target) -> DocumentLink:
    """Attach ``document`` to another record the actor may see (a case, an inspection, …)."""
    check_can_write(actor, document.org_unit, document.classification)
    manager = type(target).objects
    if hasattr(manager, "visible_to") and not manager.visible_to(actor).filter(pk=target.pk).exists():
        raise NotAllowed("scope")
    link, created = DocumentLink.objects.get_or_create(
        document=document, content_type=ContentType.objects.get_for_model(target),
        object_id=str(target.pk), defaults={"created_by": actor})
    if created:
        record_event(actor=actor, action=AuditAction.CREATE, target=link,
                     after={"document": document.pk, "target": target._meta.label_lower,
                            "target_id": str(target.pk)})
    return link


def documents_of(user, target):
    """The documents linked to ``target`` that ``user`` may see."""
    return Document.objects.visible_to(user).filter(
        links__content_type=ContentType.objects.get_for_model(target),
        links__object_id=str(target.pk)).select_related("doc_type")
