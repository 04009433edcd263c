"""Public pages: a certificate's status from its code, and checking an uploaded PDF."""

from __future__ import annotations

from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_GET, require_http_methods

from dzong.certificates.services import check_presented_pdf
from dzong.verify.forms import CodeForm, DocumentForm
from dzong.verify.presenters import certificate_page


@require_GET
def start(request: HttpRequest) -> HttpResponse:
    """Type a verification code, or upload a PDF."""
    form = CodeForm(request.GET or None)
    if request.GET and form.is_valid():
        return redirect("verify:certificate", code=form.cleaned_data["code"])
    return render(request, "verify/start.html", {"form": form, "upload": DocumentForm()})


@require_GET
def certificate(request: HttpRequest, code: str) -> HttpResponse:
    """A certificate's key facts and status, as anyone holding its code may see them."""
    context = certificate_page(code)
    if context is None:
        raise Http404("No certificate has this code.")
    response = render(request, "verify/certificate.html", context)
    response.headers["X-Robots-Tag"] = "noindex"
    return response


@require_http_methods(["GET", "POST"])
def document(request: HttpRequest) -> HttpResponse:
    """Upload a PDF: is it a certificate we issued, unaltered?"""
    if request.method != "POST":
        return redirect("verify:start")
    form = DocumentForm(request.POST, request.FILES)
    if not form.is_valid():
        context: dict[str, object] = {"form": CodeForm(), "upload": form}
        return render(request, "verify/start.html", context, status=400)
    presented = check_presented_pdf(pdf=form.cleaned_data["document"])
    found = {"finding": presented.finding, "certificate": presented.certificate}
    return render(request, "verify/document.html", found)
