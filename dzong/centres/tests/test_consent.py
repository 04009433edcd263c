"""The citizen's consent: on a signed paper form (a checked upload), or by the national
identity on the centre's computer, against the sandbox provider over HTTP."""

from __future__ import annotations

import datetime as dt
import re
import urllib.parse

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import TestCase
from django.urls import reverse
from django.utils import timezone

from conftest import IdentitySandbox
from dzong.accounts import wallet
from dzong.accounts.models import VerifiedIdentity, WalletRequest
from dzong.centres.models import AssistedApplication
from dzong.centres.services import start_assisted
from dzong.centres.tests.support import MOBILE, centre, client_of, operator
from dzong.portal.tests.test_national_identity import KARMA, at_provider

pytestmark = pytest.mark.django_db


def _request(desk, citizen: str = KARMA) -> AssistedApplication:
    return start_assisted(
        operator=desk,
        slug="bus-route-permit",
        citizenship_id=citizen,
        mobile_number=MOBILE,
        language="en",
    )


def test_a_paper_form_that_is_not_a_photo_or_pdf_is_refused_with_a_message(demo):
    desk = operator(centre())
    assisted = _request(desk)
    fake = SimpleUploadedFile("consent.jpg", b"not an image at all", content_type="image/jpeg")
    url = reverse("centres:consent", args=[assisted.pk])
    page = client_of(desk).post(url, {"action": "paper", "consent_form": fake})
    assert page.status_code == 400
    assert "must be a photo (JPEG, PNG) or a PDF" in page.content.decode()
    assisted.refresh_from_db()
    assert assisted.consent == "pending" and not assisted.consent_form


def test_the_start_form_keeps_what_was_typed_and_says_what_is_wrong(demo):
    client = client_of(operator(centre()))
    page = client.post(
        reverse("centres:start"),
        {"service": "bus-route-permit", "citizenship_id": "1151", "mobile_number": "12345678"},
    )
    html = page.content.decode()
    assert page.status_code == 400
    assert "Enter the 11 digits of the citizenship ID number" in html
    assert "starting 17 or 77" in html and 'value="1151"' in html
    assert not AssistedApplication.objects.exists()


def _by_identity(client, assisted: AssistedApplication, **choices) -> object:
    started = client.post(reverse("centres:identity_start", args=[assisted.pk]))
    assert started.status_code == 302
    back = urllib.parse.urlsplit(at_provider(started["Location"], **choices))
    return client.get(f"{back.path}?{back.query}")


def test_the_citizen_consents_with_the_national_identity_and_the_application_is_theirs(
    demo, identity_sandbox: IdentitySandbox
):
    desk = operator(centre())
    client = client_of(desk)
    assisted = _request(desk)
    answer = _by_identity(client, assisted)
    assisted.refresh_from_db()
    assert assisted.consent == "given" and assisted.consent_method == "national_identity"
    assert assisted.application is not None
    assert answer["Location"] == reverse(
        "centres:application", args=[assisted.application.reference]
    )
    identity = VerifiedIdentity.objects.get(citizenship_id=KARMA)
    assert assisted.application.applicant == identity.user
    assert client.get(answer["Location"]).status_code == 200  # the operator is still signed in


def test_the_national_identity_of_someone_else_gives_no_consent(
    demo, identity_sandbox: IdentitySandbox
):
    desk = operator(centre())
    client = client_of(desk)
    assisted = _request(desk, citizen="10101000001")
    answer = _by_identity(client, assisted)
    assert answer.status_code == 400
    assert "names someone else" in answer.content.decode()
    assisted.refresh_from_db()
    assert assisted.consent == "pending" and assisted.application is None


def _texts_sent_at_once(settings) -> None:
    settings.TASKS = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}


