import pytest
from django.test import Client

from dzong.accounts import totp
from dzong.accounts.models import StaffSecret, User
from dzong.workflow.tests.factories import staff

pytestmark = pytest.mark.django_db

PASSWORD = "dzong-demo-2026"


def _password(client: Client, email: str, password: str = PASSWORD):
    return client.post("/office/sign-in/", {"email": email, "password": password})


def _code(user: User, offset: int = 0) -> str:
    secret = StaffSecret.objects.get(user=user).secret
    return totp.code_at(secret, totp.current_step() + offset)


def test_totp_codes_match_rfc_6238():
    # RFC 6238's SHA-1 test vector: the secret "12345678901234567890" at 59 seconds.
    secret = "GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ"
    assert totp.code_at(secret, 59 // 30) == "287082"
    assert totp.matching_step(secret, "287 082", now=59) == 1
    assert totp.matching_step(secret, "000000", now=59) is None


def test_staff_sign_in_with_password_then_code(demo):
    officer = staff("transport-officer", "rsta")
    client = Client()
    assert client.get("/office/").url.startswith("/office/sign-in/")
    assert _password(client, officer.email).url == "/office/sign-in/code/"
    assert client.get("/office/").status_code == 302  # not yet: the code is missing
    response = client.post("/office/sign-in/code/", {"code": _code(officer)})
    assert response.url == "/office/"
    assert client.get("/office/").status_code == 200


def test_a_used_code_cannot_be_used_again(demo):
    officer = staff("transport-officer", "rsta")
    code = _code(officer)
    first, second = Client(), Client()
    _password(first, officer.email)
    assert first.post("/office/sign-in/code/", {"code": code}).status_code == 302
    _password(second, officer.email)
    response = second.post("/office/sign-in/code/", {"code": code})
    assert response.status_code == 200 and "The code is wrong" in response.text


def test_first_sign_in_shows_the_secret_to_enrol_and_confirms_it(demo):
    user = User.objects.create_user("new@caa.demo.dzong.test", PASSWORD, is_staff=True)
    client = Client()
    _password(client, user.email)
    page = client.get("/office/sign-in/code/").text
    secret = StaffSecret.objects.get(user=user)
    assert secret.confirmed_at is None
    assert secret.secret in page and "otpauth://totp/" in page
    client.post("/office/sign-in/code/", {"code": _code(user)})
    secret.refresh_from_db()
    assert secret.confirmed_at is not None
    assert secret.secret not in Client().get("/office/sign-in/code/").text


def test_applicants_cannot_sign_in_to_the_back_office(applicant):
    applicant.set_password(PASSWORD)
    applicant.save()
    client = Client()
    response = _password(client, applicant.email)
    assert response.status_code == 200 and "wrong" in response.text
    client.force_login(applicant)
    assert client.get("/office/").status_code == 302


def test_repeated_failures_lock_the_account_out_for_a_while(demo, settings):
    settings.DZONG_SIGN_IN_MAX_FAILURES = 3
    officer = staff("transport-officer", "rsta")
    client = Client()
    _password(client, officer.email)
    for _ in range(3):
        client.post("/office/sign-in/code/", {"code": "000000"})
    response = client.post("/office/sign-in/code/", {"code": _code(officer)})
    assert "Too many wrong attempts" in response.text
    response = _password(Client(), officer.email)
    assert "Too many wrong attempts" in response.text


def test_staff_cannot_sign_in_as_applicants(demo):
    officer = staff("transport-officer", "rsta")
    response = Client().post("/account/sign-in/", {"email": officer.email, "password": PASSWORD})
    assert response.status_code == 200 and "not right" in response.text
