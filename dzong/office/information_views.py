"""The installation's administrators write the site's information pages (accessibility,
privacy, contact, help) in both languages, without code."""

from __future__ import annotations

from django import forms
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_GET, require_http_methods

from dzong.portal.information import SHIPPED, write_information_page
from dzong.portal.models import InformationPage
from dzong.web.staff_access import staff_only


class InformationPageForm(forms.Form):
    """A page's title and text in each language; blank ones show the text Dzong ships."""

    title_en = forms.CharField(max_length=200, required=False, label=_("Title in English"))
    title_dz = forms.CharField(max_length=200, required=False, label=_("Title in Dzongkha"))
    body_en = forms.CharField(
        max_length=20000, required=False, widget=forms.Textarea, label=_("Text in English")
    )
    body_dz = forms.CharField(
        max_length=20000, required=False, widget=forms.Textarea, label=_("Text in Dzongkha")
    )


def _administrator(request: HttpRequest) -> None:
    if not getattr(request.user, "is_superuser", False):
        raise PermissionDenied("Only the installation's administrators write these pages.")


@staff_only
@require_GET
def pages(request: HttpRequest) -> HttpResponse:
    """The information pages, each with whether the installation wrote its own text."""
    _administrator(request)
    written = set(
        InformationPage.objects.exclude(body_en="", body_dz="").values_list("slug", flat=True)
    )
    rows = [(slug, title, slug in written) for slug, (title, _body) in SHIPPED.items()]
    return render(request, "office/information_pages.html", {"rows": rows})


@staff_only
@require_http_methods(["GET", "POST"])
def edit(request: HttpRequest, slug: str) -> HttpResponse:
    """Write one page's title and text in English and Dzongkha."""
    _administrator(request)
    if slug not in SHIPPED:
        raise Http404("No such page.")
    current = InformationPage.objects.filter(slug=slug).first()
    initial = {f: getattr(current, f) for f in InformationPageForm.base_fields} if current else {}
    form = InformationPageForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        write_information_page(slug=slug, texts=form.cleaned_data, by=request.user)
        return redirect("office:information_pages")
    context = {"form": form, "slug": slug, "title": SHIPPED[slug][0]}
    return render(request, "office/information_page.html", context)
