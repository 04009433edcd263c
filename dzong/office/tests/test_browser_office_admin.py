"""A supervisor reissues and revokes a certificate in a real Chromium, with axe on every page."""

import gc
import threading
import warnings

import pytest
from django.db import connections

from dzong.accounts.models import User
from dzong.applications.tests.factories import business_draft
from dzong.certificates.models import Certificate
from dzong.office.tests.test_browser_office import Desk, applicant_sees, office_session
from dzong.workflow.submission import submit_application
from dzong.workflow.tests.factories import staff

pytestmark = pytest.mark.browser


@pytest.fixture(autouse=True)
def _release_finished_threads_connections():
    """Connections left by the submitting thread are collected at the end of this test."""
    yield
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", ResourceWarning)
        gc.collect()


def _submit(applicant) -> None:
    try:
        submit_application(application=business_draft(applicant))
    finally:
        connections.close_all()


@pytest.fixture
def licence(site, settings) -> Certificate:
    """A business licence issued by the task (signing runs its own event loop: a thread)."""
    settings.TASKS = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}
    applicant = User.objects.create_user("karma@example.bt", None)
    worker = threading.Thread(target=_submit, args=(applicant,))
    worker.start()
    worker.join()
    return Certificate.objects.get(code="business-licence")


@pytest.mark.parametrize("language", ["en", "dz"])
def test_a_supervisor_reissues_then_revokes_a_licence(browser, site, licence, language):
    reference = licence.application.reference
    desk = Desk(browser, site, "phone", cookie=office_session(staff("supervisor", "trade")))
    desk.context.add_cookies([{"name": "dzong_language", "value": language, "url": site}])
    desk.go(f"/office/applications/{reference}/")
    desk.click(f"form[action$='/certificates/{licence.pk}/reissue/'] button")
    new = Certificate.objects.get(replaces=licence)
    assert new.verification_code in desk.text()
    desk.page.fill(f"#f-revoke-{new.pk}", "Issued to the wrong address")
    desk.click(f"form[action$='/certificates/{new.pk}/revoke/'] button")
    assert "Issued to the wrong address" in desk.text()
    new.refresh_from_db()
    assert new.status == Certificate.Status.REVOKED
    mine = applicant_sees(browser, site, "phone", licence.application.applicant, reference)
    assert "Issued to the wrong address" in mine.text()
    assert new.verification_code in mine.text()
    desk.close()
    mine.close()


@pytest.mark.parametrize("language", ["en", "dz"])
def test_an_administrator_adds_a_member_grants_a_role_and_deactivates(browser, site, language):
    desk = Desk(browser, site, "phone", cookie=office_session(staff("administrator", "rsta")))
    desk.context.add_cookies([{"name": "dzong_language", "value": language, "url": site}])
    desk.go("/office/")
    desk.click("a[href='/office/staff/']")
    with desk.page.expect_navigation():  # the errors too, answered with 400
        desk.page.locator("form[action$='/add/'] button.govuk-button").click()
    assert desk.errors == [
        "Failed to load resource: the server responded with a status of 400 (Bad Request)"
    ]
    desk.errors.clear()
    desk.check()
    assert desk.page.locator(".govuk-error-summary").count() == 1
    desk.page.fill("#f-email", "kinley@rsta.gov.bt")
    desk.page.fill("#f-full_name", "Kinley Wangmo")
    desk.page.check("#f-role-transport-officer")
    desk.click("form[action$='/add/'] button.govuk-button")
    kinley = User.objects.get(email="kinley@rsta.gov.bt")
    assert "kinley@rsta.gov.bt" in desk.text()
    desk.page.select_option(f"#f-grant-{kinley.pk}", "supervisor")
    desk.click(f"#member-{kinley.pk} form[action$='/roles/'] input[value=grant] ~ button")
    assert kinley.staff_roles.count() == 2
    desk.click(f"form[action$='/{kinley.pk}/deactivate/'] button")
    kinley.refresh_from_db()
    assert not kinley.is_active and kinley.staff_roles.count() == 0
    desk.close()
