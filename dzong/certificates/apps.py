from django.apps import AppConfig


class CertificatesConfig(AppConfig):
    name = "dzong.certificates"
    verbose_name = "Certificates"
