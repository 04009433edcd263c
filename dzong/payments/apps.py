from django.apps import AppConfig


class PaymentsConfig(AppConfig):
    name = "dzong.payments"
    verbose_name = "Payments"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        from dzong.payments import checks  # noqa: F401  (registers the deploy check)
