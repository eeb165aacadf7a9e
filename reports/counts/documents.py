"""Document counts (văn bản, tài liệu mật): documents by their issue date (by direction, type
and classification), secret-register lines by their date (by kind; their copies are the sum of
the lines' counts), attachment downloads by the audit event's time (the audit log is the record of
each download, within the reader's clearance). The "as of" rule is in reports.counts.base.
"""

from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from reports.counts.base import Breakdown, CountDef, choice_labels

PATH = "org_unit__path"


def _documents(scope):
    from documents.models import Document

    return Document.objects.visible_to(scope.user).filter(scope.created_by(),
                                                          scope.in_period("issued_on"))


def _classified(scope):
    return _documents(scope).filter(classification__gt=0)


def _register(scope):
    from documents.models import SecretRegisterEntry

    return SecretRegisterEntry.objects.visible_to(scope.user).filter(scope.in_period("on"))


def _downloads(scope):
    from audit.choices import AuditAction
    from audit.models import AuditEvent

    return AuditEvent.objects.visible_to(scope.user).filter(
        Q(at__date__gte=scope.date_from, at__date__lte=scope.end),
        action=AuditAction.EXPORT, target_type="documents.attachment",
        classification__lte=scope.user.clearance)


def counts() -> list[CountDef]:
    from core.choices import Classification
    from documents.choices import Direction, RegisterKind

    level = Breakdown("level", "classification", labels=choice_labels(Classification))
    return [
        CountDef("documents.issued", _("Văn bản"), _documents, PATH, detail="documents.document",
                 breakdowns=(Breakdown("direction", "direction", labels=choice_labels(Direction)),
                             Breakdown("type", "doc_type__code"), level)),
        CountDef("documents.classified", _("Văn bản mật"), _classified, PATH,
                 detail="documents.document", breakdowns=(level,)),
        CountDef("documents.register_entries", _("Lượt ghi sổ tài liệu mật"), _register,
                 "document__org_unit__path", detail="documents.entry",
                 breakdowns=(Breakdown("kind", "kind", labels=choice_labels(RegisterKind)),)),
        CountDef("documents.downloads", _("Lượt tải tệp đính kèm"), _downloads, "org_path",
                 detail="audit.event"),
    ]
