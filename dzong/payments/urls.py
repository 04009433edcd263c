from django.urls import path

from dzong.payments import views

app_name = "payments"
urlpatterns = [
    path("applications/<str:reference>/pay/<slug:when>/", views.pay, name="pay"),
    path("<str:reference>/return/", views.payment_return, name="return"),
    path("<str:reference>/receipt/", views.receipt, name="receipt"),
    path("<str:reference>/receipt.pdf", views.receipt_pdf, name="receipt_pdf"),
    path("receipts/<str:code>/", views.verify_receipt, name="verify"),
    path("callback/<slug:provider_code>/", views.callback, name="callback"),
]
