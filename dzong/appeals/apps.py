from django.apps import AppConfig


class AppealsConfig(AppConfig):
    name = "dzong.appeals"
    label = "appeals"
    verbose_name = "Appeals and complaints"

    def ready(self) -> None:
        from dzong.appeals.personal_data import appeals_of
        from dzong.applications.personal_data import register_part

        register_part("appeals", appeals_of)
