"""The sandbox provider's addresses: its pages, and the OpenID Connect provider under /o/."""

from django.urls import include, path

from dzong.identity_sandbox import views

urlpatterns = [
    path("", views.home, name="home"),
    path("citizen/", views.choose_citizen, name="choose_citizen"),
    path("_control", views.control, name="control"),
    path(".well-known/jwt-vc-issuer", views.issuer_metadata, name="issuer_metadata"),
    path("wallet/", views.wallet_page, name="wallet"),
    path("_wallet/presentation", views.wallet_presentation, name="wallet_presentation"),
    path("_wallet/offer", views.wallet_offer, name="wallet_offer"),
    path("o/", include("oauth2_provider.urls", namespace="oauth2_provider")),
]
