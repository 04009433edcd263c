from django.urls import path

from dzong.transparency import views

app_name = "transparency"
urlpatterns = [
    path("performance/", views.overview, name="overview"),
    path("performance/services/<slug:slug>/", views.service_performance, name="service"),
    path("performance/agencies/<slug:code>/", views.agency_performance, name="agency"),
    path("open-data/", views.datasets, name="datasets"),
    path("open-data/catalogue.jsonld", views.catalogue_jsonld, name="catalogue"),
    path("open-data/<slug:name>.csv", views.dataset_csv, name="csv"),
    path("open-data/<slug:name>.json", views.dataset_json, name="json"),
    path("applications/<str:reference>/feedback/", views.feedback, name="feedback"),
]
