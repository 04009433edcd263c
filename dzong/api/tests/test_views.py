import json
import logging
import threading

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from jsonschema import Draft202012Validator
from referencing import Registry, Resource
from referencing.jsonschema import DRAFT202012

from dzong.api.openapi import openapi_document
from dzong.api.services import revoke_client
from dzong.api.tests.conftest import BUSINESS, SUBMIT, Api
from dzong.applications.models import Application, IssuedRegistration
from dzong.certificates.models import Certificate

pytestmark = pytest.mark.django_db

DOCUMENT = openapi_document("http://testserver/api/v1/openapi.json")
REGISTRY = Registry().with_resource("api", Resource.from_contents(DOCUMENT, DRAFT202012))


def conforms(body: dict, schema: str) -> None:
    """The body matches the OpenAPI document's schema (a response the document promises)."""
    validator = Draft202012Validator(
        {"$ref": f"api#/components/schemas/{schema}"}, registry=REGISTRY
    )
    validator.validate(body)


def fields_in_error(response) -> dict[str, str]:
    assert response["Content-Type"] == "application/problem+json"
    conforms(response.json(), "Problem")
    return {error["field"]: error["message"] for error in response.json()["errors"]}


def test_a_client_submits_a_business_and_gets_its_registration_numbers(api):
    response = api.submit(key="order-1")
    assert response.status_code == 201, response.content
    body = response.json()
    conforms(body, "Application")
    application = Application.objects.get()
    assert response["Location"] == f"/api/v1/applications/{application.reference}"
    assert body["status"] == "approved" == application.status
    numbers = list(IssuedRegistration.objects.values_list("number", flat=True))
    assert [r["number"] for r in body["registrations"]] == numbers and len(numbers) == 3
    assert body["registrations"][0]["name"] == "Business Licence"
    assert application.answers["date_of_birth"] == "1990-03-14"
    assert application.events.values_list("kind", flat=True)[0] == "started"


def test_a_request_without_a_token_is_refused(demo):
    response = Api(None).submit()
    assert response.status_code == 401
    assert response["WWW-Authenticate"] == 'Bearer realm="dzong"'
    assert response.json()["type"] == "urn:dzong:problem:missing-token"
    assert not Application.objects.exists()


def test_a_token_nobody_holds_is_refused(api):
    for token in ("dzg_" + "x" * 43, api.token[:-1], "not-a-token"):
        response = Api(token).submit()
        assert response.status_code == 401
        assert "invalid_token" in response["WWW-Authenticate"]
    assert not Application.objects.exists()


def test_a_revoked_token_is_refused_for_submitting_and_reading(api):
    reference = api.submit().json()["reference"]
    revoke_client(name="thimphu-centre")
    assert api.submit().status_code == 401
    refused = api.get(f"/api/v1/applications/{reference}")
    assert refused.status_code == 401
    assert refused.json()["type"] == "urn:dzong:problem:revoked-token"
    assert Application.objects.count() == 1


def test_a_service_outside_the_clients_scope_is_forbidden(api):
    response = api.submit({}, url="/api/v1/services/drone-permit/applications")
    assert response.status_code == 403
    assert not Application.objects.exists()


def test_a_client_reads_its_own_application_but_not_another_clients(api, other_api):
    reference = api.submit().json()["reference"]
    own = api.get(f"/api/v1/applications/{reference}")
    assert own.status_code == 200
    conforms(own.json(), "Application")
    assert own.json()["reference"] == reference
    theirs = other_api.get(f"/api/v1/applications/{reference}")
    assert theirs.status_code == 404
    conforms(theirs.json(), "Problem")
    assert api.get("/api/v1/applications/DZ-2222-2222").status_code == 404


def test_an_applicants_portal_application_is_not_a_clients(api, applicant):
    from dzong.applications.tests.factories import business_draft
    from dzong.workflow.submission import submit_application

    portal = submit_application(application=business_draft(applicant, name="Portal Crafts"))
    assert api.get(f"/api/v1/applications/{portal.application.reference}").status_code == 404


def test_wrong_and_missing_answers_get_a_message_per_field_and_nothing_is_stored(api):
    answers = {**BUSINESS, "cid": "123", "date_of_birth": "14/03/1990", "colour": "red"}
    del answers["business_name"]
    response = api.submit(answers, key="wrong")
    assert response.status_code == 422
    errors = fields_in_error(response)
    assert set(errors) == {"cid", "date_of_birth", "colour", "business_name"}
    assert "11 digits" in errors["cid"]
    assert not Application.objects.exists()


def test_a_file_cannot_be_sent(api):
    answers = {**BUSINESS, "rents_premises": True, "lease_agreement": "JVBERi0xLjQK"}
    errors = fields_in_error(api.submit(answers))
    assert "Files cannot be sent" in errors["lease_agreement"]


