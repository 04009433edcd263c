from django.urls import path

from dzong.portal import views

app_name = "portal"
urlpatterns = [
    path("", views.home, name="home"),
    path("services/", views.catalogue, name="catalogue"),
    path("services/<slug:slug>/", views.service_page, name="service"),
]
