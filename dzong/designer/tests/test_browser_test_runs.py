"""A designer's test run in a real Chromium: started from the draft, filled in the real form,
approved in the reviewer's role, its TEST certificate downloaded, removed; axe on every page."""

from __future__ import annotations

import subprocess

import pytest

from dzong.accounts.models import User
from dzong.applications.models import Application
from dzong.office.tests.test_browser_office import Desk, choose, office_session
from dzong.portal.tests.test_browser_applicant import bus

pytestmark = pytest.mark.browser


class DesignerTab(Desk):
    """The designer's tab, filling the applicant's form with the portal tests' own steps."""

    def continue_(self, button="form .govuk-button-group .govuk-button"):
        self.click(button)


def speak(desk, site, language):
    desk.context.add_cookies([{"name": "dzong_language", "value": language, "url": site}])


@pytest.fixture
def immediate_tasks(settings):
    settings.TASKS = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}


def test_a_designer_tests_a_draft_from_the_form_to_the_certificate(
    browser, site, immediate_tasks, tmp_path
):
    designer = User.objects.get(email="designer@rsta.demo.dzong.test")
    desk = DesignerTab(browser, site, "desktop", cookie=office_session(designer))
    desk.go("/designer/bus-route-permit/")
    desk.click("form[action$='/draft/'] button")
    desk.click("#test-runs")
    desk.click("#start-test-run")
    assert "/pages/operator/" in desk.page.url
    assert desk.page.locator("[data-test-run]").count() == 1
    first_page = desk.page.url.removeprefix(site)
    speak(desk, site, "dz")
    desk.go(first_page)  # the form with its test-run banner, in Dzongkha
    assert desk.page.get_attribute("html", "lang") == "dz"
    desk.go("/designer/bus-route-permit/draft/")
    speak(desk, site, "en")
    desk.go(first_page)

    bus(desk)
    assert desk.page.url.endswith("/check/")
    assert "Nu. 1,500" in desk.text()
    desk.page.check("#f-declaration")
    desk.click("form button.govuk-button")
    assert "/designer/test-runs/" in desk.page.url
    assert "Submitted" in desk.page.inner_text("#status")

    choose(desk.page, "f-action-approve")
    desk.click("form[action*='/tasks/'] button.govuk-button")
    assert "Approved" in desk.page.inner_text("#status")
    assert desk.page.inner_text("#numbers").startswith("TEST-")
    with desk.page.expect_download() as download:
        desk.page.locator("#certificates a").first.click()
    pdf = tmp_path / "certificate.pdf"
    download.value.save_as(pdf)
    text = subprocess.run(["pdftotext", str(pdf), "-"], capture_output=True, text=True).stdout
    assert "TEST / SPECIMEN" in text
    reference = desk.page.url.rstrip("/").rsplit("/", 1)[-1]

    speak(desk, site, "dz")
    desk.go(f"/designer/test-runs/{reference}/")
    desk.go("/designer/bus-route-permit/draft/test-runs/")
    narrow = desk.context.new_page()  # 320 px: the page reflows, nothing scrolls sideways
    narrow.set_viewport_size({"width": 320, "height": 640})
    narrow.goto(f"{site}/designer/test-runs/{reference}/")
    assert narrow.evaluate("document.documentElement.scrollWidth") <= 320
    narrow.close()
    speak(desk, site, "en")
    desk.go(f"/designer/test-runs/{reference}/")

    desk.click("#remove-test-run")
    assert "was removed" in desk.page.inner_text(".govuk-notification-banner")
    assert not Application.objects.filter(reference=reference).exists()
    desk.close()
