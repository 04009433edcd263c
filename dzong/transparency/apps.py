from django.apps import AppConfig


class TransparencyConfig(AppConfig):
    name = "dzong.transparency"
    verbose_name = "Service performance and open data"
