"""Admin: document types are data (editable); documents and files are read-only here, because
every write must go through documents.services (audit, numbering, encryption)."""

from django.contrib import admin

from documents.models import Attachment, Document, DocumentType, SecretRegisterEntry


@admin.register(DocumentType)
class DocumentTypeAdmin(admin.ModelAdmin):
    list_display = ["code", "name", "valid_from", "valid_to"]
    search_fields = ["code", "name"]


class ReadOnlyAdmin(admin.ModelAdmin):
    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(Document)
class DocumentAdmin(ReadOnlyAdmin):
    list_display = ["__str__", "direction", "issued_on", "org_unit", "classification"]
    list_filter = ["direction", "doc_type", "classification"]


@admin.register(Attachment)
class AttachmentAdmin(ReadOnlyAdmin):
    list_display = ["original_name", "document", "content_type", "size", "uploaded_at"]
    exclude = ["wrapped_key"]


@admin.register(SecretRegisterEntry)
class SecretRegisterEntryAdmin(ReadOnlyAdmin):
    list_display = ["document", "kind", "on", "count", "approver"]
