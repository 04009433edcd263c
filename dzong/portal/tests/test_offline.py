"""The offline layer's server side: the service worker at the root, pages marked with the
account they were shown to, signing out clearing the device, answers kept on a device saved
only over the version they were typed on, and an offline submission replayed creating one."""

import threading

import pytest
from django.db import connection
from django.test import Client

from dzong.accounts.models import User
from dzong.applications.models import Application, Event
from dzong.portal.tests.journeys import BUSINESS, fill_business, post_page, submission_key

pytestmark = pytest.mark.django_db


@pytest.fixture
def applicant(client, demo):
    user = User.objects.create_user("karma@example.bt", None, full_name="Karma Wangmo")
    client.force_login(user)
    return user


def _draft_on_second_page(client):
    """A draft with its first page saved: the URL of its second page, and the draft."""
    url = post_page(client, "/services/register-business/apply/", BUSINESS["about-you"])
    return url, Application.objects.get()


def _keep(client, draft, version, name="Wangmo Weaving"):
    answers = {**BUSINESS["your-business"], "business_name": name, "draft_version": version}
    return client.post(f"/applications/{draft.reference}/pages/your-business/keep/", answers)


def test_the_service_worker_is_served_at_the_root_for_the_whole_site(client, demo):
    response = client.get("/service-worker.js")
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/javascript")
    assert response["Service-Worker-Allowed"] == "/"
    assert response["Cache-Control"] == "no-cache"
    assert "script-src 'self'" in response["Content-Security-Policy"]
    assert b'addEventListener("fetch"' in response.content
    again = client.get("/service-worker.js", HTTP_IF_NONE_MATCH=response["ETag"])
    assert again.status_code == 304  # a device that has it checks it for nothing


def test_pages_name_the_account_they_were_shown_to_and_carry_the_banner_hidden(client, applicant):
    page = client.get("/applications/")
    other = Client()
    other.force_login(User.objects.create_user("pema@example.bt", None))
    assert page["Dzong-Account"] != other.get("/applications/")["Dzong-Account"]
    assert str(applicant.pk) != page["Dzong-Account"] and len(page["Dzong-Account"]) == 20
    html = page.text
    assert f'data-account="{page["Dzong-Account"]}"' in html
    assert 'data-service-worker="/service-worker.js"' in html
    assert "data-dzong-offline hidden" in html
    assert "You are offline — this page was last updated at" in html
    client.cookies["dzong_language"] = "dz"
    assert "ཤོག་ལེབ་འདི་" in client.get("/applications/").text


def test_pages_shown_to_no_one_signed_in_carry_no_offline_layer(client, demo):
    response = client.get("/services/")
    assert "Dzong-Account" not in response
    assert "data-account" not in response.text and "data-dzong-offline" not in response.text


def test_signing_out_tells_the_browser_to_forget_what_it_kept(client, applicant):
    response = client.post("/account/sign-out/")
    assert response.status_code == 302
    assert response["Clear-Site-Data"] == '"cache", "storage"'


def test_answers_kept_on_the_device_are_saved_over_the_version_they_were_typed_on(
    client, applicant
):
    url, draft = _draft_on_second_page(client)
    page = client.get(url).text
    assert f'data-draft-version="{draft.version}"' in page
    response = _keep(client, draft, draft.version)
    assert response.status_code == 200
    draft.refresh_from_db()
    assert draft.answers["business_name"] == "Wangmo Weaving"
    assert response.json()["version"] == draft.version
    assert draft.status == "draft"  # kept, not submitted


def test_answers_typed_before_the_draft_moved_on_are_refused_and_nothing_is_kept(client, applicant):
    url, draft = _draft_on_second_page(client)
    typed_on = draft.version
    post_page(client, url, BUSINESS["your-business"])  # saved from another device meanwhile
    draft.refresh_from_db()
    response = _keep(client, draft, typed_on, name="Overwritten Crafts")
    assert response.status_code == 409
    assert response.json() == {"version": draft.version}
    draft.refresh_from_db()
    assert draft.answers["business_name"] == "Wangmo Handicrafts"
    chosen = _keep(client, draft, response.json()["version"], name="Chosen Crafts")
    assert chosen.status_code == 200  # the applicant chose this device's answers
    draft.refresh_from_db()
    assert draft.answers["business_name"] == "Chosen Crafts"


def test_answers_are_kept_only_on_ones_own_draft_and_only_while_it_is_a_draft(client, applicant):
    check = fill_business(client)
    draft = Application.objects.get()
    stranger = Client()
    stranger.force_login(User.objects.create_user("pema@example.bt", None))
    assert _keep(stranger, draft, draft.version).status_code == 404
    keep_url = f"/applications/{draft.reference}/pages/your-business/keep/"
    assert client.get(keep_url).status_code == 405
    assert _keep(client, draft, "x" * 500).status_code == 409  # a version too long is no version
    key = submission_key(client.get(check).text)
    post_page(client, check, {"declaration": "yes", "submission_key": key})
    draft.refresh_from_db()
    assert _keep(client, draft, draft.version).json() == {"submitted": True}


def test_an_offline_submission_replayed_creates_one_application(client, applicant):
    check = fill_business(client)
    sent = {"declaration": "yes", "submission_key": submission_key(client.get(check).text)}
    first = client.post(check, sent)
    replayed = client.post(check, sent)
    assert first.status_code == replayed.status_code == 302
    assert first["Location"] == replayed["Location"] == check.replace("check/", "submitted/")
    assert Application.objects.get().status != "draft"
    assert Event.objects.filter(kind="submitted").count() == 1


@pytest.mark.django_db(transaction=True)
def test_two_tabs_replaying_the_same_submission_at_once_create_one(demo):
    user = User.objects.create_user("karma@example.bt", None, full_name="Karma Wangmo")
    tabs = [Client(), Client()]
    for tab in tabs:
        tab.force_login(user)
    check = fill_business(tabs[0])
    sent = {"declaration": "yes", "submission_key": submission_key(tabs[0].get(check).text)}
    barrier = threading.Barrier(2)
    places: list[object] = []

    def replay(tab: Client) -> None:
        try:
            barrier.wait()
            places.append(tab.post(check, sent)["Location"])
        except Exception as error:  # the test reads what went wrong
            places.append(error)
        finally:
            connection.close()

    threads = [threading.Thread(target=replay, args=[tab]) for tab in tabs]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    assert places == [check.replace("check/", "submitted/")] * 2
    assert Event.objects.filter(kind="submitted").count() == 1
