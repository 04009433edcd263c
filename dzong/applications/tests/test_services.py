import datetime as dt
import threading

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from dzong.accounts.models import User
from dzong.applications.models import Application, Event, IssuedRegistration
from dzong.applications.numbers import ALPHABET, new_reference
from dzong.applications.registrations import next_registration_numbers
from dzong.applications.services import (
    SubmissionRefused,
    remind_stale_drafts,
    remove_stale_drafts,
    save_page,
    start_application,
)
from dzong.applications.tests.factories import ABOUT_YOU, business_draft
from dzong.catalogue.models import ServiceVersion
from dzong.catalogue.tests.support import ensure_demo
from dzong.workflow.moves import due_after
from dzong.workflow.submission import submit_application

pytestmark = pytest.mark.django_db


def test_references_are_random_and_readable():
    references = {new_reference() for _ in range(200)}
    assert len(references) == 200
    for reference in references:
        assert reference.startswith("DZ-") and len(reference) == 12
        assert set(reference[3:].replace("-", "")) <= set(ALPHABET)


def test_registration_numbers_count_up_per_prefix_and_year(db):
    day = dt.date(2026, 11, 23)
    assert next_registration_numbers(["BL"], day) == ["BL-2026-000001"]
    assert next_registration_numbers(["BL", "TPN"], day) == ["BL-2026-000002", "TPN-2026-000001"]
    assert next_registration_numbers(["TPN", "EMP", "BL"], day) == [
        "TPN-2026-000002",
        "EMP-2026-000001",
        "BL-2026-000003",
    ]
    assert next_registration_numbers(["BL", "BL"], day) == ["BL-2026-000004", "BL-2026-000005"]
    assert next_registration_numbers(["BL"], dt.date(2027, 1, 1)) == ["BL-2027-000001"]
    assert next_registration_numbers([], day) == []


def test_an_approved_business_gets_a_number_per_registration_that_applies(applicant):
    submission = submit_application(application=business_draft(applicant, employees="0"))
    assert submission.created
    application = submission.application
    assert application.status == "approved" and application.step == "approved"
    codes = list(application.registrations.values_list("code", flat=True))
    assert codes == ["business-licence", "taxpayer"]
    kinds = list(application.events.values_list("kind", flat=True))
    assert kinds == [
        "started",
        "submitted",
        "moved",
        "moved",
        "moved",
        "moved",
        "registered",
        "registered",
        "approved",
    ]
    licence_moves = application.events.filter(
        kind="moved", details__registration="business-licence"
    )
    assert list(licence_moves.values_list("to_step", flat=True)) == [
        "licence-check",
        "licence-approved",
    ]


def test_a_tour_operator_waits_for_the_licensing_officer(applicant):
    application = submit_application(
        application=business_draft(applicant, activity="tour-operator")
    ).application
    assert application.status == "submitted"
    licence = application.registration_states.get(code="business-licence")
    assert licence.step == "review" and licence.outcome == ""
    task = application.tasks.get()
    assert (task.registration, task.agency, task.role) == (
        "business-licence",
        "trade",
        "licensing-officer",
    )
    # Three working days on the working calendar, to the end of that day.
    assert task.due_at == due_after(application.submitted_at, 3)
    assert task.due_at - application.submitted_at >= dt.timedelta(days=3)
    # The taxpayer and employer numbers do not wait for the licence.
    issued = IssuedRegistration.objects.values_list("code", flat=True)
    assert list(issued) == ["taxpayer", "employer"]


def test_the_same_key_or_the_same_draft_gives_one_application(applicant):
    draft = business_draft(applicant)
    first = submit_application(application=draft, idempotency_key="tap-1")
    again = submit_application(
        application=Application.objects.get(pk=draft.pk), idempotency_key="tap-1"
    )
    other_key = submit_application(
        application=Application.objects.get(pk=draft.pk), idempotency_key="tap-2"
    )
    assert first.created and not again.created and not other_key.created
    assert Application.objects.count() == 1
    assert Event.objects.filter(kind="submitted").count() == 1


def test_an_incomplete_draft_is_refused_with_a_message_per_field(applicant):
    version = ServiceVersion.objects.current_for("register-business")
    draft = start_application(version=version, applicant=applicant, language="en")
    with pytest.raises(SubmissionRefused) as refused:
        submit_application(application=draft)
    assert {"full_name", "business_name"} <= set(refused.value.errors)
    assert Application.objects.get().status == "draft"


def test_a_name_taken_between_check_and_submit_is_refused(applicant):
    first = business_draft(applicant, name="Dragon Tea")
    second = business_draft(applicant, name="dragon  tea ")
    submit_application(application=first)
    with pytest.raises(SubmissionRefused) as refused:
        submit_application(application=second)
    assert "already licensed" in refused.value.errors["business_name"]


def test_a_submission_takes_few_queries(applicant):
    submit_application(application=business_draft(applicant, name="First of the year"))
    draft = business_draft(applicant)
    draft.applicant = applicant  # as the web layer has it: the signed-in applicant
    with CaptureQueriesContext(connection) as queries:
        submit_application(application=draft, idempotency_key="k")
    assert len(queries) <= 15, "\n".join(q["sql"][:150] for q in queries)


def test_a_stale_draft_is_reminded_once_then_removed(applicant):
    draft = business_draft(applicant)
    now = timezone.now()
    Application.objects.filter(pk=draft.pk).update(updated_at=now - dt.timedelta(days=24))
    assert remind_stale_drafts(now=now) == 1
    assert remind_stale_drafts(now=now) == 0
    assert remove_stale_drafts(now=now + dt.timedelta(days=5)) == 0  # 29 days: not yet
    assert remove_stale_drafts(now=now + dt.timedelta(days=7)) == 1
    assert not Application.objects.exists()


def test_a_draft_saved_after_its_reminder_is_kept(applicant):
    draft = business_draft(applicant)
    now = timezone.now()
    Application.objects.filter(pk=draft.pk).update(updated_at=now - dt.timedelta(days=24))
    remind_stale_drafts(now=now)
    draft.refresh_from_db()
    save_page(
        application=draft, page_code="about-you", submitted=ABOUT_YOU, uploads={}, language="en"
    )
    assert remove_stale_drafts(now=now + dt.timedelta(days=8)) == 0
    assert Application.objects.filter(pk=draft.pk).exists()


def test_submitted_applications_are_never_pruned(applicant):
    application = submit_application(application=business_draft(applicant)).application
    later = timezone.now() + dt.timedelta(days=400)
    Application.objects.filter(pk=application.pk).update(reminded_at=timezone.now())
    assert remind_stale_drafts(now=later) == 0 and remove_stale_drafts(now=later) == 0


@pytest.mark.django_db(transaction=True)
def test_two_submissions_of_one_draft_at_the_same_moment_give_one_application():
    ensure_demo()
    draft = business_draft(User.objects.create_user("race@example.bt", None))
    barrier = threading.Barrier(2)
    outcomes: list[object] = []

    def tap(key: str) -> None:
        try:
            barrier.wait()
            own = Application.objects.get(pk=draft.pk)
            outcomes.append(submit_application(application=own, idempotency_key=key).created)
        except Exception as error:
            outcomes.append(error)
        finally:
            connection.close()

    threads = [threading.Thread(target=tap, args=(key,)) for key in ("first", "second")]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert sorted(outcomes, key=str) == [False, True], outcomes
    assert Application.objects.get(pk=draft.pk).status == "approved"
    assert IssuedRegistration.objects.count() == 3
    assert Event.objects.filter(kind="submitted").count() == 1
