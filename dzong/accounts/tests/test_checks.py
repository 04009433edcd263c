"""No secret falls back to a value in the code outside the demo: `check --deploy` says so."""

import os
import subprocess
import sys

SECRETS = ("DZONG_SECRET_KEY", "DZONG_PAYMENT_HMAC_SECRET", "DZONG_DEMO", "DZONG_DEBUG")
TEST_ONLY = ("DJANGO_ALLOW_ASYNC_UNSAFE",)  # set by the browser tests


def check_deploy(**variables):
    env = {name: value for name, value in os.environ.items() if name not in SECRETS + TEST_ONLY}
    return subprocess.run(
        [sys.executable, "-m", "dzong.cli", "check", "--deploy"],
        env={**env, **variables},
        capture_output=True,
        text=True,
        check=False,
        timeout=60,
    )


def test_without_secrets_outside_the_demo_check_deploy_fails_and_names_them():
    result = check_deploy()
    assert result.returncode != 0
    assert "dzong.accounts.E001" in result.stderr
    assert "DZONG_SECRET_KEY is not set" in result.stderr
    assert "dzong.payments.E001" in result.stderr


def test_the_demo_runs_without_setting_a_secret():
    result = check_deploy(DZONG_DEMO="1")
    assert "dzong.accounts.E001" not in result.stderr
    assert "dzong.payments.E001" not in result.stderr
    assert result.returncode == 0, result.stderr


def test_offering_the_national_identity_needs_its_secret_and_an_https_provider():
    offered = {"DZONG_SIGN_IN_METHODS": "password,national-identity"}
    result = check_deploy(**offered)
    assert "dzong.accounts.E002" in result.stderr and "dzong.accounts.E003" in result.stderr
    result = check_deploy(
        **offered,
        DZONG_OIDC_CLIENT_SECRET="from-the-provider",
        DZONG_OIDC_PROVIDER_URL="https://id.example.bt/o",
    )
    assert "dzong.accounts.E002" not in result.stderr
    assert "dzong.accounts.E003" not in result.stderr
