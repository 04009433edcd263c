from django.apps import AppConfig


class ApiConfig(AppConfig):
    name = "dzong.api"
    label = "api"
    verbose_name = "API"
