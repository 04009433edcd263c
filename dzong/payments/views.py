"""The payer's pages: the fees to pay, the return from the gateway, the receipt; callbacks."""

from __future__ import annotations

from urllib.parse import urlsplit

from django.conf import settings
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from dzong.applications.models import Application
from dzong.payments import presenters
from dzong.payments.models import Payment
from dzong.payments.providers.base import CallbackRefused, ProviderError
from dzong.payments.receipts import render_receipt_pdf
from dzong.payments.services import (
    PaymentRefused,
    amount_owed,
    handle_callback,
    paid_payment,
    record_return,
    start_payment,
)
from dzong.web.security import POLICY

PURPOSES = {"before-submission": "before_submission", "after-approval": "after_approval"}


def _own_application(request: HttpRequest, reference: str) -> Application:
    found = Application.objects.visible_to(request.user).with_service().filter(reference=reference)
    application: Application | None = found.first()
    if application is None:
        raise Http404("No such application.")
    return application


def _own_payment(request: HttpRequest, reference: str) -> Payment:
    found: Payment | None = (
        Payment.objects.visible_to(request.user)
        .select_related("application__service_version")
        .filter(reference=reference)
        .first()
    )
    if found is None:
        raise Http404("No such payment.")
    return found


@login_required
@require_http_methods(["GET", "POST"])
def pay(request: HttpRequest, reference: str, when: str) -> HttpResponse:
    """The fees to pay, then off to the gateway."""
    purpose = PURPOSES.get(when)
    if purpose is None:
        raise Http404("No such fees.")
    application = _own_application(request, reference)
    done = paid_payment(application=application, purpose=purpose)
    if done is not None:
        return redirect("payments:return", done.reference)
    error = ""
    if request.method == "POST":
        try:
            started = start_payment(
                application=application,
                purpose=purpose,
                base_url=settings.DZONG_SITE_URL,
            )
            return redirect(started.redirect_url)
        except PaymentRefused:
            return redirect("portal:application", reference)
        except ProviderError:
            error = _("The payment service cannot be reached. Try again in a few minutes.")
    if not amount_owed(application=application, purpose=purpose):
        return redirect("portal:application", reference)
    context = presenters.pay_page(application, purpose, error)
    response = render(request, "payments/pay.html", context, status=503 if error else 200)
    response.headers["Content-Security-Policy"] = _policy_with_gateway()
    return response


def _policy_with_gateway() -> str:
    """The page's form posts to Dzong, which redirects to the gateway: allow that origin."""
    parts = urlsplit(settings.DZONG_PAYMENT_GATEWAY_URL)
    origin = f"{parts.scheme}://{parts.netloc}"
    return POLICY.replace("form-action 'self'", f"form-action 'self' {origin}")


@login_required
@require_GET
def payment_return(request: HttpRequest, reference: str) -> HttpResponse:
    """Back from the gateway: paid, still pending (the page refreshes), or declined."""
    payment = _own_payment(request, reference)
    if "gateway_payment" in request.GET:
        payment = record_return(payment=payment, params={k: str(v) for k, v in request.GET.items()})
        return redirect("payments:return", reference)
    response = render(request, "payments/return.html", presenters.return_page(payment))
    if payment.is_open:
        response.headers["Refresh"] = "3"  # checks again by itself, without script
    return response


@login_required
@require_GET
def receipt(request: HttpRequest, reference: str) -> HttpResponse:
    """The receipt of a paid payment, with its verification code."""
    payment = _own_payment(request, reference)
    if payment.status not in (Payment.Status.PAID, Payment.Status.REFUNDED):
        raise Http404("Not paid.")
    return render(request, "payments/receipt.html", presenters.receipt(payment))


@login_required
@require_GET
def receipt_pdf(request: HttpRequest, reference: str) -> HttpResponse:
    """The receipt as a PDF in Dzongkha and English, for the payer to keep or print."""
    payment = _own_payment(request, reference)
    if payment.status not in (Payment.Status.PAID, Payment.Status.REFUNDED):
        raise Http404("Not paid.")
    response = HttpResponse(render_receipt_pdf(payment=payment), content_type="application/pdf")
    response["Content-Disposition"] = f'attachment; filename="receipt-{payment.reference}.pdf"'
    return response


@require_GET
def verify_receipt(request: HttpRequest, code: str) -> HttpResponse:
    """Anyone holding a receipt can check it is genuine: amount, date and status only."""
    found: Payment | None = Payment.objects.filter(
        verification_code=code, status__in=["paid", "refunded"]
    ).first()
    if found is None:
        raise Http404("No such receipt.")
    return render(request, "payments/verify.html", presenters.receipt(found, public=True))


@csrf_exempt  # server to server; the HMAC signature is the check
@require_POST
def callback(request: HttpRequest, provider_code: str) -> HttpResponse:
    """A provider's signed notice of a payment's outcome."""
    headers = {name: value for name, value in request.headers.items()}
    try:
        handle_callback(provider_code=provider_code, body=request.body, headers=headers)
    except CallbackRefused as refused:
        return JsonResponse({"accepted": False, "reason": refused.reason}, status=400)
    except KeyError as error:
        raise Http404("No such provider.") from error
    return JsonResponse({"accepted": True})
