from django.apps import AppConfig


class ApplicationsConfig(AppConfig):
    name = "dzong.applications"
    verbose_name = "Applications"
