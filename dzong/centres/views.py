"""The operator's pages at a community centre: start for a walk-in citizen, record their
consent, fill in (on the applicant's own pages), take cash, print, close the day's cash, and
hand over documents to collect. Each page needs an operator signed in with both factors."""

from __future__ import annotations

from collections.abc import Callable
from functools import wraps
from typing import Any

from django.conf import settings
from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied
from django.http import FileResponse, Http404, HttpRequest, HttpResponse, JsonResponse
from django.http.response import HttpResponseBase
from django.shortcuts import redirect, render
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone, translation
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from dzong.accounts import national_identity, oidc, wallet
from dzong.accounts.models import WalletRequest
from dzong.applications.services import form_for
from dzong.centres import cash, collection, presenters
from dzong.centres.forms import CodeForm, CollectionForm, HandoverForm, StartForm, errors_of
from dzong.centres.models import AssistedApplication, Centre, Operator
from dzong.centres.services import (
    CentreRefused,
    assisted_application,
    consent_by_identity,
    consent_by_paper,
    consent_by_wallet,
    open_wallet_consent,
    operator_of,
    refuse_consent,
    requests_of,
    start_assisted,
    stopped_message,
)
from dzong.centres.sms_consent import confirm_code, send_consent_code
from dzong.payments.receipts import render_receipt_pdf
from dzong.portal.answer_summary import AnswerSummary, fee_lines
from dzong.web.staff_access import is_office_user
from dzong.web.wallet_codes import wallet_qr

View = Callable[..., HttpResponseBase]
IDENTITY_PENDING = "centre_identity_pending"
WALLET_CONSENT = "centre_wallet_consent"  # assisted request -> the wallet request opened here


