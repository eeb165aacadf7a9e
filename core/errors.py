"""Errors services raise; views and the API turn them into clear Vietnamese messages."""

from django.core.exceptions import PermissionDenied
from django.utils.translation import gettext_lazy as _


class EditConflict(Exception):
    """Someone else saved the record after this editor opened it."""

    message = _(
        "Hồ sơ này vừa được người khác cập nhật sau khi bạn mở. Thay đổi của bạn chưa được lưu: "
        "hãy tải lại trang, xem nội dung mới rồi sửa lại."
    )


class NotAllowed(PermissionDenied):
    """The actor may see the record but not do this to it."""
