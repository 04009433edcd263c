from django.urls import path

from dzong.payments import counter_refund_views, staff_views

app_name = "counter"
urlpatterns = [
    path("counter/", staff_views.counter, name="find"),
    path("counter/refunds/", counter_refund_views.refunds_due, name="refunds"),
    path("counter/refunds/<str:reference>/", counter_refund_views.pay_back, name="pay_back"),
    path(
        "counter/refunds/<str:reference>/done/",
        counter_refund_views.refund_done,
        name="refund_done",
    ),
    path(
        "counter/refunds/<str:reference>/receipt.pdf",
        counter_refund_views.refund_receipt_pdf,
        name="refund_receipt",
    ),
    path("counter/<str:reference>/", staff_views.counter_application, name="application"),
    path("reconciliation/", staff_views.reconciliation, name="reconciliation"),
    path("reconciliation/export.csv", staff_views.reconciliation_csv, name="reconciliation_csv"),
]
