"""A client whose account acts for a business submits for it, and reads it only while it may."""

from __future__ import annotations

import json

from dzong.api.tests.conftest import BUSINESS, SUBMIT
from dzong.applications.models import Application
from dzong.applications.tests.factories import founded_business
from dzong.organisations.services import add_member, remove_member


def _submit_for(api, business: str, name: str = "Dragon Exports"):
    body = json.dumps({"answers": {**BUSINESS, "business_name": name}, "business": business})
    return api.http.post(
        SUBMIT, body, content_type="application/json", headers=api.headers("k1", "en")
    )


def test_a_client_acting_for_a_business_submits_for_it_while_it_may(api, other_api, applicant):
    business = founded_business(applicant)
    add_member(
        organisation=business,
        actor=applicant,
        identifier="centre@example.bt",
        may_apply=True,
    )
    refused = _submit_for(other_api, business.registration_number)
    assert refused.status_code == 403 and not Application.objects.filter(organisation=business)

    sent = _submit_for(api, business.registration_number)
    assert sent.status_code == 201, sent.json()
    reference = sent.json()["reference"]
    assert Application.objects.get(reference=reference).organisation == business
    url = f"/api/v1/applications/{reference}"
    assert other_api.get(url).status_code == 404

    centre = Application.objects.get(reference=reference).applicant
    remove_member(organisation=business, actor=applicant, member=centre)
    assert api.get(url).status_code == 404
    assert _submit_for(api, business.registration_number, "Dragon Two").status_code == 403


def test_a_business_sent_as_anything_but_a_short_text_is_refused(api):
    for business in (12, "x" * 41, ""):
        response = _submit_for(api, business)  # type: ignore[arg-type]
        assert response.status_code == 400, business