def test_messages_follow_the_requested_language(api):
    english = fields_in_error(api.submit({**BUSINESS, "cid": "123"}))["cid"]
    response = api.submit({**BUSINESS, "cid": "123"}, language="dz")
    dzongkha = fields_in_error(response)["cid"]
    assert dzongkha != english and any("\u0f00" <= c <= "\u0fff" for c in dzongkha)
    assert any("\u0f00" <= c <= "\u0fff" for c in response.json()["title"])
    assert response["Content-Language"] == "dz"
    accepted = api.submit(language="dz").json()
    assert any("\u0f00" <= c <= "\u0fff" for c in accepted["registrations"][0]["name"])


def test_a_business_name_already_licensed_is_refused_with_the_services_message(api):
    assert api.submit().status_code == 201
    errors = fields_in_error(api.submit())
    assert "already licensed" in errors["business_name"]


def test_a_retry_with_the_same_key_gives_the_same_application(api):
    first = api.submit(key="order-7")
    again = api.submit(key="order-7")  # the name is licensed now: it is still the same one
    assert (first.status_code, again.status_code) == (201, 200)
    assert again["Idempotent-Replayed"] == "true"
    assert first.json() == again.json()
    assert Application.objects.count() == 1
    other = api.submit({**BUSINESS, "business_name": "Second Shop"}, key="order-8")
    assert other.status_code == 201 and Application.objects.count() == 2


def test_another_client_with_the_same_key_gets_its_own_application(api, other_api):
    first = api.submit(key="shared-key").json()
    theirs = other_api.submit({**BUSINESS, "business_name": "Paro Shop"}, key="shared-key")
    assert theirs.status_code == 201
    assert theirs.json()["reference"] != first["reference"]


def test_a_refused_attempt_then_a_corrected_retry_with_the_same_key_is_submitted(api):
    assert api.submit({**BUSINESS, "cid": "1"}, key="fix-me").status_code == 422
    assert api.submit(key="fix-me").status_code == 201
    assert Application.objects.get().status == "approved"


@pytest.mark.django_db(transaction=True)
def test_the_same_key_sent_twice_at_once_gives_one_application(centre_token):
    barrier = threading.Barrier(2)
    statuses: list[object] = []

    def send() -> None:
        try:
            barrier.wait()
            statuses.append(Api(centre_token).submit(key="twice").status_code)
        except Exception as error:
            statuses.append(error)
        finally:
            connection.close()

    threads = [threading.Thread(target=send) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert sorted(statuses, key=str) == [200, 201], statuses
    assert Application.objects.count() == 1


def test_requests_that_cannot_be_read_are_refused(api):
    headers = api.headers(None, "en")
    not_json = api.http.post(SUBMIT, "answers=1", content_type="text/plain", headers=headers)
    broken = api.http.post(SUBMIT, "{", content_type="application/json", headers=headers)
    no_answers = api.http.post(SUBMIT, "[]", content_type="application/json", headers=headers)
    long_key = api.submit(key="k" * 201)
    for response in (not_json, broken, no_answers, long_key):
        assert response.status_code == 400
        conforms(response.json(), "Problem")
    assert api.get(SUBMIT).status_code == 405
    assert not Application.objects.exists()


def test_a_client_over_its_rate_is_told_to_wait(api, settings):
    settings.DZONG_API_REQUESTS_PER_MINUTE = 2
    assert api.get("/api/v1/applications/DZ-2222-2222").status_code == 404
    assert api.get("/api/v1/applications/DZ-2222-2222").status_code == 404
    refused = api.get("/api/v1/applications/DZ-2222-2222")
    assert refused.status_code == 429 and refused["Retry-After"] == "60"


def test_certificates_issued_show_with_their_links_and_download_as_pdf(
    api, other_api, settings, django_capture_on_commit_callbacks
):
    settings.TASKS = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}
    with django_capture_on_commit_callbacks(execute=True):
        reference = api.submit().json()["reference"]
    body = api.get(f"/api/v1/applications/{reference}").json()
    conforms(body, "Application")
    certificates = [c for r in body["registrations"] for c in r["certificates"]]
    assert len(certificates) == Certificate.objects.count() == 3
    assert all(c["status"] == "valid" for c in certificates)
    first = certificates[0]
    assert first["links"]["verify"].endswith(f"/verify/{first['verification_code']}/")
    pdf = api.get(first["links"]["pdf"])
    assert pdf.status_code == 200 and pdf["Content-Type"] == "application/pdf"
    assert b"".join(pdf.streaming_content).startswith(b"%PDF-")
    assert other_api.get(first["links"]["pdf"]).status_code == 404


def test_a_submission_takes_at_most_twenty_statements(api, django_capture_on_commit_callbacks):
    assert api.submit(key="first").status_code == 201  # this year's sequences exist now
    answers = {**BUSINESS, "business_name": "Counted Crafts"}
    with (
        CaptureQueriesContext(connection) as queries,
        django_capture_on_commit_callbacks(execute=True),
    ):
        assert api.submit(answers, key="counted").status_code == 201
    # Client, its count of requests this minute (read and written in the cache every process
    # shares), service, earlier key, unique name; the submission's writes, with the three
    # reactions queued in them (telling the applicant, the certificates, the business founded)
    # and the audit log's
    # three (its head locked, the entries, the head moved on); the registrations shown.
    statements = [q["sql"] for q in queries]
    assert len(statements) == 20, "\n".join(sql[:120] for sql in statements)


