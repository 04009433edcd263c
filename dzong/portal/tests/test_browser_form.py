"""The form's own scripts in a real Chromium: answers kept in the tab, fields that follow answers."""

import pytest
from playwright.sync_api import expect

from dzong.accounts.models import User
from dzong.portal.tests.journeys import publish_business_with_goods, session_for

pytestmark = pytest.mark.browser


def signed_in(browser, site, email):
    """A phone-sized tab signed in as a new applicant (the session made on the server)."""
    user = User.objects.create_user(email, None)
    context = browser.new_context(viewport={"width": 360, "height": 740})
    context.add_cookies([{"name": "sessionid", "value": session_for(user), "url": site}])
    return context


def test_typed_answers_survive_a_lost_page_in_the_same_tab_but_not_for_someone_else(
    browser,
    site,
):
    context = signed_in(browser, site, "first@example.bt")
    page = context.new_page()
    page.goto(site + "/services/register-business/apply/")
    page.fill("#f-full_name", "Karma Wangmo")
    page.fill("#f-date_of_birth-year", "1990")
    page.goto(site + "/services/register-business/apply/")  # as after signing in again
    assert page.input_value("#f-full_name") == "Karma Wangmo"
    assert page.input_value("#f-date_of_birth-year") == "1990"
    second = signed_in(browser, site, "second@example.bt")
    other = second.new_page()
    other.goto(site + "/services/register-business/apply/")
    storage = page.evaluate("sessionStorage.getItem('dzong-typed')")
    other.evaluate("value => sessionStorage.setItem('dzong-typed', value)", storage)
    other.reload()
    assert other.input_value("#f-full_name") == ""
    context.close()
    second.close()


def test_a_page_sent_with_errors_shows_the_servers_answers_not_older_ones(
    browser,
    site,
):
    context = signed_in(browser, site, "third@example.bt")
    page = context.new_page()
    page.goto(site + "/services/register-business/apply/")
    page.fill("#f-full_name", "Karma Wangmo")
    page.fill("#f-cid", "123")
    page.click("button.govuk-button")
    assert page.locator(".govuk-error-summary").is_visible()
    assert page.input_value("#f-cid") == "123"
    assert page.evaluate("sessionStorage.getItem('dzong-typed')") is None
    context.close()


def test_a_field_appears_and_disappears_as_an_answer_on_its_page_changes(browser, site):
    publish_business_with_goods()
    context = signed_in(browser, site, "conditions@example.bt")
    page = context.new_page()
    page.goto(site + "/services/register-business/apply/")
    page.fill("#f-full_name", "Karma Wangmo")
    page.fill("#f-cid", "11512345678")
    page.fill("#f-date_of_birth-day", "14")
    page.fill("#f-date_of_birth-month", "3")
    page.fill("#f-date_of_birth-year", "1990")
    page.fill("#f-mobile", "17123456")
    page.locator("form .govuk-button-group .govuk-button").first.click()
    # The page's script hides the field once it has run: wait for it, not only for the page.
    goods = page.locator("#group-f-goods")
    expect(goods).to_be_hidden()
    page.get_by_label("General trading").check()
    expect(goods).to_be_visible()
    page.get_by_label("Retail shop").check()
    expect(goods).to_be_hidden()
    context.close()
