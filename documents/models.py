"""Official documents (văn bản), their encrypted attachments, the secret-document registers and
links from other records. No opinion or "risk" field: a document is what it says it is."""

from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from core.access import ScopedQuerySet
from core.choices import Classification
from documents.choices import Direction, RegisterKind, Urgency


class DocumentTypeQuerySet(models.QuerySet):
    def in_force(self, on):
        """Types usable on ``on`` (the list may change with the regulations)."""
        return self.filter(Q(valid_from__isnull=True) | Q(valid_from__lte=on),
                           Q(valid_to__isnull=True) | Q(valid_to__gte=on))


class DocumentType(models.Model):
    """Loại văn bản (NQ, QĐ, KL, …): data seeded by a migration, editable in the admin."""

    code = models.CharField(_("ký hiệu"), max_length=10, unique=True)
    name = models.CharField(_("tên loại"), max_length=100)
    valid_from = models.DateField(_("áp dụng từ"), null=True, blank=True)
    valid_to = models.DateField(_("áp dụng đến"), null=True, blank=True)

    objects = DocumentTypeQuerySet.as_manager()

    class Meta:
        ordering = ["code"]
        verbose_name = _("loại văn bản")
        verbose_name_plural = _("loại văn bản")

    def __str__(self) -> str:
        return f"{self.code} — {self.name}"


class Document(models.Model):
    org_unit = models.ForeignKey("orgs.OrgUnit", verbose_name=_("đơn vị quản lý"),
                                 on_delete=models.PROTECT, related_name="documents")
    direction = models.CharField(_("loại sổ"), max_length=10, choices=Direction.choices,
                                 default=Direction.OUT)
    doc_type = models.ForeignKey(DocumentType, verbose_name=_("loại văn bản"),
                                 on_delete=models.PROTECT, related_name="documents")
    number = models.PositiveIntegerField(_("số"))
    # The numbering year: party numbers restart each year (and each term) per issuer and type.
    year = models.PositiveSmallIntegerField(_("năm"), editable=False)
    issuer_code = models.CharField(_("ký hiệu cơ quan ban hành"), max_length=30,
                                   help_text=_("Ví dụ BTCTU, TU, BTCTW"))
    place = models.CharField(_("địa danh"), max_length=60, blank=True)
    issued_on = models.DateField(_("ngày ban hành"))
    subject = models.CharField(_("trích yếu"), max_length=500)
    signer = models.CharField(_("người ký"), max_length=120, blank=True)
    recipients = models.TextField(_("nơi nhận"), blank=True)
    classification = models.PositiveSmallIntegerField(
        _("độ mật"), choices=Classification.choices, default=Classification.THUONG)
    urgency = models.CharField(_("độ khẩn"), max_length=12, choices=Urgency.choices,
                               default=Urgency.THUONG)
    copies = models.PositiveSmallIntegerField(_("số bản"), default=1)
    protect_until = models.DateField(_("thời hạn bảo vệ bí mật"), null=True, blank=True)
    # Empty for documents loaded in bulk (imports, demo data) rather than typed by a user.
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True,
                                   related_name="+", editable=False)
    # Optimistic locking: a save carries the version it read; a stale one is a conflict.
    version = models.PositiveIntegerField(default=1, editable=False)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    objects = ScopedQuerySet.as_manager()

    class Meta:
        verbose_name = _("văn bản")
        verbose_name_plural = _("văn bản")
        constraints = [
            # The unit's own numbers (sent and internal documents) never repeat within a year.
            models.UniqueConstraint(
                fields=["org_unit", "issuer_code", "doc_type", "year", "number"],
                condition=~Q(direction="IN"), name="document_own_number_unique"),
            # A received document is registered once per receiving unit.
            models.UniqueConstraint(
                fields=["org_unit", "issuer_code", "doc_type", "year", "number"],
                condition=Q(direction="IN"), name="document_in_number_unique"),
        ]
        indexes = [models.Index(fields=["org_unit", "classification"], name="document_unit_class"),
                   models.Index(fields=["year", "doc_type"], name="document_year_type")]

    def __str__(self) -> str:
        return f"{self.number_display} — {self.subject}"[:255]

    @property
    def number_display(self) -> str:
        """The party-style number, e.g. "Số 12-BC/BTCTU"."""
        return f"Số {self.number}-{self.doc_type.code}/{self.issuer_code}"


