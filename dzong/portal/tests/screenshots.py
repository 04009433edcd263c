"""`make screenshots`: every page of the demo's applicant journeys, the receipt, and the office's
queue and application screen, at 360 and 1280 px wide in English and Dzongkha, as PNG files in
var/screenshots/ (DZONG_SCREENSHOTS names another folder), for a person to look through.

Not a test (the file name keeps it out of the suite); it drives the same journeys as
test_browser_applicant.py on the same live demo site, then shows each page as it stands in
both languages and both widths."""

import os
import re
import shutil
from pathlib import Path

import pytest

from conftest import REPO
from dzong.applications.models import Application
from dzong.office.tests.test_browser_office import office_session
from dzong.payments.models import Payment
from dzong.portal.tests.journeys import session_for
from dzong.portal.tests.test_browser_applicant import JOURNEYS, Tab, start_from_catalogue, submit
from dzong.workflow.tests.factories import staff

pytestmark = pytest.mark.browser
FOLDER = Path(os.environ.get("DZONG_SCREENSHOTS") or REPO / "var" / "screenshots")
WIDTHS = (360, 1280)
LANGUAGES = ("en", "dz")
# The members of staff who see each demo service's applications first.
OFFICERS = {
    "drone-permit": ("aviation-officer", "caa"),
    "bus-route-permit": ("transport-officer", "rsta"),
}


class Camera:
    """One browser tab per language of one person; `shoot` shows a page of our site in each
    language at each width."""

    def __init__(self, browser, site, session):
        self.site = site
        self.tabs = {}
        for language in LANGUAGES:
            context = browser.new_context(viewport={"width": WIDTHS[0], "height": 740})
            context.add_cookies(
                [
                    {"name": "sessionid", "value": session, "url": site},
                    {"name": "dzong_language", "value": language, "url": site},
                ]
            )
            self.tabs[language] = context.new_page()

    def shoot(self, name, url):
        for language, page in self.tabs.items():
            page.goto(url)
            for width in WIDTHS:
                page.set_viewport_size({"width": width, "height": 740})
                page.screenshot(path=FOLDER / f"{name}-{language}-{width}.png", full_page=True)

    def close(self):
        for page in self.tabs.values():
            page.context.close()


class Journey(Tab):
    """The applicant's tab of the journeys; each page reached is shown by the camera (a page of
    the payment gateway, not ours, only as it is)."""

    def __init__(self, browser, site, email, name):
        super().__init__(browser, site, email)
        self.name, self.count = name, 0
        self.camera = Camera(browser, site, session_for(self.user))

    def check(self):
        self.count += 1
        url = self.page.url
        step = re.sub(r"[^a-z0-9]+", "-", url.removeprefix(self.site).lower()).strip("-")
        name = f"{self.name}-{self.count:02d}-{step or 'home'}"[:90]
        if url.startswith(self.site):
            self.camera.shoot(name, url)
        else:
            self.page.screenshot(path=FOLDER / f"{name}-gateway-360.png", full_page=True)

    def close(self):
        self.camera.close()
        super().close()


def test_screenshots_of_every_journey_page(browser, site):
    shutil.rmtree(FOLDER, ignore_errors=True)
    FOLDER.mkdir(parents=True)
    references = {}
    for number, (title, (fill, _outcome)) in enumerate(JOURNEYS.items(), 1):
        journey = Journey(browser, site, f"{fill.__name__}@example.bt", f"{number}-{fill.__name__}")
        start_from_catalogue(journey, title)
        fill(journey)
        reference = submit(journey)
        journey.go(f"/applications/{reference}/")
        payment = Payment.objects.filter(application__reference=reference, status="paid").first()
        if payment:
            journey.go(f"/payments/{payment.reference}/receipt/")
        journey.close()
        application = Application.objects.get(reference=reference)
        references[application.service_version.service.slug] = reference
    for service, (role, agency) in OFFICERS.items():
        camera = Camera(browser, site, office_session(staff(role, agency)))
        camera.shoot(f"9-office-{service}-queue", site + "/office/")
        camera.shoot(
            f"9-office-{service}-application", f"{site}/office/applications/{references[service]}/"
        )
        camera.close()
    print(f"\n{len(list(FOLDER.glob('*.png')))} screenshots in {FOLDER}")
