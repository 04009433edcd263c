"""Every URL of the platform: the portal for now; the back office and API join it."""

from django.urls import include, path

urlpatterns = [
    path("i18n/", include("django.conf.urls.i18n")),
    path("", include("dzong.portal.urls")),
]
