from django.apps import AppConfig


class OfficeConfig(AppConfig):
    name = "dzong.office"
    label = "office"
    verbose_name = "Back office"
