"""Working through outages in a real Chromium: answers typed offline survive closing the
browser and reach the server on reconnecting; a submission made offline arrives once, also
when a second tab replays it; signing out removes the pages the device kept; a file cut off
half sent goes on from where it stopped."""

import hashlib
import os
import time

import pytest
from PIL import Image
from playwright.sync_api import Error as PlaywrightError
from playwright.sync_api import expect

from dzong.accounts.models import User
from dzong.applications.models import Application, Attachment, Event, PartialUpload
from dzong.applications.services import start_application
from dzong.bench.journey import ABOUT_YOU, business
from dzong.catalogue.models import ServiceVersion
from dzong.conftest import CHROMIUM
from dzong.portal.tests.journeys import session_for

pytestmark = pytest.mark.browser
PHONE = {"width": 360, "height": 740}
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--no-first-run", "--disable-component-update"]
KEPT_PAGES = """async () => {
    const names = (await caches.keys()).filter((name) => name.startsWith('dzong-pages-'));
    const urls = [];
    for (const name of names) urls.push(...(await (await caches.open(name)).keys()).map((r) => r.url));
    return urls;
}"""
KEPT_RECORDS = """(store) => new Promise((resolve) => {
    const opening = indexedDB.open('dzong', 1);
    opening.onsuccess = () => {
        const request = opening.result.transaction(store).objectStore(store).getAll();
        request.onsuccess = () => { opening.result.close(); resolve(request.result); };
    };
})"""


def _cookies(site, user):
    a_day = time.time() + 86400  # kept when the browser closes, as a real sign-in is
    return [{"name": "sessionid", "value": session_for(user), "url": site, "expires": a_day}]


def _fill(page, answers):
    for name, value in answers.items():
        field = page.locator(f"[name='{name}']").first
        kind = field.evaluate("(e) => e.tagName === 'SELECT' ? 'select' : e.type")
        if kind in ("radio", "checkbox"):
            page.check(f"[name='{name}'][value='{value}']")
        elif kind == "select":
            field.select_option(value)
        else:
            field.fill(value)
    page.click("form .govuk-button-group .govuk-button")


def _fill_first_page(page, site):
    page.goto(site + "/services/register-business/apply/")
    _fill(page, ABOUT_YOU)
    page.wait_for_url("**/pages/your-business/")


def _wait_until_kept(page, path):
    page.wait_for_function(
        f"() => ({KEPT_PAGES})().then((urls) => urls.some((url) => url.endsWith('{path}')))"
    )


def test_answers_typed_offline_survive_closing_the_browser_and_reach_the_server(
    browser, site, tmp_path
):
    user = User.objects.create_user("offline@example.bt", None, full_name="Karma Wangmo")
    chromium = browser.browser_type
    profile = str(tmp_path / "profile")
    first = chromium.launch_persistent_context(
        profile, executable_path=CHROMIUM, args=CHROMIUM_ARGS, viewport=PHONE
    )
    first.add_cookies(_cookies(site, user))
    page = first.new_page()
    _fill_first_page(page, site)
    draft = Application.objects.get(applicant=user)
    path = f"/applications/{draft.reference}/pages/your-business/"
    _wait_until_kept(page, path)
    first.set_offline(True)
    page.fill("[name='business_name']", "Typed Offline Weaving")
    page.click("form .govuk-button-group .govuk-button")  # Save and continue, offline
    expect(page.locator("[data-dzong-kept]")).to_be_visible()
    started = time.perf_counter()
    page.goto(site + f"/applications/{draft.reference}/")  # as from My applications, offline
    page.wait_for_function(
        "() => document.querySelector('#f-business_name')?.value === 'Typed Offline Weaving'"
    )
    opened = time.perf_counter() - started
    print(f"\nA started draft opened with the network off in {opened * 1000:.0f} ms")
    expect(page.locator("[data-dzong-offline]")).to_be_visible()
    assert page.url.endswith(path)
    first.close()  # the browser closed while offline, the answers not yet on the server
    assert "business_name" not in Application.objects.get(pk=draft.pk).answers

    again = chromium.launch_persistent_context(
        profile, executable_path=CHROMIUM, args=CHROMIUM_ARGS, viewport=PHONE
    )
    page = again.new_page()
    page.goto(site + "/service-worker.js")  # a page of the site, without its scripts
    assert len(page.evaluate(f"() => ({KEPT_RECORDS})('answers')")) == 1  # still on the device
    page.goto(site + f"/applications/{draft.reference}/")  # the connection is back
    page.wait_for_function(f"() => ({KEPT_RECORDS})('answers').then((kept) => !kept.length)")
    for _ in range(100):  # the device dropped its copy on the answer; the row may show later
        draft.refresh_from_db()
        if "business_name" in draft.answers:
            break
        time.sleep(0.1)
    assert draft.answers["business_name"] == "Typed Offline Weaving"
    again.close()