class NumberSequence(models.Model):
    """Last number given per (unit, issuer, type, year): the row is locked while numbering."""

    org_unit = models.ForeignKey("orgs.OrgUnit", on_delete=models.CASCADE, related_name="+")
    issuer_code = models.CharField(max_length=30)
    doc_type = models.ForeignKey(DocumentType, on_delete=models.CASCADE, related_name="+")
    year = models.PositiveSmallIntegerField()
    last = models.PositiveIntegerField(default=0)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["org_unit", "issuer_code", "doc_type", "year"],
                                               name="number_sequence_unique")]

    def __str__(self) -> str:
        return f"{self.issuer_code} {self.year}: {self.last}"


class AttachmentQuerySet(ScopedQuerySet):
    scope_path_field = "document__org_unit__path"
    scope_unit_field = "document__org_unit"
    classification_field = "document__classification"


class Attachment(models.Model):
    """One encrypted file of a document. The plaintext never touches the disk (see storage)."""

    document = models.ForeignKey(Document, on_delete=models.PROTECT, related_name="attachments")
    original_name = models.CharField(_("tên tệp"), max_length=255)
    content_type = models.CharField(_("kiểu tệp"), max_length=100)
    extension = models.CharField(max_length=10)
    size = models.PositiveBigIntegerField(_("dung lượng"))
    sha256 = models.CharField(_("mã băm SHA-256"), max_length=64)
    storage_key = models.CharField(max_length=64, unique=True, editable=False)
    # The file's own key, wrapped (encrypted) with the master key named by key_id.
    wrapped_key = models.CharField(max_length=200, editable=False)
    key_id = models.CharField(max_length=16, editable=False)
    uploaded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT,
                                    null=True, related_name="+", editable=False)
    uploaded_at = models.DateTimeField(auto_now_add=True)

    objects = AttachmentQuerySet.as_manager()

    class Meta:
        verbose_name = _("tệp đính kèm")
        verbose_name_plural = _("tệp đính kèm")

    def __str__(self) -> str:
        return self.original_name

    @property
    def org_unit(self):
        return self.document.org_unit

    @property
    def classification(self) -> int:
        return self.document.classification


class RegisterEntryQuerySet(AttachmentQuerySet):
    pass


class SecretRegisterEntry(models.Model):
    """A line of a secret-document register: received, sent, copied or destroyed copies."""

    document = models.ForeignKey(Document, on_delete=models.PROTECT, related_name="register")
    kind = models.CharField(_("sổ"), max_length=10, choices=RegisterKind.choices)
    on = models.DateField(_("ngày"))
    counterpart = models.CharField(_("nơi gửi / nơi nhận"), max_length=255, blank=True)
    count = models.PositiveSmallIntegerField(_("số bản"))
    approver = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("người duyệt"),
                                 on_delete=models.PROTECT, null=True, blank=True, related_name="+")
    note = models.CharField(_("ghi chú"), max_length=500, blank=True)
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT,
                                    null=True, related_name="+", editable=False)
    recorded_at = models.DateTimeField(auto_now_add=True)

    objects = RegisterEntryQuerySet.as_manager()

    class Meta:
        ordering = ["on", "pk"]
        verbose_name = _("sổ quản lý văn bản mật")
        verbose_name_plural = _("sổ quản lý văn bản mật")
        constraints = [models.CheckConstraint(condition=Q(count__gt=0), name="register_count_positive")]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} {self.on:%d/%m/%Y} ({self.count})"

    @property
    def org_unit(self):
        return self.document.org_unit

    @property
    def classification(self) -> int:
        return self.document.classification


class DocumentLink(models.Model):
    """A document attached to another record (a vetting case, an inspection, …)."""

    document = models.ForeignKey(Document, on_delete=models.CASCADE, related_name="links")
    content_type = models.ForeignKey(ContentType, on_delete=models.CASCADE, related_name="+")
    object_id = models.CharField(max_length=40)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT,
                                   related_name="+", editable=False)
    created_at = models.DateTimeField(auto_now_add=True)

    objects = AttachmentQuerySet.as_manager()

    class Meta:
        constraints = [models.UniqueConstraint(fields=["document", "content_type", "object_id"],
                                               name="document_link_unique")]
        indexes = [models.Index(fields=["content_type", "object_id"], name="document_link_target")]

    def __str__(self) -> str:
        return f"{self.document} → {self.content_type.model} {self.object_id}"

    @property
    def org_unit(self):
        return self.document.org_unit

    @property
    def classification(self) -> int:
        return self.document.classification