def test_the_citizen_consents_with_the_code_sent_to_their_phone(demo, sms_gateway, settings):
    _texts_sent_at_once(settings)
    desk = operator(centre())
    client = client_of(desk)
    assisted = _request(desk, citizen="11512000777")
    url = reverse("centres:consent", args=[assisted.pk])
    with TestCase.captureOnCommitCallbacks(execute=True):  # the text goes as it commits
        assert client.post(url, {"action": "send_code"}).status_code == 302
    code = re.search(r"\d{6}", sms_gateway.texts_to("+975" + MOBILE)[-1]).group()
    wrong = f"{(int(code) + 1) % 10**6:06d}"
    refused = client.post(url, {"action": "check_code", "code": wrong})
    assert refused.status_code == 400 and 'id="f-code-error"' in refused.content.decode()
    answer = client.post(url, {"action": "check_code", "code": code})
    assisted.refresh_from_db()
    assert assisted.consent == "given" and assisted.consent_method == "sms_code"
    assert assisted.application is not None
    assert answer["Location"] == reverse(
        "centres:application", args=[assisted.application.reference]
    )
    citizen = assisted.application.applicant
    assert citizen.mobile_number == "+975" + MOBILE  # they sign in later with a code to it
    again = client.post(url, {"action": "check_code", "code": code})
    assert again.status_code == 302  # consented already: on to the application


def test_a_code_sent_after_the_time_allowed_stops_nothing_more_and_sends_nothing(
    demo, sms_gateway, settings
):
    _texts_sent_at_once(settings)
    desk = operator(centre())
    assisted = _request(desk)
    late = timezone.now() - dt.timedelta(minutes=settings.DZONG_CENTRE_CONSENT_MINUTES + 1)
    AssistedApplication.objects.filter(pk=assisted.pk).update(arrived_at=late)
    url = reverse("centres:consent", args=[assisted.pk])
    with TestCase.captureOnCommitCallbacks(execute=True):
        page = client_of(desk).post(url, {"action": "send_code"})
    assert "did not consent in time" in page.content.decode()
    assert sms_gateway.texts_to("+975" + MOBILE) == []


def _wallet_consent(client, assisted: AssistedApplication, sandbox: IdentitySandbox, settings):
    """The operator shows the wallet's code; the citizen's wallet (the sandbox's) answers."""
    from dzong.portal.tests.test_wallet import post_answer, wallet_answer

    settings.DZONG_SIGN_IN_METHODS = ["password", "national-identity", "wallet"]
    settings.DZONG_WALLET_TRUSTED_ISSUERS = [sandbox.url]
    url = reverse("centres:consent", args=[assisted.pk])
    assert client.post(url, {"action": "wallet"}).status_code == 302
    page = client.get(url).content.decode()
    assert 'id="wallet-consent-qr"' in page and "<svg" in page
    opened = WalletRequest.objects.get(purpose="consent")
    link = wallet.link(opened, "http://testserver" + reverse("accounts:wallet_response"))
    answered = post_answer(wallet_answer(sandbox, link))
    assert answered.status_code == 200 and answered.json() == {}  # no page on the phone to go to
    status = client.get(reverse("centres:wallet_status", args=[assisted.pk])).json()
    assert status["pending"] is False and 'id="wallet-consent-record"' in status["html"]
    return client.post(url, {"action": "wallet_take"})


def test_the_citizen_consents_with_the_wallet_on_their_own_phone(
    demo, identity_sandbox: IdentitySandbox, settings
):
    desk = operator(centre())
    client = client_of(desk)
    assisted = _request(desk)
    answer = _wallet_consent(client, assisted, identity_sandbox, settings)
    assisted.refresh_from_db()
    assert assisted.consent == "given" and assisted.consent_method == "wallet"
    assert answer["Location"] == reverse(
        "centres:application", args=[assisted.application.reference]
    )
    assert assisted.application.applicant == VerifiedIdentity.objects.get(citizenship_id=KARMA).user
    assert "_auth_user_id" in client.session  # still the operator's session
    assert int(client.session["_auth_user_id"]) == desk.user.pk
    page = client.get(answer["Location"]).content.decode()
    assert "on their own phone" in page


def test_a_wallet_that_vouches_for_someone_else_gives_no_consent_and_cannot_sign_in(
    demo, identity_sandbox: IdentitySandbox, settings
):
    desk = operator(centre())
    client = client_of(desk)
    assisted = _request(desk, citizen="10101000001")
    answer = _wallet_consent(client, assisted, identity_sandbox, settings)
    assert answer.status_code == 400
    assert "names someone else" in answer.content.decode()
    assisted.refresh_from_db()
    assert assisted.consent == "pending" and assisted.application is None
    opened = WalletRequest.objects.get(purpose="consent")
    assert opened.status == "used"  # good once: not for signing in with afterwards
    assert client.get(reverse("accounts:wallet_finish", args=[opened.pk])).status_code == 404
