from django.apps import AppConfig


class NotificationsConfig(AppConfig):
    name = "dzong.notifications"
    verbose_name = "Notifications"
