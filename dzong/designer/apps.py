from django.apps import AppConfig


class DesignerConfig(AppConfig):
    name = "dzong.designer"
    label = "designer"
    verbose_name = "Service designer"