def test_a_submission_made_offline_arrives_once_even_replayed_by_a_second_tab(browser, site):
    user = User.objects.create_user("queued@example.bt", None, full_name="Karma Wangmo")
    context = browser.new_context(viewport=PHONE)
    context.add_cookies(_cookies(site, user))
    page = context.new_page()
    _fill_first_page(page, site)
    _fill(page, business("Queued Offline Crafts"))
    page.wait_for_url("**/check/")
    other = context.new_page()
    other.goto(site + "/applications/")
    _wait_until_kept(other, "/applications/")
    context.set_offline(True)
    page.check("#f-declaration")
    page.click("form[data-dzong-outbox] button")
    expect(page.locator("[data-dzong-waiting]")).to_be_visible()
    queued = page.evaluate(f"({KEPT_RECORDS})('outbox')")
    assert len(queued) == 1
    other.reload()  # My applications, from the device's copy
    expect(other.locator("[data-dzong-offline]")).to_be_visible()
    assert Event.objects.filter(kind="submitted").count() == 0

    context.set_offline(False)
    page.wait_for_url("**/submitted/")
    application = Application.objects.get(applicant=user)
    expect(page.locator("main")).to_contain_text(application.reference)
    entry = queued[0]  # the second tab read the same send before the first one finished
    replayed = other.evaluate(
        """(entry) => fetch(entry.url, {method: 'POST', body: entry.body, credentials: 'same-origin',
            headers: {'Content-Type': 'application/x-www-form-urlencoded'}}).then((r) => r.url)""",
        entry,
    )
    assert replayed == page.url
    assert Event.objects.filter(kind="submitted").count() == 1
    assert page.evaluate(f"({KEPT_RECORDS})('outbox')") == []

    page.click("form[data-dzong-sign-out] button")
    page.wait_for_url(site + "/")
    assert page.evaluate(KEPT_PAGES) == []
    assert page.evaluate("indexedDB.databases().then((found) => found.length)") == 0
    context.set_offline(True)
    with pytest.raises(PlaywrightError):  # nothing of the account is left to show offline
        other.goto(site + "/applications/")
    context.close()


def _noise_png(path, side=140):
    """A PNG that does not compress (random pixels): a file of some tens of KB."""
    image = Image.frombytes("RGB", (side, side), os.urandom(side * side * 3))
    image.save(path, format="PNG")
    return path.read_bytes()


def test_an_upload_cut_at_half_resumes_where_it_stopped_on_a_slow_line(
    browser, site, settings, tmp_path
):
    settings.DZONG_UPLOAD_PART_BYTES = 8 * 1024
    user = User.objects.create_user("uploads@example.bt", None, full_name="Karma Wangmo")
    version = ServiceVersion.objects.current_for("drone-permit")
    draft = start_application(version=version, applicant=user, language="en")
    photo = _noise_png(tmp_path / "drone.png")
    parts = -(-len(photo) // settings.DZONG_UPLOAD_PART_BYTES)
    # The parts are cut by the test's route, which requests through a worker would bypass.
    context = browser.new_context(viewport=PHONE, service_workers="block")
    context.add_cookies(_cookies(site, user))
    page = context.new_page()
    begun, offsets = [], []

    def cut_at_half(route):
        request = route.request
        if request.method == "PATCH":
            offsets.append(int(request.headers["upload-offset"]))
            if len(offsets) == parts // 2:
                context.set_offline(True)  # the connection drops in the middle of a part
                route.abort("internetdisconnected")
                return
        route.continue_()

    context.on("request", lambda r: begun.append(r.url) if r.url.endswith("/uploads/") else None)
    context.route("**/uploads/*/", cut_at_half)
    page.goto(site + f"/applications/{draft.reference}/pages/drone/")
    page.fill("#f-make_model", "DJI Mini 4 Pro")
    page.fill("#f-weight_grams", "249")
    page.check("[name='purpose'][value='recreational']")
    page.set_input_files("#f-drone_photo", str(tmp_path / "drone.png"))
    page.wait_for_selector("form[data-resumable]", state="attached")  # its script has come
    cdp = context.new_cdp_session(page)
    cdp.send("Network.enable")
    cdp.send(  # the file goes up at 256 kbit/s, 300 ms each way
        "Network.emulateNetworkConditions",
        {"offline": False, "latency": 300, "downloadThroughput": 32000, "uploadThroughput": 32000},
    )
    page.click("form .govuk-button-group .govuk-button")
    page.wait_for_function("() => !navigator.onLine")
    context.set_offline(False)
    page.wait_for_url("**/pages/flights/")

    assert len(begun) == 1  # begun once: resumed, never restarted
    cut = offsets[parts // 2 - 1]
    assert offsets.count(0) == 1 and offsets.count(cut) == 2, offsets
    assert offsets == sorted(offsets) and len(offsets) == parts + 1
    attachment = Attachment.objects.get(application=draft)
    assert attachment.sha256 == hashlib.sha256(photo).hexdigest()
    assert not PartialUpload.objects.exists()
    context.close()
