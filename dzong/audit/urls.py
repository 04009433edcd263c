from django.urls import path

from dzong.audit import views

app_name = "audit"
urlpatterns = [
    path("checkpoints.json", views.checkpoints, name="checkpoints"),
]
