"""Putting a certificate into the holder's wallet: the offer's page (a QR code, and a link that
opens the wallet on the same phone) and whether the wallet has taken it."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import redirect, render
from django.template.loader import render_to_string
from django.urls import reverse
from django.views.decorators.http import require_GET, require_POST

from dzong.certificates import wallet_offers
from dzong.certificates.models import CredentialOffer
from dzong.portal.application_views import _own_certificate
from dzong.web.wallet_codes import wallet_qr

OFFERS = "wallet_offers"  # offer id -> its link, for this browser only


@login_required
@require_POST
def make(request: HttpRequest, reference: str, pk: int) -> HttpResponse:
    """A new offer of the certificate to the holder's wallet."""
    certificate = _own_certificate(request, reference, pk)
    try:
        made, link = wallet_offers.offer(certificate)
    except wallet_offers.IssuanceError as refused:
        raise Http404("This certificate is no longer in force, or was a test.") from refused
    kept = dict(list(request.session.get(OFFERS, {}).items())[-4:])
    kept[str(made.pk)] = link
    request.session[OFFERS] = kept
    return redirect("portal:wallet_offer", reference, pk, made.pk)


def _offer(request: HttpRequest, reference: str, pk: int, offer: int) -> CredentialOffer:
    certificate = _own_certificate(request, reference, pk)
    found = CredentialOffer.objects.filter(pk=offer, certificate=certificate).first()
    if found is None:
        raise Http404("No such offer.")
    return found


def _context(request: HttpRequest, found: CredentialOffer) -> dict[str, object]:
    certificate = found.certificate
    return {
        "offer": found,
        "certificate": certificate,
        "title": certificate.content.get(request.LANGUAGE_CODE, {}).get("title")
        or certificate.content.get("en", {}).get("title", ""),
        "taken": found.status == CredentialOffer.Status.ISSUED,
        "status_url": reverse(
            "portal:wallet_offer_status",
            args=[certificate.application.reference, certificate.pk, found.pk],
        ),
        "back": reverse("portal:application", args=[certificate.application.reference]),
    }


@login_required
@require_GET
def show(request: HttpRequest, reference: str, pk: int, offer: int) -> HttpResponse:
    """The offer as a QR code and a link; it says when the wallet has taken it."""
    found = _offer(request, reference, pk, offer)
    link = request.session.get(OFFERS, {}).get(str(found.pk), "")
    context = _context(request, found)
    if link and not context["taken"]:
        context["link"] = link
        context["qr"] = wallet_qr(link)
    return render(request, "portal/applications/wallet_offer.html", context)


@login_required
@require_GET
def status(request: HttpRequest, reference: str, pk: int, offer: int) -> JsonResponse:
    """For the page waiting for the wallet: whether it has taken the certificate."""
    context = _context(request, _offer(request, reference, pk, offer))
    html = render_to_string(
        "portal/applications/_wallet_offer_progress.html", context, request=request
    )
    return JsonResponse({"pending": not context["taken"], "html": html})
