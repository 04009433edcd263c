from django.apps import AppConfig


class ApplicationsConfig(AppConfig):
    name = "dzong.applications"
    verbose_name = "Applications"

    def ready(self) -> None:
        from dzong.applications.services import current_event_digest
        from dzong.audit.services import register_row_kind

        register_row_kind("event", current_event_digest)
