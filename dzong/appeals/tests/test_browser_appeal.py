"""The journey in a real Chromium: an officer rejects, the applicant appeals, another officer
overturns, and the applicant downloads their data; axe checks every page on the way."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from dzong.accounts.models import User
from dzong.appeals.models import Appeal
from dzong.office.tests.test_browser_office import Desk
from dzong.portal.tests.journeys import session_for
from dzong.workflow.tests.factories import staff, submitted

pytestmark = pytest.mark.browser


def test_reject_appeal_overturn_by_another_officer_then_download_my_data(browser, site):
    applicant = User.objects.create_user("sonam@example.bt", None)
    application = submitted("drone-permit", applicant, weight=2500)
    reference = application.reference

    officer = Desk(browser, site, "desktop", cookie=session_for(staff("aviation-officer", "caa")))
    officer.go(f"/office/applications/{reference}/")
    officer.page.check("#f-action-reject")
    officer.page.fill("#f-reason", "The photo of the drone is blurred.")
    officer.click("form[action$='/act/'] button[type=submit]")
    officer.close()

    citizen = Desk(browser, site, "phone", cookie=session_for(applicant))
    citizen.go(f"/applications/{reference}/")
    assert "The photo of the drone is blurred." in citizen.text()
    citizen.page.fill("#appeal-text", "Here is a sharp photo; please look again.")
    citizen.click("#appeal-send")
    appeal = Appeal.objects.get()
    assert appeal.reference in citizen.text() and "Being looked at" in citizen.text()

    supervisor = Desk(browser, site, "desktop", cookie=session_for(staff("supervisor", "caa")))
    supervisor.go("/office/appeals/")
    supervisor.click(f"a[href='/office/appeals/{appeal.reference}/']")
    supervisor.page.check("#f-overturn")
    supervisor.page.fill("#f-text", "The new photo is sharp.")
    supervisor.click("#appeal-decide")
    assert appeal.reference not in supervisor.text()
    supervisor.close()

    citizen.go(f"/applications/{reference}/")
    assert "Decision overturned" in citizen.text() and "The new photo is sharp." in citizen.text()
    citizen.go("/account/my-data/")
    with citizen.page.expect_download() as download:
        citizen.page.click("#my-data-json")
    data = json.loads(Path(download.value.path()).read_text(encoding="utf-8"))
    [mine] = data["applications"]
    assert mine["reference"] == reference and mine["status"] == "submitted"
    assert data["appeals"][0]["status"] == "overturned"
    assert {"appealed", "appeal_decided"} <= {e["kind"] for e in mine["events"]}
    citizen.close()
