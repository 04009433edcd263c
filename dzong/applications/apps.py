from django.apps import AppConfig


class ApplicationsConfig(AppConfig):
    name = "dzong.applications"
    verbose_name = "Applications"

    def ready(self) -> None:
        from dzong.applications.personal_data import applications_of, register_part, uploaded_files
        from dzong.applications.services import current_event_digest
        from dzong.audit.services import register_row_kind

        register_row_kind("event", current_event_digest)
        register_part("applications", applications_of, uploaded_files)
