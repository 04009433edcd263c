from django.apps import AppConfig


class PortalConfig(AppConfig):
    name = "dzong.portal"
    label = "portal"
    verbose_name = "Portal"
