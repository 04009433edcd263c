"""One-time codes by SMS: sent through the gateway as a recorded message, accepted once."""

import datetime as dt
import re

import pytest
from django.db import IntegrityError
from django.utils import timezone

from dzong.accounts.models import User, normalise_mobile
from dzong.accounts.one_time_codes import (
    CodeRefused,
    OneTimeCode,
    check_code,
    code_text,
    send_code,
)
from dzong.notifications.models import Delivery

pytestmark = pytest.mark.django_db

NUMBER = "+97517123456"


@pytest.fixture
def immediate_tasks(settings):
    settings.TASKS = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}


def sent(sms_gateway, django_capture_on_commit_callbacks, number=NUMBER, **extra):
    """A code sent to the number, and the six digits the gateway received."""
    with django_capture_on_commit_callbacks(execute=True):
        row = send_code(mobile_number=number, purpose=extra.pop("purpose", "sign-in"), **extra)
    digits = re.search(r"\d{6}", sms_gateway.texts_to(row.mobile_number)[-1])
    assert digits is not None
    return row, digits.group()


@pytest.mark.parametrize(
    "written", ["17123456", "+975 17 12 34 56", "0097517123456", "975-17-123-456", " 17123456 "]
)
def test_mobile_numbers_are_kept_in_one_form_however_they_are_written(written):
    assert normalise_mobile(written) == NUMBER


@pytest.mark.parametrize(
    "written", ["", "1712345", "171234567", "27123456", "+91 17123456", "17l23456", "1" * 200]
)
def test_what_is_not_a_bhutanese_mobile_number_is_refused_with_a_message(written):
    with pytest.raises(ValueError, match="8 digits starting 17 or 77"):
        normalise_mobile(written)


def test_one_number_holds_one_account():
    User.objects.create_user("a@example.bt", None, mobile_number=NUMBER)
    with pytest.raises(IntegrityError):
        User.objects.create_user("b@example.bt", None, mobile_number=NUMBER)


def test_the_code_reaches_the_gateway_in_the_persons_language_and_only_its_hash_is_kept(
    sms_gateway, immediate_tasks, django_capture_on_commit_callbacks
):
    row, code = sent(sms_gateway, django_capture_on_commit_callbacks, "17 12 34 56", language="dz")
    text = sms_gateway.texts_to(NUMBER)[0]
    assert "Dzong" in text and "Your Dzong code" not in text  # in Dzongkha
    assert "\u0f21\u0f20" in text and "10" not in text.replace(code, "")  # ten minutes, as read
    assert len(text) <= 70  # one text message in UCS-2, as Tibetan script is sent
    assert len(code_text(code, "en")) <= 160  # and one in GSM's alphabet
    assert code not in row.code_hash and len(row.code_hash) == 64
    message = Delivery.objects.get(channel="sms", address=NUMBER)
    assert (message.status, message.body, message.recipient) == ("sent", "", None)
    assert row.expires_at - row.created_at == dt.timedelta(seconds=600)


def test_the_right_code_is_accepted_once(
    sms_gateway, immediate_tasks, django_capture_on_commit_callbacks
):
    row, code = sent(sms_gateway, django_capture_on_commit_callbacks, language="en")
    assert "Your Dzong code is " + code in sms_gateway.texts_to(NUMBER)[0]
    checked = check_code(code_id=row.pk, entered=code, mobile_number="17123456")
    assert checked.used_at is not None and checked.purpose == "sign-in"
    with pytest.raises(CodeRefused) as refused:
        check_code(code_id=row.pk, entered=code)
    assert refused.value.reason == "used"
    assert "used already" in refused.value.message


def test_codes_typed_in_tibetan_digits_are_accepted(
    sms_gateway, immediate_tasks, django_capture_on_commit_callbacks
):
    row, code = sent(sms_gateway, django_capture_on_commit_callbacks, language="dz")
    tibetan = code.translate(str.maketrans("0123456789", "༠༡༢༣༤༥༦༧༨༩"))
    assert check_code(code_id=row.pk, entered=tibetan).used_at is not None


