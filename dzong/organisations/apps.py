from django.apps import AppConfig


class OrganisationsConfig(AppConfig):
    name = "dzong.organisations"
    verbose_name = "Organisations"
