from django.urls import path

from dzong.verify import credential_views

app_name = "credentials"
urlpatterns = [
    path(".well-known/jwks.json", credential_views.keys, name="jwks"),
    path("credentials/verify/", credential_views.verify, name="verify"),
    path("credentials/<slug:agency>/status/", credential_views.status_list, name="status_list"),
]
