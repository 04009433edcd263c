"""Signing in and up with a code sent by SMS (through the real "http" gateway, to a server on
loopback), and adding a mobile number to an account made with email and password."""

import re

import pytest
from django.contrib.auth import get_user
from django.core.cache import cache
from django.test import TestCase

from dzong.accounts.models import User

pytestmark = pytest.mark.django_db
NUMBER = "+97517123456"


@pytest.fixture(autouse=True)
def _sms_code_offered(settings):
    cache.clear()
    settings.DZONG_SIGN_IN_METHODS = ["password", "sms-code"]
    settings.TASKS = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}
    yield
    cache.clear()


def ask(client, number="17 12 34 56", path="/account/sms-code/", **extra):
    """Page 1: ask for a code (sent as the transaction commits)."""
    with TestCase.captureOnCommitCallbacks(execute=True):
        return client.post(path, {"mobile_number": number, **extra})


def last_code(sms_gateway, number=NUMBER):
    return re.search(r"\d{6}", sms_gateway.texts_to(number)[-1]).group()


def wrong(code):
    return f"{(int(code) + 1) % 10**6:06d}"


def test_a_person_with_no_account_signs_up_with_a_code_and_a_name(client, sms_gateway):
    page = client.get("/account/sign-in/").text
    assert 'href="/account/sms-code/' in page
    response = ask(client, next="/applications/")
    assert response.status_code == 302
    assert response["Location"] == "/account/sms-code/code/?next=%2Fapplications%2F"
    page = client.get(response["Location"]).text
    assert "+975 17 12 34 56" in page
    assert 'autocomplete="one-time-code" inputmode="numeric"' in page
    response = client.post(
        "/account/sms-code/code/", {"code": last_code(sms_gateway), "next": "/applications/"}
    )
    assert response["Location"] == "/account/sms-code/new-account/?next=%2Fapplications%2F"
    assert not get_user(client).is_authenticated
    response = client.post(
        "/account/sms-code/new-account/",
        {"full_name": " Karma Wangmo ", "language": "dz", "next": "/applications/"},
    )
    assert response.status_code == 302 and response["Location"] == "/applications/"
    user = User.objects.get(mobile_number=NUMBER)
    assert (user.full_name, user.email, user.preferred_language) == ("Karma Wangmo", None, "dz")
    assert not user.has_usable_password()
    assert get_user(client) == user
    assert response.cookies["dzong_language"].value == "dz"
    assert client.get("/account/").text.count("+975 17 12 34 56") == 1
    assert client.get("/account/sms-code/new-account/")["Location"] == "/account/sms-code/"


def test_the_holder_of_a_number_is_signed_in_to_their_account_without_a_second_one(
    client, sms_gateway
):
    karma = User.objects.create_user("karma@example.bt", None, mobile_number=NUMBER)
    accounts = User.objects.count()
    ask(client, "0097517123456")
    response = client.post("/account/sms-code/code/", {"code": last_code(sms_gateway)})
    assert response.status_code == 302 and response["Location"] == "/"
    assert get_user(client) == karma and User.objects.count() == accounts
    again = client.post("/account/sms-code/code/", {"code": last_code(sms_gateway)})
    assert again["Location"] == "/account/sms-code/"  # the code is spent


def test_a_wrong_number_is_refused_in_dzongkha_keeping_what_was_typed(client, sms_gateway):
    client.cookies["dzong_language"] = "dz"
    page = ask(client, "27 12 34 56").text
    assert "govuk-error-summary" in page and 'value="27 12 34 56"' in page
    assert "ཁ་པར་ཨང་" in page and "Enter a Bhutanese" not in page
    assert sms_gateway.received == []
    long = ask(client, "1" * 41).text
    assert "govuk-error-summary" in long and "ཁ་པར་ཨང་" in long


def test_a_wrong_code_is_refused_keeping_what_was_typed_and_the_right_one_then_works(
    client, sms_gateway
):
    ask(client)
    code = last_code(sms_gateway)
    page = client.post("/account/sms-code/code/", {"code": wrong(code)}).text
    assert "The code is not right" in page and f'value="{wrong(code)}"' in page
    assert (
        "The code has 6 digits" in client.post("/account/sms-code/code/", {"code": "1" * 21}).text
    )
    response = client.post("/account/sms-code/code/", {"code": code})
    assert response["Location"].startswith("/account/sms-code/new-account/")


