from django.apps import AppConfig


class AccountsConfig(AppConfig):
    name = "dzong.accounts"
    label = "accounts"
    verbose_name = "Accounts"
