from django.apps import AppConfig


class NotificationsConfig(AppConfig):
    name = "dzong.notifications"
    verbose_name = "Notifications"

    def ready(self) -> None:
        from dzong.applications.personal_data import register_part
        from dzong.notifications.personal_data import messages_of

        register_part("messages", messages_of)
