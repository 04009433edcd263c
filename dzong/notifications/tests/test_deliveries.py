import pytest
from django.test import Client

from dzong.applications.reactions import TELL_APPLICANT
from dzong.applications.tests.factories import run_reactions
from dzong.notifications.gateways import current_gateway
from dzong.notifications.models import Delivery
from dzong.workflow.services import act_on_task
from dzong.workflow.tests.factories import staff, submitted

pytestmark = pytest.mark.django_db


def _decide(application, action, reason=""):
    task = application.tasks.get(status="open")
    act_on_task(
        task=task,
        version=task.version,
        staff=staff("transport-officer", "rsta"),
        action=action,
        reason=reason,
        fields=["seating_capacity"],
    )


def test_each_decision_is_emailed_and_texted_with_its_delivery_recorded(
    applicant, smtp_server, sms_gateway, immediate_tasks, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        application = submitted("bus-route-permit", applicant)
        _decide(application, "send-back", "Seats are wrong")
    emails = smtp_server.wait_for(2)
    assert emails[1]["Subject"] == f"Your application {application.reference} needs corrections"
    texts = [body for body, _ in sms_gateway.received]
    assert [t["to"] for t in texts] == ["17111222", "17111222"]
    assert sms_gateway.received[0][1] == "Bearer secret-key"
    sent = Delivery.objects.filter(application=application)
    assert sent.count() == 4
    assert set(sent.values_list("status", flat=True)) == {"sent"}
    assert set(sent.filter(channel="sms").values_list("provider_id", flat=True)) == {"gw-42"}


def test_a_gateway_that_refuses_leaves_the_delivery_failed_after_three_tries(
    applicant, sms_gateway, immediate_tasks, django_capture_on_commit_callbacks, settings
):
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    sms_gateway.status = 500
    with django_capture_on_commit_callbacks(execute=True):  # the task fails, and says so
        submitted("bus-route-permit", applicant)
    text = Delivery.objects.get(channel="sms")
    assert (text.status, text.attempts, text.error) == ("failed", 3, "HTTPError")
    assert Delivery.objects.get(channel="email").status == "sent"


def test_the_logging_gateway_logs_no_number_or_text(caplog):
    caplog.set_level("INFO", logger="dzong.sms")
    message_id = current_gateway().send(to="17111222", text="Your permit is ready")
    assert message_id.startswith("log-")
    assert "17111222" not in caplog.text and "permit" not in caplog.text


def test_the_inbox_shows_the_applicants_messages_only(applicant, settings):
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    application = submitted("bus-route-permit", applicant)
    run_reactions(application, TELL_APPLICANT)
    client = Client()
    client.force_login(applicant)
    page = client.get("/messages/").text
    assert f"We received your application {application.reference}" in page
    from dzong.accounts.models import User

    other = Client()
    other.force_login(User.objects.create_user("other@example.bt", None))
    assert application.reference not in other.get("/messages/").text
