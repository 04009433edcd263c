from django.apps import AppConfig


class AuditConfig(AppConfig):
    name = "dzong.audit"
    verbose_name = "Audit log"
