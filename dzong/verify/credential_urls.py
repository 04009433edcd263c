from django.urls import path

from dzong.verify import credential_views

app_name = "credentials"
urlpatterns = [
    path(".well-known/jwks.json", credential_views.keys, name="jwks"),
    path("credentials/verify/", credential_views.verify, name="verify"),
    path(
        ".well-known/openid-credential-issuer",
        credential_views.wallet_issuer,
        name="wallet_issuer",
    ),
    path(
        ".well-known/oauth-authorization-server",
        credential_views.wallet_authorization,
        name="wallet_authorization",
    ),
    path("credentials/token/", credential_views.wallet_token, name="wallet_token"),
    path("credentials/issue/", credential_views.wallet_credential, name="wallet_credential"),
    path("credentials/<slug:agency>/status/", credential_views.status_list, name="status_list"),
]
