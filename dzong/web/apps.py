from django.apps import AppConfig


class WebConfig(AppConfig):
    name = "dzong.web"
    label = "web"
    verbose_name = "Site-wide pages and headers"
