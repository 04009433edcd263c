from django.urls import path

from dzong.api import views

app_name = "api"
urlpatterns = [
    path("openapi.json", views.openapi, name="openapi"),
    path("services/<slug:slug>/applications", views.submit, name="submit"),
    path("applications/<str:reference>", views.application, name="application"),
    path(
        "applications/<str:reference>/certificates/<int:pk>",
        views.certificate,
        name="certificate",
    ),
]
