import json
import re

import pytest
from django.test import Client

from dzong.web.staff_access import VERIFIED
from dzong.workflow.tests.factories import staff

pytestmark = pytest.mark.django_db

# A phrase of each page in each language: the page's heading and what to do next.
PAGES = {
    400: {"en": ("The request cannot be read", "Go to the start page")},
    403: {"en": ("You cannot see this page", "Sign in again")},
    404: {"en": ("Page not found", "Find a government service")},
    500: {"en": ("Sorry, there is a problem with the service", "quote this reference")},
    "csrf": {"en": ("This form has expired", "Sign in again")},
}
DZONGKHA = {
    400: ("ཞུ་བ་འདི་ ལྷག་མི་ཚུགས།", "འགོ་བཙུགས་ཤོག་ལེབ་ལུ་འགྱོ།"),
    403: ("ཁྱོད་ཀྱིས་ ཤོག་ལེབ་འདི་ བལྟ་མི་ཚུགས།", "ལོག་སྟེ་ ནང་བསྐྱོད་འབད།"),
    404: ("ཤོག་ལེབ་ མ་ཐོབ།", "གཞུང་གི་ཞབས་ཏོག་ཅིག་ འཚོལ།"),
    500: ("དགོངསམ་མ་ཁྲེལ། ཞབས་ཏོག་འདི་ལུ་ དཀའ་ངལ་ཅིག་འདུག", "གཞི་བསྟུན་འདི་ སླབ་དགོ"),
    "csrf": ("འབྲི་ཤོག་འདི་གི་ དུས་ཚོད་ཚང་ཡི།", "ལོག་སྟེ་ ནང་བསྐྱོད་འབད།"),
}


@pytest.fixture
def production(settings):
    settings.DEBUG = False
    settings.ROOT_URLCONF = "dzong.web.tests.error_urls"
    settings.ALLOWED_HOSTS = ["testserver"]


def _client(language: str, **options) -> Client:
    client = Client(raise_request_exception=False, **options)
    client.cookies["dzong_language"] = language
    return client


def _error(kind: int | str, language: str, applicant) -> object:
    if kind == 400:
        return _client(language).get("/", HTTP_HOST="not-ours.example")
    if kind == 403:  # the counter, to an officer who is not a cashier
        client = _client(language)
        client.force_login(officer := staff("transport-officer", "rsta"))
        session = client.session
        session[VERIFIED] = officer.pk
        session.save()
        return client.get("/counter/")
    if kind == 404:
        return _client(language).get("/no-such-page/")
    if kind == 500:
        return _client(language).get("/fails/")
    return _client(language, enforce_csrf_checks=True).post("/account/sign-in/", {})


@pytest.mark.parametrize("language", ["en", "dz"])
@pytest.mark.parametrize("kind", [400, 403, 404, 500, "csrf"])
def test_every_error_page_is_the_sites_in_the_readers_language_with_what_to_do_next(
    production, applicant, kind, language
):
    response = _error(kind, language, applicant)
    assert response.status_code == (403 if kind == "csrf" else kind)
    html = response.content.decode()
    heading, next_step = PAGES[kind]["en"] if language == "en" else DZONGKHA[kind]
    assert f'<html lang="{language}"' in html
    assert heading in html and next_step in html
    assert 'class="govuk-header dzong-header"' in html  # the site's layout
    assert 'href="/"' in html  # a way back to the start page
    assert "Content-Security-Policy" in response.headers


def test_the_server_error_page_gives_a_reference_that_the_log_has_too(production, caplog):
    response = _client("en").get("/fails/")
    reference = re.search(r'id="error-reference">([0-9A-F]{8})<', response.content.decode())
    assert reference is not None
    logged = [r for r in caplog.records if reference.group(1) in r.getMessage()]
    assert logged and logged[0].exc_info is not None


@pytest.mark.parametrize(
    ("path", "status"), [("/api/v1/nothing-here", 404), ("/api/v1/fails/", 500)]
)
def test_api_addresses_keep_their_problem_documents(production, path, status):
    response = _client("en").get(path)
    assert response.status_code == status
    assert response["Content-Type"] == "application/problem+json"
    assert json.loads(response.content)["status"] == status


def test_sign_in_again_leads_staff_pages_to_the_staffs_sign_in(production, applicant):
    refused = _error(403, "en", applicant).content.decode()  # the counter
    expired = _error("csrf", "en", applicant).content.decode()  # the applicant's sign-in
    assert 'href="/office/sign-in/">Sign in again' in refused
    assert 'href="/account/sign-in/">Sign in again' in expired


@pytest.mark.parametrize("language", ["en", "dz"])
def test_a_database_out_of_reach_gives_a_page_saying_to_try_again_in_a_minute(production, language):
    response = _client(language).get("/unreachable/")
    assert (response.status_code, response["Retry-After"]) == (503, "30")
    html = response.content.decode()
    assert f'<html lang="{language}"' in html
    heading = (
        "The service is unavailable for a moment"
        if language == "en"
        else "ཞབས་ཏོག་འདི་ སྐབས་ཐུང་ཅིག་ ལག་ལེན་འཐབ་མི་ཚུགས།"
    )
    assert heading in html


def test_a_database_out_of_reach_tells_api_clients_to_send_again_with_the_same_key(production):
    response = _client("en").get("/api/v1/unreachable/")
    assert (response.status_code, response["Retry-After"]) == (503, "30")
    assert response["Content-Type"] == "application/problem+json"
    assert "same Idempotency-Key" in json.loads(response.content)["detail"]
