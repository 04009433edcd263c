from django.urls import path

from dzong.payments import staff_views

app_name = "counter"
urlpatterns = [
    path("counter/", staff_views.counter, name="find"),
    path("counter/<str:reference>/", staff_views.counter_application, name="application"),
    path("reconciliation/", staff_views.reconciliation, name="reconciliation"),
    path("reconciliation/export.csv", staff_views.reconciliation_csv, name="reconciliation_csv"),
]
