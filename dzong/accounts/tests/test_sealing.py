"""Staff TOTP secrets are stored encrypted; signing in with the second factor still works."""

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor
from django.test import Client

from dzong.accounts import totp
from dzong.accounts.models import StaffSecret, User
from dzong.accounts.staff import enrol_staff

SECRET = "JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP"
PASSWORD = "thunder-dragon-2026"


def stored_column(user):
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT sealed_secret FROM accounts_staffsecret WHERE user_id = %s", [user.pk]
        )
        return cursor.fetchone()[0]


@pytest.mark.django_db
def test_the_stored_secret_is_not_the_secret_and_the_code_still_signs_in():
    officer = User.objects.create_user("officer@example.bt", PASSWORD, is_staff=True)
    enrol_staff(user=officer, secret=SECRET)
    assert SECRET not in stored_column(officer)
    client = Client()
    client.post("/office/sign-in/", {"email": officer.email, "password": PASSWORD})
    code = totp.code_at(SECRET, totp.current_step())
    assert client.post("/office/sign-in/code/", {"code": code}).url == "/office/"


@pytest.mark.django_db(transaction=True)
def test_the_migration_encrypts_secrets_stored_before_it():
    before, after = (
        [("accounts", "0003_staff_change")],
        [("accounts", "0004_staff_secret_encrypted")],
    )
    executor = MigrationExecutor(connection)
    executor.migrate(before)
    old = executor.loader.project_state(before).apps
    user = old.get_model("accounts", "User").objects.create(email="old@example.bt", is_staff=True)
    old.get_model("accounts", "StaffSecret").objects.create(user=user, secret=SECRET)
    executor.loader.build_graph()
    executor.migrate(after)
    assert SECRET not in stored_column(user)
    assert StaffSecret.objects.get(user_id=user.pk).secret == SECRET
    executor.loader.build_graph()  # the later migrations back, for the tests that follow
    executor.migrate(executor.loader.graph.leaf_nodes())
