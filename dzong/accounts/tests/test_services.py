import datetime as dt
import importlib

import pytest
from django.core.exceptions import ValidationError
from django.db import connection
from django.utils import timezone

from dzong.accounts.models import User
from dzong.accounts.services import (
    EmailTaken,
    clear_failures,
    is_locked_out,
    record_failure,
    register_applicant,
)

PASSWORD = "thunder-dragon-2026"


pytestmark = pytest.mark.django_db  # the cache is a table of the database


def register(**changes):
    details = {
        "email": " Karma@Example.BT",
        "password": PASSWORD,
        "full_name": " Karma Wangmo ",
        "language": "dz",
        **changes,
    }
    return register_applicant(**details)


def test_registering_an_applicant_keeps_a_tidy_address_name_and_language(settings):
    # Tests hash with a fast hasher; production's settings, restored here, hash with Argon2.
    settings.PASSWORD_HASHERS = importlib.import_module("dzong.settings").PASSWORD_HASHERS
    user = register()
    assert (user.email, user.full_name, user.preferred_language) == (
        "karma@example.bt",
        "Karma Wangmo",
        "dz",
    )
    assert user.check_password(PASSWORD) and user.password.startswith("argon2$")


def test_a_weak_password_is_refused_and_nothing_is_written():
    with pytest.raises(ValidationError) as refused:
        register(password="karmawangmo")
    assert any("too like your name" in message for message in refused.value.messages)
    assert not User.objects.filter(email__iexact="karma@example.bt").exists()


def test_an_address_registered_already_in_any_case_is_refused():
    register()
    with pytest.raises(EmailTaken):
        register(email="KARMA@example.bt")
    assert User.objects.filter(email__iexact="karma@example.bt").count() == 1


def test_an_address_is_locked_only_once_the_limit_is_reached(settings):
    settings.DZONG_SIGN_IN_MAX_FAILURES = 3
    for _ in range(2):
        record_failure("karma@example.bt")
    assert not is_locked_out("karma@example.bt")
    record_failure("Karma@Example.bt ")
    assert is_locked_out("karma@example.bt")
    assert not is_locked_out("pema@example.bt")


def test_the_lock_lapses_after_the_period(settings, monkeypatch):
    settings.DZONG_SIGN_IN_MAX_FAILURES = 1
    settings.DZONG_SIGN_IN_LOCKOUT_SECONDS = 900
    record_failure("karma@example.bt")
    assert is_locked_out("karma@example.bt")
    import django.core.cache.backends.db as database_cache

    later = timezone.now() + dt.timedelta(seconds=901)
    monkeypatch.setattr(database_cache, "tz_now", lambda: later)
    assert not is_locked_out("karma@example.bt")


def test_clearing_forgets_the_failures_and_lifts_the_lock(settings):
    settings.DZONG_SIGN_IN_MAX_FAILURES = 2
    record_failure("karma@example.bt")
    clear_failures("karma@example.bt")
    record_failure("karma@example.bt")
    assert not is_locked_out("karma@example.bt")
    record_failure("karma@example.bt")
    clear_failures("karma@example.bt")
    assert not is_locked_out("karma@example.bt")


def test_no_email_address_is_kept_in_the_cache_in_clear():
    record_failure("karma@example.bt")
    with connection.cursor() as cursor:
        cursor.execute("SELECT cache_key FROM dzong_cache")
        keys = [key for (key,) in cursor.fetchall()]
    assert keys and not any("karma" in key for key in keys)


def test_an_address_trying_many_accounts_is_locked_out_for_every_account(settings):
    settings.DZONG_SIGN_IN_MAX_FAILURES_PER_ADDRESS = 3
    for name in ("karma", "pema", "sonam"):
        record_failure(f"{name}@example.bt", address="203.0.113.9")
    assert is_locked_out("dorji@example.bt", address="203.0.113.9")
    assert not is_locked_out("dorji@example.bt", address="203.0.113.10")
    assert not is_locked_out("dorji@example.bt")


def test_a_count_is_shared_and_keeps_its_expiry(settings):
    # Two cache clients, as two web processes have, see one count going up.
    from django.core.cache import caches

    first, second = caches.create_connection("default"), caches.create_connection("default")
    assert [first.count("hits", timeout=60), second.count("hits", timeout=60)] == [1, 2]
    assert first.count("hits", timeout=600) == 3
    with connection.cursor() as cursor:
        cursor.execute("SELECT expires FROM dzong_cache WHERE cache_key = ':1:hits'")
        (expires,) = cursor.fetchone()
    expires = dt.datetime.fromisoformat(str(expires)).replace(tzinfo=dt.UTC)
    assert expires <= timezone.now() + dt.timedelta(seconds=61)
