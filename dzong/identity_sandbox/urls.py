"""The sandbox provider's addresses: its pages, and the OpenID Connect provider under /o/."""

from django.urls import include, path

from dzong.identity_sandbox import views

urlpatterns = [
    path("", views.home, name="home"),
    path("citizen/", views.choose_citizen, name="choose_citizen"),
    path("_control", views.control, name="control"),
    path("o/", include("oauth2_provider.urls", namespace="oauth2_provider")),
]
