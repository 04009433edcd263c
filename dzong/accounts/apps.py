from django.apps import AppConfig


class AccountsConfig(AppConfig):
    name = "dzong.accounts"
    label = "accounts"
    verbose_name = "Accounts"

    def ready(self) -> None:
        from dzong.accounts import (
            checks,  # noqa: F401  (registers the deploy check)
            national_identity,  # noqa: F401  (registers the sign-in method)
            sms_sign_in,  # noqa: F401  (registers the sign-in method)
            wallet,  # noqa: F401  (registers the sign-in method)
        )
        from dzong.accounts.personal_data import account_of
        from dzong.applications.personal_data import register_part

        register_part("account", account_of)