def test_five_wrong_codes_lock_the_code_even_for_the_right_one(
    sms_gateway, immediate_tasks, django_capture_on_commit_callbacks
):
    row, code = sent(sms_gateway, django_capture_on_commit_callbacks, language="en")
    wrong = f"{(int(code) + 1) % 10**6:06d}"
    reasons = []
    for _ in range(5):
        with pytest.raises(CodeRefused) as refused:
            check_code(code_id=row.pk, entered=wrong)
        reasons.append(refused.value.reason)
    assert reasons == ["wrong"] * 4 + ["locked"]
    with pytest.raises(CodeRefused) as refused:
        check_code(code_id=row.pk, entered=code)
    assert refused.value.reason == "locked"
    assert OneTimeCode.objects.get(pk=row.pk).attempts == 5


def test_an_expired_code_is_refused(
    sms_gateway, immediate_tasks, django_capture_on_commit_callbacks
):
    row, code = sent(sms_gateway, django_capture_on_commit_callbacks, language="en")
    OneTimeCode.objects.filter(pk=row.pk).update(expires_at=timezone.now())
    with pytest.raises(CodeRefused) as refused:
        check_code(code_id=row.pk, entered=code)
    assert refused.value.reason == "expired"


def test_a_code_sent_to_another_number_or_unknown_is_refused_as_expired(
    sms_gateway, immediate_tasks, django_capture_on_commit_callbacks
):
    row, code = sent(sms_gateway, django_capture_on_commit_callbacks, language="en")
    for code_id, number in [(row.pk, "77123456"), ("not-a-code", None), (row.pk, "nonsense")]:
        with pytest.raises(CodeRefused) as refused:
            check_code(code_id=code_id, entered=code, mobile_number=number)
        assert refused.value.reason == "expired"
    assert check_code(code_id=row.pk, entered=code).used_at is not None


def test_a_fourth_code_in_ten_minutes_to_one_number_is_refused_and_not_sent(
    sms_gateway, immediate_tasks, django_capture_on_commit_callbacks
):
    for _ in range(3):
        sent(sms_gateway, django_capture_on_commit_callbacks, language="en")
    with pytest.raises(CodeRefused) as refused:
        send_code(mobile_number=NUMBER, purpose="sign-in", language="en")
    assert refused.value.reason == "too_many"
    assert len(sms_gateway.texts_to(NUMBER)) == 3
    sent(sms_gateway, django_capture_on_commit_callbacks, "77123456", language="en")


def test_codes_for_consent_keep_the_callers_reference(
    sms_gateway, immediate_tasks, django_capture_on_commit_callbacks
):
    row, code = sent(
        sms_gateway,
        django_capture_on_commit_callbacks,
        purpose="consent",
        language="en",
        context="application BT-1",
    )
    checked = check_code(code_id=str(row.pk), entered=code, mobile_number=NUMBER)
    assert (checked.purpose, checked.context) == ("consent", "application BT-1")


def test_past_the_daily_limit_no_code_is_sent(
    sms_gateway, immediate_tasks, django_capture_on_commit_callbacks, monkeypatch
):
    monkeypatch.setattr("dzong.accounts.one_time_codes.SENDING_LIMITS", ((9, 600), (2, 86400)))
    for _ in range(2):
        sent(sms_gateway, django_capture_on_commit_callbacks, language="en")
    with pytest.raises(CodeRefused, match="too_many"):
        send_code(mobile_number=NUMBER, purpose="sign-up", language="en")


def test_the_sweeper_forgets_codes_a_day_after_they_expired(
    sms_gateway, immediate_tasks, django_capture_on_commit_callbacks
):
    from dzong.applications.management.commands.sweep import sweep

    old, _code = sent(sms_gateway, django_capture_on_commit_callbacks, language="en")
    fresh, _code = sent(sms_gateway, django_capture_on_commit_callbacks, language="en")
    OneTimeCode.objects.filter(pk=old.pk).update(
        expires_at=timezone.now() - dt.timedelta(days=1, seconds=1)
    )
    assert sweep()["expired one-time code(s) forgotten"] == 1
    assert list(OneTimeCode.objects.values_list("pk", flat=True)) == [fresh.pk]
    assert sweep()["expired one-time code(s) forgotten"] == 0
