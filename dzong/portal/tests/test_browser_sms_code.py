"""Phone-first: signing up with a code sent by SMS in Dzongkha, and later signing in with one
in English, in a real Chromium at a phone's size; the codes are read from what the SMS
gateway (a server on loopback, reached by the real "http" gateway) received."""

import re

import pytest

from dzong.accounts.models import User
from dzong.portal.tests.conftest import AXE, AXE_TAGS, text_sizes, too_small

pytestmark = pytest.mark.browser
NUMBER = "+97517123456"


def _checked(page):
    """Nothing scrolls sideways at 360 px, no text of ours is under 16 px, axe finds nothing."""
    assert page.evaluate("document.documentElement.scrollWidth") <= 360, page.url
    assert too_small(text_sizes(page)) == [], page.url
    page.evaluate(AXE.read_text("utf-8"))
    violations = page.evaluate(
        "async (tags) => (await axe.run(document, {runOnly: {type: 'tag', values: tags}}))"
        ".violations.map(v => v.id)",
        AXE_TAGS,
    )
    assert violations == [], page.url


def _code(sms_gateway):
    return re.search(r"\d{6}", sms_gateway.texts_to(NUMBER)[-1]).group()


def test_a_citizen_signs_up_with_a_code_in_dzongkha_and_later_signs_in_in_english(
    browser, live_server, transactional_db, sms_gateway, settings
):
    settings.DZONG_SIGN_IN_METHODS = ["password", "sms-code"]
    settings.TASKS = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}
    context = browser.new_context(viewport={"width": 360, "height": 740})
    context.add_cookies([{"name": "dzong_language", "value": "dz", "url": live_server.url}])
    page = context.new_page()
    page.goto(live_server.url + "/account/sign-in/")
    page.locator('a[href^="/account/sms-code/"]').click()
    _checked(page)
    page.fill("#f-mobile_number", "17 12 34 5")  # a digit short: said, and kept
    page.press("#f-mobile_number", "Enter")
    assert page.locator(".govuk-error-summary").is_visible()
    assert page.input_value("#f-mobile_number") == "17 12 34 5"
    _checked(page)
    page.fill("#f-mobile_number", "17 12 34 56")
    page.press("#f-mobile_number", "Enter")
    page.wait_for_url("**/account/sms-code/code/**")
    assert "ཨང་གསང་" in sms_gateway.texts_to(NUMBER)[0]  # the text is in Dzongkha
    assert page.get_attribute("#f-code", "autocomplete") == "one-time-code"
    _checked(page)
    page.fill("#f-code", _code(sms_gateway))
    page.press("#f-code", "Enter")
    page.wait_for_url("**/account/sms-code/new-account/**")
    assert page.is_checked("#f-language-dz")
    _checked(page)
    page.fill("#f-full_name", "Karma Wangmo")
    page.press("#f-full_name", "Enter")
    page.wait_for_url(live_server.url + "/")
    user = User.objects.get(mobile_number=NUMBER)
    assert (user.full_name, user.preferred_language) == ("Karma Wangmo", "dz")

    with page.expect_navigation():  # sign out, and let it end before going on
        page.locator(".dzong-account__form button").click()
    page.goto(live_server.url + "/account/sign-in/")
    page.locator('button[name="language"][value="en"]').click()
    page.get_by_role("link", name="Sign in with a code sent to your mobile phone").click()
    page.fill("#f-mobile_number", "+975 17123456")
    page.get_by_role("button", name="Send the code").click()
    page.wait_for_url("**/account/sms-code/code/**")
    assert sms_gateway.texts_to(NUMBER)[-1].startswith("Your Dzong code is ")
    page.fill("#f-code", _code(sms_gateway))
    page.get_by_role("button", name="Continue").click()
    page.wait_for_url(live_server.url + "/")
    assert page.get_by_role("link", name="Your account").is_visible()
    assert User.objects.filter(mobile_number=NUMBER).count() == 1
    user.refresh_from_db()
    assert user.preferred_language == "en"
    context.close()
