from django.urls import path

from dzong.portal import account_views, identity_views, personal_data_views

app_name = "accounts"
urlpatterns = [
    path("", identity_views.account, name="account"),
    path("my-data/", personal_data_views.my_data, name="my_data"),
    path("my-data/data.json", personal_data_views.my_data_json, name="my_data_json"),
    path("my-data/data.zip", personal_data_views.my_data_zip, name="my_data_zip"),
    path("my-data/data.pdf", personal_data_views.my_data_pdf, name="my_data_pdf"),
    path("national-identity/", identity_views.start, name="national_identity"),
    path("national-identity/return/", identity_views.finish, name="national_identity_return"),
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
