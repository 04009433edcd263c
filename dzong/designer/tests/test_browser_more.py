"""Test every path, the readiness summary and the question library, clean under axe."""

from __future__ import annotations

import pytest

from dzong.accounts.models import User
from dzong.office.tests.test_browser_office import Desk, office_session

pytestmark = pytest.mark.browser
DRAFT = "/designer/drone-permit/draft"


def test_every_path_readiness_and_the_library_pass_axe_in_both_languages(browser, site):
    designer = User.objects.get(email="designer@caa.demo.dzong.test")
    desk = Desk(browser, site, "desktop", cookie=office_session(designer))
    desk.go("/designer/drone-permit/")
    desk.click("form[action$='/draft/'] button")
    for language in ("en", "dz"):
        desk.go("/designer/drone-permit/")
        for path in ("paths/", "readiness/", "library/"):
            desk.go(f"{DRAFT}/{path}")
        desk.click("#copy-questions")  # nothing chosen: the form with its error
        desk.go(f"{DRAFT}/paths/")
        desk.page.fill("[id^='fee-']", "1")
        desk.click("#run-examples")  # the examples run, one not as expected
        assert desk.page.locator(".dzong-differences").count() == 1
        if language == "en":
            desk.click("button[lang='dz']")
    desk.close()
