"""The deploy check on the callback secret."""

from dzong.payments.checks import check_payment_secret


def test_a_real_gateway_with_the_development_secret_is_flagged(settings):
    settings.DZONG_PAYMENT_PROVIDER = "bank"
    settings.DZONG_PAYMENT_HMAC_SECRET = "sandbox-development-secret"
    assert [m.id for m in check_payment_secret()] == ["dzong.payments.W001"]
    settings.DZONG_PAYMENT_HMAC_SECRET = "a-secret-from-the-bank"
    assert check_payment_secret() == []
    settings.DZONG_PAYMENT_PROVIDER = "sandbox"
    settings.DZONG_PAYMENT_HMAC_SECRET = "sandbox-development-secret"
    assert check_payment_secret() == []
