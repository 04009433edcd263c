"""The back office's addresses, under /office/."""

from django.urls import path

from dzong.office import (
    appeal_views,
    certificate_views,
    factor_views,
    information_views,
    invitation_views,
    sign_in_views,
    staff_views,
    views,
)

app_name = "office"

urlpatterns = [
    path("", views.queue, name="queue"),
    path("sign-in/", sign_in_views.sign_in, name="sign_in"),
    path("sign-in/code/", sign_in_views.code, name="code"),
    path("sign-in/passkey/", sign_in_views.passkey, name="passkey"),
    path("sign-in/recovery-code/", sign_in_views.recovery, name="recovery"),
    path("factors/", factor_views.factors, name="factors"),
    path("factors/passkeys/", factor_views.add_passkey, name="add_passkey"),
    path("factors/passkeys/<int:pk>/remove/", factor_views.remove, name="remove_passkey"),
    path("factors/recovery-codes/", factor_views.recovery_codes, name="recovery_codes"),
    path("factors/authenticator/", factor_views.authenticator, name="authenticator"),
    path("sign-out/", sign_in_views.sign_out, name="sign_out"),
    path("invitation/<str:token>/", invitation_views.invitation, name="invitation"),
    path("applications/<str:reference>/", views.application, name="application"),
    path("applications/<str:reference>/files/<int:pk>/", views.attachment, name="attachment"),
    path("applications/<str:reference>/notes/", views.note, name="note"),
    path(
        "applications/<str:reference>/certificates/<int:pk>/revoke/",
        certificate_views.revoke,
        name="revoke_certificate",
    ),
    path(
        "applications/<str:reference>/certificates/<int:pk>/reissue/",
        certificate_views.reissue,
        name="reissue_certificate",
    ),
    path("staff/", staff_views.home, name="staff_home"),
    path("staff/<slug:agency>/", staff_views.staff, name="staff"),
    path("staff/<slug:agency>/add/", staff_views.add, name="add_staff"),
    path("staff/<slug:agency>/<int:pk>/roles/", staff_views.roles, name="staff_roles"),
    path("staff/<slug:agency>/<int:pk>/deactivate/", staff_views.deactivate, name="deactivate"),
    path("staff/<slug:agency>/<int:pk>/reset/", staff_views.reset, name="reset_factors"),
    path("information/", information_views.pages, name="information_pages"),
    path("information/<slug:slug>/", information_views.edit, name="information_page"),
    path("appeals/", appeal_views.appeals, name="appeals"),
    path("appeals/<str:reference>/", appeal_views.appeal, name="appeal"),
    path("tasks/<int:pk>/act/", views.act, name="act"),
    path("tasks/<int:pk>/claim/", views.claim, name="claim"),
    path("tasks/<int:pk>/assign/", views.assign, name="assign"),
]
