from django.urls import path

from dzong.verify import views

app_name = "verify"
urlpatterns = [
    path("", views.start, name="start"),
    path("document/", views.document, name="document"),
    path("<str:code>/", views.certificate, name="certificate"),
]
