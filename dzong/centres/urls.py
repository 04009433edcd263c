"""The community centres' addresses, under /centre/."""

from django.urls import path

from dzong.centres import admin_views, views

app_name = "centres"

urlpatterns = [
    path("", views.home, name="home"),
    path("start/", views.start, name="start"),
    path("requests/<int:pk>/consent/", views.consent, name="consent"),
    path("requests/<int:pk>/consent/wallet/", views.wallet_status, name="wallet_status"),
    path(
        "requests/<int:pk>/consent/national-identity/",
        views.identity_start,
        name="identity_start",
    ),
    path("consent/national-identity/return/", views.identity_return, name="identity_return"),
    path("applications/<str:reference>/", views.application, name="application"),
    path("applications/<str:reference>/cash/", views.take_cash, name="take_cash"),
    path(
        "applications/<str:reference>/receipts/<str:payment>.pdf",
        views.receipt,
        name="receipt",
    ),
    path("applications/<str:reference>/summary/", views.summary, name="summary"),
    path(
        "applications/<str:reference>/certificates/<int:pk>.pdf",
        views.certificate,
        name="certificate",
    ),
    path("applications/<str:reference>/collection/", views.collect_at, name="collect_at"),
    path("cash/", views.day_cash, name="cash"),
    path("collection/", views.collection_queue, name="collection"),
    path("admin/", admin_views.centres, name="admin"),
    path("admin/figures/", admin_views.figures, name="admin_figures"),
    path("admin/<slug:code>/", admin_views.centre, name="admin_centre"),
]
