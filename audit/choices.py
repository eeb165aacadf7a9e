from django.db import models
from django.utils.translation import gettext_lazy as _


class AuditAction(models.TextChoices):
    CREATE = "CREATE", _("Tạo mới")
    UPDATE = "UPDATE", _("Sửa")
    DELETE = "DELETE", _("Xóa")
    TRANSITION = "TRANSITION", _("Chuyển trạng thái")
    READ = "READ", _("Xem hồ sơ mật")
    EXPORT = "EXPORT", _("Xuất dữ liệu")
    LOGIN = "LOGIN", _("Đăng nhập")
    LOGIN_FAILED = "LOGIN_FAILED", _("Đăng nhập sai")
    LOGOUT = "LOGOUT", _("Đăng xuất")