def operator_only(view: View) -> View:
    """Only an operator of an active centre, signed in with both factors; `request.operator`."""

    @wraps(view)
    def guarded(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponseBase:
        if not is_office_user(request):
            return redirect_to_login(request.get_full_path(), login_url="office:sign_in")
        operator = operator_of(request.user)
        if operator is None:
            raise PermissionDenied("Not an operator of a community centre.")
        request.operator = operator  # type: ignore[attr-defined]
        return view(request, *args, **kwargs)

    return guarded


def _operator(request: HttpRequest) -> Operator:
    found: Operator = request.operator  # type: ignore[attr-defined]
    return found


def _language() -> str:
    return "dz" if translation.get_language() == "dz" else "en"


@operator_only
@require_GET
def home(request: HttpRequest) -> HttpResponse:
    """The centre's desk: start for a citizen, and the applications this operator made."""
    return _render_home(request, StartForm(initial={"language": _language()}), {})


def _render_home(
    request: HttpRequest, form: StartForm, errors: dict[str, str], status: int = 200
) -> HttpResponse:
    operator = _operator(request)
    context = {
        "centre": operator.centre,
        "form": form,
        "errors": [(message, f"f-{name}") for name, message in errors.items()],
        "field_errors": errors,
        "services": presenters.services(_language()),
        "made": presenters.made_by(operator, _language()),
        "open_cash": sum(entry.payment.amount for entry in cash.open_entries(operator)),
    }
    context["open_cash_shown"] = presenters.money(context["open_cash"])
    return render(request, "centres/home.html", context, status=status)


@operator_only
@require_POST
def start(request: HttpRequest) -> HttpResponse:
    """Start for a citizen: the service, their citizenship ID and mobile number."""
    form = StartForm(request.POST)
    if not form.is_valid():
        return _render_home(request, form, errors_of(form), status=400)
    try:
        data = form.cleaned_data
        assisted = start_assisted(
            operator=_operator(request),
            slug=data["service"],
            citizenship_id=data["citizenship_id"],
            mobile_number=data["mobile_number"],
            language=data["language"] or _language(),
        )
    except CentreRefused as refused:
        return _render_home(request, form, refused.errors, status=400)
    return redirect("centres:consent", assisted.pk)


def _request(request: HttpRequest, pk: int) -> AssistedApplication:
    found: AssistedApplication | None = requests_of(_operator(request)).filter(pk=pk).first()
    if found is None:
        raise Http404("No such request of yours.")
    return found


@operator_only
@require_http_methods(["GET", "POST"])
def consent(request: HttpRequest, pk: int) -> HttpResponse:
    """The citizen's consent: a code by SMS, the national identity, or a signed paper form."""
    assisted = _request(request, pk)
    if assisted.consent_given and assisted.application is not None:
        return redirect("centres:application", assisted.application.reference)
    errors: dict[str, str] = {}
    if request.method == "POST" and not assisted.consent_lapsed(timezone.now()):
        try:
            done = _act_on_consent(request, assisted)
        except CentreRefused as refused:
            errors = refused.errors
        else:
            if done.application is not None:
                return redirect("centres:application", done.application.reference)
            return redirect("centres:consent", pk)
    return _render_consent(request, assisted, errors)


def _act_on_consent(request: HttpRequest, assisted: AssistedApplication) -> AssistedApplication:
    action = request.POST.get("action", "")
    if action == "refuse":
        return refuse_consent(assisted=assisted)
    if action == "paper":
        upload = request.FILES.get("consent_form")
        if upload is None:
            raise CentreRefused({"consent_form": str(presenters.CHOOSE_FILE)})
        return consent_by_paper(assisted=assisted, upload=upload)
    if action == "send_code":
        return send_consent_code(assisted=assisted)
    if action == "wallet":
        opened = open_wallet_consent()
        kept = dict(request.session.get(WALLET_CONSENT, {}))
        kept[str(assisted.pk)] = str(opened.pk)
        request.session[WALLET_CONSENT] = dict(list(kept.items())[-4:])
        return assisted
    if action == "wallet_take":
        request_id = request.session.get(WALLET_CONSENT, {}).get(str(assisted.pk), "")
        return consent_by_wallet(assisted=assisted, request_id=request_id)
    if action == "check_code":
        form = CodeForm(request.POST)
        if not form.is_valid():
            raise CentreRefused(errors_of(form))
        return confirm_code(assisted=assisted, entered=form.cleaned_data["code"])
    raise CentreRefused({"consent": str(presenters.CHOOSE_METHOD)})


def _render_consent(
    request: HttpRequest, assisted: AssistedApplication, errors: dict[str, str]
) -> HttpResponse:
    now = timezone.now()
    stopped = assisted.consent in ("refused", "expired") or assisted.consent_lapsed(now)
    if stopped and assisted.consent == "pending":
        assisted.consent = AssistedApplication.Consent.EXPIRED
    context = {
        "assisted": assisted,
        "service": assisted.service_version.definition.title.get(_language()),
        "stopped": stopped_message(assisted) if stopped else "",
        "errors": [(message, f"f-{name}") for name, message in errors.items()],
        "field_errors": errors,
        "code_sent": assisted.consent_code_id is not None,
        "identity_enabled": national_identity.CODE in _methods(),
        "wallet_enabled": wallet.CODE in _methods(),
        **_wallet_consent(request, assisted),
    }
    return render(request, "centres/consent.html", context, status=400 if errors else 200)


def _wallet_consent(request: HttpRequest, assisted: AssistedApplication) -> dict[str, Any]:
    """The QR code of the wallet request this computer opened for the citizen, and whether
    their wallet has answered."""
    request_id = request.session.get(WALLET_CONSENT, {}).get(str(assisted.pk))
    opened = WalletRequest.objects.filter(
        pk=request_id, purpose=WalletRequest.Purpose.CONSENT
    ).first()
    if opened is None or opened.status == WalletRequest.Status.USED:
        return {}
    waiting = opened.status == WalletRequest.Status.WAITING
    if waiting and opened.expires_at <= timezone.now():
        return {}
    response_uri = request.build_absolute_uri(reverse("accounts:wallet_response"))
    link = wallet.link(opened, response_uri)
    return {
        "wallet_request": opened,
        "wallet_waiting": waiting,
        "wallet_presented": opened.status == WalletRequest.Status.PRESENTED,
        "wallet_refused": opened.status == WalletRequest.Status.REFUSED,
        "wallet_qr": wallet_qr(link),
        "wallet_status_url": reverse("centres:wallet_status", args=[assisted.pk]),
    }


@operator_only
@require_GET
def wallet_status(request: HttpRequest, pk: int) -> JsonResponse:
    """For the consent page waiting for the citizen's wallet: whether it answered."""
    assisted = _request(request, pk)
    context = {"assisted": assisted, **_wallet_consent(request, assisted)}
    html = render_to_string("centres/_wallet_consent.html", context, request=request)
    return JsonResponse({"pending": bool(context.get("wallet_waiting")), "html": html})


def _methods() -> list[str]:
    return list(settings.DZONG_SIGN_IN_METHODS)


@operator_only
@require_POST
def identity_start(request: HttpRequest, pk: int) -> HttpResponse:
    """Send the citizen, on the centre's computer, to the national identity to consent."""
    assisted = _request(request, pk)
    redirect_uri = request.build_absolute_uri(reverse("centres:identity_return"))
    try:
        url, pending = oidc.begin(national_identity.provider(), redirect_uri=redirect_uri)
    except oidc.Refused as refusal:
        national_identity.record_refusal(refusal.reason)
        return _render_consent(request, assisted, {"consent": str(presenters.IDENTITY_FAILED)})
    waiting = dict(list(dict(request.session.get(IDENTITY_PENDING, {})).items())[-4:])
    waiting[pending.state] = {**pending.as_dict(), "assisted": assisted.pk}
    request.session[IDENTITY_PENDING] = waiting
    return redirect(url)


@operator_only
@require_GET
def identity_return(request: HttpRequest) -> HttpResponse:
    """Back from the national identity: the citizen it verified must be the one named."""
    waiting = dict(request.session.get(IDENTITY_PENDING, {}))
    kept = waiting.pop(request.GET.get("state", ""), None)
    request.session[IDENTITY_PENDING] = waiting
    if kept is None:
        raise Http404("No consent by the national identity was started here.")
    assisted = _request(request, int(kept["assisted"]))
    pending = oidc.Pending(
        state=kept["state"],
        nonce=kept["nonce"],
        verifier=kept["verifier"],
        redirect_uri=kept["redirect_uri"],
    )
    try:
        claims = oidc.finish(national_identity.provider(), pending, request.GET.dict())
        citizen = national_identity.account_for(claims)
        done = consent_by_identity(assisted=assisted, citizen=citizen)
    except oidc.Refused as refusal:
        national_identity.record_refusal(refusal.reason)
        return _render_consent(request, assisted, {"consent": str(presenters.IDENTITY_FAILED)})
    except CentreRefused as refused:
        return _render_consent(request, assisted, refused.errors)
    assert done.application is not None
    return redirect("centres:application", done.application.reference)


def _assisted(request: HttpRequest, reference: str) -> AssistedApplication:
    found = assisted_application(operator=_operator(request), reference=reference)
    if found is None or found.application is None:
        raise Http404("No such application of yours.")
    return found


@operator_only
@require_GET
def application(request: HttpRequest, reference: str) -> HttpResponse:
    """One application the operator made: fill it in, take cash, print, collection."""
    assisted = _assisted(request, reference)
    return _render_application(request, assisted, {})


def _render_application(
    request: HttpRequest, assisted: AssistedApplication, errors: dict[str, str]
) -> HttpResponse:
    context = presenters.application_page(assisted, _language())
    context["errors"] = [(message, f"f-{name}") for name, message in errors.items()]
    context["field_errors"] = errors
    context["centres"] = Centre.objects.filter(is_active=True)
    return render(request, "centres/application.html", context, status=400 if errors else 200)


@operator_only
@require_POST
def take_cash(request: HttpRequest, reference: str) -> HttpResponse:
    """Cash for the fees due, against a printed receipt."""
    assisted = _assisted(request, reference)
    try:
        payment = cash.take_cash(operator=_operator(request), assisted=assisted)
    except CentreRefused as refused:
        return _render_application(request, assisted, refused.errors)
    return redirect(reverse("centres:application", args=[reference]) + f"?paid={payment.reference}")


@operator_only
@require_GET
def receipt(request: HttpRequest, reference: str, payment: str) -> HttpResponse:
    """The receipt of cash taken here, as a PDF to print (A4, Dzongkha and English)."""
    assisted = _assisted(request, reference)
    assert assisted.application is not None
    found = assisted.application.payments.filter(
        reference=payment, status__in=["paid", "refunded"], centre_cash__isnull=False
    ).first()
    if found is None:
        raise Http404("No such receipt.")
    response = HttpResponse(render_receipt_pdf(payment=found), content_type="application/pdf")
    response["Content-Disposition"] = f'inline; filename="{found.reference}.pdf"'
    return response


@operator_only
@require_GET
def summary(request: HttpRequest, reference: str) -> HttpResponse:
    """The application's answers and fees, to print on A4 in the citizen's language."""
    assisted = _assisted(request, reference)
    application = assisted.application
    assert application is not None
    with translation.override(application.language):
        form = form_for(application, language=application.language)
        context = {
            "application": application,
            "assisted": assisted,
            "service": form.service.title.get(form.language),
            "sections": AnswerSummary(form, application, editable=False).sections(),
            "fees": fee_lines(form, application.answers),
            "consent": presenters.consent_facts(assisted, application.language),
            "language": application.language,
        }
        return render(request, "centres/summary.html", context)


@operator_only
@require_GET
def certificate(request: HttpRequest, reference: str, pk: int) -> FileResponse:
    """A certificate of the application, as its PDF, to print for the citizen."""
    assisted = _assisted(request, reference)
    assert assisted.application is not None
    found = assisted.application.certificates.filter(pk=pk).exclude(pdf="").first()
    if found is None:
        raise Http404("No such certificate.")
    return FileResponse(found.pdf.open("rb"), content_type="application/pdf")


@operator_only
@require_POST
def collect_at(request: HttpRequest, reference: str) -> HttpResponse:
    """Name the centre where the citizen will collect the paper document."""
    assisted = _assisted(request, reference)
    centre = Centre.objects.filter(code=request.POST.get("centre", "")[:40]).first()
    try:
        if centre is None:
            raise CentreRefused({"centre": str(presenters.CHOOSE_CENTRE)})
        collection.name_collection_centre(assisted=assisted, centre=centre)
    except CentreRefused as refused:
        return _render_application(request, assisted, refused.errors)
    return redirect("centres:application", reference)


@operator_only
@require_http_methods(["GET", "POST"])
def day_cash(request: HttpRequest) -> HttpResponse:
    """The operator's cash not yet handed over, and closing it with whom it went to."""
    operator = _operator(request)
    form = HandoverForm(request.POST or None)
    errors: dict[str, str] = {}
    if request.method == "POST":
        try:
            if not form.is_valid():
                raise CentreRefused(errors_of(form))
            handover = cash.close_day(operator=operator, **form.cleaned_data)
            return redirect(reverse("centres:cash") + f"?closed={handover.pk}")
        except CentreRefused as refused:
            errors = refused.errors
    context = presenters.cash_page(operator, request.GET.get("closed", ""))
    context |= {
        "form": form,
        "errors": [(message, f"f-{name}") for name, message in errors.items()],
        "field_errors": errors,
    }
    return render(request, "centres/cash.html", context, status=400 if errors else 200)


@operator_only
@require_http_methods(["GET", "POST"])
def collection_queue(request: HttpRequest) -> HttpResponse:
    """What waits at this centre to be handed over, and handing one over."""
    operator = _operator(request)
    errors: dict[str, str] = {}
    done = ""
    if request.method == "POST":
        form = CollectionForm(request.POST)
        reference = request.POST.get("reference", "")[:20]
        try:
            if not form.is_valid():
                raise CentreRefused(errors_of(form))
            collection.hand_over(operator=operator, reference=reference, **form.cleaned_data)
            done = reference
        except CentreRefused as refused:
            errors = refused.errors
    context = {
        "centre": operator.centre,
        "waiting": presenters.waiting(operator.centre, _language()),
        "errors": [(message, "f-identification") for message in errors.values()],
        "field_errors": errors,
        "done": done,
    }
    return render(request, "centres/collection.html", context, status=400 if errors else 200)
