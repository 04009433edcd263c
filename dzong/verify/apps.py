from django.apps import AppConfig


class VerifyConfig(AppConfig):
    name = "dzong.verify"
    verbose_name = "Verify certificates"
