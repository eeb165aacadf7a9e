from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AuditConfig(AppConfig):
    name = "audit"
    verbose_name = _("Nhật ký truy cập, thay đổi")

    def ready(self):
        from django.contrib.auth import signals as auth_signals

        from audit import signals

        auth_signals.user_logged_in.connect(signals.on_logged_in, dispatch_uid="audit_login")
        auth_signals.user_logged_out.connect(signals.on_logged_out, dispatch_uid="audit_logout")
        auth_signals.user_login_failed.connect(signals.on_login_failed,
                                               dispatch_uid="audit_login_failed")
