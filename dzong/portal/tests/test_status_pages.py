"""The applicant's pages after submitting: the confirmation, the status page and the list."""

import datetime as dt
import re

import pytest
from django.test import Client
from django.utils import timezone

from dzong.accounts.models import User
from dzong.applications.models import Application
from dzong.audit.models import Entry
from dzong.catalogue.services import import_definition, publish_version
from dzong.certificates.services import issue_certificates
from dzong.engine.formatting import format_date
from dzong.engine.loader import dump_yaml
from dzong.engine.tests.support import demo_document
from dzong.office.tests.support import office_client
from dzong.portal.tests.journeys import fill_business, submit
from dzong.workflow.reminders import correction_deadline
from dzong.workflow.services import act_on_task
from dzong.workflow.tests.factories import staff, submitted

pytestmark = pytest.mark.django_db


@pytest.fixture
def applicant(client, demo):
    user = User.objects.create_user("karma@example.bt", None, full_name="Karma Wangmo")
    client.force_login(user)
    return user


def _sign_certificates(application: Application) -> None:
    issue_certificates(registrations=list(application.registrations.all()))


def test_the_confirmation_shows_the_certificates_by_itself_once_they_are_signed(client, applicant):
    confirmation = submit(client, fill_business(client))
    application = Application.objects.get()
    page = client.get(confirmation).text
    part_url = f"/applications/{application.reference}/certificates/"
    assert f'data-dzong-poll="{part_url}"' in page
    assert '<noscript><meta http-equiv="refresh" content="20"></noscript>' in page
    assert f'href="{confirmation}">Refresh this page</a>' in page
    waiting = client.get(part_url, headers={"accept": "application/json"}).json()
    assert waiting["pending"] is True and "Download" not in waiting["html"]

    _sign_certificates(application)
    ready = client.get(part_url).json()
    assert ready["pending"] is False
    assert "Download Business Licence (PDF, " in ready["html"] and " KB)" in ready["html"]
    assert "data-dzong-poll" not in ready["html"]
    page = client.get(confirmation).text
    assert "http-equiv" not in page and "data-dzong-poll" not in page


def test_the_certificates_part_is_for_the_applicant_alone(client, applicant):
    submit(client, fill_business(client))
    part_url = f"/applications/{Application.objects.get().reference}/certificates/"
    stranger = Client()
    assert stranger.get(part_url).status_code == 302  # to sign in
    stranger.force_login(User.objects.create_user("pema@example.bt", None))
    assert stranger.get(part_url).status_code == 404


def _officer_sends_back(application):
    task = application.tasks.get()
    act_on_task(
        task=task,
        version=task.version,
        staff=staff("aviation-officer", "caa"),
        action="send-back",
        reason="The photo does not show the whole drone.",
        fields=["drone_photo"],
    )


def test_the_status_page_puts_the_corrections_and_their_deadline_first(client, applicant):
    application = submitted("drone-permit", applicant, weight=900)
    _officer_sends_back(application)
    page = client.get(f"/applications/{application.reference}/").text
    deadline = correction_deadline(application.corrections.get().requested_at, set())
    assert f"Correct your application by {format_date(deadline, 'en')}." in page
    first = page.index('id="correction-deadline"')
    assert first < page.index("What happens next") < page.index('id="timeline"')
    assert page.index('id="timeline"') < page.index('id="answers"')


def test_each_document_and_certificate_shows_its_size(client, applicant):
    application = submitted("drone-permit", applicant, weight=900)
    page = client.get(f"/applications/{application.reference}/").text
    documents = page[page.index('id="documents"') :]
    documents = documents[: documents.index("</ul>")]
    for file in application.attachments.all():
        assert f'{file.name}</a> <span class="dzong-secondary">(1 KB)</span>' in documents


def test_who_looked_is_shown_per_visit(client, applicant):
    application = submitted("drone-permit", applicant, weight=900)
    officer = office_client(staff("aviation-officer", "caa"))
    screen = f"/office/applications/{application.reference}/"
    officer.get(screen)
    b"".join(officer.get(f"{screen}files/{application.attachments.first().pk}/").streaming_content)
    officer.get(screen)
    visits = _visits(client, application)
    assert visits == ["Civil Aviation Authority Aviation officer Your application and 1 document"]
    # A read long after the last one is another visit.
    logged = Entry.objects.filter(action="application.read")
    logged.update(recorded_at=timezone.now() - dt.timedelta(hours=2))
    officer.get(screen)
    assert len(_visits(client, application)) == 2
    # What the applicant is shown comes from the audit log: the reads table beside it can be
    # emptied, or given a read nobody made, without changing it.
    application.reads.all().delete()
    assert len(_visits(client, application)) == 2
    logged.delete()
    page = client.get(f"/applications/{application.reference}/").text
    assert "No member of staff has opened your application yet." in page


def _visits(client, application):
    page = client.get(f"/applications/{application.reference}/").text
    table = page[page.index('<tbody class="govuk-table__body">', page.index('id="reads"')) :]
    rows = re.findall(r"<tr.*?</tr>", table[: table.index("</tbody>")], re.S)
    cells = [re.findall(r"<td[^>]*>(.*?)</td>", row) for row in rows]
    return [" ".join(found[1:]) for found in cells]


def test_my_applications_marks_those_waiting_for_the_applicant(client, applicant):
    waiting = submitted("drone-permit", applicant, weight=900)
    _officer_sends_back(waiting)
    other = submitted("drone-permit", applicant, weight=900)
    page = client.get("/applications/").text
    assert "1 application needs something from you" in page
    marked = page.index(waiting.reference)
    assert marked < page.index(other.reference)
    assert page.index("Needs your corrections", marked) < page.index(other.reference)
    assert page.count("Needs your corrections") == 1
    client.cookies["dzong_language"] = "dz"
    assert "ཁྱོད་ཀྱི་ནོར་བཅོས་དགོ" in client.get("/applications/").text
    assert "ཚུན་ ནོར་བཅོས་འབད།" in client.get(f"/applications/{waiting.reference}/").text


def test_my_applications_marks_fees_still_to_pay_after_approval(client, applicant):
    document = demo_document("register-business")
    document["fees"] = [
        {
            "code": "licence-fee",
            "label": {"en": "Licence fee", "dz": "ཆོག་ཐམ་གླ་ཆ།"},
            "agency": "trade",
            "account": "DOT-LICENCES",
            "amount": 25000,
            "due": "after_approval",
        }
    ]
    publish_version(version=import_definition(text=dump_yaml(document)))
    submit(client, fill_business(client))
    page = client.get("/applications/").text
    assert "Fees to pay" in page and "1 application needs something from you" in page
    status = client.get(f"/applications/{Application.objects.get().reference}/").text
    assert status.index("is still to pay") < status.index("Your registrations")
