from django.urls import path

from dzong.portal import account_views, business_views, identity_views

app_name = "accounts"
urlpatterns = [
    path("", identity_views.account, name="account"),
    path("national-identity/", identity_views.start, name="national_identity"),
    path("national-identity/return/", identity_views.finish, name="national_identity_return"),
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
