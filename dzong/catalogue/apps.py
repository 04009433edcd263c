from django.apps import AppConfig


class CatalogueConfig(AppConfig):
    name = "dzong.catalogue"
    label = "catalogue"
    verbose_name = "Catalogue of services"
