import datetime as dt

import pytest
from django.conf import settings
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from dzong.accounts.models import User
from dzong.applications.models import Application, Attachment, IssuedRegistration
from dzong.applications.services import start_application
from dzong.catalogue.models import ServiceVersion
from dzong.portal.tests.journeys import (
    BUSINESS,
    PDF,
    PNG,
    fill_business,
    post_page,
    publish_business_with_goods,
    submission_key,
    submit,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def applicant(client, demo):
    user = User.objects.create_user("karma@example.bt", None, full_name="Karma Wangmo")
    client.force_login(user)
    return user


def test_starting_needs_an_account(client, demo):
    response = client.get("/services/register-business/apply/")
    assert response.status_code == 302
    assert "sign-in" in response["Location"] or "login" in response["Location"]


def test_the_first_page_shows_its_progress_and_fields(client, applicant):
    page = client.get("/services/register-business/apply/").text
    assert "Page 1 of 2" in page
    assert 'name="full_name"' in page and 'name="date_of_birth-day"' in page


def test_what_the_applicant_gave_at_sign_up_is_not_typed_again(client, applicant):
    page = client.get("/services/register-business/apply/").text
    assert 'name="full_name" type="text" value="Karma Wangmo"' in page
    assert 'value="karma@example.bt"' in page
    version = ServiceVersion.objects.current_for("register-business")
    draft = start_application(version=version, applicant=applicant, language="en")
    assert draft.answers == {"full_name": "Karma Wangmo", "email": "karma@example.bt"}


def test_a_business_meeting_the_rule_is_approved_at_once_with_its_numbers(client, applicant):
    confirmation = submit(client, fill_business(client))
    page = client.get(confirmation).text
    application = Application.objects.get()
    assert application.status == "approved"
    assert application.reference in page
    numbers = list(IssuedRegistration.objects.values_list("code", "number"))
    assert [code for code, _ in numbers] == ["business-licence", "taxpayer", "employer"]
    assert all(number in page for _, number in numbers)
    assert numbers[0][1].startswith("BL-")


def test_a_page_with_errors_keeps_what_was_typed_and_links_each_error(client, applicant):
    typed = {**BUSINESS["about-you"], "cid": "123", "mobile": "99"}
    response = client.post("/services/register-business/apply/", typed)
    assert response.status_code == 200
    assert 'href="#f-cid"' in response.text and 'href="#f-mobile"' in response.text
    assert 'value="Karma Wangmo"' in response.text and 'value="123"' in response.text
    assert response.text.count("govuk-error-message") == 2
    draft = Application.objects.get()
    assert draft.answers["full_name"] == "Karma Wangmo"


def test_submitting_twice_gives_one_application(client, applicant):
    check_url = fill_business(client)
    key = client.get(check_url).text.split('name="submission_key" value="')[1].split('"')[0]
    first = client.post(check_url, {"declaration": "yes", "submission_key": key})
    second = client.post(check_url, {"declaration": "yes", "submission_key": key})
    assert first.status_code == second.status_code == 302
    assert first["Location"] == second["Location"]
    assert Application.objects.count() == 1
    assert IssuedRegistration.objects.count() == 3


def test_the_declaration_is_required(client, applicant):
    check_url = fill_business(client)
    response = client.post(check_url, {"submission_key": "k"})
    assert response.status_code == 200
    assert "Confirm that the information" in response.text
    assert Application.objects.get().status == "draft"


def test_another_applicant_cannot_open_a_draft(client, applicant):
    check_url = fill_business(client)
    other = User.objects.create_user("other@example.bt", None)
    client.force_login(other)
    assert client.get(check_url).status_code == 404
    reference = Application.objects.get().reference
    assert client.get(f"/applications/{reference}/").status_code == 404


def test_a_duplicate_business_name_is_refused_with_the_services_message(client, applicant):
    submit(client, fill_business(client))
    url = post_page(client, "/services/register-business/apply/", BUSINESS["about-you"])
    response = client.post(
        url, {**BUSINESS["your-business"], "business_name": "wangmo  HANDICRAFTS"}
    )
    assert response.status_code == 200
    assert "already licensed" in response.text


def _start(client, slug, data):
    return post_page(client, f"/services/{slug}/apply/", data)


BUS_OPERATOR = {
    "business_licence_number": "BL-2026-000001",
    "contact_person": "Sonam Dorji",
    "mobile": "77123456",
}


def test_a_repeating_group_adds_and_removes_entries_without_losing_answers(client, applicant):
    vehicle = _start(client, "bus-route-permit", BUS_OPERATOR)
    route = post_page(
        client, vehicle, {"vehicle_registration": "BP-1-A1234", "seating_capacity": "30"}
    )
    page = client.get(route).text
    assert 'name="stops-0-town"' in page and 'name="stops-1-town"' not in page
    base = {"origin_town": "Thimphu", "destination_town": "Phuentsholing", "trips_per_day": "2"}
    added = client.post(
        route, {**base, "stops-entries": "1", "stops-0-town": "Chhukha", "add-entry": "stops"}
    )
    assert added.status_code == 200
    assert 'value="Chhukha"' in added.text and 'name="stops-1-town"' in added.text
    assert "govuk-error-message" not in added.text
    two = {**base, "stops-entries": "2", "stops-0-town": "Chhukha", "stops-1-town": "Gedu"}
    removed = client.post(route, {**two, "remove-entry": "stops-0"})
    assert 'value="Gedu"' in removed.text and 'value="Chhukha"' not in removed.text
    check = post_page(client, route, two)
    assert Application.objects.get().answers["stops"] == [{"town": "Chhukha"}, {"town": "Gedu"}]
    assert "Chhukha" in client.get(check).text


def test_blank_entries_of_an_optional_group_are_dropped(client, applicant):
    vehicle = _start(client, "bus-route-permit", BUS_OPERATOR)
    route = post_page(
        client, vehicle, {"vehicle_registration": "BP-1-A1234", "seating_capacity": "30"}
    )
    base = {"origin_town": "Thimphu", "destination_town": "Paro", "trips_per_day": "2"}
    post_page(client, route, {**base, "stops-entries": "1", "stops-0-town": " "})
    assert "stops" not in Application.objects.get().answers


DRONE_OPERATOR = {"full_name": "Pema Lhamo", "cid": "10101010101", "mobile": "17654321"}


def _drone_page(client):
    return _start(client, "drone-permit", DRONE_OPERATOR)


def test_an_upload_is_checked_by_its_content_not_its_name(client, applicant):
    drone = _drone_page(client)
    fake = SimpleUploadedFile("drone.png", b"MZ\x90\x00 not an image", content_type="image/png")
    response = client.post(
        drone,
        {
            "make_model": "DJI Mini",
            "weight_grams": "249",
            "purpose": "recreational",
            "drone_photo": fake,
        },
    )
    assert response.status_code == 200
    assert "must be a" in response.text
    assert Attachment.objects.count() == 0
    assert 'value="DJI Mini"' in response.text


@pytest.mark.parametrize(
    ("name", "content", "message"),
    [
        ("drone.png", PNG[:-20], "cannot be read: the file is damaged or is not a real PNG"),
        ("drone.png", PNG[:16] + b"\x00" * 60, "cannot be read: the file is damaged"),
        ("drone.jpg", PNG, "is a PNG but its name ends otherwise"),
    ],
    ids=["truncated", "only-a-header", "wrong-extension"],
)
def test_an_upload_is_checked_as_a_whole_and_against_its_name(
    client, applicant, name, content, message
):
    drone = _drone_page(client)
    photo = SimpleUploadedFile(name, content, content_type="image/png")
    data = {"make_model": "DJI Mini", "weight_grams": "249", "purpose": "recreational"}
    response = client.post(drone, {**data, "drone_photo": photo})
    assert response.status_code == 200
    assert message in response.text
    assert Attachment.objects.count() == 0


def test_an_accepted_file_is_kept_when_another_answer_is_wrong(client, applicant):
    drone = _drone_page(client)
    photo = SimpleUploadedFile("photo.png", PNG, content_type="image/jpeg")
    response = client.post(
        drone,
        {
            "make_model": "DJI Mini",
            "weight_grams": "0",
            "purpose": "recreational",
            "drone_photo": photo,
        },
    )
    assert response.status_code == 200
    stored = Attachment.objects.get()
    assert stored.content_type == "image/png" and stored.name == "photo.png"
    assert "Uploaded: photo.png" in response.text
    later = post_page(
        client, drone, {"make_model": "DJI Mini", "weight_grams": "249", "purpose": "recreational"}
    )
    assert "/pages/flights/" in later
    assert Application.objects.get().answers["drone_photo"]["attachment"] == stored.pk


def test_a_file_is_served_only_to_its_owner(client, applicant):
    drone = _drone_page(client)
    photo = SimpleUploadedFile("photo.png", PNG, content_type="image/png")
    post_page(
        client,
        drone,
        {
            "make_model": "DJI",
            "weight_grams": "249",
            "purpose": "recreational",
            "drone_photo": photo,
        },
    )
    stored = Attachment.objects.get()
    url = f"/applications/{stored.application.reference}/files/{stored.pk}/"
    response = client.get(url)
    assert response.status_code == 200 and b"".join(response.streaming_content) == PNG
    assert "attachment" in response["Content-Disposition"]
    client.force_login(User.objects.create_user("someone@example.bt", None))
    assert client.get(url).status_code == 404
    assert not str(stored.file.path).startswith(str(settings.STATIC_ROOT))


def test_a_page_hidden_by_the_answers_leads_on_to_the_next_one(client, applicant):
    check = fill_business(client)
    reference = Application.objects.get().reference
    response = client.get(f"/applications/{reference}/pages/documents/")
    assert response.status_code == 302 and response["Location"] == check


def test_renting_premises_adds_the_documents_page_and_a_lease_is_required(client, applicant):
    answers = {**BUSINESS, "your-business": {**BUSINESS["your-business"], "rents_premises": "yes"}}
    documents = fill_business(client, answers)
    assert documents.endswith("/pages/documents/")
    response = client.post(documents, {})
    assert "Upload the lease agreement" in response.text
    lease = SimpleUploadedFile("lease.pdf", PDF, content_type="application/pdf")
    check = post_page(client, documents, {"lease_agreement": lease})
    assert "lease.pdf" in client.get(check).text


def test_my_applications_lists_drafts_and_submitted_ones_and_a_draft_resumes(client, applicant):
    submit(client, fill_business(client))
    _start(client, "drone-permit", DRONE_OPERATOR)
    page = client.get("/applications/").text
    draft, done = (
        Application.objects.order_by("created_at")[1],
        Application.objects.order_by("created_at")[0],
    )
    assert draft.reference in page and done.reference in page
    resume = client.get(f"/applications/{draft.reference}/")
    assert resume.status_code == 302 and resume["Location"].endswith("/pages/drone/")
    status = client.get(f"/applications/{done.reference}/").text
    assert "Application submitted" in status and "Application approved" in status


def test_the_check_page_shows_fees_and_links_to_missing_answers(client, applicant):
    drone = _drone_page(client)
    reference = Application.objects.get().reference
    page = client.get(f"/applications/{reference}/check/").text
    assert "Some answers are missing" in page
    assert f"/applications/{reference}/pages/drone/#f-make_model" in page
    refused = client.post(f"/applications/{reference}/check/", {"declaration": "yes"})
    assert refused.status_code == 200 and Application.objects.get().status == "draft"
    photo = SimpleUploadedFile("photo.png", PNG, content_type="image/png")
    flights = post_page(
        client,
        drone,
        {
            "make_model": "DJI",
            "weight_grams": "249",
            "purpose": "recreational",
            "drone_photo": photo,
        },
    )
    post_page(
        client,
        flights,
        {"dzongkhag": "paro", **_days("first_flying_day", 10), **_days("last_flying_day", 12)},
    )
    page = client.get(f"/applications/{reference}/check/").text
    assert "Nu. 500" in page and "Some answers are missing" not in page


def _days(code, ahead):
    day = timezone.localdate() + dt.timedelta(days=ahead)
    return {f"{code}-day": day.day, f"{code}-month": day.month, f"{code}-year": day.year}


def test_pages_and_messages_follow_the_language(client, applicant):
    client.cookies["dzong_language"] = "dz"
    response = client.post("/services/register-business/apply/", {"full_name": ""})
    assert "མིང་ཆ་ཚང་། བཙུགས།" in response.text
    assert 'lang="dz"' in response.text


def test_nothing_personal_reaches_the_logs(client, applicant, caplog):
    caplog.set_level("DEBUG")
    check = fill_business(client)
    client.post("/services/register-business/apply/", {"full_name": "Karma Wangmo", "cid": "1"})
    submit(client, check)
    client.force_login(User.objects.create_user("other@example.bt", None))
    client.get(check)
    for secret in (
        "Karma Wangmo",
        "11512345678",
        "17123456",
        "karma@example.bt",
        "Wangmo Handicrafts",
    ):
        assert secret not in caplog.text


@pytest.fixture
def business_with_goods(demo):
    publish_business_with_goods()


def test_a_field_shown_by_an_answer_on_the_same_page_works_without_javascript(
    client, applicant, business_with_goods
):
    page2 = post_page(client, "/services/register-business/apply/", BUSINESS["about-you"])
    html = client.get(page2).text
    assert 'name="goods"' in html and "data-show-if" in html
    trading = {**BUSINESS["your-business"], "activity": "trading", "goods": ""}
    assert "Enter the goods you trade" in client.post(page2, trading).text
    retail = {**BUSINESS["your-business"], "goods": "Rice"}
    submit(client, post_page(client, page2, retail))
    assert "goods" not in Application.objects.get().answers


def test_a_request_too_large_to_read_gets_a_message_not_a_failure(client, applicant, settings):
    settings.DZONG_MAX_REQUEST_BYTES = 4000
    drone = _drone_page(client)
    big = SimpleUploadedFile("photo.png", PNG + b"\x00" * 5000, content_type="image/png")
    data = {
        "make_model": "DJI",
        "weight_grams": "249",
        "purpose": "recreational",
        "drone_photo": big,
    }
    response = client.post(drone, data)
    assert response.status_code == 200
    assert "too large to send together" in response.text
    assert not Attachment.objects.exists()


def test_a_double_tap_on_the_first_page_starts_one_draft(client, applicant):
    page = client.get("/services/register-business/apply/").text
    key = page.split('name="start_key" value="')[1].split('"')[0]
    data = {**BUSINESS["about-you"], "start_key": key}
    first = client.post("/services/register-business/apply/", data)
    second = client.post("/services/register-business/apply/", data)
    assert first["Location"] == second["Location"]
    assert Application.objects.count() == 1


def test_save_and_come_back_later_keeps_the_page_even_with_a_mistake(client, applicant):
    typed = {**BUSINESS["about-you"], "mobile": "99", "later": "yes"}
    response = client.post("/services/register-business/apply/", typed)
    assert response.status_code == 302 and response["Location"] == "/applications/"
    draft = Application.objects.get()
    assert draft.answers["full_name"] == "Karma Wangmo" and "mobile" not in draft.answers
    resumed = client.get(f"/applications/{draft.reference}/")
    assert resumed["Location"].endswith("/pages/your-business/")


def test_back_to_the_first_page_of_a_sent_application_changes_nothing(client, applicant):
    page = client.get("/services/register-business/apply/").text
    key = page.split('name="start_key" value="')[1].split('"')[0]
    first = client.post(
        "/services/register-business/apply/", {**BUSINESS["about-you"], "start_key": key}
    )
    submit(client, post_page(client, first["Location"], BUSINESS["your-business"]))
    again = {**BUSINESS["about-you"], "mobile": "77999999", "start_key": key}
    response = client.post("/services/register-business/apply/", again)
    application = Application.objects.get()
    assert response["Location"] == f"/applications/{application.reference}/"
    assert application.answers["mobile"] == "17123456" and application.status == "approved"


def test_submit_takes_eighteen_statements_with_session_and_user_for_three_registrations(
    client, applicant, django_capture_on_commit_callbacks
):
    submit(client, fill_business(client))  # this year's number sequences exist now
    second = {**BUSINESS, "your-business": {**BUSINESS["your-business"], "business_name": "Two"}}
    check_url = fill_business(client, second)
    key = submission_key(client.get(check_url).text)
    with (
        CaptureQueriesContext(connection) as queries,
        django_capture_on_commit_callbacks(execute=True),
    ):
        response = client.post(check_url, {"declaration": "yes", "submission_key": key})
    assert response.status_code == 302
    assert Application.objects.filter(status="approved").count() == 2
    assert IssuedRegistration.objects.count() == 6
    # Its transaction's start and end included (a savepoint here, in the test's transaction),
    # the three reactions queued in it (telling the applicant, the certificates, the business
    # founded), and the audit
    # log's three (its head locked, the entries, the head moved on). The numbers of the three
    # registrations move in one statement.
    statements = [q["sql"] for q in queries]
    assert len(statements) == 18, "\n".join(sql[:150] for sql in statements)


def test_a_nul_byte_in_an_answer_is_refused_with_a_message_not_a_server_error(client, applicant):
    typed = {**BUSINESS["about-you"], "full_name": "Karma\x00Wangmo"}
    response = client.post("/services/register-business/apply/", typed)
    assert response.status_code == 200
    assert "must not contain control characters" in response.text
    assert 'href="#f-full_name"' in response.text


def test_a_file_fields_hint_says_in_a_sentence_which_files_it_takes(client, applicant):
    page = client.get(_drone_page(client)).text
    assert (
        '<div id="f-drone_photo-hint" class="govuk-hint">A photo that shows the whole drone. '
        "A JPG or PNG file, up to 5 MB.</div>"
    ) in page
    client.cookies["dzong_language"] = "dz"
    page = client.get(_drone_page(client)).text
    assert "ཌྲོན་ཧྲིལ་བུམ་མཐོང་ཚུགས་པའི་པར། JPG ཡང་ན་ PNG ཡིག་སྣོད་ ༥ MB ཚུན།" in page


def test_the_drone_permit_refuses_a_first_flying_day_in_the_past(client, applicant):
    drone = _drone_page(client)
    photo = SimpleUploadedFile("photo.png", PNG, content_type="image/png")
    data = {"make_model": "DJI", "weight_grams": "249", "purpose": "recreational"}
    flights = post_page(client, drone, {**data, "drone_photo": photo})
    answers = {"dzongkhag": "paro", **_days("last_flying_day", 2)}
    response = client.post(flights, {**answers, **_days("first_flying_day", -1)})
    assert response.status_code == 200
    assert "The first day of flying must be today or later." in response.text
    post_page(client, flights, {**answers, **_days("first_flying_day", 0)})
