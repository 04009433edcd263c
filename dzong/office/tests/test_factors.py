"""Staff's second factors: passkeys beside the authenticator app, one-time recovery codes, one's
own factors page, and an administrator's reset."""

import json
import re

import pytest
from cryptography.hazmat.primitives.asymmetric import ec
from django.test import Client

from dzong.accounts import totp
from dzong.accounts.models import Passkey, RecoveryCode, StaffChange, StaffSecret, User
from dzong.accounts.passkeys import CHALLENGE_SECONDS, relying_party
from dzong.accounts.tests.authenticator import Authenticator
from dzong.audit.models import Entry
from dzong.office.tests.support import office_client
from dzong.workflow.tests.factories import staff

pytestmark = pytest.mark.django_db

PASSWORD = "dzong-demo-2026"


@pytest.fixture
def officer(demo) -> User:
    return staff("transport-officer", "rsta")


def _options(page: str, name: str) -> dict:
    found = re.search(rf'<script id="{name}" type="application/json">(.*?)</script>', page)
    assert found, f"no {name} on the page"
    return json.loads(found.group(1))


def _device(user: User) -> Authenticator:
    """A passkey added through the factors page, as a browser adds one."""
    rp_id, origin = relying_party()
    device = Authenticator(origin, rp_id)
    client = office_client(user)
    options = _options(client.get("/office/factors/").text, "passkey-registration")
    assert options["rp"]["id"] == rp_id and options["user"]["name"] == user.email
    answer = device.register(options)
    response = client.post(
        "/office/factors/passkeys/", {"name": "Work laptop", "credential": answer}
    )
    assert response.status_code == 302, response.text
    return device


def _second_step(user: User) -> tuple[Client, dict]:
    """A client past the password, and the passkey options its code page offers."""
    client = Client()
    client.post("/office/sign-in/", {"email": user.email, "password": PASSWORD})
    page = client.get("/office/sign-in/code/").text
    assert 'name="code"' in page  # the authenticator's code is still offered
    return client, _options(page, "passkey-options")


def _totp(user: User) -> str:
    return totp.code_at(StaffSecret.objects.get(user=user).secret, totp.current_step())


def test_a_member_of_staff_adds_a_passkey_and_signs_in_with_it(officer):
    device = _device(officer)
    kept = Passkey.objects.get(user=officer)
    assert (kept.name, kept.credential_id, kept.last_used_at) == ("Work laptop", device.id, None)
    assert "Work laptop" in office_client(officer).get("/office/factors/").text
    client, options = _second_step(officer)
    assert [c["id"] for c in options["allowCredentials"]] == [device.id]
    response = client.post("/office/sign-in/passkey/", {"credential": device.sign_in(options)})
    assert response.status_code == 302 and response.url == "/office/"
    assert client.get("/office/").status_code == 200
    kept.refresh_from_db()
    assert kept.sign_count == device.sign_count and kept.last_used_at is not None
    assert Entry.objects.filter(action="staff.passkey-added", subject=f"staff:{officer.pk}")


def test_a_passkey_answer_is_refused_when_replayed_from_elsewhere_or_forged(officer):
    device = _device(officer)
    client, options = _second_step(officer)
    answer = device.sign_in(options)
    assert client.post("/office/sign-in/passkey/", {"credential": answer}).status_code == 302
    cases = {
        "has expired or was used already": lambda options: answer,  # the same answer again
        "made for another site": lambda options: device.sign_in(
            options, origin="https://dzong.example.com"
        ),
        "signature is not right": lambda options: device.sign_in(
            options, key=ec.generate_private_key(ec.SECP256R1())
        ),
        "not registered to your account": lambda options: Authenticator(
            device.origin, device.rp_id
        ).sign_in(options),
        "was not understood": lambda options: "{not json",
    }
    for message, forge in cases.items():
        client, options = _second_step(officer)
        response = client.post("/office/sign-in/passkey/", {"credential": forge(options)})
        assert response.status_code == 200 and message in response.text, message
        assert client.get("/office/").status_code == 302  # not signed in


def test_a_challenge_is_used_once_and_lapses_after_five_minutes(officer):
    device = _device(officer)
    client, options = _second_step(officer)
    client.post("/office/sign-in/passkey/", {"credential": "{}"})  # used up by a bad answer
    response = client.post("/office/sign-in/passkey/", {"credential": device.sign_in(options)})
    assert "has expired or was used already" in response.text
    client, options = _second_step(officer)
    session = client.session
    session["passkey_authentication"][1] -= CHALLENGE_SECONDS + 1  # issued too long ago
    session.save()
    response = client.post("/office/sign-in/passkey/", {"credential": device.sign_in(options)})
    assert "has expired or was used already" in response.text


def test_the_authenticator_code_still_signs_in_beside_a_passkey(officer):
    _device(officer)
    client, _ = _second_step(officer)
    assert client.post("/office/sign-in/code/", {"code": _totp(officer)}).url == "/office/"


def test_wrong_passkey_answers_count_towards_the_lockout(officer, settings):
    settings.DZONG_SIGN_IN_MAX_FAILURES = 2
    device = _device(officer)
    for _ in range(2):
        client, options = _second_step(officer)
        client.post("/office/sign-in/passkey/", {"credential": device.sign_in(options, origin="x")})
    response = client.post("/office/sign-in/passkey/", {"credential": device.sign_in(options)})
    assert "Too many wrong attempts" in response.text


