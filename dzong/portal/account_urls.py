from django.urls import path

from dzong.portal import (
    account_views,
    business_views,
    identity_views,
    personal_data_views,
    sms_code_views,
    wallet_views,
)

app_name = "accounts"
urlpatterns = [
    path("", identity_views.account, name="account"),
    path("my-data/", personal_data_views.my_data, name="my_data"),
    path("my-data/data.json", personal_data_views.my_data_json, name="my_data_json"),
    path("my-data/data.zip", personal_data_views.my_data_zip, name="my_data_zip"),
    path("my-data/data.pdf", personal_data_views.my_data_pdf, name="my_data_pdf"),
    path("national-identity/", identity_views.start, name="national_identity"),
    path("national-identity/return/", identity_views.finish, name="national_identity_return"),
    path("wallet/", wallet_views.start, name="wallet"),
    path("wallet/answer/", wallet_views.response, name="wallet_response"),
    path("wallet/<uuid:request_id>/", wallet_views.show, name="wallet_request"),
    path("wallet/<uuid:request_id>/status/", wallet_views.status, name="wallet_status"),
    path("wallet/<uuid:request_id>/finish/", wallet_views.finish, name="wallet_finish"),
    path("sms-code/", sms_code_views.start, name="sms_code"),
    path("sms-code/code/", sms_code_views.enter_code, name="sms_code_check"),
    path("sms-code/new-account/", sms_code_views.new_account, name="sms_code_new"),
    path("mobile/", sms_code_views.add_number, name="mobile"),
    path("mobile/code/", sms_code_views.confirm_number, name="mobile_code"),
    path("businesses/", business_views.businesses, name="businesses"),
    path("businesses/<int:pk>/", business_views.business, name="business"),
    path(
        "businesses/<int:pk>/members/<int:member_pk>/",
        business_views.member,
        name="business_member",
    ),
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
