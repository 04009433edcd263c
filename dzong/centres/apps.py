from django.apps import AppConfig


class CentresConfig(AppConfig):
    name = "dzong.centres"
    verbose_name = "Community centres"
    default_auto_field = "django.db.models.BigAutoField"
