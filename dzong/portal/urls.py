from django.urls import path

from dzong.portal import (
    appeal_views,
    application_views,
    apply_views,
    correction_views,
    inbox_views,
    keep_views,
    upload_views,
    views,
    wallet_offer_views,
)

app_name = "portal"
urlpatterns = [
    path("", views.home, name="home"),
    path("services/", views.catalogue, name="catalogue"),
    path("about/<slug:slug>/", views.information, name="information"),
    path("services/<slug:slug>/", views.service_page, name="service"),
    path("services/<slug:slug>/apply/", apply_views.apply, name="apply"),
    path("applications/", application_views.applications, name="applications"),
    path("messages/", inbox_views.inbox, name="inbox"),
    path("applications/<str:reference>/", application_views.application, name="application"),
    path("applications/<str:reference>/pages/<slug:page_code>/", apply_views.page, name="page"),
    path(
        "applications/<str:reference>/pages/<slug:page_code>/keep/",
        keep_views.keep,
        name="keep",
    ),
    path("applications/<str:reference>/uploads/", upload_views.begin, name="uploads"),
    path(
        "applications/<str:reference>/uploads/<str:token>/",
        upload_views.upload,
        name="upload",
    ),
    path("applications/<str:reference>/check/", apply_views.check, name="check"),
    path(
        "applications/<str:reference>/corrections/",
        correction_views.corrections,
        name="corrections",
    ),
    path("applications/<str:reference>/appeal/", appeal_views.appeal, name="appeal"),
    path("applications/<str:reference>/complaint/", appeal_views.complaint, name="complaint"),
    path(
        "applications/<str:reference>/submitted/",
        application_views.confirmation,
        name="confirmation",
    ),
    path(
        "applications/<str:reference>/certificates/",
        application_views.certificates_part,
        name="certificates_part",
    ),
    path(
        "applications/<str:reference>/certificates/<int:pk>/",
        application_views.certificate,
        name="certificate",
    ),
    path(
        "applications/<str:reference>/certificates/<int:pk>/credential/",
        application_views.credential,
        name="credential",
    ),
    path(
        "applications/<str:reference>/certificates/<int:pk>/wallet/",
        wallet_offer_views.make,
        name="wallet_offer_make",
    ),
    path(
        "applications/<str:reference>/certificates/<int:pk>/wallet/<int:offer>/",
        wallet_offer_views.show,
        name="wallet_offer",
    ),
    path(
        "applications/<str:reference>/certificates/<int:pk>/wallet/<int:offer>/status/",
        wallet_offer_views.status,
        name="wallet_offer_status",
    ),
    path(
        "applications/<str:reference>/files/<int:pk>/",
        application_views.attachment,
        name="attachment",
    ),
]