def test_a_new_code_is_sent_from_the_code_page_and_only_the_newest_is_taken(client, sms_gateway):
    ask(client)
    first = last_code(sms_gateway)
    page = client.get("/account/sms-code/code/").text
    again = re.search(r'name="mobile_number" value="([^"]+)"', page).group(1)
    assert ask(client, again).status_code == 302
    assert len(sms_gateway.texts_to(NUMBER)) == 2
    newest = last_code(sms_gateway)
    if first != newest:
        page = client.post("/account/sms-code/code/", {"code": first}).text
        assert "The code is not right" in page
    response = client.post("/account/sms-code/code/", {"code": newest})
    assert response["Location"].startswith("/account/sms-code/new-account/")


def test_wrong_codes_lock_the_number_out_like_wrong_passwords(client, sms_gateway, settings):
    settings.DZONG_SIGN_IN_MAX_FAILURES = 2
    ask(client)
    code = last_code(sms_gateway)
    for _ in range(2):
        client.post("/account/sms-code/code/", {"code": wrong(code)})
    page = client.post("/account/sms-code/code/", {"code": code}).text
    assert "wrong code too many times. Wait 15 minutes" in page
    page = ask(client).text
    assert "wrong code too many times" in page and len(sms_gateway.received) == 1
    ask(client, "77123456")  # another number is not held back
    assert len(sms_gateway.texts_to("+97577123456")) == 1


def test_a_fourth_code_in_ten_minutes_is_refused_with_a_message(client, sms_gateway):
    for _ in range(3):
        assert ask(client).status_code == 302
    page = ask(client).text
    assert "Too many codes were sent to this number" in page
    assert len(sms_gateway.texts_to(NUMBER)) == 3


def test_codes_asked_from_one_address_are_limited(client, sms_gateway, settings):
    settings.DZONG_SIGN_IN_MAX_FAILURES_PER_ADDRESS = 2
    assert ask(client, "17111111").status_code == 302
    assert ask(client, "17222222").status_code == 302
    assert "Too many codes were asked for from here" in ask(client, "17333333").text
    assert len(sms_gateway.received) == 2


def test_a_member_of_staff_cannot_sign_in_with_a_code(client, sms_gateway):
    User.objects.create_user("staff@example.bt", None, mobile_number=NUMBER, is_staff=True)
    ask(client)
    page = client.post("/account/sms-code/code/", {"code": last_code(sms_gateway)}).text
    assert "cannot be used to sign in here" in page
    assert not get_user(client).is_authenticated


def test_the_pages_need_the_method_offered_and_the_steps_before(client, settings):
    assert client.get("/account/sms-code/code/")["Location"] == "/account/sms-code/"
    settings.DZONG_SIGN_IN_METHODS = ["password"]
    assert "/account/sms-code/" not in client.get("/account/sign-in/").text
    for path in ["/account/sms-code/", "/account/sms-code/code/", "/account/sms-code/new-account/"]:
        assert client.get(path).status_code == 404


def test_an_account_with_email_adds_its_number_and_then_signs_in_with_it(client, sms_gateway):
    karma = User.objects.create_user("karma@example.bt", "a long passphrase 42")
    client.force_login(karma)
    assert 'href="/account/mobile/"' in client.get("/account/").text
    response = ask(client, "77 12 34 56", path="/account/mobile/")
    assert response["Location"] == "/account/mobile/code/"
    code = last_code(sms_gateway, "+97577123456")
    assert client.post("/account/mobile/code/", {"code": wrong(code)}).status_code == 200
    response = client.post("/account/mobile/code/", {"code": code})
    assert response["Location"] == "/account/"
    karma.refresh_from_db()
    assert karma.mobile_number == "+97577123456"
    client.post("/account/sign-out/")
    ask(client, "77123456")
    client.post("/account/sms-code/code/", {"code": last_code(sms_gateway, "+97577123456")})
    assert get_user(client) == karma


def test_a_number_another_account_holds_cannot_be_added(client, sms_gateway):
    User.objects.create_user("dorji@example.bt", None, mobile_number=NUMBER)
    client.force_login(User.objects.create_user("karma@example.bt", None))
    page = ask(client, "17123456", path="/account/mobile/").text
    assert "belongs to another Dzong account" in page
    assert sms_gateway.received == []
    assert client.get("/account/mobile/code/")["Location"] == "/account/mobile/"