def test_nothing_personal_reaches_the_logs(api, caplog):
    with caplog.at_level(logging.DEBUG):
        api.submit({**BUSINESS, "cid": "123"})
        api.submit()
    logged = " ".join(record.getMessage() for record in caplog.records)
    assert "Karma" not in logged and "11512345678" not in logged and "Wangmo" not in logged


def test_the_openapi_document_describes_every_route_and_its_schemas_are_valid(client):
    response = client.get("/api/v1/openapi.json")
    assert response.status_code == 200
    document = response.json()
    assert document["openapi"] == "3.1.0"
    assert document["servers"] == [{"url": "http://testserver/api/v1"}]
    for schema in document["components"]["schemas"].values():
        Draft202012Validator.check_schema(schema)
    from dzong.api.urls import urlpatterns

    routes = {
        "/"
        + str(p.pattern)
        .replace("<slug:slug>", "{slug}")
        .replace("<str:reference>", "{reference}")
        .replace("<int:pk>", "{id}")
        for p in urlpatterns
    }
    assert routes == set(document["paths"])
    json.dumps(document)


BUS = {
    "business_licence_number": "BL-2026-000001",
    "contact_person": "Sonam Dorji",
    "mobile": "77123456",
    "vehicle_registration": "BP-1-A1234",
    "seating_capacity": 30,
    "origin_town": "Thimphu",
    "destination_town": "Phuentsholing",
    "trips_per_day": 2,
}
BUS_SUBMIT = "/api/v1/services/bus-route-permit/applications"


@pytest.mark.parametrize("language", ["en", "dz"])
def test_a_service_whose_fees_are_paid_first_is_refused_and_sent_to_the_portal(demo, language):
    from dzong.api.services import create_client

    token = create_client(
        name="bus-centre", agency="rsta", email="bus@example.bt", services=["bus-route-permit"]
    ).token
    response = Api(token).submit(BUS, key="bus-1", language=language, url=BUS_SUBMIT)
    assert response.status_code == 422, response.content
    assert response["Content-Type"] == "application/problem+json"
    body = response.json()
    conforms(body, "Problem")
    assert body["type"] == "urn:dzong:problem:fees-due-first"
    assert body["portal"] == "http://testserver/services/bus-route-permit/"
    if language == "dz":
        assert any("\u0f00" <= c <= "\u0fff" for c in body["detail"])
    else:
        assert "portal" in body["detail"]
    assert not Application.objects.exists()


def test_a_key_reused_with_a_different_request_is_refused_not_replayed(api):
    assert api.submit(key="order-9").status_code == 201
    for answers in ({**BUSINESS, "business_name": "Other Shop"}, {**BUSINESS, "cid": "1"}):
        response = api.submit(answers, key="order-9")
        assert response.status_code == 422, response.content
        conforms(response.json(), "Problem")
        assert response.json()["type"] == "urn:dzong:problem:idempotency-key-reused"
    reordered = dict(reversed(list(BUSINESS.items())))
    assert api.submit(reordered, key="order-9").status_code == 200
    assert Application.objects.count() == 1


def test_every_api_error_is_a_problem_document(api, rf):
    from django.urls import get_resolver

    unknown = api.get("/api/v1/nothing-here")
    wrong_method = api.get(SUBMIT)
    server_error = get_resolver().resolve_error_handler(500)(rf.get("/api/v1/applications/X"))
    for response, status in ((unknown, 404), (wrong_method, 405), (server_error, 500)):
        assert response.status_code == status
        assert response["Content-Type"] == "application/problem+json"
        conforms(json.loads(response.content), "Problem")
    assert wrong_method["Allow"] == "POST"
    assert "text/html" in api.get("/no-such-page/")["Content-Type"]


def test_answers_nested_thousands_deep_are_refused_as_unreadable(api):
    headers = api.headers(None, "en")
    for depth in (40, 5000):
        nested = '{"answers": {"full_name": ' + "[" * depth + "]" * depth + "}}"
        response = api.http.post(SUBMIT, nested, content_type="application/json", headers=headers)
        assert response.status_code == 400
        assert "nested too deep" in response.json()["detail"]
    assert not Application.objects.exists()


def test_control_characters_in_an_answer_get_a_message_for_that_answer(api):
    headers = api.headers("nul-1", "en")
    body = json.dumps({"answers": BUSINESS}).replace("Karma Wangmo", "Karma\\u0000\\ud800")
    response = api.http.post(SUBMIT, body, content_type="application/json", headers=headers)
    assert response.status_code == 422
    assert "control characters" in fields_in_error(response)["full_name"]
    assert not Application.objects.exists()
