"""Acting for a business in a real Chromium at a phone's size: the owner adds a member, who
applies for the business, and the officer sees who applied for whom."""

import pytest

from dzong.accounts.models import User
from dzong.applications.tests.factories import founded_business
from dzong.office.tests.test_browser_office import Desk, office_session
from dzong.portal.tests.journeys import PDF
from dzong.portal.tests.test_browser_applicant import Tab, submit
from dzong.workflow.tests.factories import staff

pytestmark = pytest.mark.browser


def _no_sideways_scroll(tab):
    width = tab.page.evaluate("document.documentElement.scrollWidth")
    assert width <= 360, (tab.page.url, width)


def test_an_owner_adds_a_member_who_applies_for_the_business(browser, site):
    owner = User.objects.create_user("karma@example.bt", None, full_name="Karma Wangmo")
    business = founded_business(owner)
    User.objects.create_user("sonam@example.bt", None, full_name="Sonam Choden")

    owning = Tab(browser, site, "karma@example.bt")
    owning.go("/account/")
    owning.continue_("#your-businesses")
    owning.continue_("#businesses a")
    owning.page.fill("#f-identifier", "sonam@example.bt")
    owning.page.check("#f-may_apply")
    owning.continue_("form:has(#f-identifier) button.govuk-button")
    assert "Sonam Choden" in owning.page.inner_text("#members")
    _no_sideways_scroll(owning)
    owning.close()

    member = Tab(browser, site, "sonam@example.bt")
    member.go("/services/industrial-land-lease/apply/")
    _no_sideways_scroll(member)
    member.page.get_by_label("Thunder Dragon Handicrafts").check()
    member.continue_("form button.govuk-button")
    page = member.page
    assert page.input_value("#f-company_name") == "Thunder Dragon Handicrafts"
    assert page.input_value("#f-business_licence_number") == business.registration_number
    assert page.locator("#f-company_name").get_attribute("readonly") is not None
    _no_sideways_scroll(member)
    page.fill("#f-contact_email", "office@thunder-dragon.bt")
    member.continue_()
    page.get_by_label("Pasakha").check()
    page.fill("#f-plot_area", "3000")
    page.fill("#f-proposed_activity", "Handicraft workshop")
    page.fill("#f-planned_investment", "2500000")
    page.fill("#f-jobs_created", "12")
    member.continue_()
    page.set_input_files(
        "#f-project_proposal",
        {"name": "proposal.pdf", "mimeType": "application/pdf", "buffer": PDF},
    )
    member.continue_()
    reference = submit(member)
    member.close()

    officer = Desk(
        browser, site, "phone", cookie=office_session(staff("estate-officer", "industry"))
    )
    officer.go(f"/office/applications/{reference}/")
    said = "Sonam Choden for Thunder Dragon Handicrafts"
    assert officer.page.inner_text("#applied-by") == f"Applied by {said}"
    officer.go("/office/")
    assert said in officer.page.inner_text("main")
    officer.context.close()