def test_recovery_codes_are_shown_once_and_each_signs_in_once(officer):
    client = office_client(officer)
    assert "0 unused recovery codes" in client.get("/office/factors/").text
    page = client.post("/office/factors/recovery-codes/").text
    codes = re.findall(r"<code class=\"dzong-break\">([a-z0-9-]+)</code>", page)
    assert len(codes) == 10 and len(set(codes)) == 10
    assert not RecoveryCode.objects.filter(digest__in=codes).exists()  # kept as digests only
    assert codes[0] not in client.get("/office/factors/").text
    signing_in = Client()
    signing_in.post("/office/sign-in/", {"email": officer.email, "password": PASSWORD})
    response = signing_in.post("/office/sign-in/recovery-code/", {"code": codes[0].upper()})
    assert response.status_code == 302 and signing_in.get("/office/").status_code == 200
    assert Entry.objects.filter(action="staff.recovery-code-used").count() == 1
    again = Client()
    again.post("/office/sign-in/", {"email": officer.email, "password": PASSWORD})
    response = again.post("/office/sign-in/recovery-code/", {"code": codes[0]})
    assert "wrong or was used already" in response.text
    assert "9 unused recovery codes" in client.get("/office/factors/").text
    client.post("/office/factors/recovery-codes/")  # new codes: the old ones stop working
    response = again.post("/office/sign-in/recovery-code/", {"code": codes[1]})
    assert "wrong or was used already" in response.text


def test_wrong_recovery_codes_count_towards_the_lockout(officer, settings):
    settings.DZONG_SIGN_IN_MAX_FAILURES = 2
    client = Client()
    client.post("/office/sign-in/", {"email": officer.email, "password": PASSWORD})
    for _ in range(2):
        client.post("/office/sign-in/recovery-code/", {"code": "aaaa-bbbb-cccc-dddd"})
    too_long = client.post("/office/sign-in/recovery-code/", {"code": "x" * 100})
    assert "16 letters and digits" in too_long.text and "x" * 100 in too_long.text
    response = client.post("/office/sign-in/recovery-code/", {"code": "abcd-efgh-jkmn-pqrs"})
    assert "Too many wrong attempts" in response.text


def test_a_passkey_can_be_removed_but_not_the_last_factor(officer):
    _device(officer)
    passkey = Passkey.objects.get(user=officer)
    client = office_client(officer)
    assert client.post(f"/office/factors/passkeys/{passkey.pk}/remove/").status_code == 302
    assert not Passkey.objects.filter(user=officer).exists()
    _device(officer)
    passkey = Passkey.objects.get(user=officer)
    StaffSecret.objects.filter(user=officer).delete()  # a passkey alone
    response = client.post(f"/office/factors/passkeys/{passkey.pk}/remove/", follow=True)
    assert "only second factor" in response.text and Passkey.objects.filter(pk=passkey.pk)
    other = office_client(staff("supervisor", "rsta"))
    assert other.post(f"/office/factors/passkeys/{passkey.pk}/remove/").status_code == 404


def test_setting_up_the_authenticator_again_needs_a_code_from_the_new_one(officer):
    old = _totp(officer)
    client = office_client(officer)
    page = client.get("/office/factors/authenticator/").text
    secret = re.search(r'<code id="secret" class="dzong-break">([A-Z2-7]+)</code>', page).group(1)
    response = client.post("/office/factors/authenticator/", {"code": old})
    assert "The code is wrong" in response.text  # the old app's code does not confirm the new
    new = totp.code_at(secret, totp.current_step())
    assert client.post("/office/factors/authenticator/", {"code": new}).status_code == 302
    assert StaffSecret.objects.get(user=officer).secret == secret


def test_an_administrator_resets_a_members_factors_and_they_enrol_again(officer):
    _device(officer)
    signed_in = office_client(officer)
    signed_in.post("/office/factors/recovery-codes/")
    admin = staff("administrator", "rsta")
    client = office_client(admin)
    assert "Reset sign-in factors" in client.get("/office/staff/rsta/").text
    response = client.post(f"/office/staff/rsta/{officer.pk}/reset/", follow=True)
    assert "are reset" in response.text and f"factors of {officer.email}" in response.text
    assert not Passkey.objects.filter(user=officer).exists()
    assert not RecoveryCode.objects.filter(user=officer).exists()
    assert not StaffSecret.objects.filter(user=officer).exists()
    change = StaffChange.objects.get(staff=officer, action="reset")
    assert (change.actor, change.agency) == (admin, "rsta")
    assert Entry.objects.filter(action="staff.reset", subject=f"staff:{officer.pk}").exists()
    assert signed_in.get("/office/factors/").status_code == 302  # their open session ended
    assert client.get("/office/staff/rsta/").status_code == 200  # the administrator's did not
    signing_in = Client()
    signing_in.post("/office/sign-in/", {"email": officer.email, "password": PASSWORD})
    page = signing_in.get("/office/sign-in/code/").text
    assert "Set up your authenticator app" in page and "passkey-options" not in page
    elsewhere = office_client(staff("administrator", "caa"))
    assert elsewhere.post(f"/office/staff/rsta/{officer.pk}/reset/").status_code == 404
    client.post(f"/office/staff/rsta/{admin.pk}/reset/")
    assert StaffSecret.objects.filter(user=admin).exists()  # not one's own, from here
