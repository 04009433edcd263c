from django.apps import AppConfig


class PaymentsConfig(AppConfig):
    name = "dzong.payments"
    verbose_name = "Payments"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        from dzong.applications.personal_data import register_part
        from dzong.payments import checks  # noqa: F401  (registers the deploy check)
        from dzong.payments.personal_data import payments_of

        register_part("payments", payments_of)
