from django.urls import path

from dzong.portal import account_views, identity_views, wallet_views

app_name = "accounts"
urlpatterns = [
    path("", identity_views.account, name="account"),
    path("national-identity/", identity_views.start, name="national_identity"),
    path("national-identity/return/", identity_views.finish, name="national_identity_return"),
    path("wallet/", wallet_views.start, name="wallet"),
    path("wallet/answer/", wallet_views.response, name="wallet_response"),
    path("wallet/<uuid:request_id>/", wallet_views.show, name="wallet_request"),
    path("wallet/<uuid:request_id>/status/", wallet_views.status, name="wallet_status"),
    path("wallet/<uuid:request_id>/finish/", wallet_views.finish, name="wallet_finish"),
    path("sign-up/", account_views.sign_up, name="sign_up"),
    path("sign-in/", account_views.sign_in, name="sign_in"),
    path("sign-out/", account_views.sign_out, name="sign_out"),
    path("password/", account_views.PasswordReset.as_view(), name="password_reset"),
    path("password/sent/", account_views.PasswordResetSent.as_view(), name="password_reset_sent"),
    path(
        "password/<uidb64>/<token>/",
        account_views.PasswordResetConfirm.as_view(),
        name="password_reset_confirm",
    ),
    path("password/done/", account_views.PasswordResetDone.as_view(), name="password_reset_done"),
]
